"""Chapter 07 (issue 9): data files reach programs without chapter markers.

final/user/files/motd.txt starts with its chapter tag (`# @chapter 07-servers`). The boot image
is packed from the files with the markers stripped (shared/mk/user.mk runs
shared/snapshot/generate.py --strip), so on final/ as on the chapter snapshots the client reads
the text a student sees in chapter-07-servers/user/files/motd.txt."""
import re

from harness import scenario


@scenario(since="07-servers", until="09-network")
def data_files_carry_no_chapter_markers(t):
    """The client prints motd.txt through the file server: its first line is the text's first
    line, and no line of the client names a chapter marker."""
    m = t.boot()
    header = m.expect(r"^client\[(\d+)\]: motd.txt \((\d+) bytes\):$", 120)
    pid = header.group(1)
    first = m.expect(rf"^client\[{pid}\]: ")  # the client's next line: its lines are in order
    if first.string.strip() != f"client[{pid}]: | Welcome to RustOsLinux.":
        m.fail(bad=first.string.strip(), missing=f"client[{pid}]: | Welcome to RustOsLinux.")
    m.expect(rf"^client\[{pid}\]: type something: keys travel from the keyboard driver to here$", 60)
    markers = [line for line in m.lines if re.search(r"@chapter|//\{|//\}", line) and line.startswith("client[")]
    if markers:
        m.fail(bad=markers[0], missing="no chapter marker in what a program reads")
    m.good.append("no chapter marker in the client's lines")
    m.quit()
