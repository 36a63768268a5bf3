/* The first instruction of every user program. The kernel enters here in ring 3 with RSP at the
 * top of the program's stack, 16-byte aligned, four startup arguments in rdi, rsi, rdx and rcx
 * (exactly where runtime_start expects its four parameters), and every other register zero. */
    .text
    .globl _start
_start:
    xorl %ebp, %ebp          /* a zero frame pointer ends backtraces here */
    call runtime_start       /* runs constructors and main, then exits: never returns */
    ud2                      /* unreachable: a fault here would say the runtime is broken */

    .section .note.GNU-stack, "", @progbits
