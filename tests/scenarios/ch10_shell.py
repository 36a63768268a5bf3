"""Chapter 10: the shell on the serial console (user/apps/shell, user/drivers/serial.cpp).

The test types on COM1 (Machine.send_serial, as a terminal would: Enter is CR, the up arrow
ESC [ A) and reads the shell's output from the same serial line, where the kernel's log also
goes. Each command line is echoed by the shell's line editor after its prompt, so the test first
waits for that echo, then for the command's output: both are caused by the line, in order."""
import os
import re
import subprocess
from pathlib import Path

from harness import scenario

MTOOLS = {**os.environ, "MTOOLS_SKIP_CHECK": "1"}
# The kernel logs each process's start and exit on the same serial line.
KERNEL_LINE = re.compile(r"^process \d+ '[^']*' (started|exited|was killed)")
FAT_FILES = {"A long file name for FAT.txt", "hello.txt", "notes"}  # final/disk/fat/


def _fat_text(tree: Path, name: str) -> str:
    """A file of the FAT image as the build put it there (its chapter marker stripped)."""
    out = subprocess.run(["python3", str(tree.parent / "shared/snapshot/generate.py"), "--strip",
                          str(tree / "disk/fat" / name)],
                         capture_output=True, check=True, text=True)
    return out.stdout


def _run(m, line: str, cwd: str = "/") -> None:
    """Types `line` and Enter, and waits for the shell to echo it after its prompt. The prompt
    is written before the line is typed, so a log line of another process may come between the
    two: the echo is then the start of the next line, and only its end is matched."""
    m.send_serial(line + "\r")
    m.expect(rf"(^{re.escape(cwd)}\$ |^){re.escape(line)}$", 60)


