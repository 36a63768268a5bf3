#include "lib/fs/ramfs.hpp"

namespace {

constexpr uint32_t slot_bits = 8;
constexpr uint32_t slot_mask = (uint32_t{1} << slot_bits) - 1;
constexpr uint32_t max_generation = UINT32_MAX >> slot_bits;
static_assert(Ramfs::max_files <= slot_mask + 1, "a slot index must fit the id's low bits");
static_assert(Ramfs::max_name <= UINT8_MAX, "name sizes are kept in a byte");

/// The first allocation of a file's contents: small files do not pay for doubling from 1 byte.
constexpr size_t min_capacity = 64;

/// 1 to max_name printable ASCII characters, no '/' (the separator of the paths chapter 08 adds).
[[nodiscard]] bool valid_name(StringView name) {
    if (name.empty() || name.size() > Ramfs::max_name) return false;
    for (char c : name)
        if (c < ' ' || c > '~' || c == '/') return false;
    return true;
}

void copy_bytes(uint8_t* to, const uint8_t* from, size_t count) {
    for (size_t i = 0; i < count; ++i) to[i] = from[i];
}

void zero_bytes(uint8_t* to, size_t count) {
    for (size_t i = 0; i < count; ++i) to[i] = 0;
}

}  // namespace

Ramfs::~Ramfs() {
    for (File& file : files_)
        if (file.used) heap_->free(file.data);
}

const Ramfs::File* Ramfs::file_of(uint32_t id) const {
    uint32_t slot = id & slot_mask;
    if (slot >= max_files) return nullptr;
    const File& file = files_[slot];
    if (!file.used || file.generation != id >> slot_bits) return nullptr;
    return &file;
}

Ramfs::File* Ramfs::file_of(uint32_t id) {
    return const_cast<File*>(static_cast<const Ramfs*>(this)->file_of(id));
}

size_t Ramfs::slot_of(StringView name) const {
    for (size_t slot = 0; slot < max_files; ++slot) {
        const File& file = files_[slot];
        if (file.used && StringView(file.name.data(), file.name_size) == name) return slot;
    }
    return max_files;
}

Result<uint32_t> Ramfs::create(StringView name) {
    if (!valid_name(name)) return Error::InvalidArgument;
    if (slot_of(name) != max_files) return Error::Overlap;
    for (size_t slot = 0; slot < max_files; ++slot) {
        File& file = files_[slot];
        if (file.used) continue;
        // Skip generation 0 so that no id is ever 0: a zeroed message field names no file.
        uint32_t generation = file.generation == max_generation ? 1 : file.generation + 1;
        file = File{};
        file.generation = generation;
        file.used = true;
        for (size_t i = 0; i < name.size(); ++i) file.name[i] = name[i];
        file.name_size = static_cast<uint8_t>(name.size());
        ++count_;
        return generation << slot_bits | static_cast<uint32_t>(slot);
    }
    return Error::OutOfMemory;
}

Result<uint32_t> Ramfs::lookup(StringView name) const {
    if (!valid_name(name)) return Error::InvalidArgument;
    size_t slot = slot_of(name);
    if (slot == max_files) return Error::NotFound;
    return files_[slot].generation << slot_bits | static_cast<uint32_t>(slot);
}

Result<size_t> Ramfs::read(uint32_t id, uint64_t offset, std::span<uint8_t> out) const {
    const File* file = file_of(id);
    if (!file) return Error::NotFound;
    if (offset >= file->size) return size_t{0};
    size_t available = file->size - static_cast<size_t>(offset);
    size_t count = out.size() < available ? out.size() : available;
    copy_bytes(out.data(), file->data + offset, count);
    return count;
}

/// Makes room for `needed` bytes, keeping the contents; on OutOfMemory the file is untouched.
Status Ramfs::reserve(File& file, size_t needed) {
    if (needed <= file.capacity) return true;
    // Double (needed is at most max_file_size, so nothing here wraps), but settle for exactly
    // `needed` when the heap cannot spare the doubled block.
    size_t doubled = file.capacity * 2 > min_capacity ? file.capacity * 2 : min_capacity;
    size_t capacity = doubled > needed ? doubled : needed;
    auto* data = static_cast<uint8_t*>(heap_->allocate(capacity));
    if (!data && capacity > needed) {
        capacity = needed;
        data = static_cast<uint8_t*>(heap_->allocate(capacity));
    }
    if (!data) return Error::OutOfMemory;
    copy_bytes(data, file.data, file.size);
    heap_->free(file.data);
    file.data = data;
    file.capacity = capacity;
    return true;
}

Result<size_t> Ramfs::write(uint32_t id, uint64_t offset, std::span<const uint8_t> data) {
    File* file = file_of(id);
    if (!file) return Error::NotFound;
    if (data.empty()) return size_t{0};
    if (offset > max_file_size || data.size() > max_file_size - offset)
        return Error::InvalidArgument;
    auto start = static_cast<size_t>(offset);
    size_t end = start + data.size();
    TRY(reserve(*file, end));
    // Bytes between the old end and `start` may hold anything the heap left there: zero them.
    if (start > file->size) zero_bytes(file->data + file->size, start - file->size);
    copy_bytes(file->data + start, data.data(), data.size());
    if (end > file->size) file->size = end;
    return data.size();
}

Result<FileStat> Ramfs::stat(uint32_t id) const {
    const File* file = file_of(id);
    if (!file) return Error::NotFound;
    return FileStat{file->size};
}

Result<StringView> Ramfs::name_at(size_t index) const {
    for (const File& file : files_) {
        if (!file.used) continue;
        if (index == 0) return StringView(file.name.data(), file.name_size);
        --index;
    }
    return Error::NotFound;
}

Status Ramfs::remove(StringView name) {
    if (!valid_name(name)) return Error::InvalidArgument;
    size_t slot = slot_of(name);
    if (slot == max_files) return Error::NotFound;
    File& file = files_[slot];
    heap_->free(file.data);
    uint32_t generation = file.generation;
    file = File{};
    file.generation = generation;  // the next create() here bumps it, so old ids stay dead
    --count_;
    return true;
}
