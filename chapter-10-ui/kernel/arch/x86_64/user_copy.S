/* Copying to and from user memory without trusting it. The kernel checks that a user range
 * lies below sys::user_top before it calls this (user_memory.cpp); what it cannot check cheaply
 * is whether every page is mapped, and with the permission needed. So it just copies, and if
 * the copy faults, the page-fault handler sees that the fault came from the one instruction
 * below and resumes at user_copy_fault instead: the copy returns 1 and the system call an
 * error (BadAddress). The kernel never dies of a user's bad pointer. */
    .text

/* int user_copy(void* dest %rdi, const void* src %rsi, size_t n %rdx): 0 when done, 1 on a fault */
    .globl user_copy
user_copy:
    movq %rdx, %rcx
    .globl user_copy_instruction
user_copy_instruction:
    rep movsb                /* a fault here resumes at user_copy_fault (exceptions.cpp) */
    xorl %eax, %eax
    ret
    .globl user_copy_fault
user_copy_fault:
    movl $1, %eax
    ret

    .section .note.GNU-stack, "", @progbits
