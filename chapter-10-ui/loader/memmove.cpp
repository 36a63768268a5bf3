// memmove for the loader. The compiler calls memcpy, memset and memmove on its own, even in
// freestanding code (lib/gfx scrolls the framebuffer with memmove). GNU-EFI's library brings memcpy
// and memset but no memmove, and an undefined symbol in the loader (a shared object) links without
// a word and jumps to nowhere at run time: loader.mk now refuses undefined symbols.
#include <cstddef>

#include "loader/efi.hpp"

/// Copies `size` bytes from `from` to `to`, which may overlap: GNU-EFI's CopyMem copies backwards
/// when the destination lies above the source.
extern "C" void* memmove(void* to, const void* from, size_t size) {
    CopyMem(to, from, size);
    return to;
}
