# Quiet by default: one line per file. `make V=1` shows every command.
Q := $(if $(V),,@)

# Compilers and flags. Everything is g++ 12 and GNU binutils from Debian; compiles go through
# the repository's compile cache when ccache is installed (ccache.mk).
include $(SHARED)/mk/ccache.mk
CXX := $(if $(CCACHE),ccache )g++
LD := ld
OBJCOPY := objcopy

# The debug info names the tree's directory "." (GDB runs in the tree), not its absolute path:
# an object is then the same in every tree that has the same source, and the cache can share it.
DEBUG_PREFIX_MAP := -fdebug-prefix-map=$(CURDIR)=.

# Shared by the loader and the kernel: freestanding C++20, no exceptions, no RTTI, every warning an
# error. -mgeneral-regs-only: no SSE/x87 in our code. The kernel can then enter and leave interrupts
# and system calls without saving those registers: they keep ring 3's values until context_switch.S
# saves them per task.
# (User programs may use SSE; ours are built the same way, except fpu_check's assembly.)
COMMON_CXXFLAGS := -std=c++20 -ffreestanding -fno-exceptions -fno-rtti -fno-stack-protector \
  -fno-threadsafe-statics -fno-use-cxa-atexit -mno-red-zone -mgeneral-regs-only \
  -Wall -Wextra -Werror -O2 -g -MMD -MP -I. $(DEBUG_PREFIX_MAP)
COMMON_ASFLAGS := -g -MMD -MP -I. $(DEBUG_PREFIX_MAP)
