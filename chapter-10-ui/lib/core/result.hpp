// The error style of the whole OS: a function that can fail returns Result<T> (or Status), and
// the caller must look at it ([[nodiscard]]). No exceptions: the kernel is built without them.
#pragma once
#include <cstdint>
#include <optional>
#include <utility>

#include "abi/error.hpp"

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
    [[nodiscard]] const T& value(const char* file = __builtin_FILE(),
                                 int line = __builtin_LINE()) const {
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
