// CRC-32C (Castagnoli), the checksum of every cjfs metadata structure: it catches a block that was
// torn, never written, or left over from an older transaction, which is all a journal needs to
// know about a block before trusting it.
#pragma once
#include <cstdint>
#include <span>

namespace cjfs {

/// Continues a CRC-32C over `data`; start with crc = 0.
[[nodiscard]] uint32_t crc32c(std::span<const uint8_t> data, uint32_t crc = 0);

}  // namespace cjfs
