"""Chapter 00: the toolchain works and a UEFI application of ours runs."""
from harness import scenario


@scenario(since="00-setup", capture={"boot.log": "00-setup-boot.log"})
def greeting(t):
    """The loader greets on serial, and a test run powers QEMU off with a pass."""
    m = t.boot(test="boot")
    m.expect(r"^RustOsLinux loader: hello from UEFI$", timeout=60)
    m.expect_shutdown("pass", timeout=60)


@scenario(since="00-setup")
def malformed_boot_options(t):
    """A typo in boot.cfg is reported, not silently ignored, and the boot goes on."""
    def add_typo(esp):
        with open(esp / "boot.cfg", "a") as cfg:
            cfg.write("this line has no equals sign\n")
    m = t.boot(test="boot", edit_esp=add_typo)
    m.expect(r"^RustOsLinux loader: hello from UEFI$", timeout=60)
    m.expect(r"boot\.cfg has a malformed line")
    m.expect_shutdown("pass", timeout=60)
