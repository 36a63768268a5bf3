/* Small CPU helpers, called from C++ with the System V calling convention:
 * first argument in %rdi, second in %rsi, result in %rax. */
    .text

/* void cpu_out8(uint16_t port, uint8_t value) */
    .globl cpu_out8
cpu_out8:
    movw %di, %dx          /* the port number must be in %dx */
    movb %sil, %al         /* the byte must be in %al */
    outb %al, %dx
    ret

/* uint8_t cpu_in8(uint16_t port) */
    .globl cpu_in8
cpu_in8:
    movw %di, %dx
    xorl %eax, %eax
    inb %dx, %al
    ret

/* void cpu_halt_forever(void): with interrupts off, hlt never returns; loop in case of an NMI. */
    .globl cpu_halt_forever
cpu_halt_forever:
    cli
1:  hlt
    jmp 1b


    .section .note.GNU-stack, "", @progbits   /* no executable stack */
