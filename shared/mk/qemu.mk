# Booting the tree: every QEMU option lives in shared/qemu/launch.py, shared with the test harness.
LAUNCH := python3 $(SHARED)/qemu/launch.py --build $(BUILD) $(if $(HEADLESS),--headless)

.PHONY: run debug
run: deps all
	$(LAUNCH)

debug: deps all
	$(LAUNCH) --debug
