/* void context_switch(uint64_t* save_rsp %rdi, uint64_t load_rsp %rsi)
 *
 * Stops the current task and resumes another. Only the callee-saved registers need saving: the
 * caller (C++) already assumes every other register is clobbered by a call. They go on the old
 * stack, the stack pointer goes into *save_rsp, then the new task's stack is loaded and its
 * registers popped: `ret` returns wherever the new task last called context_switch from.
 * The kernel uses no SSE/x87 (-mgeneral-regs-only), so there is no FPU state to save. */
    .text
    .globl context_switch
context_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret

/* A new task's first "return" from context_switch lands here (scheduler.cpp builds the stack):
 * %r12 = the entry function, %r13 = its argument. A new task starts outside any interrupt
 * handler, so it enables interrupts itself. */
    .globl task_trampoline
task_trampoline:
    sti
    movq %r13, %rdi
    call *%r12
    call scheduler_exit_current   /* the entry returned: the task is finished (never returns) */
    ud2

    .section .note.GNU-stack, "", @progbits
