// A memory object (Zircon's VMO): pages that exist apart from any address space, so that two
// processes can map the same bytes (a file server and its client share a buffer), and a driver
// can map a device's registers or memory its device reaches by DMA. A handle names the object;
// each mapping holds a reference too, so the frames live until the last of both is gone.
#pragma once
#include <cstdint>

#include "kernel/object/kernel_object.hpp"
#include "lib/core/address.hpp"

/// Where a memory object's pages come from.
enum class MemoryObjectKind : uint8_t {
    Anonymous,   ///< zeroed RAM frames, anywhere (owned)
    Contiguous,  ///< zeroed RAM frames, one physical run for DMA (owned)
    Physical,    ///< a device's range, not RAM (not owned: nothing to free)
};

/// Pages of memory that processes map with vmo_map.
class MemoryObject final : public KernelObject {
public:
    /// For object_cast.
    static constexpr ObjectType object_type = ObjectType::MemoryObject;

    // The two creators of zeroed frames reach preemption points while they work: call them
    // from system calls only (kernel/syscall/preemption_point.hpp).
    /// `pages` zeroed frames, allocated now. OutOfMemory (nothing kept) when frames run out.
    [[nodiscard]] static Result<RefPtr<MemoryObject>> create_anonymous(uint64_t pages);
    /// `pages` zeroed frames in one physical run. OutOfMemory when no run is long enough.
    [[nodiscard]] static Result<RefPtr<MemoryObject>> create_contiguous(uint64_t pages);
    /// The device range [base, base + pages * 4096): the caller checked that it is not RAM.
    [[nodiscard]] static Result<RefPtr<MemoryObject>> create_physical(PhysAddr base,
                                                                      uint64_t pages);
    /// Gives owned frames back.
    ~MemoryObject() override;

    /// Its kind.
    [[nodiscard]] MemoryObjectKind kind() const { return kind_; }
    /// Its size in pages.
    [[nodiscard]] uint64_t pages() const { return pages_; }
    /// The frame behind page `index` (< pages()).
    [[nodiscard]] PhysAddr frame(uint64_t index) const;
    /// True when mappings must bypass the cache (device registers).
    [[nodiscard]] bool uncached() const { return kind_ == MemoryObjectKind::Physical; }

private:
    MemoryObject(MemoryObjectKind kind, uint64_t pages)
        : KernelObject(ObjectType::MemoryObject), kind_(kind), pages_(pages) {}
    /// Frees the anonymous frames held so far, between preemption points (the object is not
    /// published yet), and returns `why`: the failure path of create_anonymous.
    [[nodiscard]] Error give_back(Error why);
    MemoryObjectKind kind_;
    uint64_t pages_;
    PhysAddr base_;  // Contiguous and Physical: the first frame
    /// Anonymous: the frame of each page, a kernel heap array freed with the object.
    struct FrameArray {
        FrameArray() = default;
        FrameArray(const FrameArray&) = delete;
        FrameArray& operator=(const FrameArray&) = delete;
        ~FrameArray() { delete[] data; }
        PhysAddr* data = nullptr;
    };
    FrameArray frames_;
};

/// The largest memory object: 256 MiB, all the RAM this machine has. Larger requests are
/// InvalidArgument before any allocation is tried.
inline constexpr uint64_t max_memory_object_pages = (256ull << 20) / page_size;
