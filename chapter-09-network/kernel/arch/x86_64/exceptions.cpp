// Where every interrupt lands (interrupt_dispatch, called from interrupt_stubs.S), and the
// report an exception gives: which one, where, and every register.
#include "arch/x86_64/cpu.hpp"
#include "kernel/arch/x86_64/idt.hpp"
#include "kernel/arch/x86_64/interrupt_frame.hpp"
#include "kernel/log.hpp"
#include "kernel/panic.hpp"
#include "kernel/arch/x86_64/irq.hpp"
#include "kernel/arch/x86_64/user_fault.hpp"
#include "kernel/memory/user_memory.hpp"
#include "kernel/arch/x86_64/fpu.hpp"

namespace {

struct ExceptionName {
    const char* mnemonic;
    const char* description;
};

constexpr ExceptionName exception_names[idt::exception_count] = {
    {"#DE", "divide error"}, {"#DB", "debug"}, {"NMI", "non-maskable interrupt"},
    {"#BP", "breakpoint"}, {"#OF", "overflow"}, {"#BR", "bound range exceeded"},
    {"#UD", "invalid opcode"}, {"#NM", "device not available"}, {"#DF", "double fault"},
    {"CSO", "coprocessor segment overrun"}, {"#TS", "invalid TSS"}, {"#NP", "segment not present"},
    {"#SS", "stack-segment fault"}, {"#GP", "general protection fault"}, {"#PF", "page fault"},
    {"--", "reserved"}, {"#MF", "x87 floating-point error"}, {"#AC", "alignment check"},
    {"#MC", "machine check"}, {"#XM", "SIMD floating-point error"},
    {"#VE", "virtualization exception"}, {"#CP", "control protection"}, {"--", "reserved"},
    {"--", "reserved"}, {"--", "reserved"}, {"--", "reserved"}, {"--", "reserved"},
    {"--", "reserved"}, {"#HV", "hypervisor injection"}, {"#VC", "VMM communication"},
    {"#SX", "security exception"}, {"--", "reserved"},
};

constexpr unsigned breakpoint_vector = 3;
constexpr unsigned device_not_available_vector = 7;
constexpr unsigned page_fault_vector = 14;

/// One line that says what the faulting access was, decoded from the error code (Intel SDM
/// vol. 3, 4.7): bit 0 present, bit 1 write, bit 2 user mode, bit 4 instruction fetch.
void describe_page_fault(const InterruptFrame& f) {
    uint64_t e = f.error_code;
    const char* access = (e & 16) ? "instruction fetch" : (e & 2) ? "write" : "read";
    klog::info("PAGE FAULT: {} {} at 0x{:x}: {}, rip 0x{:x}", (e & 4) ? "user" : "kernel", access,
               cpu_read_cr2(),
               (e & 1) ? "protection violation (the page is present)" : "the page is not present",
               f.rip);
}

/// Logs the full machine state of `frame`.
void report(const InterruptFrame& f) {
    const ExceptionName& name = exception_names[f.vector];
    klog::info("EXCEPTION: {} {} (vector {}), error code 0x{:x}", name.mnemonic, name.description,
               f.vector, f.error_code);
    klog::info("  rip 0x{:016x}  cs 0x{:x}  rflags 0x{:x}", f.rip, f.cs, f.rflags);
    klog::info("  rsp 0x{:016x}  ss 0x{:x}  cr2 0x{:x}", f.rsp, f.ss, cpu_read_cr2());
    klog::info("  rax 0x{:016x}  rbx 0x{:016x}  rcx 0x{:016x}", f.rax, f.rbx, f.rcx);
    klog::info("  rdx 0x{:016x}  rsi 0x{:016x}  rdi 0x{:016x}", f.rdx, f.rsi, f.rdi);
    klog::info("  rbp 0x{:016x}  r8  0x{:016x}  r9  0x{:016x}", f.rbp, f.r8, f.r9);
    klog::info("  r10 0x{:016x}  r11 0x{:016x}  r12 0x{:016x}", f.r10, f.r11, f.r12);
    klog::info("  r13 0x{:016x}  r14 0x{:016x}  r15 0x{:016x}", f.r13, f.r14, f.r15);
}

}  // namespace

/// Called by interrupt_common for every vector, with interrupts disabled.
extern "C" void interrupt_dispatch(InterruptFrame* frame) {
    if (frame->vector >= idt::irq_base) {
        irq::dispatch(*frame);
        return;
    }
    if (frame->vector == breakpoint_vector) {
        // int3 is a trap: the saved RIP already points past it, so returning simply continues.
        klog::info("breakpoint: int3 at 0x{:x} handled, continuing", frame->rip - 1);
        return;
    }
    if (frame->vector < idt::exception_count) {
        bool from_user = (frame->cs & 3) == 3;
        // A bad user pointer inside a system call: the copy routine's fault exit returns an error.
        if (!from_user && frame->vector == page_fault_vector &&
            user_memory::recover_from_fault(frame->rip, cpu_read_cr2()))
            return;
        // A process's first x87/SSE instruction (CR0.TS was set for it): not a fault. From now
        // on its registers are switched with it, and the instruction runs again on return.
        if (from_user && frame->vector == device_not_available_vector) {
            fpu::first_use_by_running_task();
            return;
        }
        if (frame->vector == page_fault_vector) describe_page_fault(*frame);
        report(*frame);
        // In ring 3 the fault is the process's own: it dies alone, the kernel goes on.
        if (from_user)
            exceptions::kill_faulting_process(frame->vector,
                                              exception_names[frame->vector].description);
        panic("unhandled {} in the kernel", exception_names[frame->vector].description);
    }
    panic("interrupt on vector {} with no handler", frame->vector);
}
