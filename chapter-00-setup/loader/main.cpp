// The boot loader: the first code of ours that runs. The firmware (OVMF in QEMU) finds it at
// \EFI\BOOT\BOOTX64.EFI on the EFI system partition and calls efi_main.
#include "arch/x86_64/qemu_exit.hpp"
#include "lib/boot/boot_options.hpp"
#include "loader/console.hpp"
#include "loader/esp_file.hpp"

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
    return stop(console, options, true);
}
