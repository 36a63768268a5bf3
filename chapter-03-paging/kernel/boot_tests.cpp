#include "kernel/boot_tests.hpp"

#include "kernel/arch/x86_64/fault_triggers.hpp"
#include "kernel/boot_config.hpp"
#include "kernel/log.hpp"

extern "C" const char __rodata_start[];  // kernel/linker.ld

namespace {

/// Recurses until the stack runs into its guard page. Each frame keeps a buffer alive so the
/// compiler cannot turn the recursion into a loop. The depth limit (half a gigabyte of frames)
/// is never reached: it only tells the compiler the recursion is not endless by design.
[[gnu::noinline]] uint64_t overflow_stack(uint64_t depth) {
    volatile uint8_t frame[512];
    frame[0] = static_cast<uint8_t>(depth);
    if (depth > 1'000'000) return frame[0];
    return overflow_stack(depth + 1) + frame[0];
}


}  // namespace

void run_boot_test(StringView name) {
    if (name == "boot") {
        // Nothing more: the boot itself, and the lines it logged, are what the scenario checks.
    } else if (name == "breakpoint") {
        klog::info("test: executing int3");
        trigger_breakpoint();
        klog::info("test: back from the breakpoint handler");
    } else if (name == "invalid-opcode") {
        klog::info("test: executing ud2");
        trigger_invalid_opcode();
    } else if (name == "divide-error") {
        klog::info("test: dividing by zero");
        trigger_divide_error();
    } else if (name == "general-protection") {
        klog::info("test: loading a non-canonical address");
        trigger_general_protection();
    } else if (name == "stack-overflow") {
        klog::info("test: recursing without end");
        (void)overflow_stack(0);
    } else if (name == "write-rodata") {
        klog::info("test: writing to read-only kernel data at 0x{:x}",
                   reinterpret_cast<uint64_t>(__rodata_start));
        *reinterpret_cast<volatile char*>(const_cast<char*>(__rodata_start)) = 0;
    } else if (name == "read-unmapped") {
        klog::info("test: reading through a null pointer (address 0x8)");
        // volatile: the compiler would refuse a constant null access.
        volatile uint64_t address = 8;
        (void)*reinterpret_cast<volatile uint64_t*>(address);
    } else if (name == "execute-data") {
        // A `ret` instruction in writable data: W^X means it may never run.
        static uint8_t code[] = {0xC3};
        klog::info("test: calling code in the data segment at 0x{:x}",
                   reinterpret_cast<uint64_t>(code));
        reinterpret_cast<void (*)()>(reinterpret_cast<uint64_t>(code))();
    } else {
        // A misspelt name must not pass as if a test had run.
        klog::error("test: there is no boot test called '{}'", name);
        boot_config::finish_test(false);
    }
}
