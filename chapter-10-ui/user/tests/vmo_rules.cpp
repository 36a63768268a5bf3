// The rules of memory objects and device resources, broken on purpose and kept: each call
// prints its outcome, and the exit code counts the unexpected ones. Runs with the root resource
// (startup argument 3), as the kernel's programs get it.
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"

namespace {

int mismatches = 0;

template <typename T>
Error outcome(const Result<T>& r) { return r.ok() ? Error::Ok : r.error(); }

template <typename T>
void check(StringView what, const Result<T>& got, Error expected) {
    print("{}: {}", what, error_name(outcome(got)));
    if (outcome(got) != expected) ++mismatches;
}

constexpr uint64_t mib = 1ull << 20;

/// Creates, maps, writes, unmaps and closes a 1 MiB object `cycles` times: with a leak of its
/// frames, 256 MiB of RAM would run out long before the end.
bool cycle(int cycles) {
    for (int i = 0; i < cycles; ++i) {
        auto vmo = sys::vmo_create(mib);
        if (!vmo.ok()) {
            print("cycle {}: vmo_create: {}", i, error_name(vmo.error()));
            return false;
        }
        auto address = sys::vmo_map(vmo.value(), 0, mib, sys::Read | sys::Write);
        if (!address.ok()) return false;
        auto* bytes = reinterpret_cast<volatile uint8_t*>(address.value());
        if (bytes[mib - 1] != 0) return false;  // fresh objects are zeroed
        bytes[0] = 0xA5;
        bytes[mib - 1] = 0xA5;
        if (!sys::vmo_unmap(address.value()).ok() || !sys::handle_close(vmo.value()).ok())
            return false;
    }
    return true;
}

}  // namespace

