// A process's handle table: the only way a process names a kernel object. A user program holds a
// number; the kernel looks it up here and finds the object and the rights that number grants.
// Nothing else leads from user space to a kernel object, so a process can only touch what it was
// given.
//
// Handle values follow Zircon: the low 8 bits are the slot index plus 1, the upper 24 bits the
// slot's generation. The generation changes every time the slot is freed, so a handle that was
// closed stays dead even after its slot holds something else: a stale number is rejected instead
// of silently naming another process's channel. A value is never 0, which stays "no handle".
//
// Pure code over a fixed array (no heap): the kernel stores reference-counted objects in it, the
// host tests plain values.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "abi/handle.hpp"
#include "abi/rights.hpp"
#include "lib/core/result.hpp"

namespace ipc {

/// At most `Capacity` (1 to 255) objects, each with its rights, named by Handle values. `Object`
/// must be default-constructible and movable (duplicate() also needs it copyable). Not
/// thread-safe, and no lock of its own: the kernel changes a table only with interrupts off, in
/// system calls and process exit (kernel/sync/interrupts_off.hpp says what protects its state).
template <typename Object, size_t Capacity>
class HandleTable {
    static_assert(Capacity >= 1 && Capacity <= 255, "the slot index (plus 1) must fit in 8 bits");

public:
    /// What a live handle refers to.
    struct Entry {
        Object object;  ///< the kernel object (the kernel stores a RefPtr)
        Rights rights;  ///< what this handle allows
    };

    /// The largest generation; the next one after it is 1 again (never 0).
    static constexpr uint32_t max_generation = 0xFF'FFFF;

    /// Stores `object` with `rights` in the lowest free slot and returns its new handle.
    /// OutOfMemory when every slot is taken (the object is then dropped: for a RefPtr, that
    /// releases the reference; check count() first to keep it).
    [[nodiscard]] Result<Handle> add(Object object, Rights rights) {
        for (size_t i = 0; i < Capacity; ++i) {
            Slot& slot = slots_[i];
            if (slot.live) continue;
            slot.entry = Entry{std::move(object), rights};
            slot.live = true;
            ++count_;
            return encode(i, slot.generation);
        }
        return Error::OutOfMemory;
    }

    /// The entry `h` names. BadHandle when `h` is 0, its index is out of range, its slot is free
    /// or its generation is not the slot's current one (the handle was closed).
    [[nodiscard]] Result<Entry*> get(Handle h) {
        Slot* slot = find(h);
        if (slot == nullptr) return Error::BadHandle;
        return &slot->entry;
    }

    /// The entry `h` names, read-only. Errors as for the other get().
    [[nodiscard]] Result<const Entry*> get(Handle h) const {
        const Slot* slot = find(h);
        if (slot == nullptr) return Error::BadHandle;
        return &slot->entry;
    }

    /// The entry `h` names, when it grants every right in `needed`: what each system call does
    /// first. BadHandle as for get(), AccessDenied when a right is missing.
    [[nodiscard]] Result<Entry*> get_with(Handle h, Rights needed) {
        Entry* entry = TRY(get(h));
        if (!has(entry->rights, needed)) return Error::AccessDenied;
        return entry;
    }

    /// Closes `h`: takes its entry out (the object moves to the caller) and frees the slot, so `h`
    /// and every copy of it are dead from now on. BadHandle when `h` is not live.
    [[nodiscard]] Result<Entry> remove(Handle h) {
        Slot* slot = find(h);
        if (slot == nullptr) return Error::BadHandle;
        Entry out = std::move(slot->entry);
        free_slot(*slot);
        return out;
    }

    /// A second handle to the object `h` names, with `rights`. Needs Rights::Duplicate on `h`,
    /// and `rights` must be a subset of h's rights (a copy never gains a right): AccessDenied
    /// otherwise. BadHandle when `h` is not live, OutOfMemory when the table is full. Copies the
    /// object (for a RefPtr: one more reference).
    [[nodiscard]] Result<Handle> duplicate(Handle h, Rights rights) {
        Entry* entry = TRY(get_with(h, Rights::Duplicate));
        if (!is_subset(rights, entry->rights)) return Error::AccessDenied;
        return add(Object(entry->object), rights);
    }

    /// How many handles are live.
    [[nodiscard]] size_t count() const { return count_; }

    /// How many handles the table can hold at once.
    [[nodiscard]] static constexpr size_t capacity() { return Capacity; }

    /// Closes every handle and destroys the objects (process exit). Every old handle turns stale.
    void clear() {
        for (Slot& slot : slots_)
            if (slot.live) free_slot(slot);
    }

private:
    struct Slot {
        Entry entry{};            // Object{} and Rights::None while free
        uint32_t generation = 1;  // 1..max_generation; part of the live handle's value
        bool live = false;
    };

    static constexpr Handle encode(size_t index, uint32_t generation) {
        return (generation << 8) | static_cast<Handle>(index + 1);
    }

    // The live slot `h` names, or nullptr.
    const Slot* find(Handle h) const {
        uint32_t index_plus_one = h & 0xFF;  // 0 for invalid_handle and any value with no index
        if (index_plus_one == 0 || index_plus_one > Capacity) return nullptr;
        const Slot& slot = slots_[index_plus_one - 1];
        if (!slot.live || slot.generation != (h >> 8)) return nullptr;
        return &slot;
    }
    Slot* find(Handle h) { return const_cast<Slot*>(std::as_const(*this).find(h)); }

    // Destroys the slot's object now (not whenever the slot is reused) and retires its handle.
    void free_slot(Slot& slot) {
        slot.entry = Entry{};
        slot.live = false;
        slot.generation = slot.generation == max_generation ? 1 : slot.generation + 1;
        --count_;
    }

    std::array<Slot, Capacity> slots_{};
    size_t count_ = 0;
};

}  // namespace ipc
