// Destruction with bounded stack at any depth. A channel endpoint holds queued messages, a message
// holds references to objects, and those can be endpoints with messages of their own: a user can
// nest channels as deep as memory allows. Destroyed the natural way, each destructor drops its
// references and the last drop runs the next destructor inside it: one nested destructor per
// level, about 1.2 KiB of the 32 KiB kernel stack each, and a chain 27 deep ends in a double fault.
// A bigger stack only moves the limit.
//
// So objects that hold references to others are destroyed through a "to be destroyed" list. When
// the last reference to one goes, it joins the list; if no destruction is under way, that caller
// deletes objects from the list one after another until it is empty. A destructor that drops the
// last reference to another object only adds that object to the list and returns: the outer loop
// gets to it next. The depth of the nesting becomes the number of turns of one loop, and the
// stack never holds more than one destructor at a time. The list is intrusive (a pointer inside
// each object), so it needs no memory of its own and can never fail.
//
// One list for the whole kernel: correct on one CPU, where a destruction runs to its end with
// interrupts off (kernel/sync/interrupts_off.hpp says why that is enough). A second CPU would need
// a list per CPU, or a lock around this one.
#pragma once

/// The base of objects that hold references to others of their kind. RefPtr destroys them
/// through destroy() (it calls T::destroy when a T has one) instead of a nested `delete`.
class DeferredDestroy {
public:
    DeferredDestroy(const DeferredDestroy&) = delete;
    DeferredDestroy& operator=(const DeferredDestroy&) = delete;

    /// Deletes `object`, whose last reference is gone, and everything its destruction releases.
    /// Called while another destruction is under way (from a destructor), it only queues `object`
    /// for the outermost call, which deletes it before it returns. So when the outermost call
    /// returns, everything it released is gone, and the stack never held two destructors.
    static void destroy(DeferredDestroy* object) {
        object->next_ = pending_;
        pending_ = object;
        if (destroying_) return;  // an outer call is in the loop below: it gets to `object`
        destroying_ = true;
        while (pending_ != nullptr) {
            DeferredDestroy* next = pending_;
            pending_ = next->next_;
            delete next;  // may add more objects to the list
        }
        destroying_ = false;
    }

protected:
    DeferredDestroy() = default;
    /// Virtual: destroy() deletes through this base.
    virtual ~DeferredDestroy() = default;

private:
    DeferredDestroy* next_ = nullptr;  // the next object on the list, while on it

    static inline DeferredDestroy* pending_ = nullptr;  // the list of objects awaiting destruction
    static inline bool destroying_ = false;             // true while the loop in destroy() runs
};
