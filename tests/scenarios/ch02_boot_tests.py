"""Chapter 02: the boot tests themselves: a name boot.cfg misspells fails the run."""
from harness import scenario


@scenario(since="02-gdt-idt")
def unknown_boot_test_fails(t):
    """`test = breakpiont` (a typo) must not pass as if a test had run: the kernel names the
    test it does not know and ends the run with `shutdown: fail`."""
    m = t.boot(test="breakpiont")
    m.expect(r"^error: test: there is no boot test called 'breakpiont'$", 60)
    m.expect_shutdown("fail")
