// Kernel objects, Zircon's model: everything a process can name (a channel endpoint, the boot
// image, later I/O ports and interrupts) is an object with a reference count. A process never
// holds a pointer to one, only a handle: an index into its own handle table (lib/ipc/
// handle_table.hpp) whose entry holds a reference and the rights that handle grants.
#pragma once
#include <cstdint>
#include <utility>

#include "kernel/memory/try_new.hpp"
#include "kernel/sync/interrupts_off.hpp"
#include "lib/core/deferred_destroy.hpp"
#include "lib/core/ref_ptr.hpp"

/// What kind of object a KernelObject is (the kernel has no RTTI: this replaces dynamic_cast).
enum class ObjectType : uint8_t {
    ChannelEndpoint,  ///< one end of a channel (kernel/ipc/channel.hpp)
    BootImage,        ///< the boot image: spawn programs from it, read its files
    IoPorts,          ///< a range of I/O ports a driver may use
    Interrupt,        ///< a device interrupt line delivered as channel messages
    MemoryObject,     ///< pages processes can map (kernel/object/memory_object.hpp)
    Resource,         ///< the right to make device objects (kernel/object/resource.hpp)
    WaitSet,          ///< several channel endpoints waited on at once (kernel/object/wait_set.hpp)
};

/// The base of every object a handle can refer to. Freed when the last reference goes, through
/// the kernel's "to be destroyed" list: an object may hold references to others (a channel
/// endpoint's queued messages do), and destroying one never nests inside destroying another, so
/// the stack stays bounded however deeply a user nests them (lib/core/deferred_destroy.hpp).
class KernelObject : public RefCounted, public DeferredDestroy {
public:
    ~KernelObject() override = default;
    /// Which kind of object this is.
    [[nodiscard]] ObjectType type() const { return type_; }

    /// What RefPtr calls when the last reference goes: deletes `object` and what it held, one
    /// object at a time. Interrupts off: nothing else runs until the list is empty.
    static void destroy(KernelObject* object) {
        InterruptsOff off;
        DeferredDestroy::destroy(object);
    }

protected:
    /// For the constructor of each kind of object, which says which kind it is.
    explicit KernelObject(ObjectType type) : type_(type) {}

private:
    ObjectType type_;
};

/// A reference to some kernel object, as handle tables and messages keep them.
using ObjectRef = RefPtr<KernelObject>;

/// The first reference to `object`, fresh from `new (std::nothrow)`: OutOfMemory when the
/// allocation failed (`object` is null). Objects a process asks for are made this way.
template <typename T>
[[nodiscard]] Result<RefPtr<T>> adopt_or_fail(T* object) {
    if (object == nullptr) return Error::OutOfMemory;
    return RefPtr<T>::adopt(object);
}

/// A new T (constructed from `args`) and the first reference to it, or OutOfMemory.
template <typename T, typename... Args>
[[nodiscard]] Result<RefPtr<T>> try_make_object(Args&&... args) {
    return adopt_or_fail(new (std::nothrow) T(std::forward<Args>(args)...));
}

/// `object` as a T when it is one (T::object_type says which type T is), else nullptr.
template <typename T>
[[nodiscard]] T* object_cast(const ObjectRef& object) {
    if (!object || object->type() != T::object_type) return nullptr;
    return static_cast<T*>(object.get());
}
