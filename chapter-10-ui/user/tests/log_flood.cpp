// Floods the kernel log while a neighbour sleeps. Interrupts are off inside a system call, so
// the kernel bounds the work of one log_write: a call with more than 8 lines is refused, and a
// call's lines cost one screen scroll together. This program first asks for 128 one-letter lines
// in one call (once 0.4 s with interrupts off; now InvalidArgument), then logs 2048 lines in
// calls of 8. Exit code: 0 when the big call was refused and every small one logged.
#include "user/runtime/print.hpp"

namespace {

constexpr int max_lines = 8;  // kernel/syscall/handlers.hpp: max_log_lines

/// `count` one-letter lines in `text` (2 bytes each), as one log_write.
int64_t log_lines(char* text, int count) {
    for (int i = 0; i < count; ++i) {
        text[2 * i] = static_cast<char>('a' + i % 26);
        text[2 * i + 1] = '\n';
    }
    return sys::call(sys::Number::LogWrite, reinterpret_cast<uint64_t>(text),
                     2 * static_cast<uint64_t>(count));
}

}  // namespace

int main() {
    char text[256];
    int64_t big = log_lines(text, 128);
    print("log_write of 128 lines: {}", big < 0 ? error_name(static_cast<Error>(-big)) : "ok");
    constexpr int calls = 256;
    for (int call = 0; call < calls; ++call)
        if (log_lines(text, max_lines) != 0) return 2;
    print("logged {} lines in {} calls", calls * max_lines, calls);
    return big == -static_cast<int64_t>(Error::InvalidArgument) ? 0 : 1;
}
