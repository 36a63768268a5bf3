// How the FAT library reports why it refused something: the embedding program passes a function
// (the file server prints to its log, the tests record the text), so the library stays pure.
#pragma once
#include "abi/error.hpp"
#include "lib/core/string_view.hpp"

namespace fat {

/// Receives one message about a corrupt or refused volume. May be null (messages are dropped).
using LogFn = void (*)(StringView message);

/// Logs `what` through `log` and returns Error::Corrupt, for `return corrupt(log_, "...")`.
[[nodiscard]] inline Error corrupt(LogFn log, StringView what) {
    if (log) log(what);
    return Error::Corrupt;
}

}  // namespace fat
