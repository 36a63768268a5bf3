// The memory object system calls: make one (anonymous, contiguous for DMA, or over a device's
// range), learn its size and physical address, map it into the caller, unmap it.
#include "kernel/memory/physical.hpp"
#include "kernel/memory/user_memory.hpp"
#include "kernel/object/memory_object.hpp"
#include "kernel/object/resource.hpp"
#include "kernel/proc/process.hpp"
#include "kernel/syscall/handle_lookup.hpp"
#include "kernel/syscall/handlers.hpp"
#include "abi/syscalls.hpp"

namespace syscalls {
namespace {

using ipc::Rights;

constexpr Rights anonymous_rights =
    Rights::Read | Rights::Write | Rights::Transfer | Rights::Duplicate;
constexpr Rights device_rights = anonymous_rights | Rights::PhysicalAddress;

/// `bytes` as a page count: InvalidArgument for 0 or more than a memory object may hold.
Result<uint64_t> pages_for(uint64_t bytes) {
    if (bytes == 0 || bytes > max_memory_object_pages * page_size) return Error::InvalidArgument;
    return (bytes + page_size - 1) / page_size;
}

/// A handle to `object` in the caller's table with `rights`.
Result<uint64_t> hand_out(RefPtr<MemoryObject> object, Rights rights) {
    return TRY(process::current()->handles.add(ObjectRef(std::move(object)), rights));
}

/// The caller's resource behind `handle`, which must carry Manage and be of a kind in `allowed`.
Result<ResourceObject*> resource_for(uint64_t handle, bool dma_allowed) {
    ResourceObject* resource = TRY(
        object_from_handle<ResourceObject>(static_cast<ipc::Handle>(handle), Rights::Manage));
    if (resource->kind() != ResourceKind::Root && !dma_allowed) return Error::AccessDenied;
    return resource;
}

}  // namespace

Result<uint64_t> vmo_create(const SyscallFrame& frame) {
    uint64_t pages = TRY(pages_for(frame.arg[0]));
    if (process::current()->handles.count() == process::current()->handles.capacity())
        return Error::OutOfMemory;  // no room for the handle: do not allocate the frames
    return hand_out(TRY(MemoryObject::create_anonymous(pages)), anonymous_rights);
}

Result<uint64_t> vmo_create_physical(const SyscallFrame& frame) {
    TRY(resource_for(frame.arg[0], false));
    PhysAddr base(frame.arg[1]);
    uint64_t bytes = frame.arg[2];
    if (!base.is_aligned(page_size) || bytes % page_size) return Error::InvalidArgument;
    uint64_t pages = TRY(pages_for(bytes));
    if (base.value() + bytes < base.value()) return Error::InvalidArgument;  // wraps around
    if (physical::covers_ram(base, bytes)) return Error::Overlap;
    return hand_out(TRY(MemoryObject::create_physical(base, pages)), device_rights);
}

Result<uint64_t> vmo_create_contiguous(const SyscallFrame& frame) {
    TRY(resource_for(frame.arg[0], true));
    uint64_t pages = TRY(pages_for(frame.arg[1]));
    return hand_out(TRY(MemoryObject::create_contiguous(pages)), device_rights);
}

Result<uint64_t> vmo_physical_address(const SyscallFrame& frame) {
    MemoryObject* object = TRY(object_from_handle<MemoryObject>(
        static_cast<ipc::Handle>(frame.arg[0]), Rights::PhysicalAddress));
    if (object->kind() == MemoryObjectKind::Anonymous) return Error::NotPermitted;
    return object->frame(0).value();
}

Result<uint64_t> vmo_size(const SyscallFrame& frame) {
    MemoryObject* object = TRY(
        object_from_handle<MemoryObject>(static_cast<ipc::Handle>(frame.arg[0]), Rights::None));
    return object->pages() * page_size;
}

Result<uint64_t> vmo_map(const SyscallFrame& frame) {
    auto handle = static_cast<ipc::Handle>(frame.arg[0]);
    uint64_t offset = frame.arg[1], bytes = frame.arg[2], protection = frame.arg[3];
    if (protection & ~uint64_t{sys::Read | sys::Write | sys::Execute})
        return Error::InvalidArgument;
    if (protection & sys::Execute) return Error::NotPermitted;  // memory objects are data
    bool writable = (protection & sys::Write) != 0;
    Rights needed = writable ? Rights::Read | Rights::Write : Rights::Read;
    MemoryObject* object = TRY(object_from_handle<MemoryObject>(handle, needed));
    if (bytes == 0 || bytes % page_size || offset % page_size) return Error::InvalidArgument;
    uint64_t first = offset / page_size, pages = bytes / page_size;
    if (first >= object->pages() || pages > object->pages() - first)
        return Error::InvalidArgument;
    Process& p = *process::current();
    ObjectMapping* slot = nullptr;
    for (ObjectMapping& m : p.mappings)
        if (m.address == 0) { slot = &m; break; }
    if (!slot) return Error::OutOfMemory;
    VirtAddr address(p.next_map_address);
    if (!user_memory::is_user_range(address, bytes) || (address + bytes).value() > user_image_limit)
        return Error::OutOfMemory;
    UserPermissions permissions{.writable = writable, .executable = false};
    for (uint64_t i = 0; i < pages; ++i) {
        Status mapped = p.space.map_borrowed(address + i * page_size, object->frame(first + i),
                                             permissions, object->uncached());
        if (!mapped.ok()) {
            p.space.unmap_borrowed(address, i);  // all or nothing
            return mapped.error();
        }
    }
    *slot = ObjectMapping{.address = address.value(), .pages = pages,
                          .object = ObjectRef(RefPtr<MemoryObject>::share(object))};
    p.next_map_address = (address + bytes + page_size).value();  // an unmapped page between
    return address.value();
}

Result<uint64_t> vmo_unmap(const SyscallFrame& frame) {
    Process& p = *process::current();
    for (ObjectMapping& m : p.mappings) {
        if (m.address == 0 || m.address != frame.arg[0]) continue;
        p.space.unmap_borrowed(VirtAddr(m.address), m.pages);
        m = {};  // the object goes when this was its last mapping and no handle is left
        return 0;
    }
    return Error::InvalidArgument;
}

}  // namespace syscalls
