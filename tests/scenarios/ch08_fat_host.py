"""Chapter 08: the FAT file server judged by the host's FAT tools (dosfstools, mtools).

The host makes a fresh volume with mkfs.fat and puts files on it with mcopy; the OS
(user/tests/fat_files.cpp) lists and reads them, printing a CRC-32 per file, then writes,
renames, deletes and syncs; after QEMU has exited, fsck.fat checks the volume and mcopy
extracts every file, which must be exactly what the OS wrote and nothing else."""
import os
import random
import re
import subprocess
import tempfile
import zlib
from pathlib import Path

from harness import scenario

MTOOLS = {**os.environ, "MTOOLS_SKIP_CHECK": "1"}
BIG_BYTES = 4 << 20


def _big_file() -> bytes:
    """The 4 MiB file fat_files writes (keep in step with big_byte() there)."""
    return bytes((i * 7 + (i >> 8) * 13 + (i >> 16)) & 0xFF for i in range(BIG_BYTES))


def _host_files(seed: int) -> tuple[dict[str, bytes], list[str]]:
    """What the host puts on the volume: path -> bytes, and the directories (parents first).
    Names: 8.3 and long, mixed case, spaces, several dots; sizes 0 to 100 KiB."""
    rng = random.Random(seed)
    data = lambda n: bytes(rng.getrandbits(8) for _ in range(n))  # noqa: E731
    dirs = ["docs", "docs/empty dir", "docs/nested", "docs/nested/deeper",
            "docs/nested/deeper/deepest", "Another Directory With A Long Name"]
    files = {
        "hello.txt": b"Hello from the host's mcopy.\n",
        "empty.txt": b"",
        "tiny.bin": data(1),
        "delete me.bin": data(3000),
        "UPPER.TXT": data(511),
        "MiXeD.Case": data(513),
        "docs/report.txt": data(4096),
        "docs/A very long file name that needs several LFN entries.bin": data(100 * 1024),
        "docs/nested/deeper/deepest/file at depth.dat": data(12345),
        "Another Directory With A Long Name/x.y.z.tar.gz": data(rng.randrange(0, 100 * 1024)),
    }
    for i in range(6):
        files[f"docs/nested/random {i}.bin"] = data(rng.randrange(0, 100 * 1024 + 1))
    return files, dirs


def _make_volume(path: Path, fat_bits: int, kib: int, files: dict[str, bytes], dirs: list[str]):
    subprocess.run(["mkfs.fat", "-F", str(fat_bits), "-C", str(path), str(kib)], check=True,
                   capture_output=True)
    subprocess.run(["mmd", "-i", str(path)] + [f"::{d}" for d in dirs], check=True,
                   capture_output=True, env=MTOOLS)
    with tempfile.TemporaryDirectory() as tmp:
        for name, content in files.items():
            local = Path(tmp) / "f"
            local.write_bytes(content)
            subprocess.run(["mcopy", "-i", str(path), str(local), f"::{name}"], check=True,
                           capture_output=True, env=MTOOLS)


def _extract(image: Path, into: Path) -> tuple[dict[str, bytes], set[str]]:
    """Every file and directory on the volume, as mcopy sees them."""
    subprocess.run(["mcopy", "-s", "-n", "-i", str(image), "::*", str(into)], check=True,
                   capture_output=True, env=MTOOLS)
    files, dirs = {}, set()
    for p in into.rglob("*"):
        rel = p.relative_to(into).as_posix()
        if p.is_dir():
            dirs.add(rel)
        else:
            files[rel] = p.read_bytes()
    return files, dirs


