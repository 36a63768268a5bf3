/* Questions a test program asks the CPU directly, for the scenarios. */
    .text

/* uint16_t read_code_segment(): the CS selector; its low two bits are the ring we run in. */
    .globl read_code_segment
read_code_segment:
    movw %cs, %ax
    movzwl %ax, %eax
    ret

/* void try_privileged_instruction(): hlt, allowed in ring 0 only. In ring 3 it raises #GP. */
    .globl try_privileged_instruction
try_privileged_instruction:
    hlt
    ret

    .section .note.GNU-stack, "", @progbits
