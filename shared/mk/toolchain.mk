# Quiet by default: one line per file. `make V=1` shows every command.
Q := $(if $(V),,@)

# Compilers and flags. Everything is g++ 12 and GNU binutils from Debian.
CXX := g++
LD := ld
OBJCOPY := objcopy

# Shared by the loader and the kernel: freestanding C++20, no exceptions, no RTTI, every warning an error.
# -mgeneral-regs-only: no SSE in our code, so the kernel never has to save FPU state behind our back.
COMMON_CXXFLAGS := -std=c++20 -ffreestanding -fno-exceptions -fno-rtti -fno-stack-protector \
  -fno-threadsafe-statics -fno-use-cxa-atexit -mno-red-zone -mgeneral-regs-only \
  -Wall -Wextra -Werror -O2 -g -MMD -MP -I.
COMMON_ASFLAGS := -g -MMD -MP -I.
