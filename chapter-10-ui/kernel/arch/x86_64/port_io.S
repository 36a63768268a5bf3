/* Port I/O of two and four bytes (cpu.S has the one-byte forms): PCI configuration space and
 * device registers behind I/O BARs are 16 and 32 bits wide. */
    .text

/* void cpu_out16(uint16_t port, uint16_t value) */
    .globl cpu_out16
cpu_out16:
    movw %di, %dx
    movw %si, %ax
    outw %ax, %dx
    ret

/* void cpu_out32(uint16_t port, uint32_t value) */
    .globl cpu_out32
cpu_out32:
    movw %di, %dx
    movl %esi, %eax
    outl %eax, %dx
    ret

/* uint16_t cpu_in16(uint16_t port) */
    .globl cpu_in16
cpu_in16:
    movw %di, %dx
    xorl %eax, %eax
    inw %dx, %ax
    ret

/* uint32_t cpu_in32(uint16_t port) */
    .globl cpu_in32
cpu_in32:
    movw %di, %dx
    inl %dx, %eax
    ret

    .section .note.GNU-stack, "", @progbits   /* no executable stack */
