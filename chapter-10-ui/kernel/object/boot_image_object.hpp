// The boot image as a kernel object: a handle to it with the Manage right lets a process start
// programs from the image (process_spawn); the Read right lets it read the image's files
// (chapter 07's file server). The kernel gives such a handle only to the processes it starts.
#pragma once
#include "kernel/object/kernel_object.hpp"

/// The one boot image object. Its contents are in boot_programs.
class BootImageObject final : public KernelObject {
public:
    /// For object_cast.
    static constexpr ObjectType object_type = ObjectType::BootImage;
    BootImageObject() : KernelObject(ObjectType::BootImage) {}
};
