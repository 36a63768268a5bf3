// Disks for the file-system tests: a RAM disk, and the crash simulator. The simulator keeps the
// writes since the last flush apart from the durable image; at any moment it can produce the disk
// a power cut would leave -- the durable image plus any chosen subset of those writes (a volatile
// write cache may have kept some and lost others, in any order). The idea is CrashMonkey's.
#pragma once
#include <cstdint>
#include <cstring>
#include <functional>
#include <span>
#include <vector>

#include "lib/fs/block_device.hpp"

/// A disk in RAM: 512-byte sectors over a byte vector.
class MemoryDisk : public BlockDevice {
public:
    explicit MemoryDisk(uint64_t bytes) : image_(bytes, 0) {}
    explicit MemoryDisk(std::vector<uint8_t> image) : image_(std::move(image)) {}

    [[nodiscard]] uint32_t block_size() const override { return 512; }
    [[nodiscard]] uint64_t block_count() const override { return image_.size() / 512; }
    [[nodiscard]] Status read(uint64_t first, std::span<uint8_t> out) override {
        if (!fits(first, out.size())) return Error::InvalidArgument;
        std::memcpy(out.data(), image_.data() + first * 512, out.size());
        return true;
    }
    [[nodiscard]] Status write(uint64_t first, std::span<const uint8_t> data) override {
        if (!fits(first, data.size())) return Error::InvalidArgument;
        std::memcpy(image_.data() + first * 512, data.data(), data.size());
        ++writes_;
        return true;
    }
    [[nodiscard]] Status flush() override {
        ++flushes_;
        return true;
    }

    /// The bytes of the disk.
    [[nodiscard]] std::vector<uint8_t>& image() { return image_; }
    /// Write and flush calls so far.
    [[nodiscard]] uint64_t writes() const { return writes_; }
    [[nodiscard]] uint64_t flushes() const { return flushes_; }

protected:
    [[nodiscard]] bool fits(uint64_t first, uint64_t bytes) const {
        return bytes % 512 == 0 && first <= block_count() && bytes / 512 <= block_count() - first;
    }
    std::vector<uint8_t> image_;
    uint64_t writes_ = 0;
    uint64_t flushes_ = 0;
};

/// A disk with a volatile write cache. image() is what the file system sees (every write so
/// far); durable() is what survives a crash for sure; crash_image() adds a chosen subset of the
/// unflushed writes to it. An optional hook runs after every write: the crash tests take their
/// crash points there.
class CrashDisk : public MemoryDisk {
public:
    /// One write that is not yet durable.
    struct Pending {
        uint64_t first;
        std::vector<uint8_t> data;
    };

    explicit CrashDisk(std::vector<uint8_t> image) : MemoryDisk(image), durable_(std::move(image)) {}

    [[nodiscard]] Status write(uint64_t first, std::span<const uint8_t> data) override {
        Status status = MemoryDisk::write(first, data);
        if (!status.ok()) return status;
        pending_.push_back({first, {data.begin(), data.end()}});
        if (after_write) after_write();
        return true;
    }
    [[nodiscard]] Status flush() override {
        for (const Pending& p : pending_) apply(durable_, p);
        pending_.clear();
        return MemoryDisk::flush();
    }

    /// The writes since the last flush, oldest first.
    [[nodiscard]] const std::vector<Pending>& pending() const { return pending_; }
    /// The durable image plus the pending writes that `keep(i)` selects, applied in order.
    [[nodiscard]] std::vector<uint8_t> crash_image(const std::function<bool(size_t)>& keep) const {
        std::vector<uint8_t> out;
        crash_image(out, keep);
        return out;
    }
    /// The same into `out` (reusing its memory: thousands of crash states stay cheap).
    void crash_image(std::vector<uint8_t>& out, const std::function<bool(size_t)>& keep) const {
        out = durable_;
        for (size_t i = 0; i < pending_.size(); ++i)
            if (keep(i)) apply(out, pending_[i]);
    }

    /// Called after every write (with the write already pending).
    std::function<void()> after_write;

private:
    static void apply(std::vector<uint8_t>& image, const Pending& p) {
        std::memcpy(image.data() + p.first * 512, p.data.data(), p.data.size());
    }
    std::vector<uint8_t> durable_;
    std::vector<Pending> pending_;
};
