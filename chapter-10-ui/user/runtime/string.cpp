// C string functions user programs need (memcpy, memmove and memset are the kernel's assembly
// versions, shared: see shared/mk/user.mk).
#include <cstddef>

/// Length of the NUL-terminated string `s`.
extern "C" size_t strlen(const char* s) {
    size_t n = 0;
    while (s[n]) ++n;
    return n;
}

/// Compares `n` bytes: <0, 0 or >0 as in C. The compiler calls it for == on byte arrays
/// (std::array's, e.g. net::MacAddress).
extern "C" int memcmp(const void* a, const void* b, size_t n) {
    const auto* x = static_cast<const unsigned char*>(a);
    const auto* y = static_cast<const unsigned char*>(b);
    for (size_t i = 0; i < n; ++i)
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
}
