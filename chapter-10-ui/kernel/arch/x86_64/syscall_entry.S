/* The kernel side of the syscall instruction, and the first jump to ring 3.
 *
 * syscall does very little: it saves the user RIP in rcx and RFLAGS in r11, loads CS/SS from
 * STAR, clears the RFLAGS bits in FMASK (interrupts among them) and jumps here, still on the
 * user's stack. So the first job is to move to the task's kernel stack. With interrupts off and
 * one CPU, a plain variable is enough to park the user RSP for a moment; with several CPUs each
 * would need its own (swapgs and a per-CPU area).
 *
 * Interrupts stay off for the whole system call: the kernel is not preemptible, as in seL4.
 * System calls are short and bounded; one that must wait (sleep, a read on an empty channel)
 * blocks explicitly, and the scheduler runs someone else meanwhile. */
    .text
    .globl syscall_entry
syscall_entry:
    movq %rsp, syscall_user_stack(%rip)
    movq syscall_kernel_stack(%rip), %rsp
    /* A SyscallFrame (kernel/syscall/syscall_frame.hpp), built from the bottom up. */
    pushq syscall_user_stack(%rip)  /* user rsp */
    pushq %r11                      /* user rflags */
    pushq %rcx                      /* user rip: where sysret returns */
    pushq %rax                      /* the system call number */
    pushq %r9
    pushq %r8
    pushq %r10
    pushq %rdx
    pushq %rsi
    pushq %rdi
    /* syscall_dispatch(SyscallFrame*); the 10 pushes keep RSP 16-aligned for the call */
    movq %rsp, %rdi
    cld
    call syscall_dispatch           /* rbx, rbp, r12-r15 survive the call (the C ABI) */
    addq $56, %rsp                  /* drop the arguments and the number */
    popq %rcx
    popq %r11
    /* The other caller-saved registers hold whatever the kernel left there: clear them, so
     * no kernel value leaks to user space. rax holds the result. */
    xorl %edi, %edi
    xorl %esi, %esi
    xorl %edx, %edx
    xorl %r8d, %r8d
    xorl %r9d, %r9d
    xorl %r10d, %r10d
    popq %rsp
    /* sysretq with a non-canonical rcx would fault in ring 0 on the user's stack. rcx is the
     * address after the user's syscall instruction, and the page below sys::user_top is never
     * mapped, so it is always canonical. */
    sysretq

/* void enter_user_mode(uint64_t entry %rdi, uint64_t stack_top %rsi,
 *                      const uint64_t arguments[4] %rdx):
 * an interrupt frame for iretq, as if ring 3 had been interrupted at `entry`: ss, rsp, rflags,
 * cs, rip. The four startup arguments go to rdi, rsi, rdx, rcx, where crt0 passes them on to
 * runtime_start as its parameters; every other register is zero. */
    .globl enter_user_mode
enter_user_mode:
    pushq $0x1b                     /* gdt::user_data */
    pushq %rsi
    pushq $0x202                    /* RFLAGS: IF set, and bit 1, which is always 1 */
    pushq $0x23                     /* gdt::user_code */
    pushq %rdi
    movq %rdx, %rax
    movq 0(%rax), %rdi
    movq 8(%rax), %rsi
    movq 16(%rax), %rdx
    movq 24(%rax), %rcx
    xorl %eax, %eax
    xorl %ebx, %ebx
    xorl %ebp, %ebp
    xorl %r8d, %r8d
    xorl %r9d, %r9d
    xorl %r10d, %r10d
    xorl %r11d, %r11d
    xorl %r12d, %r12d
    xorl %r13d, %r13d
    xorl %r14d, %r14d
    xorl %r15d, %r15d
    iretq

    .data
    .globl syscall_kernel_stack
syscall_kernel_stack:
    .quad 0                         /* the running task's kernel stack top (user_mode.cpp) */
syscall_user_stack:
    .quad 0                         /* the user RSP, for the few instructions until it is pushed */

    .section .note.GNU-stack, "", @progbits
