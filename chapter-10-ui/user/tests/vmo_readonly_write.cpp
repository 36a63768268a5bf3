// Writes through a read-only mapping of a memory object: the kernel must kill it with a page
// fault (exit code 128 + 14), and asking for a writable mapping through a read-only handle must
// fail first.
#include "user/runtime/objects.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"

int main() {
    auto vmo = sys::vmo_create(4096);
    if (!vmo.ok()) return 1;
    auto read_only = sys::handle_duplicate(vmo.value(), ipc::Rights::Read);
    if (!read_only.ok()) return 2;
    auto writable = sys::vmo_map(read_only.value(), 0, 4096, sys::Read | sys::Write);
    print("writable mapping through a read-only handle: {}",
          error_name(writable.ok() ? Error::Ok : writable.error()));
    if (writable.ok()) return 3;
    auto address = sys::vmo_map(read_only.value(), 0, 4096, sys::Read);
    if (!address.ok()) return 4;
    auto* byte = reinterpret_cast<volatile uint8_t*>(address.value());
    print("read-only mapping reads {}; now writing to it", uint32_t{*byte});
    *byte = 1;
    print("the write went through");
    return 5;
}
