#include "kernel/arch/x86_64/user_mode.hpp"

#include "arch/x86_64/cpu.hpp"
#include "kernel/arch/x86_64/gdt.hpp"
#include "kernel/log.hpp"

extern "C" void syscall_entry();                // syscall_entry.S
extern "C" uint64_t syscall_kernel_stack;       // syscall_entry.S: the stack it switches to

namespace user_mode {

void init() {
    cpu_write_msr(msr::efer, cpu_read_msr(msr::efer) | msr::efer_sce);
    // STAR[47:32]: syscall loads CS from it and SS from it + 8 (kernel code 0x08, data 0x10).
    // STAR[63:48]: sysret loads SS from it + 8 and CS from it + 16, both with RPL 3: with 0x10
    // that is user data 0x1b and user code 0x23, which is why the GDT has data before code.
    uint64_t sysret_base = gdt::kernel_data;
    cpu_write_msr(msr::star, (sysret_base << 48) | (uint64_t{gdt::kernel_code} << 32));
    cpu_write_msr(msr::lstar, reinterpret_cast<uint64_t>(&syscall_entry));
    cpu_write_msr(msr::fmask, syscall_cleared_flags);
    klog::info("syscall: entry at 0x{:x}, sysret to cs 0x{:x} ss 0x{:x}",
               reinterpret_cast<uint64_t>(&syscall_entry), gdt::user_code, gdt::user_data);
}

void set_kernel_stack(uint64_t top) {
    gdt::task_state().rsp[0] = top;
    syscall_kernel_stack = top;
}

}  // namespace user_mode