int main() {
    ipc::Handle root = startup_argument(3);
    auto vmo = sys::vmo_create(3 * 4096 - 100);
    check("vmo_create of 3 pages less 100 bytes", vmo, Error::Ok);
    if (!vmo.ok()) return 100;
    auto size = sys::vmo_size(vmo.value());
    print("its size: {} bytes", size.ok() ? size.value() : 0);
    if (!size.ok() || size.value() != 3 * 4096) ++mismatches;
    check("map it executable", sys::vmo_map(vmo.value(), 0, 4096, sys::Read | sys::Execute),
          Error::NotPermitted);
    check("map past its end", sys::vmo_map(vmo.value(), 4096, 3 * 4096, sys::Read),
          Error::InvalidArgument);
    check("its physical address", sys::vmo_physical_address(vmo.value()), Error::AccessDenied);
    check("vmo_create of 1 TiB", sys::vmo_create(1ull << 40), Error::InvalidArgument);
    check("vmo_create of 0 bytes", sys::vmo_create(0), Error::InvalidArgument);
    // Allowed in size, but more than the machine has free: refused, and no frame kept.
    check("vmo_create of 256 MiB", sys::vmo_create(256 * mib), Error::OutOfMemory);

    // A mapping keeps the object alive after its handle is closed.
    auto address = sys::vmo_map(vmo.value(), 4096, 4096, sys::Read | sys::Write);
    check("map its second page writable", address, Error::Ok);
    if (!address.ok()) return 101;
    auto* word = reinterpret_cast<volatile uint64_t*>(address.value());
    *word = 0x1234'5678'9ABC'DEF0ull;
    (void)sys::handle_close(vmo.value());
    print("after closing the handle the mapping still reads 0x{:x}", uint64_t{*word});
    if (*word != 0x1234'5678'9ABC'DEF0ull) ++mismatches;
    check("unmap_memory over it", sys::unmap_memory(address.value(), 4096), Error::NotPermitted);
    check("vmo_unmap inside it, not at its start", sys::vmo_unmap(address.value() + 8),
          Error::InvalidArgument);
    check("vmo_unmap it", sys::vmo_unmap(address.value()), Error::Ok);
    check("vmo_unmap it again", sys::vmo_unmap(address.value()), Error::InvalidArgument);

    // Device memory: never over RAM; a range that is not RAM maps uncached.
    check("vmo_create_physical over RAM at 1 MiB", sys::vmo_create_physical(root, mib, 4096),
          Error::Overlap);
    check("vmo_create_physical unaligned", sys::vmo_create_physical(root, 0xFED0'0010, 4096),
          Error::InvalidArgument);
    check("vmo_create_physical without a resource", sys::vmo_create_physical(0, 0xFED0'0000, 4096),
          Error::BadHandle);
    auto hpet = sys::vmo_create_physical(root, 0xFED0'0000, 4096);
    check("vmo_create_physical of the HPET's registers", hpet, Error::Ok);
    if (hpet.ok()) {
        auto registers = sys::vmo_map(hpet.value(), 0, 4096, sys::Read);
        check("map them", registers, Error::Ok);
        if (registers.ok()) {
            uint32_t capabilities = *reinterpret_cast<volatile uint32_t*>(registers.value());
            print("HPET vendor id 0x{:x}", capabilities >> 16);
            if ((capabilities >> 16) != 0x8086) ++mismatches;  // QEMU's HPET says Intel
        }
        check("their physical address", sys::vmo_physical_address(hpet.value()), Error::Ok);
    }

    // Contiguous memory for DMA: its physical address needs the PhysicalAddress right.
    auto dma = sys::resource_create_dma(root);
    check("resource_create_dma", dma, Error::Ok);
    if (!dma.ok()) return 102;
    auto buffer = sys::vmo_create_contiguous(dma.value(), 2 * 4096);
    check("vmo_create_contiguous from the DMA resource", buffer, Error::Ok);
    if (!buffer.ok()) return 103;
    auto physical = sys::vmo_physical_address(buffer.value());
    check("its physical address", physical, Error::Ok);
    if (physical.ok() && (physical.value() == 0 || physical.value() % 4096)) ++mismatches;
    auto narrow = sys::handle_duplicate(buffer.value(), ipc::Rights::Read | ipc::Rights::Write);
    if (!narrow.ok()) return 104;
    check("its physical address through a handle without the right",
          sys::vmo_physical_address(narrow.value()), Error::AccessDenied);
    check("vmo_create_physical from the DMA resource",
          sys::vmo_create_physical(dma.value(), 0xFED0'0000, 4096), Error::AccessDenied);
    check("ioports_create from the DMA resource", sys::ioports_create(dma.value(), 0xCF8, 8),
          Error::AccessDenied);
    check("resource_create_dma from the DMA resource", sys::resource_create_dma(dma.value()),
          Error::AccessDenied);

    // Port I/O of four bytes: PCI configuration space, the host bridge's vendor and device.
    auto pci = sys::ioports_create(root, 0xCF8, 8);
    check("ioports_create for 0xCF8..0xCFF", pci, Error::Ok);
    if (pci.ok()) {
        check("port_out of 4 bytes", sys::port_out(pci.value(), 0xCF8, 0x8000'0000u, 4),
              Error::Ok);
        auto id = sys::port_in(pci.value(), 0xCFC, 4);
        check("port_in of 4 bytes", id, Error::Ok);
        print("PCI 00:00.0 vendor 0x{:x} device 0x{:x}", id.ok() ? id.value() & 0xFFFF : 0,
              id.ok() ? id.value() >> 16 : 0);
        if (!id.ok() || (id.value() & 0xFFFF) != 0x8086) ++mismatches;
        check("port_in of 4 bytes past the range's end", sys::port_in(pci.value(), 0xCFE, 4),
              Error::AccessDenied);
        check("port_in of 3 bytes", sys::port_in(pci.value(), 0xCFC, 3), Error::InvalidArgument);
        check("port_out of a value too wide", sys::port_out(pci.value(), 0xCFC, 0x1FF, 1),
              Error::InvalidArgument);
    }

    // MSI: only from the root resource.
    check("interrupt_create_msi without a handle", sys::interrupt_create_msi(0),
          Error::BadHandle);
    check("interrupt_create_msi from the DMA resource", sys::interrupt_create_msi(dma.value()),
          Error::AccessDenied);
    auto msi = sys::interrupt_create_msi(root);
    check("interrupt_create_msi from the root resource", msi, Error::Ok);
    if (msi.ok()) {
        print("MSI address 0x{:x} data {}", msi.value().address, msi.value().data);
        if ((msi.value().address & ~0xFF000ull) != 0xFEE0'0000ull) ++mismatches;
    }

    bool cycled = cycle(1000);
    print("1000 create/map/unmap/close cycles of 1 MiB: {}", cycled ? "done" : "failed");
    if (!cycled) ++mismatches;
    print("{} unexpected outcomes", mismatches);
    return mismatches;
}
