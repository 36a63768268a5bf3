// Boot sector (BPB) parsing, following Microsoft's "FAT: General Overview of On-Disk Format".
#include "lib/fs/fat/boot_sector.hpp"

namespace fat {

namespace {

// Entries of the FAT (two reserved ones included) a FAT of `type` can hold in `bytes`.
uint64_t fat_capacity(FatType type, uint64_t bytes) {
    switch (type) {
    case FatType::Fat12: return bytes * 2 / 3;
    case FatType::Fat16: return bytes / 2;
    case FatType::Fat32: return bytes / 4;
    }
    return 0;
}

}  // namespace

Result<Geometry> parse_boot_sector(std::span<const uint8_t> s, uint64_t device_sectors,
                                   StringView& why) {
    auto refuse = [&why](Error e, const char* reason) -> Result<Geometry> {
        why = reason;
        return e;
    };
    if (s.size() < sector_size) return refuse(Error::BadFormat, "shorter than one sector");
    const uint8_t* b = s.data();
    if (b[510] != 0x55 || b[511] != 0xAA)
        return refuse(Error::BadFormat, "no boot signature 55 AA at offset 510");
    if (load16(b + 11) != sector_size)
        return refuse(Error::Unsupported, "bytes per sector is not 512");

    Geometry g{};
    g.sectors_per_cluster = b[13];
    if (g.sectors_per_cluster == 0) return refuse(Error::Corrupt, "zero sectors per cluster");
    if ((g.sectors_per_cluster & (g.sectors_per_cluster - 1)) != 0)
        return refuse(Error::Corrupt, "sectors per cluster is not a power of two");
    g.reserved_sectors = load16(b + 14);
    if (g.reserved_sectors == 0)
        return refuse(Error::Corrupt, "no reserved sectors (the boot sector is one)");
    g.fat_count = b[16];
    if (g.fat_count == 0) return refuse(Error::Corrupt, "no FAT copies");
    g.root_entries = load16(b + 17);
    uint32_t fat16_size = load16(b + 22);
    g.fat_sectors = fat16_size != 0 ? fat16_size : load32(b + 36);
    if (g.fat_sectors == 0) return refuse(Error::Corrupt, "FAT size is 0");
    uint32_t total16 = load16(b + 19);
    g.total_sectors = total16 != 0 ? total16 : load32(b + 32);
    if (g.total_sectors == 0) return refuse(Error::Corrupt, "total sector count is 0");
    if (g.total_sectors > device_sectors)
        return refuse(Error::Corrupt, "the volume is larger than the disk");

    bool fat32_layout = fat16_size == 0;
    if (!fat32_layout && g.root_entries == 0)
        return refuse(Error::Corrupt, "FAT12/16 root directory has no entries");
    if (fat32_layout && g.root_entries != 0)
        return refuse(Error::Corrupt, "FAT32 boot sector with a fixed root directory");

    // 64-bit sums: the fields are small, but their products need not be.
    uint64_t root_start = uint64_t{g.reserved_sectors} + uint64_t{g.fat_count} * g.fat_sectors;
    uint64_t root_sectors = (uint64_t{g.root_entries} * 32 + sector_size - 1) / sector_size;
    uint64_t data_start = root_start + root_sectors;
    if (data_start >= g.total_sectors)
        return refuse(Error::Corrupt, "FATs and root directory reach past the end of the volume");
    g.root_start = static_cast<uint32_t>(root_start);
    g.data_start = static_cast<uint32_t>(data_start);
    g.cluster_count = static_cast<uint32_t>((g.total_sectors - data_start) / g.sectors_per_cluster);
    if (g.cluster_count == 0) return refuse(Error::Corrupt, "no data clusters");

    // The cluster count decides the type (the only rule Microsoft's driver follows).
    g.type = g.cluster_count < 4085 ? FatType::Fat12
             : g.cluster_count < 65525 ? FatType::Fat16 : FatType::Fat32;
    if ((g.type == FatType::Fat32) != fat32_layout)
        return refuse(Error::Corrupt, fat32_layout
                                          ? "FAT32 layout, but too few clusters for FAT32"
                                          : "cluster count needs FAT32, but the layout is "
                                            "FAT12/16");
    if (g.cluster_count > 0x0FFFFFF5 - 2) return refuse(Error::Corrupt, "too many clusters");
    if (fat_capacity(g.type, uint64_t{g.fat_sectors} * sector_size) < uint64_t{g.cluster_count} + 2)
        return refuse(Error::Corrupt, "FAT too small for the cluster count");

    if (g.type == FatType::Fat32) {
        if (load16(b + 42) != 0) return refuse(Error::Unsupported, "FAT32 version is not 0.0");
        g.root_cluster = load32(b + 44);
        if (!g.valid_cluster(g.root_cluster))
            return refuse(Error::Corrupt, "root directory cluster out of range");
        uint32_t fsinfo = load16(b + 48);
        // 0 and FFFF mean "none"; an FSInfo outside the reserved area would overwrite a FAT.
        bool usable = fsinfo != 0xFFFF && fsinfo != 0 && fsinfo < g.reserved_sectors;
        g.fsinfo_sector = usable ? fsinfo : 0;
    }
    return g;
}

}  // namespace fat
