// Intrusive reference counting, after Zircon's RefPtr: the count lives inside the object, so a
// kernel object shared by many handles, messages and waiters is freed exactly when the last of
// them lets go. Intrusive (unlike std::shared_ptr) because the kernel needs no separate control
// block allocation, and a raw pointer to the object can always be turned back into a counted one.
//
// Header-only on purpose: the boot loader compiles lib/ too and has no operator new or delete;
// these templates only generate code (and `delete`) in the kernel and the tests, which use them.
#pragma once
#include <atomic>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

/// The base of every reference-counted object. The count starts at 0; RefPtr::adopt() makes it 1.
/// Not copyable: a copy would start with someone else's count.
class RefCounted {
public:
    RefCounted(const RefCounted&) = delete;
    RefCounted& operator=(const RefCounted&) = delete;

    /// One more reference.
    void add_ref() { count_.fetch_add(1, std::memory_order_relaxed); }

    /// One reference fewer. True when that was the last one: the caller must then delete the
    /// object (RefPtr does).
    [[nodiscard]] bool release() {
        // acq_rel: everything done through other references happens before the deletion.
        return count_.fetch_sub(1, std::memory_order_acq_rel) == 1;
    }

    /// The number of references right now (for tests and leak reports; stale at once under SMP).
    [[nodiscard]] uint32_t ref_count() const { return count_.load(std::memory_order_relaxed); }

protected:
    RefCounted() = default;
    // Not virtual: nobody deletes through a RefCounted*. RefPtr<T> deletes through T*.
    ~RefCounted() = default;

private:
    std::atomic<uint32_t> count_{0};
};

/// A counted reference to a T (deriving from RefCounted), or null. Copying adds a reference,
/// moving hands one over, destruction drops one; the last one deletes the object with `delete`
/// through a T* (or hands it to T::destroy, when T chooses how it dies). So T's destructor must
/// be virtual, or T final: otherwise a RefPtr<Base> to a Derived would run only ~Base (a
/// static_assert catches it).
template <typename T>
class RefPtr {
public:
    /// Null.
    constexpr RefPtr() = default;
    /// Null.
    constexpr RefPtr(std::nullptr_t) {}  // NOLINT: implicit on purpose, like a pointer

    /// Takes ownership of a new object (count 0, just made with `new`): its count becomes 1.
    /// Call it once per object; every further reference comes from copying the RefPtr.
    [[nodiscard]] static RefPtr adopt(T* object) {
        if (object != nullptr) object->add_ref();
        return RefPtr(object);
    }

    /// Another reference to `object`, which some RefPtr already holds (for a checked downcast:
    /// a RefPtr<Base> whose object is known to be a T).
    [[nodiscard]] static RefPtr share(T* object) {
        if (object != nullptr) object->add_ref();
        return RefPtr(object);
    }

    /// Another reference to the same object.
    RefPtr(const RefPtr& other) : ptr_(other.ptr_) {
        if (ptr_ != nullptr) ptr_->add_ref();
    }
    /// Takes over `other`'s reference; `other` becomes null and the count does not change.
    RefPtr(RefPtr&& other) noexcept : ptr_(std::exchange(other.ptr_, nullptr)) {}

    /// Another reference, as a base class (or any type U* converts to).
    template <typename U>
        requires std::convertible_to<U*, T*>
    RefPtr(const RefPtr<U>& other) : ptr_(other.ptr_) {  // NOLINT: implicit, like a pointer
        if (ptr_ != nullptr) ptr_->add_ref();
    }
    /// Takes over `other`'s reference, as a base class.
    template <typename U>
        requires std::convertible_to<U*, T*>
    RefPtr(RefPtr<U>&& other) : ptr_(std::exchange(other.ptr_, nullptr)) {}  // NOLINT

    /// Drops this reference and takes another to `other`'s object (safe for self-assignment).
    RefPtr& operator=(const RefPtr& other) {
        RefPtr(other).swap(*this);
        return *this;
    }
    /// Drops this reference and takes over `other`'s.
    RefPtr& operator=(RefPtr&& other) noexcept {
        RefPtr(std::move(other)).swap(*this);
        return *this;
    }

    /// Drops the reference.
    ~RefPtr() { reset(); }

    /// Drops the reference and becomes null; destroys the object when it was the last one:
    /// with T::destroy(object) when T has one (kernel objects: lib/core/deferred_destroy.hpp), else
    /// with `delete`.
    void reset() {
        static_assert(std::is_base_of_v<RefCounted, T>,
                      "RefPtr<T> needs T to derive from RefCounted");
        static_assert(
            std::has_virtual_destructor_v<T> || std::is_final_v<T>,
            "RefPtr<T> deletes through T*: T needs a virtual destructor or must be final");
        // Null first: the object's destructor may reach this RefPtr again.
        T* old = std::exchange(ptr_, nullptr);
        if (old == nullptr || !old->release()) return;
        if constexpr (requires { T::destroy(old); })
            T::destroy(old);
        else
            delete old;
    }

    /// Exchanges the objects of two RefPtrs (no count changes).
    void swap(RefPtr& other) { std::swap(ptr_, other.ptr_); }

    /// The object, or nullptr. Does not add a reference.
    [[nodiscard]] T* get() const { return ptr_; }
    /// The object's members; only when not null.
    T* operator->() const { return ptr_; }
    /// The object; only when not null.
    T& operator*() const { return *ptr_; }
    /// True when not null.
    explicit operator bool() const { return ptr_ != nullptr; }

    /// True when both refer to the same object (or both are null).
    template <typename U>
    [[nodiscard]] bool operator==(const RefPtr<U>& other) const {
        return ptr_ == other.get();
    }
    /// True when null.
    [[nodiscard]] bool operator==(std::nullptr_t) const { return ptr_ == nullptr; }

private:
    template <typename U>
    friend class RefPtr;

    explicit RefPtr(T* adopted) : ptr_(adopted) {}  // the count is already right

    T* ptr_ = nullptr;
};
