#include "kernel/object/memory_object.hpp"

#include "kernel/memory/physical.hpp"
#include "kernel/panic.hpp"

namespace {

void zero_frame(PhysAddr frame) {
    uint8_t* bytes = physical::to_virtual(frame).as_ptr<uint8_t>();
    for (uint64_t b = 0; b < page_size; ++b) bytes[b] = 0;
}

void free_frame(PhysAddr frame) {
    if (!physical::frames().free(frame).ok())
        panic("memory object: frame 0x{:x} was not in use", frame.value());
}

}  // namespace

Result<RefPtr<MemoryObject>> MemoryObject::create_anonymous(uint64_t pages) {
    if (pages == 0 || pages > max_memory_object_pages) return Error::InvalidArgument;
    RefPtr<MemoryObject> object =
        TRY(adopt_or_fail(new (std::nothrow) MemoryObject(MemoryObjectKind::Anonymous, 0)));
    object->frames_.data = new (std::nothrow) PhysAddr[pages];
    if (!object->frames_.data) return Error::OutOfMemory;
    // pages_ counts the frames held so far: if one allocation fails, the destructor frees them.
    for (; object->pages_ < pages; ++object->pages_) {
        PhysAddr frame = TRY(physical::allocate_frame());
        zero_frame(frame);
        object->frames_.data[object->pages_] = frame;
    }
    return object;
}

Result<RefPtr<MemoryObject>> MemoryObject::create_contiguous(uint64_t pages) {
    if (pages == 0 || pages > max_memory_object_pages) return Error::InvalidArgument;
    RefPtr<MemoryObject> object =
        TRY(adopt_or_fail(new (std::nothrow) MemoryObject(MemoryObjectKind::Contiguous, 0)));
    object->base_ = TRY(physical::frames().allocate_contiguous(pages));
    object->pages_ = pages;
    for (uint64_t i = 0; i < pages; ++i) zero_frame(object->base_ + i * page_size);
    return object;
}

Result<RefPtr<MemoryObject>> MemoryObject::create_physical(PhysAddr base, uint64_t pages) {
    if (pages == 0 || !base.is_aligned(page_size)) return Error::InvalidArgument;
    RefPtr<MemoryObject> object =
        TRY(adopt_or_fail(new (std::nothrow) MemoryObject(MemoryObjectKind::Physical, pages)));
    object->base_ = base;
    return object;
}

MemoryObject::~MemoryObject() {
    switch (kind_) {
    case MemoryObjectKind::Anonymous:
        for (uint64_t i = 0; i < pages_; ++i) free_frame(frames_.data[i]);
        break;
    case MemoryObjectKind::Contiguous:
        for (uint64_t i = 0; i < pages_; ++i) free_frame(base_ + i * page_size);
        break;
    case MemoryObjectKind::Physical:
        break;  // device memory: nothing to give back
    }
}

PhysAddr MemoryObject::frame(uint64_t index) const {
    if (kind_ == MemoryObjectKind::Anonymous) return frames_.data[index];
    return base_ + index * page_size;
}
