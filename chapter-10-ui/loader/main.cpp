// The boot loader: the first code of ours that runs. The firmware (OVMF in QEMU) finds it at
// \EFI\BOOT\BOOTX64.EFI on the EFI system partition and calls efi_main.
#include "arch/x86_64/qemu_exit.hpp"
#include "lib/boot/boot_options.hpp"
#include "loader/console.hpp"
#include "loader/esp_file.hpp"
#include "arch/x86_64/cpu.hpp"
#include "lib/gfx/boot_framebuffer.hpp"
#include "loader/address_space.hpp"
#include "loader/exit_boot_services.hpp"
#include "loader/gop.hpp"
#include "loader/handoff.hpp"
#include "loader/kernel_loader.hpp"
#include "loader/uefi_pages.hpp"

namespace {

/// Reads \boot.cfg; a missing file means "no options", a malformed line is reported.
BootOptions read_boot_options(EFI_HANDLE image, Console& console) {
    auto file = read_esp_file(image, u"\\boot.cfg");
    if (!file.ok()) {
        console.line("loader: no \\boot.cfg, using defaults");
        return BootOptions();
    }
    BootOptions options(
        StringView(reinterpret_cast<const char*>(file.value().data()), file.value().size()));
    if (options.first_malformed_line() != 0)
        console.line("loader: warning: boot.cfg has a malformed line (ignored)");
    return options;
}

/// Ends the loader. In a test run (boot.cfg has `test`) QEMU is powered off with the verdict;
/// otherwise we wait for a key and return to the firmware, which shows its boot menu.
EFI_STATUS stop(Console& console, const BootOptions& options, bool success) {
    if (options.has("test")) {
        console.line(success ? "shutdown: pass" : "shutdown: fail");
        qemu_exit(success ? QemuExit::Success : QemuExit::Failure);
    }
    console.line("Press any key to return to the firmware.");
    UINTN index = 0;
    ST->BootServices->WaitForEvent(1, &ST->ConIn->WaitForKey, &index);
    return success ? EFI_SUCCESS : EFI_LOAD_ERROR;
}

/// Reports a failure that stops the boot, on screen and serial.
EFI_STATUS fail(Console& console, const BootOptions& options, StringView what, StringView why) {
    console.log("loader: error: {}: {}", what, why);
    return stop(console, options, false);
}

/// The physical address of the ACPI 2.0 RSDP from the firmware's configuration table, or 0.
uint64_t find_acpi_rsdp() {
    EFI_GUID acpi20 = ACPI_20_TABLE_GUID;
    for (UINTN i = 0; i < ST->NumberOfTableEntries; ++i) {
        EFI_CONFIGURATION_TABLE& entry = ST->ConfigurationTable[i];
        if (CompareGuid(&entry.VendorGuid, &acpi20) == 0)
            return reinterpret_cast<uint64_t>(entry.VendorTable);
    }
    return 0;
}

/// Everything the loader allocates for the kernel before leaving the firmware.
struct Handoff {
    BootInfo* info = nullptr;          // identity-mapped now; the kernel sees it in the direct map
    std::span<MemoryRegion> regions;   // room for the final memory map
    uint64_t stack_top = 0;            // physical
};

inline constexpr uint64_t kernel_stack_pages = 16;  // 64 KiB until the kernel sets up its own

Result<Handoff> allocate_handoff(const FirmwareMemoryMap& map, StringView options_text) {
    Handoff h;
    uint64_t region_bytes = map.max_descriptors() * sizeof(MemoryRegion);
    uint64_t info_pages = (sizeof(BootInfo) + options_text.size() + region_bytes) / page_size + 1;
    uint64_t base = TRY(allocate_pages(info_pages, efi_boot_data_type));
    h.info = reinterpret_cast<BootInfo*>(base);
    auto* text = reinterpret_cast<char*>(base + sizeof(BootInfo));
    for (size_t i = 0; i < options_text.size(); ++i) text[i] = options_text[i];
    h.info->boot_options = reinterpret_cast<uint64_t>(text);
    h.info->boot_options_size = options_text.size();
    uint64_t regions_at = (reinterpret_cast<uint64_t>(text) + options_text.size() + 15) & ~15ull;
    h.regions = std::span<MemoryRegion>(reinterpret_cast<MemoryRegion*>(regions_at),
                                        map.max_descriptors());
    h.stack_top = TRY(allocate_pages(kernel_stack_pages, efi_boot_data_type)) +
                  kernel_stack_pages * page_size;
    return h;
}

/// How much physical memory the direct map covers: up to the end of the highest region of the
/// map or of the framebuffer, at least 4 GiB (device memory such as the local APIC sits below
/// it), rounded up to 1 GiB. Decided once, here: the kernel's own tables reuse it (BootInfo).
uint64_t direct_map_size(const FirmwareMemoryMap& map, const FramebufferInfo& fb) {
    uint64_t top = 4ull << 30;
    uint64_t fb_end = fb.physical_base + uint64_t{fb.stride} * fb.height * 4;
    if (fb_end > top) top = fb_end;
    for (UINTN offset = 0; offset + map.descriptor_size <= map.size;
         offset += map.descriptor_size) {
        const auto* d = reinterpret_cast<const EFI_MEMORY_DESCRIPTOR*>(map.buffer + offset);
        uint64_t end = d->PhysicalStart + d->NumberOfPages * page_size;
        if (end > top) top = end;
    }
    return (top + (1ull << 30) - 1) & ~((1ull << 30) - 1);
}

/// Lets the page tables' no-execute bits and read-only pages take effect for ring 0 too.
void enable_protection_bits() {
    cpu_write_msr(msr::efer, cpu_read_msr(msr::efer) | msr::efer_nxe);
    cpu_write_cr0(cpu_read_cr0() | cr0_write_protect);
}

/// Chapter 01's boot: framebuffer, kernel, page tables, memory map, ExitBootServices, jump.
/// Returns only when something failed (after saying what on screen and serial).
EFI_STATUS boot_kernel(EFI_HANDLE image, Console& console, const BootOptions& options) {
    // 1. A screen: GOP mode, then our own text renderer on its framebuffer.
    auto fb = setup_framebuffer(options, console);
    if (!fb.ok()) return fail(console, options, "GOP", error_name(fb.error()));
    console.use_framebuffer(framebuffer_view(fb.value()));
    console.line("RustOsLinux loader: framebuffer ready");

    // 2. The kernel: read, validate, copy its segments into memory.
    auto file = read_esp_file(image, u"\\kernel.elf");
    if (!file.ok()) return fail(console, options, "\\kernel.elf", error_name(file.error()));
    console.log("loader: kernel.elf is {} bytes", file.value().size());
    StringView why = "";
    auto kernel = load_kernel(file.value(), why, console);
    if (!kernel.ok()) return fail(console, options, "kernel.elf is not a valid kernel", why);
    console.log("loader: kernel loaded, entry 0x{:x}", kernel.value().entry);
    // The user programs travel as one archive; the kernel validates it (the loader only carries
    // it). Its own memory type: the kernel reads its files as long as it runs, so it must never
    // count this memory reclaimable.
    auto boot_image = read_esp_file(image, u"\\bootimage.tar", efi_boot_image_type);
    if (boot_image.ok())
        console.log("loader: bootimage.tar is {} bytes", boot_image.value().size());
    else console.line("loader: no \\bootimage.tar: the kernel will have no programs to run");

    // 3. Memory for the hand-over, and the kernel's page tables: the last allocations.
    auto map = prepare_memory_map();
    if (!map.ok()) return fail(console, options, "memory map", error_name(map.error()));
    // The boot.cfg text is copied next to BootInfo: the kernel gets the very text we parsed.
    auto handoff = allocate_handoff(map.value(), options.text());
    if (!handoff.ok()) return fail(console, options, "boot info", error_name(handoff.error()));
    Handoff& h = handoff.value();
    uint64_t mapped = direct_map_size(map.value(), fb.value());
    auto root = build_address_space(kernel.value(), mapped);
    if (!root.ok()) return fail(console, options, "page tables", error_name(root.error()));
    uint64_t acpi_rsdp = find_acpi_rsdp();

    // 4. Leave the firmware. From here on: no boot services, no allocations, no ConIn.
    console.line("loader: exiting boot services");
    auto attempts = exit_boot_services(image, map.value());
    if (!attempts.ok()) {
        console.line("loader: error: ExitBootServices failed; halting");
        cpu_halt_forever();
    }
    size_t region_count = convert_memory_map(map.value(), h.regions);
    MemorySummary summary = summarize(h.regions.first(region_count));
    console.log("loader: boot services exited after {} attempt(s)", attempts.value());
    console.log("loader: memory: {} MiB usable, {} MiB reclaimable, {} MiB reserved, {} regions",
                summary.usable_bytes >> 20, summary.reclaimable_bytes >> 20,
                summary.reserved_bytes >> 20, region_count);

    // 5. Fill in BootInfo and jump. Its pointers are physical; the kernel adds direct_map_base.
    BootInfo& info = *h.info;
    info.magic = boot_info_magic;
    info.version = boot_info_version;
    info.size = sizeof(BootInfo);
    info.framebuffer = fb.value();
    info.memory_map = reinterpret_cast<uint64_t>(h.regions.data());
    info.memory_map_count = region_count;
    info.kernel = kernel.value().image;
    info.direct_map_base = direct_map_base;
    info.direct_map_size = mapped;
    info.page_table_root = root.value();
    info.acpi_rsdp = acpi_rsdp;
    info.boot_image = boot_image.ok() ? reinterpret_cast<uint64_t>(boot_image.value().data()) : 0;
    info.boot_image_size = boot_image.ok() ? boot_image.value().size() : 0;
    enable_protection_bits();
    console.log("loader: jumping to the kernel at 0x{:x}", kernel.value().entry);
    jump_to_kernel(
        root.value(), direct_map_base + h.stack_top, kernel.value().entry,
        reinterpret_cast<const BootInfo*>(direct_map_base + reinterpret_cast<uint64_t>(h.info)));
}

}  // namespace

extern "C" EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE* system_table) {
    InitializeLib(image, system_table);  // GNU-EFI's globals: ST (system table), BS (boot services)
    // The firmware resets the machine if a boot application runs longer than 5 minutes (the
    // UEFI watchdog). The loader never needs that long, but a student pausing at its prompt
    // might: switch the watchdog off.
    ST->BootServices->SetWatchdogTimer(0, 0, 0, nullptr);

    Console console;
    console.init(ST->BootServices);
    console.line("RustOsLinux loader: hello from UEFI");
    BootOptions options = read_boot_options(image, console);
    return boot_kernel(image, console, options);  // returns only when the boot failed
}
