// The programs the loader brought along: the boot image (a ustar archive, lib/boot/boot_image.hpp),
// checked once at boot, and a kernel task that runs a list of them and collects their exit codes.
#pragma once
#include <span>

#include "lib/boot/boot_info.hpp"
#include "lib/boot/boot_image.hpp"
#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"

namespace boot_programs {

/// Validates the boot image BootInfo points at and logs its files. A missing or malformed
/// image is reported and leaves the kernel without programs; it does not stop the boot.
void init(const BootInfo& boot);

/// The bytes of file `name` of the boot image. NotFound when there is no such file.
[[nodiscard]] Result<std::span<const uint8_t>> find(StringView name);

/// File `index` of the boot image (for boot_image_stat/read). NotFound past the last one.
[[nodiscard]] Result<BootImageFile> file(size_t index);

/// Starts the process server, `init`, with the root handles: the boot image (to spawn programs
/// and read files), the keyboard controller's I/O ports and its interrupt line (IRQ 1).
void start_init();

/// Starts a kernel task, "runner", that spawns every program named in `names` (separated by
/// spaces), waits for each to end and logs how it ended. finished() tells when it is done.
void start_runner(StringView names);

/// True once the runner has collected every program it started.
[[nodiscard]] bool finished();

}  // namespace boot_programs
