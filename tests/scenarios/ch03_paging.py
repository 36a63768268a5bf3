"""Chapter 03: frames, the kernel's own page tables, the heap, and page-fault reports."""
from harness import scenario


@scenario(since="03-paging")
def memory_figures_follow_qemu(t):
    """Free plus reclaimable memory is 85-100% of QEMU's -m, at two sizes: the figures are measured,
    not assumed (the rest is firmware, the kernel and boot data)."""
    for mib in (256, 1024):
        m = t.boot(f"m{mib}", test="boot", memory_mib=mib)
        frames = m.expect(r"^frames: (\d+) free \((\d+) MiB\), (\d+) in use, bitmap of (\d+) KiB at 0x[0-9a-f]+$", 60)
        memory = m.expect(r"^memory: (\d+) MiB free now, (\d+) MiB reclaimable later, (\d+) KiB kernel and boot data$")
        free_mib, reclaimable = int(frames.group(2)), int(memory.group(2))
        if not 0.85 * mib <= free_mib + reclaimable <= mib:
            m.fail(bad=f"{free_mib} MiB free + {reclaimable} MiB reclaimable with -m {mib}",
                   missing=f"between {0.85 * mib:.0f} and {mib} MiB")
        # Two bits per frame over all usable memory: the bitmap grows with the machine.
        if not int(frames.group(4)) * 1024 * 8 // 2 >= int(frames.group(1)):
            m.fail(bad=f"a {frames.group(4)} KiB bitmap cannot track {frames.group(1)} frames")
        m.expect_shutdown("pass")


@scenario(since="03-paging", capture={"boot.log": "03-paging-boot.log"})
def own_page_tables_and_heap(t):
    """The kernel switches to its own W^X page tables and the heap passes its self-test."""
    m = t.boot(test="boot")
    m.expect(r"^paging: own page tables at 0x[0-9a-f]+: text r-x, rodata r--, data rw-, stack rw- over a guard page, "
             r"\d+ MiB direct map, no identity map$", 60)
    m.expect(r"^heap: self-test passed: \d+ allocations of 1\.\.3000 bytes, grew to \d+ pages \(\d+ frames\), "
             r"all freed, consistent$")
    m.expect_shutdown("pass")


def _expect_page_fault(t, test, announce, fault):
    m = t.boot(test=test, allow_fatal=True)
    m.expect(rf"^test: {announce}", 60)
    m.expect(rf"^PAGE FAULT: {fault}, rip 0x[0-9a-f]+$")
    m.expect(r"^EXCEPTION: #PF page fault \(vector 14\), error code 0x[0-9a-f]+$")
    m.expect(r"^PANIC: unhandled page fault in the kernel$")
    m.expect_shutdown("fail")


@scenario(since="03-paging", capture={"boot.log": "03-paging-write-rodata.log"})
def write_to_rodata_faults(t):
    """W^X for data: writing to the kernel's read-only data is a protection-violation page fault."""
    _expect_page_fault(t, "write-rodata", "writing to read-only kernel data",
                       r"kernel write at 0xffffffff8[0-9a-f]+: protection violation \(the page is present\)")


@scenario(since="03-paging")
def null_read_faults(t):
    """With the identity map gone, a null-pointer read is a not-present page fault at its address."""
    _expect_page_fault(t, "read-unmapped", r"reading through a null pointer",
                       r"kernel read at 0x8: the page is not present")


@scenario(since="03-paging")
def executing_data_faults(t):
    """W^X for code: jumping into writable data is an instruction-fetch page fault (the NX bit)."""
    _expect_page_fault(t, "execute-data", "calling code in the data segment",
                       r"kernel instruction fetch at 0xffffffff8[0-9a-f]+: protection violation \(the page is present\)")
