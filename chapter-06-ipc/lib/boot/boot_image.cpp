#include "lib/boot/boot_image.hpp"

#include <optional>

namespace {

/// Everything in a tar archive comes in 512-byte blocks.
constexpr size_t block_size = 512;

/// A fixed-size text field of the header: where it is and how long.
struct Field {
    size_t offset;
    size_t size;
};
constexpr Field name_field{0, 100};
constexpr Field size_field{124, 12};
constexpr Field checksum_field{148, 8};
constexpr Field magic_field{257, 6};
constexpr Field prefix_field{345, 155};
constexpr size_t typeflag_offset = 156;

/// Typeflags we understand; '\0' is what pre-POSIX tars wrote for a regular file.
constexpr uint8_t type_file = '0';
constexpr uint8_t type_file_old = '\0';
constexpr uint8_t type_directory = '5';

/// Records the reason for the caller and returns the error.
[[nodiscard]] Error fail(StringView* why, Error error, const char* message) {
    if (why) *why = message;
    return error;
}

[[nodiscard]] std::span<const uint8_t> field_of(std::span<const uint8_t> header, Field f) {
    return header.subspan(f.offset, f.size);
}

[[nodiscard]] bool all_zero(std::span<const uint8_t> bytes) {
    for (uint8_t b : bytes)
        if (b != 0) return false;
    return true;
}

/// The number in an octal field: optional leading spaces, at least one digit, then only NULs and
/// spaces (tars differ in which terminator they write, and some fill the field with digits).
/// Empty when the field is anything else or the number does not fit 64 bits.
[[nodiscard]] std::optional<uint64_t> parse_octal(std::span<const uint8_t> field) {
    size_t i = 0;
    while (i < field.size() && field[i] == ' ') ++i;
    uint64_t value = 0;
    size_t digits = 0;
    for (; i < field.size() && field[i] >= '0' && field[i] <= '7'; ++i, ++digits) {
        if (value > (UINT64_MAX >> 3)) return std::nullopt;
        value = value << 3 | static_cast<uint64_t>(field[i] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (; i < field.size(); ++i)
        if (field[i] != '\0' && field[i] != ' ') return std::nullopt;
    return value;
}

/// The checksum tar stores: the unsigned sum of the header's bytes, with the checksum field itself
/// counted as eight spaces (it cannot contain its own sum).
[[nodiscard]] uint64_t header_checksum(std::span<const uint8_t> header) {
    uint64_t sum = 0;
    for (size_t i = 0; i < header.size(); ++i) {
        bool in_field = i >= checksum_field.offset &&
                        i < checksum_field.offset + checksum_field.size;
        sum += in_field ? uint64_t{' '} : header[i];
    }
    return sum;
}

/// The name field up to its NUL, or empty when the field has no NUL (the name would not fit).
[[nodiscard]] std::optional<StringView> terminated_name(std::span<const uint8_t> header) {
    auto field = field_of(header, name_field);
    for (size_t i = 0; i < field.size(); ++i)
        if (field[i] == '\0') return StringView(reinterpret_cast<const char*>(field.data()), i);
    return std::nullopt;
}

/// One archive entry that parse() keeps: a regular file.
struct Entry {
    StringView name;
    std::span<const uint8_t> data;
};

/// Walks the headers of an archive from the start, one regular file per next(). Every check of
/// the format lives here, so parse() and the lookups agree on what the archive holds.
class Walker {
public:
    Walker(std::span<const uint8_t> archive, StringView* why) : archive_(archive), why_(why) {}

    /// The next regular file (directories are stepped over), an empty optional at the end of the
    /// archive, or the error that makes the archive invalid.
    [[nodiscard]] Result<std::optional<Entry>> next() {
        for (;;) {
            if (offset_ == archive_.size()) return end();
            if (archive_.size() - offset_ < block_size)
                return fail(why_, Error::Truncated, "archive ends inside a header");
            auto header = archive_.subspan(offset_, block_size);
            if (all_zero(header)) return end_marker();

            std::optional<uint64_t> stored = parse_octal(field_of(header, checksum_field));
            if (!stored)
                return fail(why_, Error::BadFormat, "header checksum is not an octal number");
            if (*stored != header_checksum(header))
                return fail(why_, Error::BadFormat, "header checksum does not match");
            auto magic = field_of(header, magic_field);
            if (magic[0] != 'u' || magic[1] != 's' || magic[2] != 't' || magic[3] != 'a' ||
                magic[4] != 'r' || magic[5] != '\0')
                return fail(why_, Error::BadFormat, "not a ustar header (magic)");

            uint8_t type = header[typeflag_offset];
            bool is_file = type == type_file || type == type_file_old;
            if (!is_file && type != type_directory)
                return fail(why_, Error::Unsupported,
                            "entry is neither a regular file nor a directory");
            if (!all_zero(field_of(header, prefix_field)))
                return fail(why_, Error::Unsupported, "name is too long (uses the prefix field)");
            std::optional<StringView> raw_name = terminated_name(header);
            if (!raw_name) return fail(why_, Error::BadFormat, "name is not NUL-terminated");
            std::optional<uint64_t> size = parse_octal(field_of(header, size_field));
            if (!size) return fail(why_, Error::BadFormat, "size is not an octal number");

            // offset_ + block_size <= archive size was checked above, so data_start cannot wrap.
            size_t data_start = offset_ + block_size;
            if (*size > archive_.size() - data_start)
                return fail(why_, Error::Truncated, "file data runs past the end of the archive");
            uint64_t padded = 0;
            if (__builtin_add_overflow(*size, block_size - 1, &padded))
                return fail(why_, Error::Truncated, "file data runs past the end of the archive");
            padded &= ~uint64_t{block_size - 1};
            // The last file's padding may be cut off; its data is whole, which is what counts.
            offset_ = padded > archive_.size() - data_start ? archive_.size() : data_start + padded;
            if (!is_file) continue;  // a directory: its files carry their full paths anyway

            StringView name = *raw_name;
            while (name.starts_with("./")) name = name.substr(2);
            if (name.empty()) return fail(why_, Error::BadFormat, "a file has an empty name");
            return std::optional<Entry>(Entry{name, archive_.subspan(data_start, *size)});
        }
    }

private:
    [[nodiscard]] static Result<std::optional<Entry>> end() { return std::optional<Entry>(); }

    /// At a zero block: the archive ends here, provided a second zero block or the end follows.
    [[nodiscard]] Result<std::optional<Entry>> end_marker() {
        size_t after = offset_ + block_size;
        offset_ = archive_.size();  // the walk is over either way
        if (after == archive_.size()) return end();
        if (archive_.size() - after < block_size)
            return fail(why_, Error::Truncated, "archive ends inside a header");
        if (!all_zero(archive_.subspan(after, block_size)))
            return fail(why_, Error::BadFormat, "a lone zero block inside the archive");
        return end();
    }

    std::span<const uint8_t> archive_;
    StringView* why_;
    size_t offset_ = 0;  // the next header
};

}  // namespace

Result<BootImage> BootImage::parse(std::span<const uint8_t> archive, StringView* why) {
    Walker walker(archive, why);
    BootImage image;
    for (;;) {
        std::optional<Entry> entry = TRY(walker.next());
        if (!entry) break;
        if (image.count_ == max_boot_image_files)
            return fail(why, Error::InvalidArgument, "more files than a boot image may hold");
        // Two files with one name would make find() depend on archive order: refuse them.
        // Quadratic, but in at most max_boot_image_files names, once at boot.
        for (size_t i = 0; i < image.count_; ++i)
            if (image.files_[i].name == entry->name)
                return fail(why, Error::BadFormat, "two files have the same name");
        image.files_[image.count_++] = BootImageFile{entry->name, entry->data};
    }
    if (why) *why = "";
    return image;
}

Result<BootImageFile> BootImage::file(size_t index) const {
    if (index >= count_) return Error::NotFound;
    return files_[index];
}

Result<BootImageFile> BootImage::find(StringView name) const {
    for (size_t i = 0; i < count_; ++i)
        if (files_[i].name == name) return files_[i];
    return Error::NotFound;
}
