/* jump_to_kernel(page_table_root %rdi, stack_top %rsi, entry %rdx, info %rcx)
 *
 * From here on the firmware is gone (ExitBootServices ran). We switch to the kernel's page
 * tables: this code keeps running because the loader's pages are identity-mapped in them too. */
    .text
    .globl jump_to_kernel
jump_to_kernel:
    cli                      /* no interrupts until the kernel has its own IDT */
    movq %rdi, %cr3          /* the kernel's address space; flushes the TLB */
    movq %rsi, %rsp          /* the kernel's stack (a direct-map address) */
    movq %rcx, %rdi          /* BootInfo*: the first argument of kernel_main */
    xorl %ebp, %ebp          /* a zero frame pointer ends every backtrace here */
    jmpq *%rdx               /* _start: %rsp is 16-byte aligned, as before a call */

    .section .note.GNU-stack, "", @progbits
