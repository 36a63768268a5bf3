"""Chapter 06: a process that takes all memory cannot crash the kernel or starve it for good."""
import re

from harness import NOTHING_LEAKED, RUN_END, scenario



@scenario(since="06-ipc", timeout=300)
def memory_hog_gets_out_of_memory_not_a_panic(t):
    """oom_hog maps every free frame until map_memory says out of memory, then fills the kernel
    heap's spare room with channels; its parent oom_victim's channel_create and process_spawn then
    fail with out of memory instead of panicking the kernel. After the hog exits both work again,
    and the leak check finds every frame, stack slot and heap block back."""
    m = t.boot(test="run", run="oom_victim", memory_mib=128)
    # What "all memory" is depends on what the firmware and the boot image take out of the 128 MiB
    # (the boot image grows with every chapter): compare with the kernel's own count at boot.
    free = int(m.expect(r"^frames: (\d+) free \(\d+ MiB\)", 60).group(1))
    hog = m.expect(r"^oom_hog\[(\d+)\]: mapped (\d+) pages \((\d+) MiB\), then map_memory said: out of memory$", 180)
    if int(hog.group(2)) < free * 9 // 10:
        m.fail(bad=hog.group(0), missing=f"at least 90 % of the {free} frames free at boot mapped by the hog")
    m.expect(r"^oom_hog\[\d+\]: created \d+ channels, then channel_create said: out of memory$", 60)
    during = "while the hog holds all memory"
    m.expect(rf"^oom_victim\[\d+\]: {during}: channel_create: out of memory$")
    m.expect(rf"^oom_victim\[\d+\]: {during}: process_spawn: out of memory$")
    m.expect(r"^oom_hog\[\d+\]: exiting: all of it goes back$")
    m.expect(r"^oom_victim\[\d+\]: the hog exited: peer closed$", 60)
    m.expect(r"^oom_victim\[\d+\]: after the hog exited: channel_create: ok$")
    m.expect(r"^oom_victim\[\d+\]: after the hog exited: process_spawn: ok$")
    m.expect(r"^run: oom_victim \(pid \d+\) exited with code 0$", 60)
    m.expect(RUN_END, 60)
    # The hello the victim started prints on its own time: anywhere after the hog's exit.
    if not any(re.fullmatch(r"hello\[\d+\]: hello from user space, pid \d+", line) for line in m.lines):
        m.fail(missing="hello's line from the spawn after the hog exited")
    m.expect(NOTHING_LEAKED)
    m.expect_shutdown("pass")
