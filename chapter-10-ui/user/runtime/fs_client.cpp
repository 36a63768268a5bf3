#include "user/runtime/fs_client.hpp"

namespace {

/// Read and write rights: chapter 07's files could always be both.
constexpr uint32_t read_write = fs::right_read | fs::right_write;

}  // namespace

Result<uint32_t> FileClient::open(StringView name, bool create) {
    uint32_t number = 0;
    while (number < max_open && files_[number].is_open()) ++number;
    if (number == max_open) return Error::OutOfMemory;
    auto file = root_.open(name, create ? fs::open_create : 0, read_write);
    if (!file.ok()) return file.error();
    files_[number] = static_cast<File&&>(file.value());
    return number;
}

Result<size_t> FileClient::read(uint32_t file, uint64_t offset, std::span<uint8_t> out) {
    if (file >= max_open || !files_[file].is_open()) return Error::NotFound;
    return TRY(files_[file].read(offset, out));
}

Result<size_t> FileClient::write(uint32_t file, uint64_t offset, std::span<const uint8_t> data) {
    if (file >= max_open || !files_[file].is_open()) return Error::NotFound;
    return TRY(files_[file].write(offset, data));
}

Result<uint64_t> FileClient::size(uint32_t file) {
    if (file >= max_open || !files_[file].is_open()) return Error::NotFound;
    return TRY(files_[file].stat()).size;
}

Status FileClient::close(uint32_t file) {
    if (file >= max_open || !files_[file].is_open()) return Error::NotFound;
    files_[file] = File();  // closing the connection is closing the file
    return true;
}

Result<StringView> FileClient::list(uint32_t index, std::span<char> name) {
    // The index-th entry of the root: ask for entries one by one from the start.
    uint64_t cookie = 0;
    fs::DirEntry entry{};
    for (uint32_t i = 0; i <= index; ++i)
        if (!TRY(root_.read_dir(cookie, entry))) return Error::NotFound;
    size_t n = entry.name_size < name.size() ? entry.name_size : name.size();
    for (size_t i = 0; i < n; ++i) name[i] = entry.name[i];
    return StringView(name.data(), n);
}
