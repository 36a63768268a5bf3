"""Chapter 08: rights and confinement on the assembled system (the cjfs disk at /data)."""
import re

from harness import scenario


@scenario(since="08-filesystem")
def confined_to_a_directory(t):
    """init starts rights_setup with every mount: it makes /data/public and /data/private with
    a file in each, and a read-only file handle is refused writes. When it has exited, init
    starts rights_confined with a namespace that holds only /data/public. That program cannot
    reach /data/private/secret.txt by "..", by "/data/../private", by absolute paths, by long
    paths, or through its directory connection directly (the server confines the path
    itself: ".." above the directory is the directory, as in a chroot); reopening "." of a
    read-only connection with write is refused; inside /data/public it reads, creates and
    writes."""
    m = t.boot(**{"init.run": "rights_setup", "init.confined": "rights_confined",
                  "init.confine": "/data/public"})
    m.expect(r"^init\[1\]: mounted /data \(cjfs\)$", 120, source="init")
    s = r"^rights_setup\[\d+\]: "
    for line in ("mkdir /data/public: ok", "mkdir /data/private: ok",
                 "write /data/public/readme.txt: ok", "write /data/private/secret.txt: ok",
                 "open readme.txt read-only: ok",
                 "write through the read-only handle: access denied",
                 "truncate through the read-only handle: access denied",
                 "readme.txt after both: 21 bytes", "0 checks failed"):
        m.expect(s + re.escape(line) + "$", 120, source="rights_setup")
    m.expect(r"^init\[1\]: rights_setup \(pid \d+\) exited with code 0; collected$", 60,
             source="init")
    m.expect(r"^init\[1\]: started rights_confined as pid \d+$", 60, source="init")
    c = r"^rights_confined\[\d+\]: "
    for path in ("/data/private/secret.txt", "/data/public/../private/secret.txt",
                 "/data/../private/secret.txt", "/private/secret.txt", "/secret.txt",
                 "/data/public/../../data/private/secret.txt", "/../data/private/secret.txt",
                 "open_dir /data", "open_dir /",
                 "/data/public/ + 40 x ../ + data/private/secret.txt"):
        m.expect(c + re.escape(path) + ": not found$", 120, source="rights_confined")
    # Longer than any path: refused before it is resolved.
    m.expect(c + r"a path longer than fs::max_path_bytes: name too long$",
             source="rights_confined")
    m.expect(c + r"open_dir /data/public: ok$", source="rights_confined")
    for path in ("../private/secret.txt", "../../data/private/secret.txt",
                 "./../private/secret.txt", "x/../../private/secret.txt",
                 "/data/private/secret.txt", "/private/secret.txt"):
        m.expect(c + re.escape(f"through the directory: {path}: not found") + "$",
                 source="rights_confined")
    for line in ("open_dir .. through the directory: ok",  # ".." stops at the directory
                 "its private/secret.txt: not found",
                 "its readme.txt (it is /data/public again): ok",
                 "80 x ../ through the directory: not found",
                 "unlink ../private/secret.txt: not found",
                 "rename readme.txt to ../private/stolen.txt: not found",
                 "open_dir /data/public read-only: ok",
                 "reopen . with write through it: access denied",
                 "open readme.txt for writing through it: access denied",
                 "create a file through it: access denied",
                 "reopen . read-only through it: ok",
                 "write through a read-only file handle: access denied",
                 "read /data/public/readme.txt: ok", "it says: anyone may read this",
                 "mkdir /data/public/mine: ok", "create /data/public/mine/note.txt: ok",
                 "wrote and read back: same bytes", "0 checks failed"):
        m.expect(c + re.escape(line) + "$", 60, source="rights_confined")
    m.expect(r"^init\[1\]: rights_confined \(pid \d+\) exited with code 0; collected$", 60,
             source="init")
    m.quit()
