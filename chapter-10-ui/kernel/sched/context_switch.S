/* void context_switch(uint64_t* save_rsp %rdi, uint64_t load_rsp %rsi,
 *                     FpuState* save_fpu %rdx, const FpuState* load_fpu %rcx,
 *                     uint64_t load_cr3 %r8)
 *
 * Stops the current task and resumes another. Only the callee-saved registers need saving: the
 * caller (C++) already assumes every other register is clobbered by a call. They go on the old
 * stack, the stack pointer goes into *save_rsp, then the new task's stack is loaded and its
 * registers popped: `ret` returns wherever the new task last called context_switch from.
 * The x87/SSE registers are another matter: the kernel never uses them (-mgeneral-regs-only), so
 * they still hold what the old task's user code left there, which no caller saved. They are
 * switched eagerly, at every switch (fpu.hpp; chapter 04 says why not lazily).
 * load_cr3, when not 0, is the new task's page table root: loaded once the old task's state is
 * saved, so that saving it still finds its pages in the TLB, which the load empties.
 *
 * From chapter 06 on, the x87/SSE registers are switched before the call, only for the tasks
 * that use them (scheduler.cpp, switch_fpu), and the signature is
 * context_switch(save_rsp %rdi, load_rsp %rsi, load_cr3 %rdx).
 */
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
    testq %rdx, %rdx
    jz 1f
    movq %rdx, %cr3
1:  movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret

    .globl task_trampoline
task_trampoline:
    sti
    movq %r13, %rdi
    call *%r12
    call scheduler_exit_current   /* the entry returned: the task is finished (never returns) */
    ud2

    .section .note.GNU-stack, "", @progbits
