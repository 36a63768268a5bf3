"""Chapter 08: PCI enumeration, the device manager, the virtio-blk driver, both disks."""
import re

from harness import scenario

BLOCK = 512
# disk_check writes raw blocks: only a test run gives it the disks (in place of the file servers).
DISK_CHECK = {"init.disk_client": "disk_check"}


def fnv1a(data: bytes) -> int:
    """The checksum disk_check logs (32-bit FNV-1a)."""
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def fill_block(block: int) -> bytes:
    """What disk_check writes to `block` of the data disk (its fill_block)."""
    text = f"disk_check block {block % 1000:03d}\n".encode()
    return bytes(text[i] if i < len(text) else (i * 7 + block) & 0xFF for i in range(BLOCK))


@scenario(since="08-filesystem")
def devices_and_disks(t):
    """One boot with two virtio-blk disks. The device manager scans PCI and logs every function,
    finds both disks (modern virtio, MSI-X) and starts a driver for each; disk_check reads the
    FAT disk's first 64 KiB (once as one request, once as four in flight) and the test compares
    the boot sector's OEM name, its signature and a checksum with the image on the host; it
    writes blocks on the data disk (one, then four in flight) with a flush and reads them back,
    and after QEMU has exited the host finds those bytes in the data disk's image file."""
    m = t.boot(**DISK_CHECK)
    fat = m.disks["fat.img"].read_bytes()[:64 * 1024]
    m.expect(r"^devmgr\[\d+\]: scanning PCI buses 0-255 through ports 0xCF8/0xCFC$", 60,
             source="devmgr")
    m.expect(r"^devmgr\[\d+\]: 00:00\.0 8086:29c0 bridge$", source="devmgr")  # q35 host bridge
    for slot in (4, 5):
        m.expect(rf"^devmgr\[\d+\]: 00:0{slot}\.0 1af4:1042 virtio block$", source="devmgr")
        m.expect(rf"^devmgr\[\d+\]: 00:0{slot}\.0: virtio registers in BAR4 at 0x[0-9a-f]+ "
                 rf"\(16 KiB\), MSI-X table in BAR1$", source="devmgr")
        m.expect(rf"^devmgr\[\d+\]: disk {slot - 4}: started virtio_blk as pid \d+ for "
                 rf"00:0{slot}\.0 \(MSI vector \d+\)$", source="devmgr")
    m.expect(r"^devmgr\[\d+\]: \d+ PCI functions, 2 disks with a driver$", 60, source="devmgr")
    sizes = {0: m.disks["fat.img"].stat().st_size, 1: m.disks["data.img"].stat().st_size}
    m.expect_all([rf"^virtio_blk\[\d+\]: disk {d} at 00:0{d + 4}\.0: {sizes[d] // BLOCK} "
                  rf"blocks of 512 bytes \({sizes[d] >> 20} MiB\), queue of \d+, 16 requests in flight, "
                  rf"flush .*$" for d in (0, 1)], 60)
    m.expect(rf"^disk_check\[\d+\]: fat disk: {sizes[0] // BLOCK} blocks of 512 bytes, 64 KiB "
             r"buffer, 16 requests in flight, flush (yes|no)$", 60, source="disk_check")
    oem = fat[3:11].decode("ascii")
    m.expect(rf'^disk_check\[\d+\]: fat disk: block 0 OEM name "{re.escape(oem)}", signature 55aa$',
             source="disk_check")
    checksum = f"{fnv1a(fat):08x}"
    m.expect(rf"^disk_check\[\d+\]: fat disk: first 64 KiB checksum {checksum}$", source="disk_check")
    m.expect(rf"^disk_check\[\d+\]: fat disk: 4 reads in flight, checksum {checksum}$",
             source="disk_check")
    m.expect(r"^disk_check\[\d+\]: fat disk: reading past the end: invalid argument$",
             source="disk_check")
    m.expect(r"^disk_check\[\d+\]: data disk: wrote block 100, flushed, read back: same bytes$",
             30, source="disk_check")
    m.expect(r"^disk_check\[\d+\]: data disk: wrote blocks 200-203 with 4 in flight, flushed, "
             r"read back: same bytes$", 30, source="disk_check")
    m.expect(r"^disk_check\[\d+\]: data disk: reading block 300: ok$", source="disk_check")
    m.expect(r"^disk_check\[\d+\]: all disk checks passed$", source="disk_check")
    m.expect(r"^init\[1\]: disk_check \(pid \d+\) exited with code 0; collected$", source="init")
    m.good.append(f"FAT boot sector {oem!r} and 64 KiB checksum {checksum} match the image")
    m.quit()
    data = m.disks["data.img"].read_bytes()
    for block in (100, 200, 201, 202, 203):
        if data[block * BLOCK:(block + 1) * BLOCK] != fill_block(block):
            m.fail(bad=f"block {block} of data.img after QEMU exited: "
                       f"{data[block * BLOCK:block * BLOCK + 32]!r}...",
                   missing="the bytes disk_check wrote and flushed")
    m.good.append("data.img holds blocks 100 and 200-203 as written, after QEMU exited")


