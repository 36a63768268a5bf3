// The boot image: the user programs (ELF files) and their data files, packed on the host with
//   tar --format=ustar -cf bootimage.tar -C dir files...
// The loader hands the archive to the kernel untouched; the kernel reads it with this class.
//
// Why tar: every host has the tool, the format is a flat run of 512-byte blocks that needs no
// allocation to read, and each file's bytes sit contiguous in the archive, so a program's ELF file
// is a span of the archive, not a copy. A POSIX ustar header (all numbers are octal text):
//   offset   0  name[100]      NUL-terminated here (the prefix field for longer paths is refused)
//   offset 124  size[12]       file size in bytes
//   offset 148  chksum[8]      sum of all 512 header bytes, this field counted as 8 spaces
//   offset 156  typeflag       '0' or NUL: regular file, '5': directory, others: links, devices...
//   offset 257  magic[6]       "ustar" NUL
//   offset 345  prefix[155]    must be empty
// The file's data follows its header, padded to a whole block; two zero blocks end the archive.
//
// The archive is untrusted input: parse() validates it completely once, without ever reading
// outside it, and keeps an index of its files (name and data views), so a lookup never walks
// the archive again (a system call that re-parsed it kept interrupts off for 4.6 ms).
#pragma once
#include <cstddef>
#include <array>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"

/// Most files a boot image may hold (directories do not count).
inline constexpr size_t max_boot_image_files = 128;  // chapter 10's shell programs and desktop

/// One regular file of the boot image: views into the archive, valid as long as the archive is.
struct BootImageFile {
    StringView name;                ///< path inside the archive, without a leading "./"
    std::span<const uint8_t> data;  ///< the file's bytes
};

/// Read-only access to the regular files of a validated ustar archive. Keeps an index of views
/// into the archive: no allocation, no copies. file() is O(1), find() compares names.
class BootImage {
public:
    /// An image with no files (lets the kernel keep a constinit global until the archive arrives).
    constexpr BootImage() = default;

    /// Validates the whole of `archive`: each header's checksum, the "ustar" magic, the octal size
    /// field, a NUL-terminated name with an empty prefix field, each file's data inside the
    /// archive, no two files with the same name. Regular files (typeflag '0' or NUL) become files,
    /// directories ('5') are skipped. The archive ends at two zero blocks or at its own end (a
    /// single zero block then the end is fine); whatever follows the two zero blocks is ignored.
    /// A leading "./" of a name is stripped. On success `*why` (if given) is set to "". On failure
    /// `*why` is a short static English sentence naming the problem, and the error is:
    /// - Truncated: the archive ends inside a header or inside a file's data;
    /// - BadFormat: a checksum, magic, number field or name is wrong, a zero block stands alone
    ///   inside the archive, or two files share a name;
    /// - Unsupported: a link, device, FIFO or any other entry that is neither file nor directory,
    ///   or a name that needs the prefix field;
    /// - InvalidArgument: more than max_boot_image_files files.
    /// The archive must outlive the image and every BootImageFile taken from it.
    [[nodiscard]] static Result<BootImage> parse(std::span<const uint8_t> archive,
                                                 StringView* why = nullptr);

    /// Number of regular files.
    [[nodiscard]] size_t count() const { return count_; }
    /// The `index`-th regular file in archive order; NotFound when index >= count().
    [[nodiscard]] Result<BootImageFile> file(size_t index) const;
    /// The file called `name` exactly (as stored: no leading "./"); NotFound when there is none.
    [[nodiscard]] Result<BootImageFile> find(StringView name) const;

private:
    std::array<BootImageFile, max_boot_image_files> files_{};  // views into the validated archive
    size_t count_ = 0;
};
