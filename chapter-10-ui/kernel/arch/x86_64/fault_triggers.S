/* Faults on purpose. In assembly so the compiler cannot reason them away (dividing by a
 * constant zero is undefined behaviour in C++, which the optimiser may delete). */
    .text

    .globl trigger_breakpoint
trigger_breakpoint:
    int3
    ret

    .globl trigger_invalid_opcode
trigger_invalid_opcode:
    ud2

    .globl trigger_divide_error
trigger_divide_error:
    xorl %ecx, %ecx
    movl $1, %eax
    xorl %edx, %edx
    divl %ecx               /* edx:eax / 0 */
    ret

    .globl trigger_general_protection
trigger_general_protection:
    movabsq $0x8000000000000000, %rax   /* not canonical: bits 63..47 differ */
    movq (%rax), %rax
    ret

    .section .note.GNU-stack, "", @progbits
