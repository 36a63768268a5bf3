# The EFI system partition, as a directory QEMU serves as a FAT drive (-drive file=fat:rw:DIR).
# The firmware starts \EFI\BOOT\BOOTX64.EFI; the loader reads \boot.cfg and (from chapter 01)
# \kernel.elf.
# From chapter 05 the user programs travel too, packed into \bootimage.tar.
ESP := $(BUILD)/esp
ESP_STAMP := $(BUILD)/esp.stamp
ESP_FILES := $(LOADER_EFI) boot.cfg $(KERNEL_ELF) $(BOOT_IMAGE)

$(ESP_STAMP): $(ESP_FILES)
	@mkdir -p $(ESP)/EFI/BOOT
	@echo "  ESP    $(ESP)"
	$(Q)cp $(LOADER_EFI) $(ESP)/EFI/BOOT/BOOTX64.EFI
	$(Q)cp boot.cfg $(ESP)/boot.cfg
	$(Q)$(if $(KERNEL_ELF),cp $(KERNEL_ELF) $(ESP)/kernel.elf)
	$(Q)$(if $(BOOT_IMAGE),cp $(BOOT_IMAGE) $(ESP)/bootimage.tar)
	@touch $@

.PHONY: esp
esp: $(ESP_STAMP)
