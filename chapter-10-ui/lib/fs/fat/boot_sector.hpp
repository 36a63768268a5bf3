// The boot sector of a FAT volume and what it says about the layout: where the FATs, the root
// directory and the data clusters are, and which of FAT12, FAT16 or FAT32 the volume is. Every
// number comes from the disk, so parse_boot_sector() checks each one before the rest of the
// library trusts it: later code may then compute sector numbers without overflowing or leaving
// the disk.
#pragma once
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"

namespace fat {

/// Sector size this library accepts (every disk of the course, and almost every FAT volume).
inline constexpr uint32_t sector_size = 512;
/// Directory entries per sector.
inline constexpr uint32_t entries_per_sector = sector_size / 32;

/// The three FAT variants; the cluster count alone decides which one a volume is.
enum class FatType : uint8_t { Fat12 = 12, Fat16 = 16, Fat32 = 32 };

/// The layout of a mounted volume, in sectors from the start of the device.
struct Geometry {
    FatType type;                 ///< decided by cluster_count
    uint32_t sectors_per_cluster; ///< a power of two, 1 to 128
    uint32_t reserved_sectors;   ///< boot sector (and FSInfo on FAT32) before the first FAT
    uint32_t fat_count;          ///< copies of the FAT, kept equal
    uint32_t fat_sectors;        ///< sectors of one FAT copy
    uint32_t root_entries;       ///< FAT12/16: entries of the fixed root directory; FAT32: 0
    uint32_t root_start;         ///< FAT12/16: first sector of the fixed root directory
    uint32_t data_start;         ///< first sector of cluster 2
    uint32_t total_sectors;      ///< of the volume (at most the device's)
    uint32_t cluster_count;      ///< data clusters: valid numbers are 2 .. cluster_count + 1
    uint32_t root_cluster;       ///< FAT32: first cluster of the root directory; FAT12/16: 0
    uint32_t fsinfo_sector;      ///< FAT32: the FSInfo sector, 0 when there is none

    /// Bytes of one cluster.
    [[nodiscard]] uint32_t cluster_bytes() const { return sectors_per_cluster * sector_size; }
    /// True for a number that names a data cluster.
    [[nodiscard]] bool valid_cluster(uint32_t c) const { return c >= 2 && c - 2 < cluster_count; }
    /// First sector of data cluster `c` (which must be valid).
    [[nodiscard]] uint64_t cluster_sector(uint32_t c) const {
        return data_start + uint64_t{c - 2} * sectors_per_cluster;
    }
};

/// Reads the layout from `sector0` (the first 512 bytes of the device), for a device of
/// `device_sectors` sectors. On failure `why` names the first thing found wrong: BadFormat when
/// it is not a FAT boot sector at all (no 55 AA signature), Unsupported for a sector size other
/// than 512, Corrupt for numbers that contradict each other or the device.
[[nodiscard]] Result<Geometry> parse_boot_sector(std::span<const uint8_t> sector0,
                                                 uint64_t device_sectors, StringView& why);

/// Little-endian loads and stores: the on-disk byte order of FAT.
[[nodiscard]] inline uint32_t load16(const uint8_t* p) { return p[0] | uint32_t{p[1]} << 8; }
/// See load16.
[[nodiscard]] inline uint32_t load32(const uint8_t* p) {
    return p[0] | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}
/// See load16.
inline void store16(uint8_t* p, uint32_t v) {
    p[0] = static_cast<uint8_t>(v);
    p[1] = static_cast<uint8_t>(v >> 8);
}
/// See load16.
inline void store32(uint8_t* p, uint32_t v) {
    store16(p, v);
    store16(p + 2, v >> 16);
}

}  // namespace fat
