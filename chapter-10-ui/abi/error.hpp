// The error codes of the whole OS, one list for the loader, the kernel and user programs. Part of
// the system-call ABI: a failed system call returns its code negated, so the numbers are fixed.
#pragma once
#include <cstdint>

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
    NotPermitted,     ///< the caller may not do this at all (e.g. map memory writable and
                      ///< executable)
    TimedOut,         ///< the wait ended before what it waited for happened
    BadHandle,        ///< no live handle with that value in the caller's table
    AccessDenied,     ///< the handle lacks the right the operation needs
    ShouldWait,       ///< nothing to read yet, or no room to write: try again later
    PeerClosed,       ///< the other end of the channel is gone
    AlreadyExists,    ///< a file or directory of that name is already there
    NotEmpty,         ///< a directory that still has entries cannot be removed
    NotDirectory,     ///< a path component or the target is a file, a directory was needed
    IsDirectory,      ///< the target is a directory, a file was needed
    NoSpace,          ///< the disk (or the file system's tables) is full
    NameTooLong,      ///< a name or a path is longer than the file system allows
    Corrupt,          ///< the data on a disk contradicts itself (a loop, a block out of range)
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
    case Error::BadHandle: return "bad handle";
    case Error::AccessDenied: return "access denied";
    case Error::ShouldWait: return "should wait";
    case Error::PeerClosed: return "peer closed";
    case Error::AlreadyExists: return "already exists";
    case Error::NotEmpty: return "not empty";
    case Error::NotDirectory: return "not a directory";
    case Error::IsDirectory: return "is a directory";
    case Error::NoSpace: return "no space";
    case Error::NameTooLong: return "name too long";
    case Error::Corrupt: return "corrupt";
    }
    return "unknown error";
}
