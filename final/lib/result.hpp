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
//{ 05-processes
    BadAddress,       ///< a user pointer is outside user memory or not mapped
    NotPermitted,     ///< the caller may not do this at all (e.g. map memory writable and executable)
    TimedOut,         ///< the wait ended before what it waited for happened
//}
//{ 06-ipc
    BadHandle,        ///< no live handle with that value in the caller's table
    AccessDenied,     ///< the handle lacks the right the operation needs
    ShouldWait,       ///< nothing to read yet, or no room to write: try again later
    PeerClosed,       ///< the other end of the channel is gone
//}
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
//{ 05-processes
    case Error::BadAddress: return "bad address";
    case Error::NotPermitted: return "not permitted";
    case Error::TimedOut: return "timed out";
//}
//{ 06-ipc
    case Error::BadHandle: return "bad handle";
    case Error::AccessDenied: return "access denied";
    case Error::ShouldWait: return "should wait";
    case Error::PeerClosed: return "peer closed";
//}
    }
    return "unknown error";
}

/// Called by Result::value() taken from an error: a bug in the caller, reported with the place
/// of the call. result.hpp stays pure: each program that uses it defines this once, its own way
/// (the kernel panics, the loader and user programs report and stop, the host tests record the
/// call). It does not return.
[[noreturn]] void result_value_of_error(Error error, const char* file, int line);

/// Either a value of type T or an Error. Check ok() before value(): value() of an error is a bug,
/// caught (result_value_of_error names the file and line of the call).
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
    /// The value; calls result_value_of_error (which does not return) when !ok(). The default
    /// arguments are the caller's file and line.
    [[nodiscard]] T& value(const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
        if (!ok()) result_value_of_error(error_, file, line);
        return *value_;
    }
    /// The value; calls result_value_of_error when !ok().
    [[nodiscard]] const T& value(const char* file = __builtin_FILE(), int line = __builtin_LINE()) const {
        if (!ok()) result_value_of_error(error_, file, line);
        return *value_;
    }

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
