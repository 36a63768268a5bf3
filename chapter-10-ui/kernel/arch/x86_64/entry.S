/* _start: the kernel's first instruction, the ELF entry point the loader jumps to.
 *
 * On entry: %rdi = BootInfo* (a direct-map address), %rsp = a stack the loader allocated,
 * the loader's page tables loaded, interrupts disabled. The .bss is already zero: the loader
 * fills every segment's memory past its file data with zeros, as ELF requires. */
    .text
    .globl _start
_start:
    leaq boot_stack_top(%rip), %rsp   /* our own stack (linker.ld), with a guard page below it */
    xorl %ebp, %ebp                   /* the end of every backtrace */
    call kernel_main        /* kernel_main(const BootInfo*) never returns... */
1:  cli                     /* ...but if it did, stop here rather than run off into memory */
    hlt
    jmp 1b

    .section .note.GNU-stack, "", @progbits
