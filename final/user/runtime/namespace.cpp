// @chapter 08-filesystem
#include "user/runtime/namespace.hpp"

#include "lib/fs/path.hpp"
#include "user/runtime/ipc.hpp"
//{ 09-network

Namespace::Namespace(Namespace&& other) { *this = static_cast<Namespace&&>(other); }

Namespace& Namespace::operator=(Namespace&& other) {
    if (this == &other) return *this;
    for (size_t i = 0; i < count_; ++i) entries_[i].dir = Dir();
    close_services();
    for (size_t i = 0; i < other.count_; ++i) {
        __builtin_memcpy(entries_[i].prefix, other.entries_[i].prefix, max_prefix);
        entries_[i].prefix_size = other.entries_[i].prefix_size;
        entries_[i].dir = static_cast<Dir&&>(other.entries_[i].dir);
    }
    count_ = other.count_;
    other.count_ = 0;
    for (size_t i = 0; i < other.service_count_; ++i) {
        services_[i] = other.services_[i];
        other.services_[i].channel = ipc::invalid_handle;
    }
    service_count_ = other.service_count_;
    other.service_count_ = 0;
    set_arguments(other.arguments());
    other.arguments_size_ = 0;
//{ 10-ui
    __builtin_memcpy(working_, other.working_, other.working_size_);
    working_size_ = other.working_size_;
//}
    return *this;
}

Namespace::~Namespace() { close_services(); }

void Namespace::close_services() {
    for (size_t i = 0; i < service_count_; ++i)
        if (services_[i].channel != ipc::invalid_handle)
            (void)sys::handle_close(services_[i].channel);
    service_count_ = 0;
}

Status Namespace::bind_service(StringView name, ipc::Handle channel) {
    if (name.empty() || name.size() > max_service_name || channel == ipc::invalid_handle)
        return Error::InvalidArgument;
    for (size_t i = 0; i < service_count_; ++i)
        if (StringView(services_[i].name, services_[i].name_size) == name)
            return Error::AlreadyExists;
    if (service_count_ == max_services) return Error::OutOfMemory;
    Service& service = services_[service_count_++];
    __builtin_memcpy(service.name, name.data(), name.size());
    service.name_size = name.size();
    service.channel = channel;
    return true;
}

Result<ipc::Handle> Namespace::take_service(StringView name) {
    for (size_t i = 0; i < service_count_; ++i) {
        if (StringView(services_[i].name, services_[i].name_size) != name) continue;
        ipc::Handle channel = services_[i].channel;
        services_[i] = services_[--service_count_];  // the last one fills the gap
        return channel;
    }
    return Error::NotFound;
}

void Namespace::set_arguments(StringView text) {
    arguments_size_ = text.size() < max_arguments ? text.size() : max_arguments;
    __builtin_memcpy(arguments_, text.data(), arguments_size_);
}

Status Namespace::receive_extra(ipc::Message& m) {
    StringView text(reinterpret_cast<const char*>(m.payload), m.header.payload_size);
    if (m.header.tag == bootstrap_arguments && m.header.handle_count == 0) {
        set_arguments(text);
        return true;
    }
    if (m.header.tag == bootstrap_service && m.header.handle_count == 1) {
        Status bound = bind_service(text, m.handles[0]);
        if (!bound.ok()) (void)sys::handle_close(m.handles[0]);
        return bound;
    }
//{ 10-ui
    if (m.header.tag == bootstrap_working_directory && m.header.handle_count == 0) {
        char clean[fs::max_path_bytes + 1];
        StringView path = TRY(absolute(text, clean));
        __builtin_memcpy(working_, path.data(), path.size());
        working_size_ = path.size();
        return true;
    }
//}
    return Error::BadFormat;
}
//}
//{ 10-ui

StringView Namespace::working_directory() const { return StringView(working_, working_size_); }

