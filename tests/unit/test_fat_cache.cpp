// The FAT library's sector cache (lib/fs/fat/sector_cache.hpp) against a model: whatever it is
// asked to do, the disk after write_back_all() holds what a plain array of sectors would, the FAT
// copies stay equal, and the requests it sends are few (read-ahead in the FAT, dirty runs
// written back whole).
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <vector>

#include "lib/fs/fat/sector_cache.hpp"

namespace {

/// A disk in memory that counts the requests it is sent.
class CountingDisk final : public BlockDevice {
public:
    explicit CountingDisk(uint64_t blocks) : bytes_(blocks * fat::sector_size) {}
    uint32_t block_size() const override { return fat::sector_size; }
    uint64_t block_count() const override { return bytes_.size() / fat::sector_size; }
    Status read(uint64_t first, std::span<uint8_t> out) override {
        if (!fits(first, out.size())) return Error::InvalidArgument;
        ++reads;
        std::memcpy(out.data(), &bytes_[first * fat::sector_size], out.size());
        return true;
    }
    Status write(uint64_t first, std::span<const uint8_t> data) override {
        if (!fits(first, data.size())) return Error::InvalidArgument;
        ++writes;
        std::memcpy(&bytes_[first * fat::sector_size], data.data(), data.size());
        return true;
    }
    Status flush() override { return true; }
    uint8_t* sector(uint64_t s) { return &bytes_[s * fat::sector_size]; }

    int reads = 0, writes = 0;

private:
    bool fits(uint64_t first, size_t size) const {
        return size % fat::sector_size == 0 && first * fat::sector_size + size <= bytes_.size();
    }
    std::vector<uint8_t> bytes_;
};

// A volume shape: FAT 0 at sectors [8, 72), its copy at [72, 136), data after it.
constexpr uint64_t fat_first = 8, fat_sectors = 64, disk_sectors = 1024;

}  // namespace

TEST_CASE("FAT sector cache: random reads, changes and drops end as the model says", "[fat]") {
    auto disk = std::make_unique<CountingDisk>(disk_sectors);
    auto cache = std::make_unique<fat::SectorCache>(*disk);
    cache->set_fat_mirror(fat_first, fat_sectors, 2);
    std::vector<uint8_t> model(disk_sectors * fat::sector_size, 0);
    std::mt19937 random(12);
    // Sectors the workload touches: the FAT 0 and the data area, never the copy (the cache
    // alone writes it), with more sectors than slots so that eviction happens all the time.
    auto pick = [&] {
        return random() % 2 ? fat_first + random() % fat_sectors
                            : fat_first + 2 * fat_sectors + random() % 600;
    };
    for (int step = 0; step < 20000; ++step) {
        uint64_t s = pick();
        switch (random() % 10) {
        case 0: {  // a direct write of data sectors replaces them: the cache forgets them
            uint64_t d = fat_first + 2 * fat_sectors + random() % 590;
            uint64_t n = 1 + random() % 8;
            std::vector<uint8_t> data(n * fat::sector_size, static_cast<uint8_t>(step));
            cache->drop_range(d, n);
            REQUIRE(disk->write(d, data).ok());
            std::memcpy(&model[d * fat::sector_size], data.data(), data.size());
            break;
        }
        case 1: {  // a direct read sees what the cache had changed
            uint64_t d = fat_first + 2 * fat_sectors + random() % 590;
            REQUIRE(cache->write_back_range(d, 8).ok());
            std::vector<uint8_t> data(8 * fat::sector_size);
            REQUIRE(disk->read(d, data).ok());
            REQUIRE(std::memcmp(data.data(), &model[d * fat::sector_size], data.size()) == 0);
            break;
        }
        case 2:
        case 3:
        case 4: {
            auto got = cache->read(s);
            REQUIRE(got.ok());
            REQUIRE(std::memcmp(got.value().data(), &model[s * fat::sector_size],
                                fat::sector_size) == 0);
            break;
        }
        default: {
            auto got = cache->modify(s);
            REQUIRE(got.ok());
            size_t at = random() % fat::sector_size;
            got.value()[at] = static_cast<uint8_t>(step);
            model[s * fat::sector_size + at] = static_cast<uint8_t>(step);
        }
        }
    }
    REQUIRE(cache->write_back_all().ok());
    for (uint64_t s = 0; s < disk_sectors; ++s) {
        uint64_t from = s >= fat_first + fat_sectors && s < fat_first + 2 * fat_sectors
                            ? s - fat_sectors  // the copy holds FAT 0
                            : s;
        INFO("sector " << s);
        REQUIRE(std::memcmp(disk->sector(s), &model[from * fat::sector_size], fat::sector_size) ==
                0);
    }
}

TEST_CASE("FAT sector cache: a walk through the FAT reads ahead, dirty runs go back whole",
          "[fat]") {
    auto disk = std::make_unique<CountingDisk>(disk_sectors);
    auto cache = std::make_unique<fat::SectorCache>(*disk);
    cache->set_fat_mirror(fat_first, fat_sectors, 2);
    for (uint64_t s = fat_first; s < fat_first + fat_sectors; ++s) REQUIRE(cache->modify(s).ok());
    // 64 sectors at fat_read_ahead + 1 per request.
    REQUIRE(disk->reads == int((fat_sectors + fat::SectorCache::fat_read_ahead) /
                               (fat::SectorCache::fat_read_ahead + 1)));
    REQUIRE(disk->writes == 0);
    REQUIRE(cache->write_back_all().ok());
    REQUIRE(disk->writes == 2);  // one run of 64 sectors, to each copy
    // Clean now: nothing more to write.
    REQUIRE(cache->write_back_all().ok());
    REQUIRE(disk->writes == 2);
    // Data sectors are not read ahead.
    int before = disk->reads;
    for (uint64_t s = 500; s < 510; ++s) REQUIRE(cache->read(s).ok());
    REQUIRE(disk->reads == before + 10);
}
