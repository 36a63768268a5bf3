#include "lib/shell/history.hpp"

namespace shell {

void History::add(StringView line) {
    line = line.substr(0, max_line_bytes);
    if (line.empty() || (count_ > 0 && entry(0) == line)) return;
    newest_ = (newest_ + 1) % history_lines;
    for (size_t i = 0; i < line.size(); ++i) lines_[newest_][i] = line[i];
    lengths_[newest_] = static_cast<uint16_t>(line.size());
    if (count_ < history_lines) ++count_;
}

StringView History::entry(size_t age) const {
    if (age >= count_) return {};
    size_t slot = (newest_ + history_lines - age) % history_lines;
    return StringView(lines_[slot].data(), lengths_[slot]);
}

}  // namespace shell
