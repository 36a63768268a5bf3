    .text

/* void gdt_load(const DescriptorTablePointer* gdt %rdi, uint16_t code %si, uint16_t data %dx) */
    .globl gdt_load
gdt_load:
    lgdt (%rdi)
    movw %dx, %ds           /* data segments: the new kernel data selector */
    movw %dx, %es
    movw %dx, %ss
    xorl %eax, %eax         /* fs and gs: null (their bases are set through MSRs when needed) */
    movw %ax, %fs
    movw %ax, %gs
    /* CS cannot be moved into: return "far" to the next instruction with the new selector. */
    movzwq %si, %rsi
    pushq %rsi              /* the new CS */
    leaq 1f(%rip), %rax
    pushq %rax              /* the new RIP */
    lretq
1:  ret

/* void tss_load(uint16_t selector %di) */
    .globl tss_load
tss_load:
    ltr %di
    ret

/* void idt_load(const DescriptorTablePointer* idt %rdi) */
    .globl idt_load
idt_load:
    lidt (%rdi)
    ret

    .section .note.GNU-stack, "", @progbits
