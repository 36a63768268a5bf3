"""Chapter 08: the kernel objects a file system and its drivers need: memory objects shared
between processes and over devices, resources, wide port I/O, MSI, wait sets, transaction ids."""
import re

from harness import NOTHING_LEAKED, RUN_END, scenario


def _outcomes(m, program, pairs, first_timeout=60):
    """Expects `program`'s lines "<what>: <error name>" in order."""
    for i, (what, error) in enumerate(pairs):
        m.expect(rf"^{program}\[\d+\]: {re.escape(what)}: {error}$", first_timeout if i == 0 else 30)


@scenario(since="08-filesystem")
def memory_object_shared_between_processes(t):
    """One process writes through its mapping of a memory object, another reads the same bytes
    through its own read-only mapping, and sees a later change too: the frames are shared. A
    read-only handle cannot be mapped writable."""
    m = t.boot(test="run", run="vmo_share")
    # The two run side by side: each one's lines are in order, not the two together.
    m.expect(r"^vmo_share\[\d+\]: wrote 8192 bytes; the peer \(pid \d+\) has a read-only handle$",
             60, source="vmo_share")
    m.expect(r"^vmo_peer\[\d+\]: writable mapping through the read-only handle: access denied$",
             30, source="vmo_peer")
    m.expect(r"^vmo_peer\[\d+\]: 2048 of 2048 words as written by the other process$", 30,
             source="vmo_peer")
    m.expect(r"^vmo_peer\[\d+\]: after its change the last word reads 0xc0ffee$", 30,
             source="vmo_peer")
    m.expect(r"^vmo_share\[\d+\]: the peer exited with code 0$", 30, source="vmo_share")
    m.expect(r"^run: vmo_share \(pid \d+\) exited with code 0$", 30)
    m.expect(RUN_END, 30)
    m.expect(NOTHING_LEAKED)
    m.expect_shutdown("pass")


@scenario(since="08-filesystem")
def write_through_read_only_mapping_faults(t):
    """A write through a read-only mapping of a memory object kills the writer with a page fault
    (exit code 128 + 14); the kernel and everything else go on."""
    m = t.boot(test="run", run="vmo_readonly_write")
    m.expect(r"^vmo_readonly_write\[\d+\]: writable mapping through a read-only handle: access denied$", 60)
    m.expect(r"^vmo_readonly_write\[\d+\]: read-only mapping reads 0; now writing to it$", 30)
    m.expect(r"^run: vmo_readonly_write \(pid \d+\) was killed by exception 14, exit code 142$", 30)
    if any("the write went through" in line for line in m.lines):
        m.fail(bad="the write through a read-only mapping went through", missing="a page fault")
    m.expect(NOTHING_LEAKED)
    m.expect_shutdown("pass")


