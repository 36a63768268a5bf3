"""Chapter 08: real power cuts. QEMU is killed while fs_stress writes to cjfs, again and again,
on one data disk kept across boots; every boot must find what the last sync promised.

What a cut here can and cannot do: SIGKILL stops QEMU between two of its instructions, so the
guest loses every request the device has not completed, at any point of a transaction (the log
write, the commit block, the checkpoint). It cannot lose a write QEMU has completed: QEMU has
handed it to the host's kernel, whose page cache keeps it after the process dies. The reordering
and loss a real disk's volatile cache adds is the host crash simulator's job
(tests/unit/test_cjfs_crash.cpp).

POWER_CUTS sets how many cuts (20 by default; `make powercut` runs 100). POWER_CUT_SEED replays
one run's delays (every failure names its seed).
"""
import os
import random
import re
import shutil
import struct
import subprocess
import tempfile
import time
from pathlib import Path

from harness import scenario

CUTS = int(os.environ.get("POWER_CUTS", "20"))
SEED = int(os.environ.get("POWER_CUT_SEED", "0")) or random.SystemRandom().randrange(1, 1 << 31)
BATCH = 8          # fs_stress's steps between syncs (its `batch`)
SYNCS_BEFORE_CUT = 3  # at most; fs_stress syncs 5 times per boot (its batches_per_boot)
STRESS = r"^fs_stress\[\d+\]: "
BOOT = {"init.run": "fs_stress"}

BLOCK = 4096
LOG_HEADER_MAGIC, DESCRIPTOR_MAGIC, COMMIT_MAGIC = 0x484C4A43, 0x53444A43, 0x4D434A43


def log_state(image: Path) -> str:
    """Where in a transaction the cut fell, read from the image's log as the cut left it (before
    any replay), with the layout of lib/fs/cjfs/layout.hpp. Magics and sequence numbers only, no
    checksums, which is enough to tell the three cases apart:
    "log write": the last record has a descriptor but no commit block (replay ignores it);
    "checkpoint": the last record is committed but some home block still differs from its copy
    (replay finishes it); "between": neither."""
    data = image.read_bytes()

    def block(n):
        return data[n * BLOCK:(n + 1) * BLOCK]

    sb = struct.unpack_from("<15I", block(0))
    log_start, log_blocks = sb[5], sb[6]
    magic, start, sequence = struct.unpack_from("<IIQ", block(log_start))
    if magic != LOG_HEADER_MAGIC:
        return "bad log header"
    area = log_blocks - 1
    position, last = start, None
    while position + 3 <= area:
        desc = block(log_start + 1 + position)
        d_magic, count, d_seq = struct.unpack_from("<IIQ", desc)
        if d_magic != DESCRIPTOR_MAGIC or d_seq != sequence or count == 0 or \
                count > area - position - 2:
            break
        commit = block(log_start + 2 + position + count)
        c_magic, c_count, c_seq = struct.unpack_from("<IIQ", commit)
        if c_magic != COMMIT_MAGIC or c_seq != sequence or c_count != count:
            return "log write"
        last = (desc, position, count)
        position += count + 2
        sequence += 1
    if last:
        desc, position, count = last
        homes = struct.unpack_from(f"<{count}I", desc, 24)
        for i, home in enumerate(homes):
            if block(home) != block(log_start + 2 + position + i):
                return "checkpoint"
    return "between"


def fsck(t, image: Path, *args: str) -> str:
    """build/host/fsck_cjfs on `image`; its output, or a failure when it exits non-zero."""
    tool = t.tree / "build" / "host" / "fsck_cjfs"
    done = subprocess.run([str(tool), *args, str(image)], capture_output=True, text=True,
                          timeout=120)
    if done.returncode != 0:
        raise AssertionError(f"fsck_cjfs {' '.join(args)} exited {done.returncode}: "
                             f"{done.stdout.strip()} {done.stderr.strip()}")
    return done.stdout.strip()


