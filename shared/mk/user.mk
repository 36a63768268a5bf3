# User programs (from chapter 05): ring-3 ELF executables packed into the boot image.
#   user/runtime/    crt0, syscall wrappers, print, heap: linked into every program
#   user/servers/    servers (init, ramfs), user/drivers/ drivers (kbd), user/apps/ programs
#   user/tests/      test programs. In each of the four, a program is one .cpp (hello.cpp is
#                    the program "hello") or a folder of .cpp/.S files (servers/ramfs/ is "ramfs")
#   user/files/      data files that travel in the boot image (chapter 07's RAMFS), their chapter
#                    markers stripped (shared/snapshot/generate.py --strip): programs never read one
#   user/user.ld     where programs live: from 4 MiB up, one segment per permission (W^X)
# The runtime and the lib/ domains of USER_LIBS are compiled once more for user space (ordinary
# small code model) into an archive, so each program links only the members it uses. User
# programs include abi/, lib/ and user/ headers, never kernel/ (tests/snapshot/test_layers.py).
USER_CXXFLAGS := $(COMMON_CXXFLAGS) -mcmodel=small -fno-pic -fno-pie -fno-omit-frame-pointer \
  -fno-asynchronous-unwind-tables
USER_LDSCRIPT := user/user.ld
USER_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -T $(USER_LDSCRIPT)

# The lib/ domains user programs use (not boot/: the loader's and the kernel's). gfx/ is the
# loader's and the kernel's too until chapter 10, where (with ui/) the compositor and its clients
# draw in user space.
USER_LIBS := core memory ipc fs input pci virtio net term shell $(if $(wildcard lib/ui),gfx ui)
USER_LIB_DIRS := $(wildcard $(addprefix lib/,$(USER_LIBS)))
USER_RUNTIME_SRCS := $(shell find user/runtime $(USER_LIB_DIRS) -name '*.cpp' -o -name '*.S' \
  2>/dev/null | sort)
# memcpy, memmove, memset: arch/x86_64/string.S uses no privileged instruction: it serves here too.
USER_RUNTIME_SRCS += $(wildcard arch/x86_64/string.S)
USER_RUNTIME_OBJS := $(patsubst %,$(BUILD)/user-obj/%.o,$(USER_RUNTIME_SRCS))
USER_RUNTIME := $(BUILD)/user/libruntime.a
# Programs: a .cpp file or a folder in one of these; the program's name is the file's or folder's.
USER_PROGRAM_KINDS := user/servers user/drivers user/apps user/tests
USER_PROGRAM_FILES := $(wildcard $(addsuffix /*.cpp,$(USER_PROGRAM_KINDS)))
USER_PROGRAM_FOLDERS := $(patsubst %/,%,$(wildcard $(addsuffix /*/,$(USER_PROGRAM_KINDS))))
USER_PROGRAM_NAMES := $(basename $(notdir $(USER_PROGRAM_FILES))) $(notdir $(USER_PROGRAM_FOLDERS))
# Every program lands in the boot image under its bare name, so two of one name are an error.
USER_PROGRAM_CLASHES := $(sort $(foreach n,$(USER_PROGRAM_NAMES),\
  $(if $(word 2,$(filter $(n),$(USER_PROGRAM_NAMES))),$(n))))
$(if $(USER_PROGRAM_CLASHES),$(error two user programs with one name: $(USER_PROGRAM_CLASHES)))
USER_PROGRAMS := $(addprefix $(BUILD)/user/,$(USER_PROGRAM_NAMES))
USER_FILES := $(wildcard user/files/*)
USER_DATA := $(patsubst user/files/%,$(BUILD)/user-files/%,$(USER_FILES))
SNAPSHOT_TOOL := $(SHARED)/snapshot/generate.py
USER_PROGRAM_SRCS := $(USER_PROGRAM_FILES) \
  $(foreach d,$(USER_PROGRAM_FOLDERS),$(wildcard $(d)/*.cpp $(d)/*.S))
USER_PROGRAM_OBJS := $(patsubst %,$(BUILD)/user-obj/%.o,$(USER_PROGRAM_SRCS))
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

# One link rule per program: $(1) its name, $(2) its objects. crt0 comes first so that _start is
# the entry; the archive after the program's objects resolves the rest.
define user_program
$(BUILD)/user/$(1): $(2) $(USER_RUNTIME) $(USER_LDSCRIPT)
	@echo "  PROG   $(1)"
	$$(Q)$$(LD) $$(USER_LDFLAGS) $$(BUILD)/user-obj/user/runtime/crt0.S.o $(2) \
	  $$(USER_RUNTIME) $$(LIBGCC) -o $$@
endef
user_objs = $(patsubst %,$(BUILD)/user-obj/%.o,$(1))
$(foreach f,$(USER_PROGRAM_FILES),\
  $(eval $(call user_program,$(basename $(notdir $(f))),$(call user_objs,$(f)))))
$(foreach d,$(USER_PROGRAM_FOLDERS),$(eval $(call user_program,$(notdir $(d)),\
  $(call user_objs,$(sort $(wildcard $(d)/*.cpp $(d)/*.S))))))

# A data file as programs see it: final/'s chapter markers removed (a snapshot's files have none).
$(BUILD)/user-files/%: user/files/% $(SNAPSHOT_TOOL)
	@mkdir -p $(dir $@)
	$(Q)python3 $(SNAPSHOT_TOOL) --strip $< > $@.tmp && mv $@.tmp $@

# A program as the boot image holds it: without its debug sections, which only GDB reads (from
# build/user/, see `make debug`). With some 80 programs, debug information would triple the
# image, and the image sits in RAM from boot on.
USER_IMAGE_PROGRAMS := $(addprefix $(BUILD)/user-image/,$(USER_PROGRAM_NAMES))
$(BUILD)/user-image/%: $(BUILD)/user/%
	@mkdir -p $(dir $@)
	$(Q)$(OBJCOPY) --strip-debug $< $@

# The boot image: a ustar archive, flat names, reproducible (no owners, no dates).
$(BOOT_IMAGE): $(USER_IMAGE_PROGRAMS) $(USER_DATA)
	@echo "  IMAGE  $@"
	$(Q)tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime=@0 -cf $@ \
	  -C $(BUILD)/user-image $(notdir $(USER_PROGRAMS)) \
	  $(if $(USER_DATA),-C $(CURDIR)/$(BUILD)/user-files $(notdir $(USER_DATA)))