# QEMU's blkdebug layer fails every read that covers sector 300 of the data disk with EIO.
READ_FAULT = """[inject-error]
event = "read_aio"
errno = "5"
sector = "300"
"""


@scenario(since="08-filesystem")
def device_error_reaches_the_client(t):
    """The data disk's reads of block 300 fail inside QEMU (blkdebug, EIO): the device reports
    VIRTIO_BLK_S_IOERR in the request's status byte, the driver logs it and answers DeviceError,
    and the client sees "device error"; every other request on both disks still succeeds."""
    m = t.boot(disk_faults={"data.img": READ_FAULT}, **DISK_CHECK)
    m.expect(r"^disk_check\[\d+\]: data disk: wrote blocks 200-203 with 4 in flight, flushed, "
             r"read back: same bytes$", 90, source="disk_check")
    m.expect(r"^virtio_blk\[\d+\]: disk 1: read at block 300 failed on the device: status 1$", 30,
             source="virtio_blk")
    m.expect(r"^disk_check\[\d+\]: data disk: reading block 300: device error$", 30,
             source="disk_check")
    m.expect(r"^disk_check\[\d+\]: all disk checks passed$", source="disk_check")
    m.quit()


@scenario(since="08-filesystem")
def stuck_request_times_out(t):
    """A request the device never completes: QEMU holds the data disk's first write (a blkdebug
    breakpoint on write_aio, set before the guest starts; the firmware only reads disks). The
    driver sees no completion for 2 s, logs it, answers TimedOut and declares the disk dead; the
    client reports "timed out". The FAT disk is not affected. The held write is then released so
    QEMU can quit."""
    # blkdebug with no rules: breakpoints only
    m = t.boot(disk_faults={"data.img": ""}, **DISK_CHECK)
    hmp = {"command-line": 'qemu-io disk1 "break write_aio stuck"'}
    m.qmp.command("human-monitor-command", **hmp)
    m.expect(r"^disk_check\[\d+\]: fat disk: 4 reads in flight, checksum [0-9a-f]{8}$", 90,
             source="disk_check")
    m.expect(r"^virtio_blk\[\d+\]: disk 1: the device finished none of 1 requests in 2000 ms: they "
             r"fail with TimedOut, and the disk is declared dead$", 60, source="virtio_blk")
    m.expect(r"^disk_check\[\d+\]: data disk: writing block 100: timed out$", 30,
             source="disk_check")
    m.expect(r"^disk_check\[\d+\]: disk checks FAILED$", source="disk_check")
    m.qmp.command("human-monitor-command", **{"command-line": 'qemu-io disk1 "resume stuck"'})
    m.quit()
