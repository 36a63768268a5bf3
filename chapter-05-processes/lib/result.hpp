// The error style of the whole OS: a function that can fail returns Result<T> (or Status), and
// the caller must look at it ([[nodiscard]]). No exceptions: the kernel is built without them.
#pragma once
#include <cstdint>
#include <optional>
#include <utility>

/// Why an operation failed. One list for the loader, the kernel and (later) the syscalls.
enum class Error : int32_t {
    Ok = 0,
    InvalidArgument,  ///< an argument is malformed or out of range
    NotFound,         ///< the named thing does not exist
    OutOfMemory,      ///< no memory (frames, heap, a fixed table) left
    Truncated,        ///< the data ends before what its header promises
    BadFormat,        ///< the data is not in the expected format (wrong magic, class, machine...)
    Unsupported,      ///< valid, but something this OS does not handle
    Overlap,          ///< two regions that must be disjoint overlap
    DeviceError,      ///< the firmware or a device reported a failure
    BadAddress,       ///< a user pointer is outside user memory or not mapped
    NotPermitted,     ///< the caller may not do this at all (e.g. map memory writable and executable)
    TimedOut,         ///< the wait ended before what it waited for happened
};

/// A short, stable name for an error, for logs and test output.
[[nodiscard]] constexpr const char* error_name(Error e) {
    switch (e) {
    case Error::Ok: return "ok";
    case Error::InvalidArgument: return "invalid argument";
    case Error::NotFound: return "not found";
    case Error::OutOfMemory: return "out of memory";
    case Error::Truncated: return "truncated";
    case Error::BadFormat: return "bad format";
    case Error::Unsupported: return "unsupported";
    case Error::Overlap: return "overlap";
    case Error::DeviceError: return "device error";
    case Error::BadAddress: return "bad address";
    case Error::NotPermitted: return "not permitted";
    case Error::TimedOut: return "timed out";
    }
    return "unknown error";
}

/// Either a value of type T or an Error. Check ok() before value(): value() of an error is a bug.
template <typename T>
class [[nodiscard]] Result {
public:
    /// A success carrying `value`.
    Result(T value) : value_(std::move(value)), error_(Error::Ok) {}  // NOLINT: implicit on purpose
    /// A failure; Error::Ok is not a failure, so it becomes InvalidArgument.
    Result(Error error) : error_(error == Error::Ok ? Error::InvalidArgument : error) {}  // NOLINT

    /// True on success.
    [[nodiscard]] bool ok() const { return error_ == Error::Ok; }
    /// Why it failed (Error::Ok on success).
    [[nodiscard]] Error error() const { return error_; }
    /// The value; only valid when ok().
    [[nodiscard]] T& value() { return *value_; }
    /// The value; only valid when ok().
    [[nodiscard]] const T& value() const { return *value_; }

private:
    std::optional<T> value_;  // empty exactly when error_ != Ok
    Error error_;
};

/// A result with no value: just success or an Error.
using Status = Result<bool>;

/// Return early from the enclosing function when `expr` (a Result) failed, passing the error up.
/// Evaluates to the value otherwise. (SerenityOS's TRY, with a GNU statement expression.)
#define TRY(expr)                                          \
    ({                                                     \
        auto _try_result = (expr);                         \
        if (!_try_result.ok()) return _try_result.error(); \
        std::move(_try_result.value());                    \
    })
