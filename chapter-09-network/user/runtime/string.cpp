// C string functions user programs need (memcpy, memmove and memset are the kernel's assembly
// versions, shared: see shared/mk/user.mk).
#include <cstddef>

/// Length of the NUL-terminated string `s`.
extern "C" size_t strlen(const char* s) {
    size_t n = 0;
    while (s[n]) ++n;
    return n;
}
