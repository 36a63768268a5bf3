# User programs (from chapter 05): ring-3 ELF executables packed into the boot image.
#   user/runtime/    crt0, syscall wrappers, string functions, print: linked into every program
#   user/programs/   one .cpp per program; user/programs/hello.cpp becomes the program "hello"
#   user/files/      data files that travel in the boot image (chapter 07's RAMFS), their chapter
#                    markers stripped (shared/snapshot/generate.py --strip): programs never read one
#   user/user.ld     where programs live: from 4 MiB up, one segment per permission (W^X)
# The runtime and lib/ are compiled once more for user space (ordinary small code model, no
# kernel-only code) into an archive, so each program links only the members it uses.
USER_CXXFLAGS := $(COMMON_CXXFLAGS) -mcmodel=small -fno-pic -fno-pie -fno-omit-frame-pointer \
  -fno-asynchronous-unwind-tables
USER_LDSCRIPT := user/user.ld
USER_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -T $(USER_LDSCRIPT)

USER_RUNTIME_SRCS := $(shell find user/runtime lib -name '*.cpp' -o -name '*.S' 2>/dev/null | sort)
# memcpy, memmove, memset: the kernel's assembly versions use no privileged instruction, so they serve here too.
USER_RUNTIME_SRCS += kernel/arch/x86_64/string.S
USER_RUNTIME_OBJS := $(patsubst %,$(BUILD)/user-obj/%.o,$(USER_RUNTIME_SRCS))
USER_RUNTIME := $(BUILD)/user/libruntime.a
USER_PROGRAMS := $(patsubst user/programs/%.cpp,$(BUILD)/user/%,$(wildcard user/programs/*.cpp))
USER_FILES := $(wildcard user/files/*)
USER_DATA := $(patsubst user/files/%,$(BUILD)/user-files/%,$(USER_FILES))
SNAPSHOT_TOOL := $(SHARED)/snapshot/generate.py
USER_PROGRAM_OBJS := $(patsubst %,$(BUILD)/user-obj/%.o,$(wildcard user/programs/*.cpp))
BOOT_IMAGE := $(BUILD)/bootimage.tar
# Keep the programs' objects (make would delete them as intermediate files).
.SECONDARY: $(USER_PROGRAM_OBJS)

$(BUILD)/user-obj/%.cpp.o: %.cpp
	@mkdir -p $(dir $@)
	@echo "  USER   $<"
	$(Q)$(CXX) $(USER_CXXFLAGS) -c $< -o $@

$(BUILD)/user-obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  USER   $<"
	$(Q)$(CXX) $(COMMON_ASFLAGS) -c $< -o $@

$(USER_RUNTIME): $(USER_RUNTIME_OBJS)
	@mkdir -p $(dir $@)
	$(Q)rm -f $@ && ar rcs $@ $^

# crt0 comes first so that _start is the entry; the archive after the program resolves the rest.
$(BUILD)/user/%: $(BUILD)/user-obj/user/programs/%.cpp.o $(USER_RUNTIME) $(USER_LDSCRIPT)
	@echo "  PROG   $(notdir $@)"
	$(Q)$(LD) $(USER_LDFLAGS) $(BUILD)/user-obj/user/runtime/crt0.S.o $< $(USER_RUNTIME) $(LIBGCC) -o $@

# A data file as programs see it: final/'s chapter markers removed (a snapshot's files have none).
$(BUILD)/user-files/%: user/files/% $(SNAPSHOT_TOOL)
	@mkdir -p $(dir $@)
	$(Q)python3 $(SNAPSHOT_TOOL) --strip $< > $@.tmp && mv $@.tmp $@

# The boot image: a ustar archive, flat names, reproducible (no owners, no dates).
$(BOOT_IMAGE): $(USER_PROGRAMS) $(USER_DATA)
	@echo "  IMAGE  $@"
	$(Q)tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime=@0 -cf $@ \
	  -C $(BUILD)/user $(notdir $(USER_PROGRAMS)) $(if $(USER_DATA),-C $(CURDIR)/$(BUILD)/user-files $(notdir $(USER_DATA)))
