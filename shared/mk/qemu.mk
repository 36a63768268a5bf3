# Booting the tree: every QEMU option lives in shared/qemu/launch.py, shared with the test harness.
# QEMU_LOG=1: QEMU traces interrupts, CPU resets and guest errors to $(BUILD)/qemu.log.
LAUNCH := python3 $(SHARED)/qemu/launch.py --build $(BUILD) $(if $(HEADLESS),--headless) \
          $(if $(QEMU_LOG),--qemu-log)

.PHONY: run debug
run: deps all
	$(LAUNCH)

debug: deps all
	$(LAUNCH) --debug
