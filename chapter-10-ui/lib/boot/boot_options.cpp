#include "lib/boot/boot_options.hpp"

namespace {

/// Calls `visit(line_number, line)` for every line of `text`, without its newline.
template <typename Visit>
void for_each_line(StringView text, Visit visit) {
    size_t number = 1;
    while (!text.empty()) {
        size_t end = text.find('\n');
        visit(number++, text.substr(0, end));
        text = text.substr(end + 1);
    }
}

bool is_ignored(StringView line) { return line.empty() || line[0] == '#'; }

}  // namespace

Result<StringView> BootOptions::get(StringView key) const {
    Result<StringView> found = Error::NotFound;
    for_each_line(text_, [&](size_t, StringView line) {
        line = line.trimmed();
        size_t eq = line.find('=');
        if (is_ignored(line) || eq == line.size()) return;
        StringView name = line.substr(0, eq).trimmed();
        if (!name.empty() && name == key) found = line.substr(eq + 1).trimmed();
    });
    return found;
}

StringView BootOptions::get_or(StringView key, StringView fallback) const {
    auto value = get(key);
    return value.ok() ? value.value() : fallback;
}

uint32_t BootOptions::get_number(StringView key, uint32_t fallback) const {
    auto value = get(key);
    if (!value.ok() || value.value().empty() || value.value().size() > 9) return fallback;
    uint32_t number = 0;
    for (char c : value.value()) {
        if (c < '0' || c > '9') return fallback;
        number = number * 10 + static_cast<uint32_t>(c - '0');
    }
    return number;
}

size_t BootOptions::first_malformed_line() const {
    size_t bad = 0;
    for_each_line(text_, [&](size_t number, StringView line) {
        line = line.trimmed();
        if (bad || is_ignored(line)) return;
        size_t eq = line.find('=');
        if (eq == line.size() || line.substr(0, eq).trimmed().empty()) bad = number;
    });
    return bad;
}
