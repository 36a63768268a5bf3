# The disks (from chapter 08 on, in trees with a disk/ folder): two raw images that QEMU
# attaches as virtio-blk disks (shared/qemu/launch.py).
#   build/fat.img   a FAT16 file system made with mkfs.fat, holding disk/fat/'s files (their
#                   chapter markers stripped), subdirectories included, copied in with mtools
#   build/data.img  the journaling file system's disk, formatted by host.mk's mkfs_cjfs in trees
#                   with host/ (an empty DATA_IMAGE_MIB file otherwise)
# `make run` keeps using the same images, so what the OS writes survives to the next run;
# `make disks-clean` starts over. The tests boot copies.
ifneq ($(wildcard disk),)
FAT_IMAGE := $(BUILD)/fat.img
# The same file as host.mk's DATA_IMG, whose rule (mkfs_cjfs) wins when host.mk is included.
DATA_IMAGE := $(BUILD)/data.img
DISK_IMAGES := $(FAT_IMAGE) $(DATA_IMAGE)
FAT_IMAGE_KIB := 16384
DATA_IMAGE_MIB := 16
FAT_FILES := $(shell find disk/fat -type f 2>/dev/null | sort | sed "s/ /\\\\ /g")
DATA_DISK_RULE = truncate -s $(DATA_IMAGE_MIB)M $@.tmp && mv $@.tmp $@

# File names may hold spaces (long file names are the point): the loop reads them line by line.
$(FAT_IMAGE): $(FAT_FILES) $(SNAPSHOT_TOOL) $(SHARED)/mk/disks.mk
	@mkdir -p $(dir $@)
	@echo "  DISK   $@"
	$(Q)rm -f $@.tmp && mkfs.fat -C -F 16 -n RUSTOSLINUX -i 52554F53 $@.tmp \
	  $(FAT_IMAGE_KIB) >/dev/null
	$(Q)cd disk/fat && find . -mindepth 1 -type d | sort | sed 's|^\./||' | \
	  while IFS= read -r d; do mmd -i ../../$@.tmp "::/$$d" || exit 1; done
	$(Q)cd disk/fat && find . -type f | sort | sed 's|^\./||' | while IFS= read -r f; do \
	  python3 ../../$(SNAPSHOT_TOOL) --strip "$$f" > ../../$@.file && \
	  mcopy -i ../../$@.tmp ../../$@.file "::/$$f" || exit 1; done
	$(Q)rm -f $@.file && mv $@.tmp $@

ifeq ($(DATA_IMG),)
$(DATA_IMAGE):
	@mkdir -p $(dir $@)
	@echo "  DISK   $@"
	$(Q)$(DATA_DISK_RULE)
endif

.PHONY: disks disks-clean
disks: $(DISK_IMAGES)
disks-clean:
	rm -f $(DISK_IMAGES)
endif
