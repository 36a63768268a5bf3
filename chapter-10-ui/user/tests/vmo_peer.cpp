// vmo_share's partner: maps the memory object it was given read-only and checks that it holds
// the bytes vmo_share wrote, then the one word vmo_share changes afterwards.
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"

int main() {
    ipc::Handle channel = startup_argument(0), vmo = startup_argument(1);
    auto size = sys::vmo_size(vmo);
    if (!size.ok()) return 11;
    auto writable = sys::vmo_map(vmo, 0, size.value(), sys::Read | sys::Write);
    print("writable mapping through the read-only handle: {}",
          error_name(writable.ok() ? Error::Ok : writable.error()));
    if (writable.ok() || writable.error() != Error::AccessDenied) return 12;
    auto address = sys::vmo_map(vmo, 0, size.value(), sys::Read);
    if (!address.ok()) return 13;
    auto* shared = reinterpret_cast<volatile const uint32_t*>(address.value());
    uint32_t words = static_cast<uint32_t>(size.value() / 4), same = 0;
    for (uint32_t i = 0; i < words; ++i) same += shared[i] == i * 2654435761u;
    print("{} of {} words as written by the other process", same, words);
    if (same != words) return 14;
    if (!sys::channel_write(channel, make_message(1)).ok()) return 15;
    ipc::Message message{};
    if (!sys::channel_read(channel, message).ok() || message.header.tag != 2) return 16;
    print("after its change the last word reads 0x{:x}", shared[words - 1]);
    return shared[words - 1] == 0xC0FFEEu ? 0 : 17;
}