@scenario(since="08-filesystem", timeout=300.0 + 40.0 * CUTS)
def power_cuts_during_writes(t):
    """fs_stress runs a deterministic workload on /data (create, append, shrink, rename, unlink,
    mkdir, rmdir; a sync and a "synced n" line every 8 steps) and checks at start that the disk
    holds exactly the tree of the last step the previous boot synced (recomputed, not stored),
    or of a later step: each step is one cjfs transaction, whole or absent. Each cycle boots the
    same data disk, waits for "verified" and 1 to 3 "synced" lines, kills QEMU (SIGKILL: the
    power cut) after a random part of a batch's duration (a seeded RNG draws both), and runs the host's fsck_cjfs (which replays the log as a mount
    would) on a copy of the image. After the last cut, one boot verifies, finishes its workload
    and ends; fsck_cjfs -n on the image as the OS left it must find it clean. The log on each
    cut image tells where the cut fell: within a log write, within a checkpoint, or between
    transactions."""
    subprocess.run(["make", "-C", str(t.tree), "-s", "host-tools"], check=True,
                   capture_output=True, timeout=600)
    rng = random.Random(SEED)
    work = Path(tempfile.mkdtemp(prefix="power-cut-"))
    image = work / "data.img"
    shutil.copyfile(t.tree / "build" / "data.img", image)
    promised = 0          # the highest step a "synced" line promised
    where = {"log write": 0, "checkpoint": 0, "between": 0}
    qemu_seconds = 0.0
    boot_seconds = []     # from QEMU's start to fs_stress's verified line, per boot

    def failed(m, what, missing=None):
        m.fail(bad=f"{what} (cut {cut} of {CUTS}, seed {SEED}: POWER_CUT_SEED={SEED} replays it)",
               missing=missing)

    def verified(m):
        # fs_stress's first line: the verdict, or the error that stopped it before one.
        got = m.expect(STRESS + r"(verified (\d+) \(and (\d+) later steps\)|.*)$", 240,
                       source="fs_stress")
        if got.group(2) is None:
            failed(m, got.group(0), f"verified {promised} or later")
        n = int(got.group(2))
        if n < promised or n % BATCH:
            failed(m, got.group(0), f"verified {promised} or a later multiple of {BATCH}: the "
                                    f"last synced line promised {promised}")
        m.good.append(f"the disk holds step {n} + {got.group(3)} (the last sync seen: {promised})")
        return n

    try:
        for cut in range(1, CUTS + 1):
            m = t.boot(f"cut{cut:03d}", disk_files={"data.img": image}, **BOOT)
            verified(m)
            boot_seconds.append(m.elapsed())
            # The cut falls within the batch after the k-th "synced" line (k = 1..3 of the 5 a
            # boot prints), at a random point of that batch's duration as just measured: it
            # lands in the middle of the work whatever the host's speed.
            marks = [time.monotonic()]
            for _ in range(rng.randint(1, SYNCS_BEFORE_CUT)):
                m.expect(STRESS + r"synced \d+$", 120, source="fs_stress")
                marks.append(time.monotonic())
            time.sleep(rng.uniform(0.0, marks[-1] - marks[-2]))
            m.power_cut()
            m.wait_exit(30)  # the serial reader has every line QEMU wrote
            shutil.copyfile(m.disks["data.img"], image)  # the disk as the cut left it
            qemu_seconds += m.elapsed()
            for line in m.lines:
                if (s := re.match(STRESS + r"synced (\d+)$", line)):
                    promised = max(promised, int(s.group(1)))
                elif re.match(STRESS + r"(FAILED|step \d+:)", line) or "PANIC" in line:
                    failed(m, line)
            state = log_state(image)
            where[state] = where.get(state, 0) + 1
            copy = work / "replayed.img"
            shutil.copyfile(image, copy)
            try:
                fsck(t, copy)
            except AssertionError as e:
                failed(m, str(e), "fsck_cjfs exit 0 after replaying the log")
            m.good.append(f"cut {cut}: fsck_cjfs replayed and found the image clean")

        m = t.boot("last", disk_files={"data.img": image}, **BOOT)
        verified(m)
        m.expect(STRESS + r"done at step \d+$", 240, source="fs_stress")
        m.expect(r"^init\[\d+\]: fs_stress \(pid \d+\) exited with code 0; collected$", 60,
                 source="init")
        m.quit()
        qemu_seconds += m.elapsed()
        shutil.copyfile(m.disks["data.img"], image)
        try:
            out = fsck(t, image, "-n")
        except AssertionError as e:
            failed(m, str(e), "fsck_cjfs -n: clean")
        m.good.append(f"after the last boot: {out}")
        if (state := log_state(image)) != "between":
            failed(m, f"the log after a clean end: {state}", "every record checkpointed")
        m.good.append(f"{CUTS} cuts (seed {SEED}): {where['log write']} within a log write, "
                      f"{where['checkpoint']} within a checkpoint, {where['between']} between "
                      f"transactions; {qemu_seconds:.0f} s of QEMU, "
                      f"{sum(boot_seconds) / len(boot_seconds):.1f} s from start to verified "
                      f"on average, load {os.getloadavg()[0]:.1f}")
        (t.log_dir / "power_cut-summary.txt").write_text(m.good[-1] + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)