@scenario(since="10-ui", timeout=300, capture={"boot.log": "10-ui-shell.log"})
def shell_on_the_serial_console(t):
    """Built-ins, programs with quoted arguments, a pipe, the three redirections into and out of
    a FAT file (which the host then reads from the disk image), the working directory, a
    background job ended with kill, the errors a user makes (each printed, the shell going on;
    among them a graphical program, which needs the terminal's "gui") and the history's up
    arrow."""
    # The harness leaves the serial shell off for other tests. Without the terminal, sysmon
    # and clock: their log lines would land among ls's output.
    m = t.boot(**{"init.serial_shell": "on", "init.desktop": "off"})
    # The driver and the shell start side by side; typing may begin once both are there (bytes
    # typed earlier would wait in the UART, but the test should not lean on that).
    m.expect_all([r"^serial\[\d+\]: serial console on COM1: ",
                  r"^shell\[\d+\]: shell ready on serial$"], 120)
    # netstack logs its lease when DHCP is done, at any time: type once it has (fewer foreign
    # lines between the shell's; the matching above tolerates them anyway).
    m.expect(r"^netstack\[\d+\]: ready$", 120, source="netstack")

    _run(m, "echo 'a  b' \"c'd\" e\\ f")
    m.expect(r"^a  b c'd e f$")

    _run(m, "ls /fat")
    names = set()
    while len(names) < len(FAT_FILES):
        line = m.expect(r"^(.+)$").group(1)
        if KERNEL_LINE.match(line):
            continue  # the kernel's log shares the serial line
        if line not in FAT_FILES:
            m.fail(bad=line, missing=f"the names {sorted(FAT_FILES - names)}")
        names.add(line)

    _run(m, "cat /fat/hello.txt")
    for text in _fat_text(t.tree, "hello.txt").splitlines():
        m.expect(rf"^{re.escape(text)}$")

    _run(m, "ls /fat | wc")
    listing = "".join(name + "\n" for name in FAT_FILES)
    want = f"{listing.count(chr(10))} {len(listing.split())} {len(listing)}"
    m.expect(rf"^{want}$")

    _run(m, "echo hello > /fat/out.txt")
    _run(m, "echo again >> /fat/out.txt")
    _run(m, "cat /fat/out.txt")
    m.expect(r"^hello$")
    m.expect(r"^again$")
    _run(m, "wc < /fat/out.txt")
    m.expect(r"^2 2 12$")

    _run(m, "cd /fat")
    _run(m, "pwd", "/fat")
    m.expect(r"^/fat$")
    _run(m, "cat out.txt", "/fat")
    m.expect(r"^hello$")
    _run(m, "cd /nope", "/fat")
    m.expect(r"^shell: cd: /nope: not found$")
    _run(m, "cd /", "/fat")

    # Errors: each says what is wrong, and the next command still works.
    _run(m, 'echo "unbalanced')
    m.expect(r"^shell: unbalanced quote")
    _run(m, "nosuchprog")
    m.expect(r"^shell: no program 'nosuchprog'$")
    _run(m, "cat /nope")
    m.expect(r"^cat: /nope: not found$")
    m.expect(r"^shell: cat exited with code 1$")
    # A graphical program needs "gui", which only the terminal's shell has to hand on.
    _run(m, "clock")
    m.expect(r"^clock\[\d+\]: no gui service: not found$")
    m.expect(r"^shell: clock exited with code 2$")
    _run(m, "cat < /nope")
    m.expect(r"^shell: < '/nope': not found$")
    # echo never reads its input and exits: cat's first write finds the pipe's reader gone.
    _run(m, "cat /fat/hello.txt | echo piped")
    m.expect_all([r"^piped$", r"^cat\[\d+\]: broken pipe$"])
    _run(m, "echo still here")
    m.expect(r"^still here$")

    # The history: the up arrow brings the last line back; Enter runs it again.
    m.send_serial("\x1b[A\r")
    m.expect(r"(^/\$ |^)echo still here$")  # the prompt's line, with the recalled line
    m.expect(r"^still here$")

    # Ctrl-C drops the line being typed; the next one runs.
    m.send_serial("echo dropped\x03")
    m.send_serial("echo kept\r")
    m.expect(r"^kept$")
    if any(line == "dropped" for line in m.lines):
        m.fail(bad="the dropped line ran", missing="Ctrl-C dropping the line")

    # A background job, listed by ps, ended by kill, reported at the next prompt.
    m.send_serial("sleep 600 &\r")
    job = m.expect(r"^\[(\d+)\] (\d+)$", 60)
    number, pid = job.group(1), job.group(2)
    _run(m, "ps")
    m.expect(r"^  PID  PPID STATE   MEM KiB    CPU NAME$")
    seen = set()
    while not {"init", "shell", "sleep"} <= seen:
        row = m.expect(r"^ *(\d+) +(\d+) (run  |ready|wait |exit ) +(\d+) +(\d+) (\S+)$")
        seen.add(row.group(6))
    _run(m, f"kill {pid}")
    # The report comes at the first prompt after the shell collected the job: after kill's own
    # line, and before or after the next command's.
    m.send_serial("echo after kill\r")
    m.expect_all([rf"^\[{number}\] done sleep code 137$", r"^after kill$"])

    # A background job with its output in a file: the job holds the file itself, the shell goes
    # on. Its end is reported at a prompt, so press Enter (as a user would) until it is.
    m.send_serial("echo in the background > /fat/bg.txt &\r")
    number = m.expect(r"^\[(\d+)\] \d+$", 60).group(1)
    done = re.compile(rf"^\[{number}\] done echo code 0$")
    for _ in range(50):
        _run(m, "")
        if any(done.match(line) for line in m.lines):
            break
    else:
        m.fail(bad="no report after 50 prompts", missing=f"[{number}] done echo code 0")
    _run(m, "cat /fat/bg.txt")
    m.expect(r"^in the background$")

    # The file the shell redirected into, read by the host's mtools from the disk image after
    # the machine is gone (each write was synced: nothing waits in a cache).
    m.power_cut()
    got = subprocess.run(["mtype", "-i", str(m.disks["fat.img"]), "::/out.txt"],
                         capture_output=True, env=MTOOLS)
    if got.returncode != 0 or got.stdout != b"hello\nagain\n":
        m.fail(bad=f"mtype gave {got.returncode}: {got.stdout!r} {got.stderr!r}",
               missing="out.txt holding b'hello\\nagain\\n'")
    m.good.append("the host's mtype reads out.txt as the shell wrote it")
