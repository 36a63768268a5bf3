// A disk image file as a BlockDevice, for the host tools (mkfs_cjfs, fsck_cjfs): 512-byte
// blocks read and written with pread/pwrite, flush() is fsync().
#pragma once
#include <cstdint>
#include <span>

#include "lib/fs/block_device.hpp"

/// An open image file. Closes it on destruction.
class FileBlockDevice final : public BlockDevice {
public:
    /// Opens `path` for reading and writing; ok() says whether that worked.
    explicit FileBlockDevice(const char* path);
    ~FileBlockDevice() override;
    FileBlockDevice(const FileBlockDevice&) = delete;
    FileBlockDevice& operator=(const FileBlockDevice&) = delete;

    /// True when the file is open.
    [[nodiscard]] bool ok() const { return fd_ >= 0; }
    [[nodiscard]] uint32_t block_size() const override { return 512; }
    [[nodiscard]] uint64_t block_count() const override { return blocks_; }
    [[nodiscard]] Status read(uint64_t first, std::span<uint8_t> out) override;
    [[nodiscard]] Status write(uint64_t first, std::span<const uint8_t> data) override;
    [[nodiscard]] Status flush() override;

private:
    [[nodiscard]] bool fits(uint64_t first, uint64_t bytes) const;
    int fd_ = -1;
    uint64_t blocks_ = 0;
};
