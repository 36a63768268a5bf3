// Short names, long names and their checksum (Microsoft's FAT specification, section 7).
#include "lib/fs/fat/dir_entry.hpp"

#include "lib/fs/fat/boot_sector.hpp"

namespace fat {

namespace {

// Where the 13 UCS-2 characters of an LFN slot sit inside its 32 bytes.
constexpr uint8_t lfn_offsets[units_per_slot] = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
char to_upper(char c) { return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

// A character a short name may hold (after upper-casing): letters, digits and a few symbols.
bool short_char(char c) {
    if (is_upper(c) || is_lower(c) || (c >= '0' && c <= '9')) return true;
    for (char ok : StringView("!#$%&'()-@^_`{}~"))
        if (c == ok) return true;
    return false;
}

// One part (name or extension) of a plain 8.3 name: 1..max short characters of a single case.
// Sets `lower` when its letters are lower case.
bool plain_part(StringView part, size_t max, bool& lower) {
    if (part.empty() || part.size() > max) return false;
    bool has_lower = false, has_upper = false;
    for (char c : part) {
        if (!short_char(c)) return false;
        has_lower |= is_lower(c);
        has_upper |= is_upper(c);
    }
    lower = has_lower;
    return !(has_lower && has_upper);
}

// Copies the alias characters of `part` into out[0..max): upper case, spaces and dots dropped,
// anything else unusable (one '_' per UTF-8 character) replaced. Returns how many.
size_t alias_part(StringView part, uint8_t* out, size_t max) {
    size_t n = 0;
    for (char c : part) {
        if (n == max) break;
        auto byte = static_cast<uint8_t>(c);
        if (c == ' ' || c == '.' || (byte & 0xC0) == 0x80) continue;  // continuation bytes
        out[n++] = static_cast<uint8_t>(short_char(c) ? to_upper(c) : '_');
    }
    return n;
}

}  // namespace

uint8_t lfn_checksum(const uint8_t short_name[11]) {
    uint8_t sum = 0;
    for (size_t i = 0; i < 11; ++i)
        sum = static_cast<uint8_t>(((sum & 1) << 7) + (sum >> 1) + short_name[i]);
    return sum;
}

bool plain_short_name(StringView name, uint8_t out[11], uint8_t& case_flags) {
    size_t dot = name.find('.');
    StringView base = name.substr(0, dot);
    StringView ext = dot < name.size() ? name.substr(dot + 1) : StringView();
    bool base_lower = false, ext_lower = false;
    if (!plain_part(base, 8, base_lower)) return false;
    if (dot < name.size() && !plain_part(ext, 3, ext_lower)) return false;
    for (size_t i = 0; i < 11; ++i) out[i] = ' ';
    for (size_t i = 0; i < base.size(); ++i) out[i] = static_cast<uint8_t>(to_upper(base[i]));
    for (size_t i = 0; i < ext.size(); ++i) out[8 + i] = static_cast<uint8_t>(to_upper(ext[i]));
    case_flags = static_cast<uint8_t>((base_lower ? entry::case_lower_name : 0) |
                                      (ext_lower ? entry::case_lower_ext : 0));
    return true;
}

void alias_basis(StringView name, uint8_t out[11], size_t& base_len) {
    size_t start = 0;
    while (start < name.size() && name[start] == '.') ++start;
    StringView rest = name.substr(start);
    size_t last_dot = rest.size();
    for (size_t i = 0; i < rest.size(); ++i)
        if (rest[i] == '.') last_dot = i;
    for (size_t i = 0; i < 11; ++i) out[i] = ' ';
    base_len = alias_part(rest.substr(0, last_dot), out, 8);
    if (base_len == 0) out[base_len++] = '_';
    if (last_dot < rest.size()) alias_part(rest.substr(last_dot + 1), out + 8, 3);
}

void apply_alias_tail(uint8_t name[11], size_t base_len, uint32_t n) {
    char digits[10];
    size_t count = 0;
    do {
        digits[count++] = static_cast<char>('0' + n % 10);
        n /= 10;
    } while (n != 0 && count < sizeof digits);
    size_t keep = base_len < 8 - 1 - count ? base_len : 8 - 1 - count;
    size_t at = keep;
    name[at++] = '~';
    while (count > 0) name[at++] = static_cast<uint8_t>(digits[--count]);
    while (at < 8) name[at++] = ' ';
}

uint32_t alias_tail_of(const uint8_t short_name[11], const uint8_t basis[11], size_t base_len) {
    for (size_t i = 8; i < 11; ++i)
        if (short_name[i] != basis[i]) return 0;
    size_t tilde = 0;
    while (tilde < 8 && short_name[tilde] != '~') ++tilde;
    if (tilde == 8) return 0;
    uint32_t n = 0;
    size_t digits = 0;
    for (size_t i = tilde + 1; i < 8 && short_name[i] != ' '; ++i, ++digits) {
        if (short_name[i] < '0' || short_name[i] > '9') return 0;
        n = n * 10 + (short_name[i] - '0');
    }
    if (digits == 0 || short_name[tilde + 1] == '0') return 0;
    size_t expect = base_len < 8 - 1 - digits ? base_len : 8 - 1 - digits;
    if (tilde != expect) return 0;
    for (size_t i = 0; i < tilde; ++i)
        if (short_name[i] != basis[i]) return 0;
    return n;
}

size_t format_short_name(const uint8_t raw[32], char out[12]) {
    uint8_t flags = raw[entry::case_flags];
    size_t n = 0;
    auto put = [&](uint8_t b, bool lower) {
        if (b == 0x05) b = 0xE5;  // a name starting with E5 is stored as 05
        char c = b >= 0x80 || b < 0x20 ? '_' : static_cast<char>(b);
        if (lower && is_upper(c)) c = static_cast<char>(c - 'A' + 'a');
        out[n++] = c;
    };
    size_t base_end = 8;
    while (base_end > 0 && raw[base_end - 1] == ' ') --base_end;
    for (size_t i = 0; i < base_end; ++i) put(raw[i], flags & entry::case_lower_name);
    size_t ext_end = 11;
    while (ext_end > 8 && raw[ext_end - 1] == ' ') --ext_end;
    if (ext_end > 8) {
        out[n++] = '.';
        for (size_t i = 8; i < ext_end; ++i) put(raw[i], flags & entry::case_lower_ext);
    }
    if (n == 0) out[n++] = '_';  // an all-blank name still needs to be one
    return n;
}

Result<size_t> long_name_units(StringView name, uint16_t out[max_long_units]) {
    if (name.size() > max_long_units) return Error::NameTooLong;
    if (name.empty()) return Error::InvalidArgument;
    char last = name[name.size() - 1];
    if (last == '.' || last == ' ') return Error::InvalidArgument;  // Windows strips them
    size_t count = 0;
    for (size_t i = 0; i < name.size();) {
        auto b0 = static_cast<uint8_t>(name[i]);
        uint32_t cp = 0;
        size_t len = 0;
        if (b0 < 0x80) { cp = b0; len = 1; }
        else if (b0 >= 0xC2 && b0 <= 0xDF) { cp = b0 & 0x1F; len = 2; }
        else if (b0 >= 0xE0 && b0 <= 0xEF) { cp = b0 & 0x0F; len = 3; }
        else return Error::InvalidArgument;  // stray byte, or beyond the BMP (4 bytes)
        if (i + len > name.size()) return Error::InvalidArgument;
        for (size_t k = 1; k < len; ++k) {
            auto b = static_cast<uint8_t>(name[i + k]);
            if ((b & 0xC0) != 0x80) return Error::InvalidArgument;
            cp = cp << 6 | (b & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (cp >= 0xD800 && cp <= 0xDFFF))
            return Error::InvalidArgument;  // overlong form, or a surrogate
        if (cp < 0x20 || cp == 0x7F) return Error::InvalidArgument;
        for (char bad : StringView("\"*/:<>?\\|"))
            if (cp == static_cast<uint32_t>(bad)) return Error::InvalidArgument;
        out[count++] = static_cast<uint16_t>(cp);
        i += len;
    }
    return count;
}

size_t units_to_utf8(const uint16_t* units, size_t count, char out[255]) {
    size_t n = 0;
    for (size_t i = 0; i < count; ++i) {
        uint32_t u = units[i];
        size_t len = u < 0x80 ? 1 : u < 0x800 ? 2 : 3;
        if (u >= 0xD800 && u <= 0xDFFF) return 0;  // surrogate pairs: not supported
        if (u == 0 || n + len > 255) return 0;
        if (len == 1) {
            out[n++] = static_cast<char>(u);
        } else if (len == 2) {
            out[n++] = static_cast<char>(0xC0 | u >> 6);
            out[n++] = static_cast<char>(0x80 | (u & 0x3F));
        } else {
            out[n++] = static_cast<char>(0xE0 | u >> 12);
            out[n++] = static_cast<char>(0x80 | ((u >> 6) & 0x3F));
            out[n++] = static_cast<char>(0x80 | (u & 0x3F));
        }
    }
    return n;
}

bool same_name(StringView a, StringView b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (to_upper(a[i]) != to_upper(b[i])) return false;
    return true;
}

void encode_lfn_slot(uint8_t slot[32], const uint16_t* units, size_t count, uint32_t ordinal,
                     uint8_t checksum) {
    bool last = ordinal * units_per_slot >= count;
    slot[0] = static_cast<uint8_t>(ordinal | (last ? entry::lfn_last : 0));
    slot[11] = entry::attr_long_name;
    slot[12] = 0;
    slot[13] = checksum;
    store16(slot + 26, 0);
    for (size_t i = 0; i < units_per_slot; ++i) {
        size_t k = (ordinal - 1) * units_per_slot + i;
        // After the name: one 0000 terminator, then FFFF padding.
        uint16_t v = k < count ? units[k] : k == count ? 0x0000 : 0xFFFF;
        store16(slot + lfn_offsets[i], v);
    }
}

void decode_lfn_slot(const uint8_t slot[32], uint16_t out[units_per_slot]) {
    for (size_t i = 0; i < units_per_slot; ++i)
        out[i] = static_cast<uint16_t>(load16(slot + lfn_offsets[i]));
}

}  // namespace fat
