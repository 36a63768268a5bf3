#include "kernel/object/memory_object.hpp"

// Zeroing is the cost of a memory object: up to 65,536 frames, and a system call runs with
// interrupts off. Two things keep that short. Each frame is zeroed with rep stosq
// (kernel/memory/zero_frame.hpp), and every frames_per_piece frames the call reaches a
// preemption point (kernel/syscall/preemption_point.hpp), where a pending tick is taken and may
// run another task. So interrupts are never off for more than one piece, a fraction of a
// millisecond, whatever the size: a request for 256 MiB takes about 0.3 s on QEMU's virtual
// clock, and a neighbour's 10 ms sleeps still end on time (tests/scenarios/ch09_kernel.py).
// A request larger than memory gives its frames back the same way (give_back). Zeroing lazily
// on the first fault would need demand paging, which this kernel does not have.
#include "kernel/memory/physical.hpp"
#include "kernel/panic.hpp"
#include "kernel/memory/zero_frame.hpp"
#include "kernel/syscall/preemption_point.hpp"

namespace {

/// Frames zeroed between two preemption points: 128 KiB.
constexpr uint64_t frames_per_piece = 32;

/// Between pieces: the object being built is known only to the caller's stack, so other tasks
/// may run here (see preemption_point.hpp).
void between_pieces(uint64_t frames_done) {
    if (frames_done != 0 && frames_done % frames_per_piece == 0) syscalls::preemption_point();
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
        between_pieces(object->pages_);
        // Out of frames: hand back what this call holds (every free frame, for a request larger
        // than memory) in pieces too, rather than all at once in the destructor.
        if (physical::frames().free_frames() == 0) return object->give_back(Error::OutOfMemory);
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
    for (uint64_t i = 0; i < pages; ++i) {
        between_pieces(i);
        zero_frame(object->base_ + i * page_size);
    }
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

Error MemoryObject::give_back(Error why) {
    for (uint64_t freed = 0; pages_ > 0; --pages_, ++freed) {
        between_pieces(freed);
        free_frame(frames_.data[pages_ - 1]);
    }
    return why;
}

PhysAddr MemoryObject::frame(uint64_t index) const {
    if (kind_ == MemoryObjectKind::Anonymous) return frames_.data[index];
    return base_ + index * page_size;
}
