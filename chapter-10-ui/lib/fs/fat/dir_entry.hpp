// Directory entries: 32 bytes each. A short entry holds an 8.3 name (11 bytes, space-padded,
// upper case), attributes, the first cluster and the size. A long name (VFAT) is stored in extra
// entries just before its short entry, 13 UCS-2 characters each, last piece first, each carrying
// a checksum of the short name so a program that knows nothing of long names (and renames or
// deletes the short entry alone) leaves orphans that are recognised as such.
#pragma once
#include <cstddef>
#include <cstdint>

#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"

namespace fat {

/// Byte offsets and values of a short directory entry.
namespace entry {
inline constexpr size_t name = 0;          ///< 11 bytes: 8 name + 3 extension
inline constexpr size_t attributes = 11;   ///< 1 byte: the attr_* bits
inline constexpr size_t case_flags = 12;   ///< Windows NT: 0x08 name, 0x10 extension lower case
inline constexpr size_t cluster_high = 20; ///< 2 bytes: high half of the first cluster (FAT32)
inline constexpr size_t write_time = 22;   ///< 2 bytes: time of the last write
inline constexpr size_t write_date = 24;   ///< 2 bytes: date of the last write
inline constexpr size_t cluster_low = 26;  ///< 2 bytes: low half of the first cluster
inline constexpr size_t size = 28;         ///< 4 bytes: file size (0 for directories)

inline constexpr uint8_t attr_volume = 0x08;     ///< the volume label, not a file
inline constexpr uint8_t attr_directory = 0x10;  ///< a directory
inline constexpr uint8_t attr_archive = 0x20;    ///< changed since the last backup (new files)
inline constexpr uint8_t attr_long_name = 0x0F;  ///< read-only|hidden|system|volume: an LFN slot
inline constexpr uint8_t free_mark = 0xE5;       ///< first byte of a deleted entry
inline constexpr uint8_t end_mark = 0x00;        ///< first byte of the entry after the last one
inline constexpr uint8_t lfn_last = 0x40;        ///< in an LFN slot's ordinal: the last piece
inline constexpr uint8_t case_lower_name = 0x08; ///< in case_flags: the name part is lower case
inline constexpr uint8_t case_lower_ext = 0x10;  ///< in case_flags: the extension is lower case
}  // namespace entry

/// Longest long name, in UCS-2 units.
inline constexpr size_t max_long_units = 255;
/// Characters of a long name per LFN slot.
inline constexpr size_t units_per_slot = 13;

/// The checksum of an 11-byte short name that every LFN slot of it repeats.
[[nodiscard]] uint8_t lfn_checksum(const uint8_t short_name[11]);

/// When `name` is a plain 8.3 name (one case per part), its 11-byte form and the NT case flags
/// that give the original case back; false when it needs a long name.
[[nodiscard]] bool plain_short_name(StringView name, uint8_t out[11], uint8_t& case_flags);
/// The basis of the short alias of a long name (upper case, unusable characters as '_', name
/// part cut to 8, extension to 3); `base_len` is the length of the name part.
void alias_basis(StringView name, uint8_t out[11], size_t& base_len);
/// Puts "~n" into the basis (cutting the name part to fit), making the alias.
void apply_alias_tail(uint8_t name[11], size_t base_len, uint32_t n);
/// The tail number of `short_name` if it is `basis` with a "~n" tail, else 0.
[[nodiscard]] uint32_t alias_tail_of(const uint8_t short_name[11], const uint8_t basis[11],
                                     size_t base_len);

/// "NAME.EXT" of a short entry, honouring the NT case flags; returns its length (1..12).
size_t format_short_name(const uint8_t raw_entry[32], char out[12]);

/// Checks a long name (printable, none of " * / : < > ? \ |, no trailing dot or space, valid
/// UTF-8 within the Basic Multilingual Plane) and converts it to UCS-2 in `out`; its length.
/// InvalidArgument or NameTooLong.
[[nodiscard]] Result<size_t> long_name_units(StringView name, uint16_t out[max_long_units]);
/// UTF-8 of `count` UCS-2 units into `out` (at most 255 bytes); 0 when it does not fit or the
/// units are not valid (a lone surrogate).
size_t units_to_utf8(const uint16_t* units, size_t count, char out[255]);

/// Equal, ignoring ASCII case (FAT names are case-insensitive; case-folding beyond ASCII is not
/// done, as in most small FAT implementations).
[[nodiscard]] bool same_name(StringView a, StringView b);

/// Fills LFN slot `ordinal` (1-based) of the long name `units[0..count)` into `slot`.
void encode_lfn_slot(uint8_t slot[32], const uint16_t* units, size_t count, uint32_t ordinal,
                     uint8_t checksum);
/// The 13 units of an LFN slot.
void decode_lfn_slot(const uint8_t slot[32], uint16_t out[units_per_slot]);

}  // namespace fat