Result<StringView> Namespace::absolute(StringView path,
                                       char (&out)[fs::max_path_bytes + 1]) const {
    if (path.empty()) return Error::InvalidArgument;
    char joined[2 * fs::max_path_bytes + 2];
    size_t size = 0;
    if (path[0] != '/') {  // relative: the working directory, then a '/'
        __builtin_memcpy(joined, working_, working_size_);
        size = working_size_;
        if (joined[size - 1] != '/') joined[size++] = '/';
    }
    if (path.size() > fs::max_path_bytes) return Error::NameTooLong;
    __builtin_memcpy(joined + size, path.data(), path.size());
    size += path.size();
    if (size > fs::max_path_bytes) return Error::NameTooLong;
    fs::CleanPath clean = TRY(fs::CleanPath::make(StringView(joined, size)));
    out[0] = '/';
    __builtin_memcpy(out + 1, clean.text().data(), clean.text().size());
    return StringView(out, clean.text().size() + 1);
}

Status Namespace::change_directory(StringView path) {
    char clean[fs::max_path_bytes + 1];
    StringView absolute_path = TRY(absolute(path, clean));
    TRY(open_dir(absolute_path));  // it must exist and be a directory; the connection closes
    __builtin_memcpy(working_, absolute_path.data(), absolute_path.size());
    working_size_ = absolute_path.size();
    return true;
}

Status Namespace::share_mounts(Namespace& other) {
    for (size_t i = 0; i < count_; ++i) {
        Dir copy = TRY(entries_[i].dir.open_dir(".", fs::all_file_rights));
        TRY(other.bind(StringView(entries_[i].prefix, entries_[i].prefix_size),
                       static_cast<Dir&&>(copy)));
    }
    __builtin_memcpy(other.working_, working_, working_size_);
    other.working_size_ = working_size_;
    return true;
}
//}

Status Namespace::bind(StringView prefix, Dir dir) {
    if (prefix.empty() || prefix[0] != '/' || prefix.size() > max_prefix ||
        (prefix.size() > 1 && prefix[prefix.size() - 1] == '/') || !dir.is_open())
        return Error::InvalidArgument;
    for (size_t i = 0; i < count_; ++i)
        if (StringView(entries_[i].prefix, entries_[i].prefix_size) == prefix)
            return Error::AlreadyExists;
    if (count_ == max_entries) return Error::OutOfMemory;
    Entry& entry = entries_[count_++];
    __builtin_memcpy(entry.prefix, prefix.data(), prefix.size());
    entry.prefix_size = prefix.size();
    entry.dir = static_cast<Dir&&>(dir);
    return true;
}

Status Namespace::resolve(StringView path, Target& target) {
/*{ 08-filesystem..09-network
    if (path.empty() || path[0] != '/') return Error::InvalidArgument;  // names are absolute
//} */
//{ 10-ui
    char absolute_path[fs::max_path_bytes + 1];
    path = TRY(absolute(path, absolute_path));  // a relative name starts at the working directory
//}
    // Clean first, so ".." is resolved before choosing the server: "/fat/../data/x" is
    // "/data/x", and a server never sees a ".." meant for another.
    fs::CleanPath clean = TRY(fs::CleanPath::make(path));
    StringView text = clean.text();  // without the leading '/'
    Entry* best = nullptr;
    size_t best_size = 0;
    for (size_t i = 0; i < count_; ++i) {
        // Prefix "/a/b" matches "a/b" and "a/b/..." of the cleaned text; "/" matches all.
        StringView prefix = StringView(entries_[i].prefix, entries_[i].prefix_size).substr(1);
        bool matches = prefix.empty() ||
                       (text.substr(0, prefix.size()) == prefix &&
                        (text.size() == prefix.size() || text[prefix.size()] == '/'));
        if (matches && (!best || prefix.size() >= best_size)) {
            best = &entries_[i];
            best_size = prefix.size();
        }
    }
    if (!best) return Error::NotFound;
    StringView rest = text.substr(best_size);
    if (!rest.empty() && rest[0] == '/') rest = rest.substr(1);
    target.dir = &best->dir;
    __builtin_memcpy(target.rest, rest.data(), rest.size());
    target.rest_size = rest.size();
    return true;
}