def _check_volume(t, fat_bits: int, kib: int, seed: int):
    files, dirs = _host_files(seed)
    work = Path(tempfile.mkdtemp(prefix="fat-host-"))
    image = work / "fat.img"
    _make_volume(image, fat_bits, kib, files, dirs)
    m = t.boot(disk_files={"fat.img": image}, **{"init.run": "fat_files"})
    m.expect(r"^init\[1\]: mounted /fat \(fat\)$", 120, source="init")
    p = r"^fat_files\[\d+\]: "
    listed = m.expect(p + r"listed (\d+) files$", 300, source="fat_files")
    # What the OS read: path -> (size, crc); compared with the host's own.
    seen = {}
    for line in m.lines:
        if (got := re.match(p + r"file crc32 ([0-9a-f]{8}) size (\d+) path /fat/(.*)$", line)):
            seen[got.group(3)] = (int(got.group(2)), int(got.group(1), 16))
    want = {name: (len(b), zlib.crc32(b)) for name, b in files.items()}
    if seen != want or int(listed.group(1)) != len(files):
        wrong = sorted(set(seen.items()) ^ set(want.items()))
        m.fail(bad=f"the OS read {len(seen)} files; differences: {wrong[:6]}",
               missing="every file with the host's size and CRC-32")
    m.good.append(f"{len(files)} host files: names, sizes and CRC-32s as the OS read them match")
    m.expect(p + r"/fat/out/big\.bin: 4194304 bytes written$", 600, source="fat_files")
    m.expect(p + r"sync: ok$", 300, source="fat_files")
    m.expect(p + r"0 checks failed$", source="fat_files")
    m.expect(r"^init\[1\]: fat_files \(pid \d+\) exited with code 0; collected$", 60, source="init")
    m.quit()  # QEMU flushes the disk image as it exits: the power-off

    fsck = subprocess.run(["fsck.fat", "-n", str(m.disks["fat.img"])], capture_output=True,
                          text=True)
    if fsck.returncode != 0:
        m.fail(bad=f"fsck.fat -n exited with {fsck.returncode}: {fsck.stdout[-800:]}",
               missing="a volume fsck.fat finds nothing wrong with")
    m.good.append("fsck.fat -n finds nothing wrong with the volume the OS wrote")

    expected = dict(files)
    del expected["delete me.bin"]
    expected["docs/Renamed report.txt"] = expected.pop("docs/report.txt")
    expected["out/deep/tiny.bin"] = expected.pop("tiny.bin")
    expected["out/big.bin"] = _big_file()
    expected["out/A file with a rather long name, written by the OS.txt"] = \
        b"a long name takes several directory entries\n"
    expected["out/deep/er/est/Mixed.Case.Name.With.Dots.data"] = b"deep down\n"
    expected["out/SHORT.TXT"] = b"an 8.3 name\n"
    expected_dirs = (set(dirs) - {"docs/empty dir"}) | {"out", "out/deep", "out/deep/er",
                                                        "out/deep/er/est"}
    out = work / "extracted"
    out.mkdir()
    got_files, got_dirs = _extract(m.disks["fat.img"], out)
    if got_dirs != expected_dirs:
        m.fail(bad=f"directories: extra {sorted(got_dirs - expected_dirs)}, "
                   f"missing {sorted(expected_dirs - got_dirs)}",
               missing="exactly the directories the host and the OS made, less the removed one")
    if set(got_files) != set(expected):
        m.fail(bad=f"files: extra {sorted(set(got_files) - set(expected))}, "
                   f"missing {sorted(set(expected) - set(got_files))}",
               missing="exactly the files expected: renamed and deleted names gone")
    differ = [name for name in expected if got_files[name] != expected[name]]
    if differ:
        m.fail(bad=f"contents differ: {differ}", missing="byte-for-byte equal files")
    m.good.append(f"mcopy extracts {len(expected)} files byte for byte as expected (4 MiB one "
                  "included); the deleted and old renamed names are gone")


@scenario(since="08-filesystem")
def fat16_volume_agrees_with_dosfstools(t):
    """A 32 MiB FAT16 volume made by mkfs.fat and filled by mcopy: see the file comment."""
    _check_volume(t, 16, 32 * 1024, seed=16)


@scenario(since="08-filesystem")
def fat32_volume_agrees_with_dosfstools(t):
    """The same on a 64 MiB FAT32 volume (root directory in a cluster chain, FSInfo)."""
    _check_volume(t, 32, 64 * 1024, seed=32)
