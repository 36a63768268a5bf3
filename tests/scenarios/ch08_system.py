"""Chapter 08: the assembled system. init mounts the RAM file system, the FAT disk and the cjfs
disk, and the client reads a file from each through the namespace init hands it."""
import os
import re
import subprocess

from harness import scenario


@scenario(since="08-filesystem", until="09-network", capture={"boot.log": "08-filesystem-system.log"})
def three_file_systems_mounted(t):
    """A normal boot: init starts the device manager and a file server per disk, logs one line
    per mount once the server answers (so after its volume is mounted), and hands the client a
    namespace of "/", "/fat" and "/data". The client reads motd.txt from the boot image's RAM
    file system, hello.txt from the FAT disk (compared here with the build's file), and counts
    the boot in /data/boots.txt on the cjfs disk: 1 on the fresh copy of the disk."""
    m = t.boot()
    for server in ("ramfs", "kbd", "devmgr", "fatfs", "cjfs", "client"):
        m.expect(rf"^init\[1\]: started {server} as pid \d+$", 60, source="init")
    m.expect(r"^fatfs\[\d+\]: FAT(12|16|32) volume mounted, \d+ free clusters; serving$", 120,
             source="fatfs")
    m.expect(r"^cjfs\[\d+\]: cjfs mounted, \d+ blocks; serving$", 120, source="cjfs")
    m.expect_all([r"^init\[1\]: mounted / \(ramfs\)$", r"^init\[1\]: mounted /fat \(fat\)$",
                  r"^init\[1\]: mounted /data \(cjfs\)$"], 120)
    c = r"^client\[\d+\]: "
    m.expect(c + r"/motd\.txt \(\d+ bytes\):$", 60, source="client")
    m.expect(c + r"\| Welcome to RustOsLinux\.$", source="client")
    # The file as the host's mtools read it from this run's copy of the FAT disk.
    text = subprocess.run(["mtype", "-i", str(m.disks["fat.img"]), "::hello.txt"], check=True,
                          capture_output=True, env={**os.environ, "MTOOLS_SKIP_CHECK": "1"}).stdout
    m.expect(c + rf"/fat/hello\.txt \({len(text)} bytes\):$", 60, source="client")
    for line in text.decode().rstrip("\n").split("\n"):
        m.expect(c + r"\| " + re.escape(line) + "$", source="client")
    m.good.append(f"/fat/hello.txt as the client printed it equals the image's {len(text)} bytes")
    m.expect(c + r"/data/boots\.txt: boot number 1 of the data disk$", 60, source="client")
    m.expect(c + r"/data/boots\.txt \(1 bytes\):$", source="client")
    m.expect(c + r"\| 1$", source="client")
    m.expect(c + r"type something: keys travel from the keyboard driver to here$", 30,
             source="client")
    m.quit()
