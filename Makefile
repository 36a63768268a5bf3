# RustOsLinux course: the top-level targets. Each one installs the Debian packages it needs first.
#   make run        boot the complete OS (final/) in QEMU; HEADLESS=1 for serial only
#   make debug      boot final/ halted, with GDB attached at the kernel entry
#                   (both: QEMU_LOG=1 makes QEMU trace interrupts, CPU resets and guest errors to
#                   final/build/qemu.log; the same works in every chapter-NN-name/ tree)
#   make test       every test: snapshots, host unit tests, QEMU scenarios of every chapter, the book
#   make chapters   regenerate every chapter-*/ snapshot from final/
#   make book       render the book to book/_build/html (on one page: book/_build/html/singlehtml)
#   make bench      this OS beside Debian's Linux in the same QEMU machine: system call, IPC round
#                   trip, yield, boot time (tests/bench.py; --capture writes book/captures/bench.txt)
#   make fuzz       fuzz every on-disk (later on-wire) parser with libFuzzer for FUZZ_SECONDS each
#                   (default 60); `make test` replays the committed corpus (tests/fuzz/)
#   make powercut   kill QEMU 100 times while a program writes to cjfs; every boot verifies
#   make clean      remove every build directory and the compile cache the trees share (build/)
.PHONY: run debug test chapters book bench fuzz powercut clean
export HEADLESS QEMU_LOG

run:
	@shared/deps/install run
	$(MAKE) -C final run

debug:
	@shared/deps/install run
	$(MAKE) -C final debug

test:
	@shared/deps/install test
	python3 tests/run.py

chapters:
	python3 shared/snapshot/generate.py

fuzz:
	@shared/deps/install fuzz
	$(MAKE) -C tests/fuzz fuzz

bench:
	@shared/deps/install bench
	$(MAKE) -C final all
	python3 tests/bench.py

book:
	@shared/deps/install book
	$(MAKE) -C book html

powercut:
	@shared/deps/install test
	POWER_CUTS=100 python3 tests/run.py --target final -k power_cut

clean:
	rm -rf build final/build chapter-*/build tests/build book/_build

# Refresh the book's transcripts and screenshots (book/captures/) from real QEMU runs.
.PHONY: captures
captures:
	@shared/deps/install run
	$(MAKE) -C chapter-00-setup all
	$(MAKE) -C chapter-01-uefi all
	python3 tests/run.py --capture
