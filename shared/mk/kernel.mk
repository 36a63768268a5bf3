# The kernel: a static, higher-half ELF linked at -2 GiB (-mcmodel=kernel) by its own linker script.
KERNEL_CXXFLAGS := $(COMMON_CXXFLAGS) -mcmodel=kernel -fno-pic -fno-pie -fno-omit-frame-pointer \
  -fno-asynchronous-unwind-tables
KERNEL_LDSCRIPT := kernel/linker.ld
KERNEL_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -T $(KERNEL_LDSCRIPT)

# The lib/ domains the kernel links: not fs/ or input/ (user space only).
KERNEL_LIBS := core boot memory gfx ipc
KERNEL_LIB_DIRS := $(wildcard $(addprefix lib/,$(KERNEL_LIBS)))
KERNEL_SRCS := $(shell find kernel $(KERNEL_LIB_DIRS) -name '*.cpp' -o -name '*.S' 2>/dev/null \
  | sort) $(wildcard arch/x86_64/*.cpp arch/x86_64/*.S)
KERNEL_OBJS := $(patsubst %,$(BUILD)/kernel-obj/%.o,$(KERNEL_SRCS))
KERNEL_ELF := $(BUILD)/kernel.elf
# libgcc: the compiler's own helpers (e.g. popcount without the POPCNT instruction), freestanding.
LIBGCC := $(shell g++ -print-libgcc-file-name)

$(BUILD)/kernel-obj/%.cpp.o: %.cpp
	@mkdir -p $(dir $@)
	@echo "  KERNEL $<"
	$(Q)$(CXX) $(KERNEL_CXXFLAGS) -c $< -o $@

$(BUILD)/kernel-obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  KERNEL $<"
	$(Q)$(CXX) $(COMMON_ASFLAGS) -c $< -o $@

$(KERNEL_ELF): $(KERNEL_OBJS) $(KERNEL_LDSCRIPT)
	$(Q)$(LD) $(KERNEL_LDFLAGS) $(KERNEL_OBJS) $(LIBGCC) -o $@