Result<File> Namespace::open(StringView path, uint32_t flags, uint32_t rights) {
    Target target{};
    TRY(resolve(path, target));
    return target.dir->open(target.path(), flags, rights);
}

Result<Dir> Namespace::open_dir(StringView path, uint32_t rights) {
    Target target{};
    TRY(resolve(path, target));
    return target.dir->open_dir(target.path(), rights);
}

Status Namespace::mkdir(StringView path) {
    Target target{};
    TRY(resolve(path, target));
    return target.dir->mkdir(target.path());
}

Status Namespace::unlink(StringView path) {
    Target target{};
    TRY(resolve(path, target));
    return target.dir->unlink(target.path());
}

Status Namespace::rename(StringView from, StringView to) {
    Target source{}, destination{};
    TRY(resolve(from, source));
    TRY(resolve(to, destination));
    if (source.dir != destination.dir) return Error::NotPermitted;
    return source.dir->rename(source.path(), destination.path());
}

Status Namespace::send(ipc::Handle channel) {
    for (size_t i = 0; i < count_; ++i) {
        Entry& entry = entries_[i];
        ipc::Message m = make_message(
            bootstrap_entry, std::span(reinterpret_cast<const uint8_t*>(entry.prefix),
                                       entry.prefix_size));
        m.handles[0] = entry.dir.release();
        m.header.handle_count = 1;
        TRY(sys::channel_write(channel, m));
    }
    count_ = 0;
//{ 09-network
    for (size_t i = 0; i < service_count_; ++i) {
        Service& service = services_[i];
        ipc::Message m = make_message(
            bootstrap_service, std::span(reinterpret_cast<const uint8_t*>(service.name),
                                         service.name_size));
        m.handles[0] = service.channel;
        m.header.handle_count = 1;
        Status sent = sys::channel_write(channel, m);
        if (!sent.ok()) (void)sys::handle_close(service.channel);  // a refused message leaves it
        service.channel = ipc::invalid_handle;
        TRY(sent);
    }
    service_count_ = 0;
    if (arguments_size_ > 0) {
        TRY(sys::channel_write(
            channel, make_message(bootstrap_arguments,
                                  std::span(reinterpret_cast<const uint8_t*>(arguments_),
                                            arguments_size_))));
    }
//}
//{ 10-ui
    if (working_size_ > 1) {
        TRY(sys::channel_write(
            channel, make_message(bootstrap_working_directory,
                                  std::span(reinterpret_cast<const uint8_t*>(working_),
                                            working_size_))));
    }
//}
    ipc::Message end = make_message(bootstrap_end);
    return sys::channel_write(channel, end);
}

Result<Namespace> Namespace::receive(ipc::Handle channel) {
    Namespace names;
    ipc::Message m{};
    for (;;) {
        TRY(sys::channel_read(channel, m));
        if (m.header.tag == bootstrap_end) return names;
//{ 09-network
/*{ 09-network..09-network
        if (m.header.tag == bootstrap_service || m.header.tag == bootstrap_arguments) {
//} */
//{ 10-ui
        if (m.header.tag == bootstrap_service || m.header.tag == bootstrap_arguments ||
            m.header.tag == bootstrap_working_directory) {
//}
            TRY(names.receive_extra(m));
            continue;
        }
//}
        if (m.header.tag != bootstrap_entry || m.header.handle_count != 1) {
            for (uint32_t i = 0; i < m.header.handle_count && i < ipc::max_message_handles; ++i)
                (void)sys::handle_close(m.handles[i]);
            return Error::BadFormat;
        }
        TRY(names.bind(StringView(reinterpret_cast<const char*>(m.payload),
                                  m.header.payload_size),
                       Dir(m.handles[0])));
    }
}
