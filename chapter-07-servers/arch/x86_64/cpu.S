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

/* uint64_t cpu_read_msr(uint32_t msr): rdmsr takes the number in %ecx, returns %edx:%eax */
    .globl cpu_read_msr
cpu_read_msr:
    movl %edi, %ecx
    rdmsr
    shlq $32, %rdx
    orq %rdx, %rax
    ret

/* void cpu_write_msr(uint32_t msr, uint64_t value): wrmsr writes %edx:%eax to MSR %ecx */
    .globl cpu_write_msr
cpu_write_msr:
    movl %edi, %ecx
    movl %esi, %eax
    movq %rsi, %rdx
    shrq $32, %rdx
    wrmsr
    ret

    .globl cpu_read_cr0
cpu_read_cr0:
    movq %cr0, %rax
    ret

    .globl cpu_write_cr0
cpu_write_cr0:
    movq %rdi, %cr0
    ret

    .globl cpu_read_cr3
cpu_read_cr3:
    movq %cr3, %rax
    ret

/* void cpu_idle_forever(void): no sti here, the caller decides whether interrupts may wake us */
    .globl cpu_idle_forever
cpu_idle_forever:
1:  hlt
    jmp 1b

    .globl cpu_read_cr2
cpu_read_cr2:
    movq %cr2, %rax
    ret

    .globl cpu_write_cr3
cpu_write_cr3:
    movq %rdi, %cr3          /* also flushes every non-global TLB entry */
    ret

    .globl cpu_invalidate_page
cpu_invalidate_page:
    invlpg (%rdi)
    ret

    .globl cpu_save_and_disable_interrupts
cpu_save_and_disable_interrupts:
    pushfq
    popq %rax
    cli
    ret

    .globl cpu_restore_interrupts
cpu_restore_interrupts:
    testq $0x200, %rdi       /* IF, bit 9 of RFLAGS */
    jz 1f
    sti
1:  ret

    .globl cpu_enable_interrupts
cpu_enable_interrupts:
    sti
    ret

    .globl cpu_wait_for_interrupt
cpu_wait_for_interrupt:
    sti                      /* sti takes effect after the next instruction: no gap before hlt */
    hlt
    ret

    .globl cpu_read_tsc
cpu_read_tsc:
    rdtsc
    shlq $32, %rdx
    orq %rdx, %rax
    ret

    .globl cpu_read_cr4
cpu_read_cr4:
    movq %cr4, %rax
    ret

    .globl cpu_write_cr4
cpu_write_cr4:
    movq %rdi, %cr4
    ret

/* void cpu_fpu_load(const void* area): area must be 16-byte aligned, or fxrstor64 raises #GP */
    .globl cpu_fpu_load
cpu_fpu_load:
    fxrstor64 (%rdi)
    ret
/* void cpu_fpu_save(void* area): the same layout and alignment as cpu_fpu_load */
    .globl cpu_fpu_save
cpu_fpu_save:
    fxsave64 (%rdi)
    ret

    .section .note.GNU-stack, "", @progbits   /* no executable stack */
