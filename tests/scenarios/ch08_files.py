"""Chapter 08: the file protocol end to end, on the RAM file server (user/tests/fs_files.cpp)."""
import re

from harness import NOTHING_LEAKED, RUN_END, scenario

BIG_BYTES = 2 << 20


def _pattern(i):
    """The byte fs_files writes at offset i of big.bin (keep in step with pattern() there)."""
    return (i * 31 + (i >> 11) + (i >> 17)) & 0xFF


def _fnv1a64(count):
    h = 0xCBF29CE484222325
    for i in range(count):
        h = ((h ^ _pattern(i)) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


@scenario(since="08-filesystem", capture={"boot.log": "08-filesystem-files.log"})
def files_directories_rights_and_confinement(t):
    """A program starts the RAM file server and hands itself a namespace ("/" and "/data") the
    way a parent hands one to a child. It makes nested directories, writes a 2 MiB file through
    the shared buffer and reads it back, writes small files inline, lists, renames and removes;
    a read-only handle is refused writes, a read-only directory hands out no write rights, and a
    handle to /data/docs reaches nothing outside it, and opening more files than the server's
    connection table holds is an error reply, after which the server serves on. The checksum it
    prints of the 2 MiB it read back equals the one computed here from what it wrote; the server
    exits when its last client closes, and nothing leaks."""
    m = t.boot(test="run", run="fs_files")
    p = r"^fs_files\[\d+\]: "
    m.expect(r"^ramfs\[\d+\]: \d+ files, \d+ KiB, copied from the boot image; serving$", 120, source="ramfs")
    m.expect(p + r"mkdir data: ok$", 60, source="fs_files")
    m.expect(p + r"namespace received: / and /data$", source="fs_files")
    for line in ("mkdir /data/docs: ok", "mkdir /data/docs/deep: ok", "mkdir /data/docs/deep/er: ok",
                 "mkdir /data/docs again: already exists",
                 "create /data/docs/deep/er/big.bin: ok",
                 f"big.bin: {BIG_BYTES} bytes written in pieces of 256 KiB"):
        m.expect(p + re.escape(line) + "$", 120, source="fs_files")
    m.expect(p + re.escape(f"big.bin: {BIG_BYTES} bytes read back, 0 differ") + "$", 120, source="fs_files")
    for line in ('/data/docs/note.txt: wrote and read back "a small file travels inside the message"',
                 '/data/secret.txt: wrote and read back "outside the docs directory"',
                 "/data/docs: deep (directory)", "/data/docs: note.txt (file)", "/data/docs: 2 entries",
                 "rename note.txt to deep/moved.txt: ok", "open the old name: not found",
                 "open the new name: ok", "unlink a directory that is not empty: not empty",
                 "unlink deep/moved.txt: ok", "open it after unlink: not found",
                 "rename across bindings: not permitted",
                 "open /data/docs/../secret.txt (cleaned before resolving): ok",
                 "write through a read-only file handle: access denied",
                 "truncate through a read-only file handle: access denied",
                 "open for writing through a read-only directory: access denied",
                 "create through a read-only directory: access denied",
                 "mkdir through a read-only directory: access denied",
                 "open for reading through it: ok",
                 "../secret.txt: not found", "/secret.txt: not found",
                 "deep/../../secret.txt: not found", "../../data/secret.txt: not found",
                 "unlink ../secret.txt through it: not found",
                 "open deep/er/big.bin through it: ok"):
        m.expect(p + re.escape(line) + "$", 60, source="fs_files")
    m.expect(p + r"connection table full after \d+ more opens: no space$", 60, source="fs_files")
    m.expect(p + r"open after closing them: ok$", 60, source="fs_files")
    got = m.expect(p + r"big.bin fnv1a64 (?:0x)?([0-9a-f]+)$", 60, source="fs_files")
    want = _fnv1a64(BIG_BYTES)
    if int(got.group(1), 16) != want:
        m.fail(bad=got.group(0), missing=f"fnv1a64 {want:x}, computed from the bytes fs_files writes")
    m.good.append(f"checksum {want:x} of the 2 MiB read back matches the one computed here")
    m.expect(p + r"0 checks failed$", source="fs_files")
    m.expect(r"^ramfs\[\d+\]: every client closed its connection; exiting$", 60, source="ramfs")
    m.expect(p + r"ramfs exited with code 0$", 60, source="fs_files")
    m.expect(r"^run: fs_files \(pid \d+\) exited with code 0$", 60)
    m.expect(RUN_END, 60)
    m.expect(NOTHING_LEAKED)
    m.expect_shutdown("pass")
