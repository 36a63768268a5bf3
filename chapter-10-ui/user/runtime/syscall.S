/* The one place user code executes `syscall`. The C++ wrappers (syscall.hpp) call
 *   int64_t raw_syscall(uint64_t number %rdi, a0 %rsi, a1 %rdx, a2 %rcx, a3 %r8, a4 %r9)
 * and this moves the arguments to where the kernel expects them (abi/syscalls.hpp): number in
 * rax, arguments in rdi, rsi, rdx, r10, r8, r9. The CPU overwrites rcx and r11 (return address
 * and flags), which the C ABI lets a call clobber anyway. */
    .text
    .globl raw_syscall
raw_syscall:
    movq %rdi, %rax          /* number */
    movq %rsi, %rdi          /* a0 */
    movq %rdx, %rsi          /* a1 */
    movq %rcx, %rdx          /* a2 */
    movq %r8, %r10           /* a3 */
    movq %r9, %r8            /* a4 */
    syscall
    ret

    .section .note.GNU-stack, "", @progbits
