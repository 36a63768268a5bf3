/* memcpy, memmove and memset: the compiler calls them on its own (to copy or clear a struct),
 * even in freestanding code, so the kernel must have them. In assembly, because a C++ loop
 * here could be "optimised" by the compiler into a call to memset itself. */
    .text

/* void* memcpy(void* dest %rdi, const void* src %rsi, size_t n %rdx) */
    .globl memcpy
memcpy:
    movq %rdi, %rax          /* returns dest */
    movq %rdx, %rcx
    shrq $3, %rcx            /* whole 8-byte words first: an eighth of the steps of a byte copy */
    rep movsq                /* copy %rcx words from (%rsi) to (%rdi), forwards */
    movq %rdx, %rcx
    andq $7, %rcx            /* then the last 0-7 bytes */
    rep movsb
    ret

/* void* memmove(void* dest, const void* src, size_t n): copies backwards when dest > src overlap */
    .globl memmove
memmove:
    movq %rdi, %rax
    movq %rdx, %rcx
    cmpq %rsi, %rdi
    jbe 1f                   /* dest <= src: a forward copy is safe */
    leaq -1(%rsi,%rdx), %rsi /* start from the last byte */
    leaq -1(%rdi,%rdx), %rdi
    std                      /* direction flag: rep movsb now walks downwards */
    rep movsb
    cld                      /* the ABI requires the flag clear on return */
    ret
1:  jmp memcpy              /* forwards: memcpy's word-then-byte copy is safe */

/* void* memset(void* dest %rdi, int value %esi, size_t n %rdx) */
    .globl memset
memset:
    movq %rdi, %r8
    movl %esi, %eax
    movq %rdx, %rcx
    rep stosb                /* store %al into %rcx bytes at (%rdi) */
    movq %r8, %rax
    ret

    .section .note.GNU-stack, "", @progbits
