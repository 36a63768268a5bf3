// The error style of the whole OS: a function that can fail returns Result<T> (or Status), and
// the caller must look at it ([[nodiscard]]). No exceptions: the kernel is built without them.
#pragma once
#include <cstdint>
#include <optional>
#include <utility>

#include "lib/error.hpp"

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
