// Reading whole files from the EFI system partition the loader itself was started from.
#pragma once
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "loader/efi.hpp"

/// The largest file the loader reads: a guard against a corrupt size, far above any kernel.
inline constexpr uint64_t max_esp_file_size = 64ull << 20;

/// Reads the file at `path` (e.g. u"\\boot.cfg") from the loader's own volume into memory of
/// UEFI type `memory_type`: EfiLoaderData (the kernel may reclaim it once it has read the file)
/// unless the kernel must keep the file (the boot image: efi_boot_image_type). NotFound when it
/// does not exist; Truncated when the firmware returns fewer bytes than the file's size;
/// Unsupported when it is larger than max_esp_file_size.
[[nodiscard]] Result<std::span<const uint8_t>> read_esp_file(EFI_HANDLE image, const char16_t* path,
                                                             uint32_t memory_type = EfiLoaderData);
