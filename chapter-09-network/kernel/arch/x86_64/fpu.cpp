#include "kernel/arch/x86_64/fpu.hpp"

#include "arch/x86_64/cpu.hpp"
#include "kernel/log.hpp"

namespace fpu {
namespace {

// Offsets into the FXSAVE64 area (Intel SDM vol. 1, 10.5.1).
constexpr uint32_t control_word_offset = 0;  // FCW, 16 bits
constexpr uint32_t mxcsr_offset = 24;        // MXCSR, 32 bits
constexpr uint16_t default_control_word = 0x037F;
constexpr uint32_t default_mxcsr = 0x1F80;

FpuState clean;
bool trapping = false;  // CR0.TS as we last wrote it: writing CR0 is slow, reading it needless

}  // namespace

void init() {
    // EM clear: x87 instructions run instead of raising #NM. MP set: wait/fwait honours TS.
    cpu_write_cr0((cpu_read_cr0() & ~cr0_emulate_fpu) | cr0_monitor_fpu);
    // OSFXSR: the OS saves SSE state with FXSAVE, so SSE instructions may run. OSXMMEXCPT: an
    // unmasked SSE exception raises #XM (vector 19) instead of #UD.
    cpu_write_cr4(cpu_read_cr4() | cr4_osfxsr | cr4_osxmmexcpt);
    // The tag word of zeros that the area already has means "every x87 register empty".
    clean.bytes[control_word_offset] = default_control_word & 0xFF;
    clean.bytes[control_word_offset + 1] = default_control_word >> 8;
    for (uint32_t i = 0; i < 4; ++i)
        clean.bytes[mxcsr_offset + i] = (default_mxcsr >> (8 * i)) & 0xFF;
    cpu_fpu_load(&clean);
    klog::info("fpu: SSE on (CR0 0x{:x}, CR4 0x{:x}), {} bytes of x87/SSE state per task, "
               "switched for the tasks that use it", cpu_read_cr0(), cpu_read_cr4(),
               sizeof(FpuState));
}

const FpuState& clean_state() { return clean; }

void save(FpuState& state) { cpu_fpu_save(&state); }

void load(const FpuState& state) { cpu_fpu_load(&state); }

void allow() {
    if (!trapping) return;
    cpu_write_cr0(cpu_read_cr0() & ~cr0_task_switched);
    trapping = false;
}

void trap_next_use() {
    if (trapping) return;
    cpu_write_cr0(cpu_read_cr0() | cr0_task_switched);
    trapping = true;
}

}  // namespace fpu