@scenario(since="08-filesystem")
def memory_object_and_resource_rules(t):
    """Memory objects are data (Execute refused), a mapping outlives the handle, only vmo_unmap
    removes it; device memory objects never cover RAM and map uncached (the HPET's registers read
    right); a physical address needs the PhysicalAddress right; a DMA resource makes contiguous
    memory and nothing else; 4-byte port I/O reads the PCI host bridge's id; MSI needs the root
    resource; 1000 create/map/unmap/close cycles of 1 MiB leak nothing; 1 TiB is refused, and
    256 MiB (more than is free) fails with OutOfMemory, keeping nothing."""
    m = t.boot(test="run", run="vmo_rules")
    _outcomes(m, "vmo_rules", (("vmo_create of 3 pages less 100 bytes", "ok"),))
    m.expect(r"^vmo_rules\[\d+\]: its size: 12288 bytes$")
    _outcomes(m, "vmo_rules", (
        ("map it executable", "not permitted"),
        ("map past its end", "invalid argument"),
        ("its physical address", "access denied"),
        ("vmo_create of 1 TiB", "invalid argument"),
        ("vmo_create of 0 bytes", "invalid argument"),
        ("vmo_create of 256 MiB", "out of memory"),
        ("map its second page writable", "ok")))
    m.expect(r"^vmo_rules\[\d+\]: after closing the handle the mapping still reads 0x123456789abcdef0$")
    _outcomes(m, "vmo_rules", (
        ("unmap_memory over it", "not permitted"),
        ("vmo_unmap inside it, not at its start", "invalid argument"),
        ("vmo_unmap it", "ok"),
        ("vmo_unmap it again", "invalid argument"),
        ("vmo_create_physical over RAM at 1 MiB", "overlap"),
        ("vmo_create_physical unaligned", "invalid argument"),
        ("vmo_create_physical without a resource", "bad handle"),
        ("vmo_create_physical of the HPET's registers", "ok"),
        ("map them", "ok")))
    m.expect(r"^vmo_rules\[\d+\]: HPET vendor id 0x8086$")
    _outcomes(m, "vmo_rules", (
        ("their physical address", "ok"),
        ("resource_create_dma", "ok"),
        ("vmo_create_contiguous from the DMA resource", "ok"),
        ("its physical address", "ok"),
        ("its physical address through a handle without the right", "access denied"),
        ("vmo_create_physical from the DMA resource", "access denied"),
        ("ioports_create from the DMA resource", "access denied"),
        ("resource_create_dma from the DMA resource", "access denied"),
        ("ioports_create for 0xCF8..0xCFF", "ok"),
        ("port_out of 4 bytes", "ok"),
        ("port_in of 4 bytes", "ok")))
    m.expect(r"^vmo_rules\[\d+\]: PCI 00:00.0 vendor 0x8086 device 0x29c0$")
    _outcomes(m, "vmo_rules", (
        ("port_in of 4 bytes past the range's end", "access denied"),
        ("port_in of 3 bytes", "invalid argument"),
        ("port_out of a value too wide", "invalid argument"),
        ("interrupt_create_msi without a handle", "bad handle"),
        ("interrupt_create_msi from the DMA resource", "access denied"),
        ("interrupt_create_msi from the root resource", "ok")))
    m.expect(r"^vmo_rules\[\d+\]: MSI address 0xfee00000 data (4[0-6])$")
    m.expect(r"^vmo_rules\[\d+\]: 1000 create/map/unmap/close cycles of 1 MiB: done$", 120)
    m.expect(r"^vmo_rules\[\d+\]: 0 unexpected outcomes$")
    m.expect(r"^run: vmo_rules \(pid \d+\) exited with code 0$", 30)
    m.expect(NOTHING_LEAKED)
    m.expect_shutdown("pass")


@scenario(since="08-filesystem")
def wait_set_over_three_channels(t):
    """A wait set reports the key of the member with a message, round robin among ready ones,
    a closed peer, and TimedOut when nothing comes; removing a member or closing its handle takes
    it out; an empty set is NotFound; an endpoint joins one set once. A waiter blocked in the set
    wakes when another process writes to a member, and when that process exits."""
    m = t.boot(test="run", run="waitset_test")
    for line in ("wait on the empty set: not found",
                 "add a member twice: already exists",
                 "wait 50 ms with nothing queued: timed out",
                 "a message on channel 1: key 11",
                 "all ready, first turn: key 12",
                 "all ready, second turn: key 10",
                 "all ready, third turn: key 11",
                 "all ready, fourth turn (nothing read yet): key 12",
                 "all read: timed out",
                 "channel 2's peer closed: key 12",
                 "reading it: peer closed",
                 "after closing member 10, a message on 11: key 11",
                 "every member gone: not found",
                 "blocked until another process wrote: key 77",
                 "blocked until that process exited: key 77",
                 "0 unexpected outcomes"):
        m.expect(rf"^waitset_test\[\d+\]: {re.escape(line)}$", 60)
    m.expect(r"^run: waitset_test \(pid \d+\) exited with code 0$", 30)
    m.expect(NOTHING_LEAKED)
    m.expect_shutdown("pass")


@scenario(since="08-filesystem")
def transaction_ids_match_replies(t):
    """Three requests with ids 1, 2, 3 answered 3, 1, 2 are each matched by id; a channel_call
    made while another reply is queued ahead of its own gets its own (a kernel-chosen id, high
    bit set) and leaves the other queued."""
    m = t.boot(test="run", run="txn_client")
    for i, (id_, answer) in enumerate(((3, 3000), (1, 1000), (2, 2000)), start=1):
        m.expect(rf"^txn_client\[\d+\]: reply {i} carries id {id_}, answer {answer}: matches its request$", 60)
    m.expect(r"^txn_client\[\d+\]: channel_call got answer 5000 with a kernel id \(high bit 1\): its own reply$", 30)
    m.expect(r"^txn_client\[\d+\]: the reply queued before it still waits: id 4, answer 4000$", 30)
    m.expect(r"^run: txn_client \(pid \d+\) exited with code 0$", 30)
    m.expect(NOTHING_LEAKED)
    m.expect_shutdown("pass")
