/* Interrupt entry. The CPU jumps to the stub of the vector; the stub makes every vector look
 * alike (an error code is always there: the CPU pushes one for some exceptions, the stub a 0 for
 * the others), pushes the vector number, and joins interrupt_common, which saves the registers
 * into an InterruptFrame (interrupt_frame.hpp) and calls interrupt_dispatch(frame). */
    .text

.macro STUB vector, has_error_code
    .align 16
stub_\vector:
    .if \has_error_code == 0
    pushq $0
    .endif
    pushq $\vector
    jmp interrupt_common
.endm

/* The exceptions that push an error code: #DF 8, #TS 10, #NP 11, #SS 12, #GP 13, #PF 14,
 * #AC 17, #CP 21, #VC 29, #SX 30. */
    STUB 0, 0
    STUB 1, 0
    STUB 2, 0
    STUB 3, 0
    STUB 4, 0
    STUB 5, 0
    STUB 6, 0
    STUB 7, 0
    STUB 8, 1
    STUB 9, 0
    STUB 10, 1
    STUB 11, 1
    STUB 12, 1
    STUB 13, 1
    STUB 14, 1
    STUB 15, 0
    STUB 16, 0
    STUB 17, 1
    STUB 18, 0
    STUB 19, 0
    STUB 20, 0
    STUB 21, 1
    STUB 22, 0
    STUB 23, 0
    STUB 24, 0
    STUB 25, 0
    STUB 26, 0
    STUB 27, 0
    STUB 28, 0
    STUB 29, 1
    STUB 30, 1
    STUB 31, 0

/* Hardware interrupts (IRQs): vectors 32-47, and 255 for the local APIC's spurious interrupt. */
    .irp vector, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,255
    STUB \vector, 0
    .endr

interrupt_common:
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, %rdi         /* the InterruptFrame* argument */
    cld                     /* the ABI wants the direction flag clear */
    /* The CPU aligned RSP to 16 before its pushes; 22 quadwords later it is aligned again. */
    call interrupt_dispatch
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
    addq $16, %rsp          /* drop the vector and the error code */
    iretq

/* The stubs' addresses, for idt.cpp. */
    .section .rodata
    .globl interrupt_stub_table
interrupt_stub_table:
    .irp vector, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    .quad stub_\vector
    .endr
    .irp vector, 16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad stub_\vector
    .endr

    .globl irq_stub_table
irq_stub_table:
    .irp vector, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
    .quad stub_\vector
    .endr
    .globl spurious_stub
spurious_stub:
    .quad stub_255

    .section .note.GNU-stack, "", @progbits
