# The UEFI boot loader: a PE32+ EFI application built with GNU-EFI.
# Compiled as position-independent ELF, linked against GNU-EFI's crt0 and libraries, then turned
# into PE32+ by objcopy. The GNU-EFI headers are C: loader code includes them inside extern "C".
# GNU_EFI_USE_MS_ABI marks firmware functions __attribute__((ms_abi)), so C++ calls them directly.
EFI_INC := /usr/include/efi
EFI_LIB := /usr/lib
LOADER_CXXFLAGS := $(COMMON_CXXFLAGS) -fpic -fshort-wchar -maccumulate-outgoing-args \
  -DGNU_EFI_USE_MS_ABI -isystem $(EFI_INC) -isystem $(EFI_INC)/x86_64
LOADER_LDFLAGS := -nostdlib -shared -Bsymbolic -T $(EFI_LIB)/elf_x86_64_efi.lds

# The loader uses the lib/ domains it needs and the CPU helpers, but nothing of the kernel. Not
# arch/x86_64/string.S: GNU-EFI's libefi brings its own memcpy and memset.
LOADER_LIBS := core boot gfx
LOADER_LIB_DIRS := $(wildcard $(addprefix lib/,$(LOADER_LIBS)))
LOADER_SRCS := $(shell find loader $(LOADER_LIB_DIRS) -name '*.cpp' -o -name '*.S' 2>/dev/null \
  | sort) $(filter-out arch/x86_64/string.S,$(wildcard arch/x86_64/*.cpp arch/x86_64/*.S))
LOADER_OBJS := $(patsubst %,$(BUILD)/loader-obj/%.o,$(LOADER_SRCS))
LOADER_SO := $(BUILD)/loader.so
LOADER_EFI := $(BUILD)/BOOTX64.EFI

$(BUILD)/loader-obj/%.cpp.o: %.cpp
	@mkdir -p $(dir $@)
	@echo "  LOADER $<"
	$(Q)$(CXX) $(LOADER_CXXFLAGS) -c $< -o $@

$(BUILD)/loader-obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  LOADER $<"
	$(Q)$(CXX) $(COMMON_ASFLAGS) -fpic -c $< -o $@

# A shared object links with undefined symbols, and the firmware would jump to nowhere when one is
# called: refuse them here (say, a memmove the compiler called that nothing defines).
$(LOADER_SO): $(LOADER_OBJS)
	$(Q)$(LD) $(LOADER_LDFLAGS) $(EFI_LIB)/crt0-efi-x86_64.o $^ -o $@.tmp \
	  -L$(EFI_LIB) -lgnuefi -lefi
	$(Q)undefined=$$(nm -u $@.tmp); if [ -n "$$undefined" ]; then \
	  echo "loader: undefined symbols: $$undefined" >&2; rm -f $@.tmp; exit 1; fi
	$(Q)mv $@.tmp $@

# Keep only the sections a PE image needs; subsystem 10 = EFI application.
$(LOADER_EFI): $(LOADER_SO)
	$(Q)$(OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela \
	  -j .rel.* -j .rela.* -j .reloc --target efi-app-x86_64 --subsystem=10 $< $@
