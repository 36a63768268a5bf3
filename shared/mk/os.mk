# The build of one OS tree: final/ or a chapter snapshot. Its Makefile sets TOP (the repository)
# and includes this file. What gets built follows from what the tree holds:
#   loader/            the UEFI boot loader (BOOTX64.EFI), with its lib/ domains and arch/x86_64/
#   kernel/            the higher-half kernel ELF (from chapter 01 on), with its lib/ domains
#                      and arch/x86_64/
#   user/              user programs in a boot image, bootimage.tar (from chapter 05 on)
#   abi/               the user/kernel contract, headers only, included by both sides
# Targets: all (default), run, debug, test, esp, clean. HEADLESS=1 runs without a window.
TOP ?= ..
BUILD := build
SHARED := $(TOP)/shared
.DEFAULT_GOAL := all

include $(SHARED)/mk/toolchain.mk
include $(SHARED)/mk/loader.mk
ifneq ($(wildcard kernel),)
include $(SHARED)/mk/kernel.mk
endif
ifneq ($(wildcard user),)
include $(SHARED)/mk/user.mk
endif
include $(SHARED)/mk/esp.mk
# { 08-filesystem: host tools (mkfs_cjfs, fsck_cjfs) and the data disk they format, in trees
#   that have host/
ifneq ($(wildcard host),)
include $(SHARED)/mk/host.mk
endif
# }
include $(SHARED)/mk/disks.mk
include $(SHARED)/mk/qemu.mk

.PHONY: all deps clean test
all: $(ESP_STAMP) $(DISK_IMAGES)

deps:
	@$(SHARED)/deps/install run

# The scenario tests that apply to this tree (its own chapter's and every earlier one's).
test: deps all
	python3 $(TOP)/tests/run.py --target $(notdir $(CURDIR))

clean:
	rm -rf $(BUILD)

# Header dependencies, written by -MMD.
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
