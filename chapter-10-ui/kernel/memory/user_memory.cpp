#include "kernel/memory/user_memory.hpp"

#include "abi/syscalls.hpp"

extern "C" int user_copy(void* to, const void* from, size_t size);  // user_copy.S
extern "C" const char user_copy_instruction[], user_copy_fault[];

namespace user_memory {

bool is_user_range(VirtAddr address, uint64_t size) {
    uint64_t a = address.value();
    return a >= sys::user_base && a <= sys::user_top && size <= sys::user_top - a;
}

// The one place a user address becomes a pointer, and only for user_copy, whose faults are caught.
Status copy_from_user(void* to, UserIn<uint8_t> from, size_t size) {
    // Nothing to copy, nothing to check: a program may pass (nullptr, 0), as C++'s empty spans do.
    if (size == 0) return true;
    if (!is_user_range(from.address_, size)) return Error::BadAddress;
    if (user_copy(to, from.address_.as_ptr<const void>(), size) != 0) return Error::BadAddress;
    return true;
}

Status copy_to_user(UserOut<uint8_t> to, const void* from, size_t size) {
    if (size == 0) return true;
    if (!is_user_range(to.address_, size)) return Error::BadAddress;
    if (user_copy(to.address_.as_ptr<void>(), from, size) != 0) return Error::BadAddress;
    return true;
}

bool recover_from_fault(uint64_t& rip, uint64_t fault_address) {
    if (rip != reinterpret_cast<uint64_t>(user_copy_instruction) ||
        !is_user_range(VirtAddr(fault_address), 1))
        return false;
    rip = reinterpret_cast<uint64_t>(user_copy_fault);
    return true;
}

}  // namespace user_memory
