#include "host/file_block_device.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

FileBlockDevice::FileBlockDevice(const char* path) : fd_(open(path, O_RDWR)) {
    struct stat st {};
    if (fd_ >= 0 && fstat(fd_, &st) == 0) blocks_ = static_cast<uint64_t>(st.st_size) / 512;
}

FileBlockDevice::~FileBlockDevice() {
    if (fd_ >= 0) close(fd_);
}

bool FileBlockDevice::fits(uint64_t first, uint64_t bytes) const {
    return bytes % 512 == 0 && first <= blocks_ && bytes / 512 <= blocks_ - first;
}

Status FileBlockDevice::read(uint64_t first, std::span<uint8_t> out) {
    if (!fits(first, out.size())) return Error::InvalidArgument;
    ssize_t got = pread(fd_, out.data(), out.size(), static_cast<off_t>(first * 512));
    if (got != static_cast<ssize_t>(out.size())) return Error::DeviceError;
    return true;
}

Status FileBlockDevice::write(uint64_t first, std::span<const uint8_t> data) {
    if (!fits(first, data.size())) return Error::InvalidArgument;
    ssize_t put = pwrite(fd_, data.data(), data.size(), static_cast<off_t>(first * 512));
    if (put != static_cast<ssize_t>(data.size())) return Error::DeviceError;
    return true;
}

Status FileBlockDevice::flush() {
    if (fsync(fd_) != 0) return Error::DeviceError;
    return true;
}
