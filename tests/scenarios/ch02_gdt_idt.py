"""Chapter 02: the kernel owns the CPU: its stack, a logger, GDT, IDT and exception reports."""
from harness import scenario

REGISTERS = r"^  rip 0x[0-9a-f]{16}  cs 0x8  rflags 0x[0-9a-f]+$"


@scenario(since="02-gdt-idt")
def boot_steps_logged(t):
    """Every boot step logs one line: logger, GDT (with the TSS), IDT."""
    m = t.boot(test="boot")
    m.expect(r"^log: serial and a \d+x\d+ framebuffer console$", 60)
    m.expect(r"^gdt: loaded \(kernel code 0x8, data 0x10, user code 0x23, data 0x1b, tss 0x28\)$")
    m.expect(r"^idt: 32 exception handlers installed \(double fault on IST 1\)$")
    m.expect_shutdown("pass")


@scenario(since="02-gdt-idt", capture={"boot.log": "02-gdt-idt-breakpoint.log"})
def breakpoint_continues(t):
    """The seed's interrupt test: int3 reaches its handler and execution continues after it."""
    m = t.boot(test="breakpoint")
    m.expect(r"^test: executing int3$", 60)
    m.expect(r"^breakpoint: int3 at 0xffffffff8[0-9a-f]+ handled, continuing$")
    m.expect(r"^test: back from the breakpoint handler$")
    m.expect_shutdown("pass")


def _expect_fault(t, test, announce, mnemonic, description, vector):
    m = t.boot(test=test, allow_fatal=True)
    m.expect(rf"^test: {announce}$", 60)
    m.expect(rf"^EXCEPTION: {mnemonic} {description} \(vector {vector}\), error code 0x[0-9a-f]+$")
    m.expect(REGISTERS)
    m.expect(r"^  rsp 0x[0-9a-f]{16}  ss 0x[0-9a-f]+  cr2 0x[0-9a-f]+$")
    m.expect(r"^  rax 0x[0-9a-f]{16}  rbx 0x[0-9a-f]{16}  rcx 0x[0-9a-f]{16}$")
    m.expect(r"^  r13 0x[0-9a-f]{16}  r14 0x[0-9a-f]{16}  r15 0x[0-9a-f]{16}$")
    m.expect(rf"^PANIC: unhandled {description} in the kernel$")
    m.expect_shutdown("fail")
    return m


@scenario(since="02-gdt-idt", capture={"boot.log": "02-gdt-idt-invalid-opcode.log"})
def invalid_opcode_reported(t):
    """ud2 gives a #UD report with every register, then a panic that fails the run."""
    _expect_fault(t, "invalid-opcode", "executing ud2", "#UD", "invalid opcode", 6)


@scenario(since="02-gdt-idt")
def divide_error_reported(t):
    """A division by zero gives a #DE report."""
    _expect_fault(t, "divide-error", "dividing by zero", "#DE", "divide error", 0)


@scenario(since="02-gdt-idt")
def general_protection_reported(t):
    """A non-canonical memory access gives a #GP report."""
    _expect_fault(t, "general-protection", "loading a non-canonical address", "#GP", "general protection fault", 13)


@scenario(since="02-gdt-idt")
def stack_overflow_caught_by_double_fault(t):
    """A kernel stack overflow hits the guard page; the double-fault handler, on its own IST stack,
    reports it instead of the CPU triple-faulting (which would reset the machine: under QEMU's
    -no-reboot a reset ends QEMU with status 0, which expect_shutdown reports)."""
    _expect_fault(t, "stack-overflow", "recursing without end", "#DF", "double fault", 8)
