#include "lib/fs/path.hpp"

namespace fs {

StringView CleanPath::parent() const {
    size_t end = size_;
    while (end > 0 && bytes_[end - 1] != '/') --end;
    return StringView(bytes_, end == 0 ? 0 : end - 1);
}

StringView CleanPath::name() const {
    size_t start = size_;
    while (start > 0 && bytes_[start - 1] != '/') --start;
    return StringView(bytes_ + start, size_ - start);
}

size_t CleanPath::depth() const {
    if (size_ == 0) return 0;
    size_t names = 1;
    for (size_t i = 0; i < size_; ++i)
        if (bytes_[i] == '/') ++names;
    return names;
}

Result<CleanPath> CleanPath::make(StringView path) {
    if (path.size() > max_path_bytes) return Error::NameTooLong;
    if (path.empty()) return Error::InvalidArgument;
    for (char c : path)
        if (c == '\0') return Error::InvalidArgument;
    // One leading '/' (from the handle's directory) and one trailing '/' are allowed.
    StringView rest = path;
    if (rest[0] == '/') rest = rest.substr(1);
    CleanPath clean;
    if (rest.empty()) return clean;  // "/": the directory itself
    if (rest[rest.size() - 1] == '/') rest = rest.substr(0, rest.size() - 1);
    if (rest.empty()) return Error::InvalidArgument;  // "//"
    // Copy name by name; ".." cuts the output back to its previous '/' (or stays at the start:
    // nothing above the starting directory exists for this path). The output is never longer
    // than the input, so it fits.
    for (;;) {
        size_t end = rest.find('/');
        StringView name = rest.substr(0, end);
        if (name.empty()) return Error::InvalidArgument;
        if (name.size() > max_name_bytes) return Error::NameTooLong;
        if (name == StringView("..")) {
            while (clean.size_ > 0 && clean.bytes_[clean.size_ - 1] != '/') --clean.size_;
            if (clean.size_ > 0) --clean.size_;  // the '/' before the removed name
        } else if (!(name == StringView("."))) {
            if (clean.size_ > 0) clean.bytes_[clean.size_++] = '/';
            for (char c : name) clean.bytes_[clean.size_++] = c;
        }
        if (end == rest.size()) break;
        rest = rest.substr(end + 1);
    }
    return clean;
}

StringView take_first_name(StringView& rest) {
    size_t end = rest.find('/');
    StringView name = rest.substr(0, end);
    rest = end == rest.size() ? StringView() : rest.substr(end + 1);
    return name;
}

Result<NodeId> walk(FileSystem& fs, NodeId start, StringView names) {
    NodeId node = start;
    while (!names.empty()) {
        StringView name = take_first_name(names);
        node = TRY(fs.lookup(node, name));
    }
    return node;
}

}  // namespace fs
