// Checks that the kernel keeps each process's x87/SSE registers to itself. It first checks that
// it starts from the clean state, then, round after round, fills xmm0-xmm15, MXCSR and the x87
// control word with a pattern made from its pid, gives the CPU away many times (yield and
// sleep, so that another copy of this program runs and loads its own pattern), and reads the
// registers back. Exits with 0 when nothing changed behind its back, 1 otherwise.
#include <cstddef>

#include "user/runtime/print.hpp"

namespace {

/// The registers the test owns, in the layout user/runtime/fpu_probe.S reads and writes.
struct FpuRegisters {
    uint8_t xmm[16][16];
    uint32_t mxcsr;
    uint16_t control_word;
    uint16_t unused;
};
static_assert(offsetof(FpuRegisters, mxcsr) == 256 && offsetof(FpuRegisters, control_word) == 260);

constexpr int rounds = 20;
constexpr int switches_per_round = 10;  // every fifth one a 1 ms sleep, the others yields
constexpr int reports_at_most = 4;      // mismatch lines, so a broken kernel does not flood the log

/// The state a new task starts from (kernel/arch/x86_64/fpu.hpp): all zero but the defaults.
FpuRegisters clean_registers() {
    FpuRegisters r{};
    r.mxcsr = 0x1F80;
    r.control_word = 0x037F;
    return r;
}

/// A pattern no other pid and no other round has. Only moves touch the registers, so the
/// exception masks stay set; MXCSR varies its rounding (bits 13-14) and flush-to-zero (15)
/// bits, the control word its precision (8-9) and rounding (10-11) bits.
FpuRegisters pattern(uint32_t pid, int round) {
    FpuRegisters r{};
    for (int reg = 0; reg < 16; ++reg) {
        for (int byte = 0; byte < 16; ++byte)
            r.xmm[reg][byte] = static_cast<uint8_t>(pid * 67 + round * 13 + reg * 16 + byte);
    }
    uint32_t mode = 1 + (pid * 3 + static_cast<uint32_t>(round)) % 7;  // 1..7: never the clean 0
    r.mxcsr = 0x1F80 | (mode << 13);
    r.control_word = static_cast<uint16_t>(
        0x007F | (((pid + static_cast<uint32_t>(round)) % 3) << 8) | ((mode & 3) << 10));
    return r;
}

uint64_t half(const uint8_t* bytes) {
    uint64_t value = 0;
    for (int i = 7; i >= 0; --i) value = (value << 8) | bytes[i];
    return value;
}

int reported = 0;

/// How many registers differ from what we expect; the first few are logged.
int differences(StringView when, const FpuRegisters& want, const FpuRegisters& got) {
    int count = 0;
    auto report = [&](StringView name, int index, uint64_t want_high, uint64_t want_low,
                      uint64_t got_high, uint64_t got_low) {
        ++count;
        if (reported++ >= reports_at_most) return;
        print("{}: {}{} is {:016x}{:016x}, expected {:016x}{:016x}", when, name, index, got_high,
              got_low, want_high, want_low);
    };
    for (int reg = 0; reg < 16; ++reg) {
        const uint8_t* w = want.xmm[reg];
        const uint8_t* g = got.xmm[reg];
        if (half(w) != half(g) || half(w + 8) != half(g + 8))
            report("xmm", reg, half(w + 8), half(w), half(g + 8), half(g));
    }
    if (want.mxcsr != got.mxcsr) report("mxcsr", 0, 0, want.mxcsr, 0, got.mxcsr);
    if (want.control_word != got.control_word)
        report("x87 control word", 0, 0, want.control_word, 0, got.control_word);
    return count;
}

}  // namespace

extern "C" void fpu_registers_load(const FpuRegisters* from);  // user/runtime/fpu_probe.S
extern "C" void fpu_registers_store(FpuRegisters* to);

int main() {
    uint32_t pid = sys::pid();
    FpuRegisters seen;
    fpu_registers_store(&seen);
    int changed = differences("at start", clean_registers(), seen);
    print("started with clean x87/SSE registers: {}", changed == 0 ? "yes" : "no");
    for (int round = 1; round <= rounds; ++round) {
        FpuRegisters mine = pattern(pid, round);
        fpu_registers_load(&mine);
        for (int i = 1; i <= switches_per_round; ++i) {
            if (i % 5 == 0) {
                if (!sys::sleep_ms(1).ok()) return 2;
            } else {
                sys::yield();
            }
        }
        fpu_registers_store(&seen);
        FormatBuffer<16> when;
        format(when, "round {}", round);
        changed += differences(when.view(), mine, seen);
    }
    print("{} rounds of {} yields and sleeps: {} registers changed behind my back", rounds,
          switches_per_round, changed);
    return changed == 0 ? 0 : 1;
}
