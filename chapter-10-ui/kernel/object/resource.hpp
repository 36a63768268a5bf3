// A resource: the capability to make device objects. The kernel gives one root resource to init,
// which can make anything (device memory objects, I/O port ranges, MSI vectors); init hands its
// drivers only what they need, such as a DMA resource, which can make contiguous memory and
// nothing else. A process without a resource handle cannot touch hardware at all.
#pragma once
#include <cstdint>

#include "kernel/object/kernel_object.hpp"

/// What a resource allows.
enum class ResourceKind : uint8_t {
    Root,  ///< everything: physical memory objects, I/O ports, MSI, DMA resources
    Dma,   ///< contiguous memory objects only
    Process,  ///< process_list and process_kill only: what a shell's ps and kill need
};

/// A resource object.
class ResourceObject final : public KernelObject {
public:
    /// For object_cast.
    static constexpr ObjectType object_type = ObjectType::Resource;
    /// A resource of `kind`.
    explicit ResourceObject(ResourceKind kind) : KernelObject(ObjectType::Resource), kind_(kind) {}
    /// What it allows.
    [[nodiscard]] ResourceKind kind() const { return kind_; }

private:
    ResourceKind kind_;
};
