// Exercises both disks through their drivers, for the ch08_devices scenario: reads the FAT
// disk's first 64 KiB twice (one request, then four requests in flight at once) and logs what
// the host can check against the image file (the boot sector's OEM name and signature, a
// checksum); writes blocks on the data disk (one, then four in flight), flushes, and reads
// them back; reads block 300 of the data disk and says what happened (a scenario makes the
// device fail it). Startup handles: 0 the FAT disk's channel, 1 the data disk's channel.
#include "user/runtime/block_client.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"

namespace {

constexpr uint32_t span_bytes = 64 * 1024;
constexpr uint64_t single_block = 100, batch_first = 200;
constexpr uint32_t batch_blocks = 4;
constexpr uint64_t fault_block = 300;  // where the scenario's blkdebug rule fails reads

/// FNV-1a, 32 bits: simple to compute the same way on the host.
uint32_t fnv1a(std::span<const uint8_t> bytes) {
    uint32_t h = 2166136261u;
    for (uint8_t b : bytes) h = (h ^ b) * 16777619u;
    return h;
}

/// The bytes written to block `block` of the data disk: its number in text, then a pattern.
void fill_block(std::span<uint8_t> out, uint64_t block) {
    char text[] = "disk_check block 000\n";
    text[17] = char('0' + block / 100 % 10), text[18] = char('0' + block / 10 % 10),
    text[19] = char('0' + block % 10);
    for (size_t i = 0; i < out.size(); ++i)
        out[i] = i < sizeof text - 1 ? uint8_t(text[i]) : uint8_t((i * 7 + block) & 0xFF);
}

/// True when both blocks hold the same bytes (no libc memcmp in user space).
bool same_bytes(std::span<const uint8_t> a, std::span<const uint8_t> b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

/// Waits for `count` replies to start()ed requests; true when all said Ok.
bool collect(BlockClient& disk, unsigned count, const char* what) {
    bool ok = true;
    for (unsigned i = 0; i < count; ++i) {
        auto answer = disk.next_reply();
        if (!answer.ok() || answer.value().status != Error::Ok) {
            print("{}: reply {} failed: {}", what, i,
                  error_name(answer.ok() ? answer.value().status : answer.error()));
            ok = false;
        }
    }
    return ok;
}

bool check_fat_disk(BlockClient& disk) {
    static uint8_t first[span_bytes];
    auto read = disk.read(0, first);
    if (!read.ok()) {
        print("fat disk: reading 64 KiB failed: {}", error_name(read.error()));
        return false;
    }
    char oem[9] = {};
    for (int i = 0; i < 8; ++i) oem[i] = char(first[3 + i]);
    print("fat disk: block 0 OEM name \"{}\", signature {:02x}{:02x}", StringView(oem),
          first[510], first[511]);
    print("fat disk: first 64 KiB checksum {:08x}", fnv1a(first));
    // The same 64 KiB as four requests in flight at once, each into its own part of the buffer.
    std::span<uint8_t> buffer = disk.buffer();
    for (auto& b : buffer.first(span_bytes)) b = 0;
    uint32_t part = span_bytes / 4, blocks = part / disk.block_size();
    for (uint32_t i = 0; i < 4; ++i) {
        if (!disk.start(block::Read, i * blocks, blocks, i * part).ok()) return false;
    }
    if (!collect(disk, 4, "fat disk")) return false;
    print("fat disk: 4 reads in flight, checksum {:08x}", fnv1a(buffer.first(span_bytes)));
    auto past_end = disk.read(disk.block_count(), std::span(first, 512));
    print("fat disk: reading past the end: {}", error_name(past_end.error()));
    return true;
}

bool check_data_disk(BlockClient& disk) {
    static uint8_t block[512], back[512];
    fill_block(block, single_block);
    auto written = disk.write(single_block, block);
    if (written.ok()) written = disk.flush();
    if (!written.ok()) {
        print("data disk: writing block {}: {}", single_block, error_name(written.error()));
        return false;
    }
    if (!disk.read(single_block, back).ok()) return false;
    bool same = same_bytes(block, back);
    print("data disk: wrote block {}, flushed, read back: {}", single_block,
          same ? "same bytes" : "DIFFERENT bytes");
    // Four writes in flight, then a flush.
    std::span<uint8_t> buffer = disk.buffer();
    for (uint32_t i = 0; i < batch_blocks; ++i) {
        fill_block(buffer.subspan(i * 512, 512), batch_first + i);
        if (!disk.start(block::Write, batch_first + i, 1, i * 512).ok()) return false;
    }
    if (!collect(disk, batch_blocks, "data disk") || !disk.flush().ok()) return false;
    for (uint32_t i = 0; i < batch_blocks; ++i) {
        fill_block(block, batch_first + i);
        if (!disk.read(batch_first + i, back).ok()) return false;
        same = same_bytes(block, back) && same;
    }
    print("data disk: wrote blocks {}-{} with {} in flight, flushed, read back: {}", batch_first,
          batch_first + batch_blocks - 1, batch_blocks, same ? "same bytes" : "DIFFERENT bytes");
    // A block the scenario may make the device fail: the outcome is reported, not judged here.
    auto faulty = disk.read(fault_block, back);
    print("data disk: reading block {}: {}", fault_block,
          faulty.ok() ? "ok" : error_name(faulty.error()));
    return same;
}

}  // namespace

int main() {
    const char* names[] = {"fat disk", "data disk"};
    bool ok = true;
    for (size_t i = 0; i < 2; ++i) {
        auto disk = BlockClient::connect(startup_argument(i));
        if (!disk.ok()) {
            print("{}: cannot connect: {}", names[i], error_name(disk.error()));
            return 1;
        }
        BlockClient& d = disk.value();
        print("{}: {} blocks of {} bytes, {} KiB buffer, {} requests in flight, flush {}",
              names[i], d.block_count(), d.block_size(), d.geometry().buffer_bytes / 1024,
              d.geometry().max_in_flight, (d.geometry().flags & block::flag_flush) ? "yes" : "no");
        ok = (i == 0 ? check_fat_disk(d) : check_data_disk(d)) && ok;
    }
    print(ok ? "all disk checks passed" : "disk checks FAILED");
    return ok ? 0 : 2;
}
