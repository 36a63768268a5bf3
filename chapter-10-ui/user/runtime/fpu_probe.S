/* The x87/SSE registers as a test program sees them. C++ cannot name a register, and our
 * programs are built -mgeneral-regs-only, so these two are the only code touching them.
 * Both take a pointer to an FpuRegisters (user/tests/fpu_check.cpp):
 *   0..255  xmm0..xmm15, 16 bytes each
 *   256     MXCSR (32 bits)
 *   260     x87 control word (16 bits) */
    .text

/* void fpu_registers_load(const FpuRegisters* from %rdi) */
    .globl fpu_registers_load
fpu_registers_load:
    movdqu 0(%rdi), %xmm0        /* movdqu: the buffer need not be 16-byte aligned */
    movdqu 16(%rdi), %xmm1
    movdqu 32(%rdi), %xmm2
    movdqu 48(%rdi), %xmm3
    movdqu 64(%rdi), %xmm4
    movdqu 80(%rdi), %xmm5
    movdqu 96(%rdi), %xmm6
    movdqu 112(%rdi), %xmm7
    movdqu 128(%rdi), %xmm8
    movdqu 144(%rdi), %xmm9
    movdqu 160(%rdi), %xmm10
    movdqu 176(%rdi), %xmm11
    movdqu 192(%rdi), %xmm12
    movdqu 208(%rdi), %xmm13
    movdqu 224(%rdi), %xmm14
    movdqu 240(%rdi), %xmm15
    ldmxcsr 256(%rdi)            /* SSE rounding and exception masks */
    fldcw 260(%rdi)              /* x87 precision, rounding and exception masks */
    ret

/* void fpu_registers_store(FpuRegisters* to %rdi) */
    .globl fpu_registers_store
fpu_registers_store:
    movdqu %xmm0, 0(%rdi)
    movdqu %xmm1, 16(%rdi)
    movdqu %xmm2, 32(%rdi)
    movdqu %xmm3, 48(%rdi)
    movdqu %xmm4, 64(%rdi)
    movdqu %xmm5, 80(%rdi)
    movdqu %xmm6, 96(%rdi)
    movdqu %xmm7, 112(%rdi)
    movdqu %xmm8, 128(%rdi)
    movdqu %xmm9, 144(%rdi)
    movdqu %xmm10, 160(%rdi)
    movdqu %xmm11, 176(%rdi)
    movdqu %xmm12, 192(%rdi)
    movdqu %xmm13, 208(%rdi)
    movdqu %xmm14, 224(%rdi)
    movdqu %xmm15, 240(%rdi)
    stmxcsr 256(%rdi)
    fnstcw 260(%rdi)             /* fn: store without first waiting for pending x87 exceptions */
    ret

    .section .note.GNU-stack, "", @progbits
