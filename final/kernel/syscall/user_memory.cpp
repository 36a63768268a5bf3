// @chapter 05-processes
#include "kernel/syscall/user_memory.hpp"

#include "lib/syscalls.hpp"

extern "C" int user_copy(void* to, const void* from, size_t size);  // user_copy.S
extern "C" const char user_copy_instruction[], user_copy_fault[];

namespace user_memory {

bool is_user_range(uint64_t address, uint64_t size) {
    return address >= sys::user_base && address <= sys::user_top && size <= sys::user_top - address;
}

Status copy_from_user(void* to, uint64_t from, size_t size) {
    // Nothing to copy, nothing to check: a program may pass (nullptr, 0), as C++'s empty spans do.
    if (size == 0) return true;
    if (!is_user_range(from, size)) return Error::BadAddress;
    if (user_copy(to, reinterpret_cast<const void*>(from), size) != 0) return Error::BadAddress;
    return true;
}

Status copy_to_user(uint64_t to, const void* from, size_t size) {
    if (size == 0) return true;
    if (!is_user_range(to, size)) return Error::BadAddress;
    if (user_copy(reinterpret_cast<void*>(to), from, size) != 0) return Error::BadAddress;
    return true;
}

bool recover_from_fault(uint64_t& rip, uint64_t fault_address) {
    if (rip != reinterpret_cast<uint64_t>(user_copy_instruction) || !is_user_range(fault_address, 1)) return false;
    rip = reinterpret_cast<uint64_t>(user_copy_fault);
    return true;
}

}  // namespace user_memory
