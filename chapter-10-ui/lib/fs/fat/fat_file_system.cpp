#include "lib/fs/fat/fat_file_system.hpp"

namespace fat {

namespace {

// The specification's limit on a directory (and what bounds every walk of one here).
constexpr uint32_t max_dir_entries = 65536;
// Longest run of sectors moved in one device request.
constexpr uint64_t max_run_sectors = 256;
// The file system has no clock yet: every entry it writes is dated 2026-01-01 00:00.
constexpr uint32_t fixed_date = (2026 - 1980) << 9 | 1 << 5 | 1;
// Zeros for filling gaps and new directory clusters, 8 sectors at a time.
constexpr uint32_t zero_sectors = 8;
const uint8_t zeros[zero_sectors * sector_size] = {};

uint64_t div_up(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

void copy(uint8_t* to, const uint8_t* from, size_t n) {
    for (size_t i = 0; i < n; ++i) to[i] = from[i];
}

bool dot_entry(const uint8_t raw[32]) { return raw[0] == '.'; }

}  // namespace

// ---- mounting and nodes ----------------------------------------------------------------------

Status FatFileSystem::mount() {
    mounted_ = false;
    if (device_->block_size() != sector_size) {
        if (log_) log_("FAT: the device's blocks are not 512 bytes");
        return Error::Unsupported;
    }
    uint8_t sector0[sector_size];
    TRY(device_->read(0, std::span<uint8_t>(sector0, sector_size)));
    StringView why;
    auto parsed = parse_boot_sector(std::span<const uint8_t>(sector0, sector_size),
                                    device_->block_count(), why);
    if (!parsed.ok()) {
        if (log_) log_(why);
        return parsed.error();
    }
    g_ = parsed.value();
    cache_.set_fat_mirror(g_.reserved_sectors, g_.fat_sectors, g_.fat_count);
    TRY(table_.count_free());
    hint_first_ = checked_first_ = 0;
    free_valid_ = false;
    mounted_ = true;
    return true;
}

Result<uint32_t> FatFileSystem::entry_cluster(const uint8_t raw[32]) {
    uint32_t c = load16(raw + entry::cluster_low);
    if (g_.type == FatType::Fat32) c |= load16(raw + entry::cluster_high) << 16;
    if (c != 0 && !g_.valid_cluster(c))
        return corrupt(log_, "directory entry points past the end of the disk");
    return c;
}

Result<FatFileSystem::Node> FatFileSystem::node(fs::NodeId id) {
    if (!mounted_) return Error::InvalidArgument;
    if (id == root_id) return Node{id, true, g_.type == FatType::Fat32 ? g_.root_cluster : 0, 0};
    uint64_t sector = id / entries_per_sector;
    bool in_root = g_.type != FatType::Fat32 && sector >= g_.root_start && sector < g_.data_start;
    bool in_data = sector >= g_.data_start &&
                   sector - g_.data_start < uint64_t{g_.cluster_count} * g_.sectors_per_cluster;
    if (!in_root && !in_data) return Error::NotFound;
    uint8_t raw[32];
    auto data = TRY(cache_.read(sector));
    copy(raw, data.data() + (id % entries_per_sector) * 32, 32);
    uint8_t attr = raw[entry::attributes];
    if (raw[0] == entry::end_mark || raw[0] == entry::free_mark || dot_entry(raw) ||
        (attr & 0x3F) == entry::attr_long_name || (attr & entry::attr_volume))
        return Error::NotFound;
    Node n{id, (attr & entry::attr_directory) != 0, TRY(entry_cluster(raw)), 0};
    if (n.directory && n.cluster == 0) return corrupt(log_, "directory entry without a cluster");
    if (!n.directory) n.size = load32(raw + entry::size);
    return n;
}

Result<FatFileSystem::Node> FatFileSystem::directory(fs::NodeId id) {
    Node n = TRY(node(id));
    if (!n.directory) return Error::NotDirectory;
    return n;
}

Result<FatFileSystem::Node> FatFileSystem::file(fs::NodeId id) {
    Node n = TRY(node(id));
    if (n.directory) return Error::IsDirectory;
    return n;
}

Status FatFileSystem::patch_entry(fs::NodeId id, uint32_t cluster, uint32_t size) {
    auto data = TRY(cache_.modify(id / entries_per_sector));
    uint8_t* raw = data.data() + (id % entries_per_sector) * 32;
    store16(raw + entry::cluster_high, g_.type == FatType::Fat32 ? cluster >> 16 : 0);
    store16(raw + entry::cluster_low, cluster & 0xFFFF);
    store32(raw + entry::size, size);
    store16(raw + entry::write_date, fixed_date);
    return true;
}

// ---- directories -------------------------------------------------------------------------------

Result<FatFileSystem::DirCursor> FatFileSystem::seek(uint32_t dir, uint32_t index) {
    DirCursor c{dir, dir, index, {}};
    if (dir == 0) {
        if (index >= g_.root_entries) return Error::NotFound;
        return c;
    }
    if (index >= max_dir_entries) return Error::NotFound;
    uint32_t per_cluster = g_.cluster_bytes() / 32;
    for (uint32_t i = 0; i < index / per_cluster; ++i) {
        c.cluster = TRY(table_.next(c.cluster));
        if (c.cluster == FatTable::end) return Error::NotFound;
        if (c.guard.looped(c.cluster)) return corrupt(log_, "directory cluster chain loops");
    }
    return c;
}

Result<bool> FatFileSystem::advance(DirCursor& c, bool grow) {
    ++c.index;
    if (c.dir == 0) return c.index < g_.root_entries;
    if (c.index >= max_dir_entries) return false;
    if (c.index % (g_.cluster_bytes() / 32) != 0) return true;
    uint32_t next = TRY(table_.next(c.cluster));
    if (next == FatTable::end) {
        if (!grow) return false;
        next = TRY(table_.allocate(c.cluster));
        TRY(zero_cluster(next));
    }
    if (c.guard.looped(next)) return corrupt(log_, "directory cluster chain loops");
    c.cluster = next;
    return true;
}

uint64_t FatFileSystem::cursor_sector(const DirCursor& c) const {
    if (c.dir == 0) return g_.root_start + c.index / entries_per_sector;
    uint32_t index_in_cluster = c.index % (g_.cluster_bytes() / 32);
    return g_.cluster_sector(c.cluster) + index_in_cluster / entries_per_sector;
}

// Calls visit(const Found&) for each name of `dir` from entry `from` on, until it returns true
// (then true) or the directory ends (false). LFN slots count only when their ordinals run down
// to 1 without a gap and their checksum matches the short entry that follows.
template <typename Visit>
Result<bool> FatFileSystem::scan(uint32_t dir, uint32_t from, Visit&& visit) {
    auto start = seek(dir, from);
    if (!start.ok()) return start.error() == Error::NotFound ? Result<bool>(false) : start.error();
    DirCursor c = start.value();
    uint16_t units[20 * units_per_slot];
    uint32_t expect = 0, slots = 0, lfn_first = 0;
    uint8_t sum = 0;
    Found f;
    do {
        uint64_t sector = cursor_sector(c);
        uint8_t raw[32];
        auto data = TRY(cache_.read(sector));
        copy(raw, data.data() + (c.index % entries_per_sector) * 32, 32);
        uint8_t attr = raw[entry::attributes];
        if (raw[0] == entry::end_mark) return false;
        if (raw[0] == entry::free_mark) {
            expect = 0;
        } else if ((attr & 0x3F) == entry::attr_long_name) {
            uint32_t ord = raw[0] & 0x1F;
            if (raw[0] & entry::lfn_last) {
                expect = ord >= 1 && ord <= 20 ? ord : 0;
                slots = expect;
                sum = raw[13];
                lfn_first = c.index;
            } else if (expect > 1 && ord == expect - 1 && raw[13] == sum && !(raw[0] & 0xA0)) {
                expect = ord;
            } else {
                expect = 0;
            }
            if (expect != 0) decode_lfn_slot(raw, units + (expect - 1) * units_per_slot);
        } else if ((attr & entry::attr_volume) || dot_entry(raw)) {
            expect = 0;
        } else {
            f.index = c.index;
            f.id = sector * entries_per_sector + c.index % entries_per_sector;
            copy(f.raw, raw, 32);
            f.short_size = static_cast<uint8_t>(format_short_name(raw, f.short_name));
            size_t name_size = 0;
            if (expect == 1 && lfn_checksum(raw) == sum) {
                size_t count = 0;
                while (count < slots * units_per_slot && units[count] != 0) ++count;
                name_size = units_to_utf8(units, count, f.name);
            }
            f.first_index = name_size != 0 ? lfn_first : c.index;
            if (name_size == 0) {
                copy(reinterpret_cast<uint8_t*>(f.name), reinterpret_cast<uint8_t*>(f.short_name),
                     f.short_size);
                name_size = f.short_size;
            }
            f.name_size = static_cast<uint8_t>(name_size);
            expect = 0;
            if (visit(static_cast<const Found&>(f))) return true;
        }
    } while (TRY(advance(c, false)));
    return false;
}

Result<bool> FatFileSystem::find(uint32_t dir, StringView name, Found& out) {
    return scan(dir, 0, [&](const Found& f) {
        if (!same_name(StringView(f.name, f.name_size), name) &&
            !same_name(StringView(f.short_name, f.short_size), name))
            return false;
        out = f;
        return true;
    });
}

Status FatFileSystem::make_short_name(uint32_t dir, StringView name, uint8_t short_name[11],
                                      uint8_t& case_flags, bool& needs_long) {
    case_flags = 0;
    needs_long = !plain_short_name(name, short_name, case_flags);
    if (!needs_long) return true;
    // A lossy name gets an alias "BASIS~N.EXT" with the smallest N no entry uses.
    size_t base_len = 0;
    alias_basis(name, short_name, base_len);
    constexpr uint32_t max_tail = 4096;
    uint8_t used[max_tail / 8] = {};
    TRY(scan(dir, 0, [&](const Found& f) {
        uint32_t n = alias_tail_of(f.raw, short_name, base_len);
        if (n != 0 && n < max_tail) used[n / 8] |= static_cast<uint8_t>(1 << (n % 8));
        return false;
    }));
    for (uint32_t n = 1; n < max_tail; ++n) {
        if (!(used[n / 8] & (1 << (n % 8)))) {
            apply_alias_tail(short_name, base_len, n);
            return true;
        }
    }
    return Error::NoSpace;
}

Result<fs::NodeId> FatFileSystem::add_entry(uint32_t dir, StringView name,
                                            const uint8_t proto[32]) {
    uint16_t units[max_long_units];
    size_t unit_count = TRY(long_name_units(name, units));
    uint8_t short_name[11];
    uint8_t case_flags = 0;
    bool needs_long = false;
    TRY(make_short_name(dir, name, short_name, case_flags, needs_long));
    uint32_t slots = needs_long ? static_cast<uint32_t>(div_up(unit_count, units_per_slot)) : 0;
    uint32_t total = slots + 1;

    // The first run of `total` free entries, growing the directory when it has none.
    uint32_t from = free_valid_ && free_dir_ == dir ? free_from_ : 0;
    auto start = seek(dir, from);
    if (!start.ok() && start.error() == Error::NotFound && from != 0) start = seek(dir, from = 0);
    DirCursor c = TRY(start);
    uint32_t run_start = 0, run = 0, first_free = max_dir_entries;
    while (true) {
        auto data = TRY(cache_.read(cursor_sector(c)));
        uint8_t first = data[(c.index % entries_per_sector) * 32];
        if (first == entry::end_mark || first == entry::free_mark) {
            if (first_free == max_dir_entries) first_free = c.index;
            if (run++ == 0) run_start = c.index;
            if (run == total) break;
        } else {
            run = 0;
        }
        if (!TRY(advance(c, true))) return Error::NoSpace;
    }

    uint8_t checksum = lfn_checksum(short_name);
    DirCursor w = TRY(seek(dir, run_start));
    fs::NodeId id = 0;
    for (uint32_t k = 0; k < total; ++k) {
        uint64_t sector = cursor_sector(w);
        auto data = TRY(cache_.modify(sector));
        uint8_t* slot = data.data() + (w.index % entries_per_sector) * 32;
        if (k < slots) {
            encode_lfn_slot(slot, units, unit_count, slots - k, checksum);
        } else {
            copy(slot, proto, 32);
            copy(slot + entry::name, short_name, 11);
            slot[entry::case_flags] = case_flags;
            id = sector * entries_per_sector + w.index % entries_per_sector;
        }
        if (k + 1 < total && !TRY(advance(w, false))) return corrupt(log_, "directory shrank");
    }
    // Entries before the run were in use, and so is the run now (a later removal lowers this).
    free_valid_ = true;
    free_dir_ = dir;
    free_from_ = first_free < run_start ? first_free : run_start + total;
    return id;
}

Status FatFileSystem::remove_entries(uint32_t dir, uint32_t first, uint32_t last) {
    if (free_valid_ && free_dir_ == dir && first < free_from_) free_from_ = first;
    DirCursor c = TRY(seek(dir, first));
    for (uint32_t i = first; i <= last; ++i) {
        auto data = TRY(cache_.modify(cursor_sector(c)));
        data[(c.index % entries_per_sector) * 32] = entry::free_mark;
        if (i < last && !TRY(advance(c, false))) return corrupt(log_, "directory shrank");
    }
    return true;
}

Result<bool> FatFileSystem::is_empty_dir(uint32_t cluster) {
    bool any = TRY(scan(cluster, 0, [](const Found&) { return true; }));
    return !any;
}

Result<uint32_t> FatFileSystem::parent_of(uint32_t dir_cluster) {
    DirCursor c = TRY(seek(dir_cluster, 1));
    uint8_t raw[32];
    auto data = TRY(cache_.read(cursor_sector(c)));
    copy(raw, data.data() + (c.index % entries_per_sector) * 32, 32);
    if (raw[0] != '.' || raw[1] != '.') return corrupt(log_, "directory without a '..' entry");
    uint32_t parent = TRY(entry_cluster(raw));
    if (parent == 0) return g_.type == FatType::Fat32 ? g_.root_cluster : 0;
    return parent;
}

// ---- file data ---------------------------------------------------------------------------------

Status FatFileSystem::check_chain(const Node& n) {
    if (n.cluster == checked_first_ && n.size == checked_size_ && checked_first_ != 0) return true;
    if (n.cluster == 0) {
        if (n.size != 0) return corrupt(log_, "file has a size but no clusters");
        return true;
    }
    uint64_t needed = div_up(n.size, g_.cluster_bytes());
    if (needed == 0) needed = 1;
    if (needed > g_.cluster_count) return corrupt(log_, "file larger than the disk");
    uint64_t count = 1;
    LoopGuard guard;
    for (uint32_t c = n.cluster;;) {
        c = TRY(table_.next(c));
        if (c == FatTable::end) break;
        if (guard.looped(c)) return corrupt(log_, "cluster chain loops");
        if (++count > needed) return corrupt(log_, "cluster chain longer than the file");
    }
    if (count < needed) return corrupt(log_, "cluster chain shorter than the file size");
    checked_first_ = n.cluster;
    checked_size_ = n.size;
    return true;
}

Result<uint32_t> FatFileSystem::cluster_at(uint32_t first, uint32_t index) {
    if (index >= g_.cluster_count) return corrupt(log_, "file longer than the disk");
    uint32_t i = 0, c = first;
    if (hint_first_ == first && hint_index_ <= index) {
        i = hint_index_;
        c = hint_cluster_;
    }
    for (; i < index; ++i) {
        c = TRY(table_.next(c));
        if (c == FatTable::end) return corrupt(log_, "cluster chain shorter than the file size");
    }
    hint_first_ = first;
    hint_index_ = index;
    hint_cluster_ = c;
    return c;
}

Status FatFileSystem::grow_chain(Node& n, uint64_t new_size) {
    uint64_t have = n.cluster == 0 ? 0 : n.size == 0 ? 1 : div_up(n.size, g_.cluster_bytes());
    uint64_t needed = div_up(new_size, g_.cluster_bytes());
    if (needed <= have) return true;
    if (needed - have > table_.free_count()) return Error::NoSpace;
    uint32_t old_last = have == 0 ? 0 : TRY(cluster_at(n.cluster, static_cast<uint32_t>(have - 1)));
    uint32_t last = old_last, first_new = 0;
    for (uint64_t i = have; i < needed; ++i) {
        auto c = table_.allocate(last);
        if (!c.ok()) {
            // Leave the chain as it was: a chain longer than its file is corruption.
            if (old_last != 0) TRY(table_.set(old_last, table_.end_mark()));
            if (first_new != 0) TRY(table_.free_chain(first_new));
            return c.error();
        }
        if (first_new == 0) first_new = c.value();
        last = c.value();
    }
    if (n.cluster == 0) n.cluster = first_new;
    return true;
}

Status FatFileSystem::zero_cluster(uint32_t cluster) {
    uint64_t first = g_.cluster_sector(cluster);
    cache_.drop_range(first, g_.sectors_per_cluster);
    for (uint32_t s = 0; s < g_.sectors_per_cluster; s += zero_sectors) {
        uint32_t n = g_.sectors_per_cluster - s < zero_sectors ? g_.sectors_per_cluster - s
                                                               : zero_sectors;
        TRY(device_->write(first + s, std::span<const uint8_t>(zeros, n * sector_size)));
    }
    return true;
}

// Moves `count` bytes at `offset` of the chain from `first`: into `in` (a read), from `out` (a
// write), or zeros (both null). Partial sectors go through the cache; whole ones straight to
// the device, consecutive clusters merged into one request.
Status FatFileSystem::transfer(uint32_t first, uint64_t offset, uint8_t* in, const uint8_t* out,
                               uint64_t count) {
    const uint32_t cb = g_.cluster_bytes();
    while (count > 0) {
        uint32_t index = static_cast<uint32_t>(offset / cb);
        uint32_t cluster = TRY(cluster_at(first, index));
        uint32_t in_cluster = static_cast<uint32_t>(offset % cb);
        uint64_t sector = g_.cluster_sector(cluster) + in_cluster / sector_size;
        uint32_t in_sector = in_cluster % sector_size;
        uint64_t n = 0;
        if (in_sector != 0 || count < sector_size) {
            n = sector_size - in_sector < count ? sector_size - in_sector : count;
            if (in) {
                auto data = TRY(cache_.read(sector));
                copy(in, data.data() + in_sector, n);
            } else {
                auto data = TRY(cache_.modify(sector));
                copy(data.data() + in_sector, out ? out : zeros, n);
            }
        } else {
            uint64_t sectors = (cb - in_cluster) / sector_size;
            if (sectors > count / sector_size) sectors = count / sector_size;
            uint32_t last = cluster, last_index = index;
            while (sectors < max_run_sectors && (sectors + 1) * sector_size <= count &&
                   (g_.cluster_sector(last) + g_.sectors_per_cluster == sector + sectors)) {
                uint32_t next = TRY(cluster_at(first, last_index + 1));
                if (next != last + 1) break;
                uint64_t more = (count / sector_size) - sectors;
                sectors += more < g_.sectors_per_cluster ? more : g_.sectors_per_cluster;
                last = next;
                ++last_index;
            }
            if (sectors > max_run_sectors) sectors = max_run_sectors;
            n = sectors * sector_size;
            if (in) {
                TRY(cache_.write_back_range(sector, sectors));
                TRY(device_->read(sector, std::span<uint8_t>(in, n)));
            } else {
                cache_.drop_range(sector, sectors);
                if (out) {
                    TRY(device_->write(sector, std::span<const uint8_t>(out, n)));
                } else {
                    for (uint64_t s = 0; s < sectors; s += zero_sectors) {
                        uint64_t k = sectors - s < zero_sectors ? sectors - s : zero_sectors;
                        TRY(device_->write(sector + s,
                                           std::span<const uint8_t>(zeros, k * sector_size)));
                    }
                }
            }
        }
        offset += n;
        count -= n;
        if (in) in += n;
        if (out) out += n;
    }
    return true;
}

// ---- the FileSystem interface ------------------------------------------------------------------

Result<fs::NodeId> FatFileSystem::lookup(fs::NodeId dir, StringView name) {
    Node d = TRY(directory(dir));
    Found f;
    if (!TRY(find(d.cluster, name, f))) return Error::NotFound;
    return f.id;
}

Result<fs::NodeId> FatFileSystem::create(fs::NodeId dir, StringView name, fs::NodeKind kind) {
    Node d = TRY(directory(dir));
    uint16_t units[max_long_units];
    TRY(long_name_units(name, units));
    Found existing;
    if (TRY(find(d.cluster, name, existing))) return Error::AlreadyExists;

    uint8_t proto[32] = {};
    proto[entry::attributes] = kind == fs::NodeKind::Directory ? entry::attr_directory
                                                               : entry::attr_archive;
    store16(proto + 16, fixed_date);  // creation date
    store16(proto + 18, fixed_date);  // access date
    store16(proto + entry::write_date, fixed_date);
    uint32_t cluster = 0;
    if (kind == fs::NodeKind::Directory) {
        // A directory starts with "." (itself) and ".." (its parent, 0 for the root).
        cluster = TRY(table_.allocate(0));
        Status zeroed = zero_cluster(cluster);
        auto data = zeroed.ok() ? cache_.modify(g_.cluster_sector(cluster))
                                : Result<std::span<uint8_t>>(zeroed.error());
        if (!data.ok()) {
            TRY(table_.free_chain(cluster));
            return data.error();
        }
        uint8_t* dot = data.value().data();
        uint32_t parent = d.id == root_id ? 0 : d.cluster;
        for (uint32_t k = 0; k < 2; ++k) {
            uint8_t* e = dot + k * 32;
            copy(e, proto, 32);
            for (size_t i = 0; i < 11; ++i) e[i] = ' ';
            e[0] = '.';
            if (k == 1) e[1] = '.';
            uint32_t c = k == 0 ? cluster : parent;
            store16(e + entry::cluster_high, g_.type == FatType::Fat32 ? c >> 16 : 0);
            store16(e + entry::cluster_low, c & 0xFFFF);
        }
        store16(proto + entry::cluster_high, g_.type == FatType::Fat32 ? cluster >> 16 : 0);
        store16(proto + entry::cluster_low, cluster & 0xFFFF);
    }
    auto id = add_entry(d.cluster, name, proto);
    if (!id.ok() && cluster != 0) TRY(table_.free_chain(cluster));
    return id;
}

Result<uint64_t> FatFileSystem::read(fs::NodeId id, uint64_t offset, std::span<uint8_t> out) {
    Node n = TRY(file(id));
    TRY(check_chain(n));
    if (offset >= n.size) return uint64_t{0};
    uint64_t count = n.size - offset < out.size() ? n.size - offset : out.size();
    TRY(transfer(n.cluster, offset, out.data(), nullptr, count));
    return count;
}

Result<uint64_t> FatFileSystem::write(fs::NodeId id, uint64_t offset,
                                      std::span<const uint8_t> data) {
    Node n = TRY(file(id));
    TRY(check_chain(n));
    if (data.empty()) return uint64_t{0};
    if (offset > max_file_size || data.size() > max_file_size - offset)
        return Error::InvalidArgument;
    uint64_t end = offset + data.size();
    uint32_t old_size = n.size;
    if (end > old_size) TRY(grow_chain(n, end));
    if (offset > old_size) TRY(transfer(n.cluster, old_size, nullptr, nullptr, offset - old_size));
    TRY(transfer(n.cluster, offset, nullptr, data.data(), data.size()));
    if (end > old_size) {
        TRY(patch_entry(n.id, n.cluster, static_cast<uint32_t>(end)));
        checked_first_ = n.cluster;
        checked_size_ = static_cast<uint32_t>(end);
    }
    return uint64_t{data.size()};
}

Status FatFileSystem::truncate(fs::NodeId id, uint64_t size) {
    Node n = TRY(file(id));
    TRY(check_chain(n));
    if (size > max_file_size) return Error::InvalidArgument;
    uint32_t old_size = n.size;
    if (size > old_size) {
        TRY(grow_chain(n, size));
        TRY(transfer(n.cluster, old_size, nullptr, nullptr, size - old_size));
    } else if (size < old_size) {
        uint64_t keep = div_up(size, g_.cluster_bytes());
        hint_first_ = 0;
        if (keep == 0) {
            TRY(table_.free_chain(n.cluster));
            n.cluster = 0;
        } else {
            uint32_t last = TRY(cluster_at(n.cluster, static_cast<uint32_t>(keep - 1)));
            uint32_t tail = TRY(table_.next(last));
            if (tail != FatTable::end) {
                TRY(table_.set(last, table_.end_mark()));
                TRY(table_.free_chain(tail));
            }
        }
        hint_first_ = 0;
    } else {
        return true;
    }
    TRY(patch_entry(n.id, n.cluster, static_cast<uint32_t>(size)));
    checked_first_ = n.cluster;
    checked_size_ = static_cast<uint32_t>(size);
    return true;
}

Result<fs::NodeStat> FatFileSystem::stat(fs::NodeId id) {
    Node n = TRY(node(id));
    if (!n.directory) return fs::NodeStat{fs::NodeKind::File, n.size, 1};
    // A directory's size: the bytes of its entries (FAT leaves the size field 0).
    if (n.cluster == 0)
        return fs::NodeStat{fs::NodeKind::Directory, uint64_t{g_.root_entries} * 32, 1};
    uint64_t clusters = 1;
    uint64_t max_clusters = div_up(uint64_t{max_dir_entries} * 32, g_.cluster_bytes());
    LoopGuard guard;
    for (uint32_t c = n.cluster; (c = TRY(table_.next(c))) != FatTable::end;) {
        if (guard.looped(c)) return corrupt(log_, "directory cluster chain loops");
        if (++clusters > max_clusters) return corrupt(log_, "directory longer than 65536 entries");
    }
    return fs::NodeStat{fs::NodeKind::Directory, clusters * g_.cluster_bytes(), 1};
}

Result<fs::DirEntry> FatFileSystem::read_dir(fs::NodeId dir, uint64_t& cookie) {
    Node d = TRY(directory(dir));
    if (cookie >= max_dir_entries) return Error::NotFound;
    fs::DirEntry out{};
    Found found;
    bool any = TRY(scan(d.cluster, static_cast<uint32_t>(cookie), [&](const Found& f) {
        found = f;
        return true;
    }));
    if (!any) return Error::NotFound;
    out.node = found.id;
    out.kind = found.raw[entry::attributes] & entry::attr_directory ? fs::NodeKind::Directory
                                                                    : fs::NodeKind::File;
    out.name_size = found.name_size;
    copy(reinterpret_cast<uint8_t*>(out.name), reinterpret_cast<const uint8_t*>(found.name),
         found.name_size);
    cookie = found.index + 1;
    return out;
}

Status FatFileSystem::unlink(fs::NodeId dir, StringView name) {
    Node d = TRY(directory(dir));
    Found f;
    if (!TRY(find(d.cluster, name, f))) return Error::NotFound;
    uint32_t cluster = TRY(entry_cluster(f.raw));
    if (f.raw[entry::attributes] & entry::attr_directory) {
        if (cluster == 0) return corrupt(log_, "directory entry without a cluster");
        if (!TRY(is_empty_dir(cluster))) return Error::NotEmpty;
        free_valid_ = false;  // its cluster may come back as another directory
    }
    TRY(remove_entries(d.cluster, f.first_index, f.index));
    hint_first_ = checked_first_ = 0;
    return table_.free_chain(cluster);
}

Status FatFileSystem::rename(fs::NodeId from_dir, StringView from, fs::NodeId to_dir,
                             StringView to) {
    Node fd = TRY(directory(from_dir));
    Node td = TRY(directory(to_dir));
    uint16_t units[max_long_units];
    TRY(long_name_units(to, units));
    Found src;
    if (!TRY(find(fd.cluster, from, src))) return Error::NotFound;
    bool src_dir = (src.raw[entry::attributes] & entry::attr_directory) != 0;
    uint32_t src_cluster = TRY(entry_cluster(src.raw));
    if (src_dir && src_cluster == 0) return corrupt(log_, "directory entry without a cluster");

    // A directory may not move into itself or below itself: walk up from the target.
    if (src_dir && td.id != root_id) {
        uint32_t c = td.cluster;
        uint32_t root = g_.type == FatType::Fat32 ? g_.root_cluster : 0;
        for (uint32_t depth = 0; c != root; ++depth) {
            if (c == src_cluster) return Error::InvalidArgument;
            if (depth > g_.cluster_count) return corrupt(log_, "directory tree loops");
            c = TRY(parent_of(c));
        }
    }

    Found dst;
    bool replace = TRY(find(td.cluster, to, dst));
    if (replace && dst.id == src.id) {
        replace = false;  // the same entry: a change of case, or no change at all
        if (StringView(src.name, src.name_size) == to) return true;
    }
    uint32_t dst_cluster = 0;
    if (replace) {
        bool dst_dir = (dst.raw[entry::attributes] & entry::attr_directory) != 0;
        dst_cluster = TRY(entry_cluster(dst.raw));
        if (dst_dir && !src_dir) return Error::IsDirectory;
        if (!dst_dir && src_dir) return Error::NotDirectory;
        if (dst_dir && (dst_cluster == 0 || !TRY(is_empty_dir(dst_cluster))))
            return Error::NotEmpty;
        if (dst_dir) free_valid_ = false;
    }
    // The new name first: when the directory is full nothing has changed yet.
    TRY(add_entry(td.cluster, to, src.raw));
    if (replace) {
        TRY(remove_entries(td.cluster, dst.first_index, dst.index));
        TRY(table_.free_chain(dst_cluster));
    }
    TRY(remove_entries(fd.cluster, src.first_index, src.index));
    hint_first_ = checked_first_ = 0;
    if (src_dir && fd.cluster != td.cluster) {
        // The moved directory's ".." names its new parent.
        DirCursor c = TRY(seek(src_cluster, 1));
        auto data = TRY(cache_.modify(cursor_sector(c)));
        uint8_t* e = data.data() + (c.index % entries_per_sector) * 32;
        uint32_t parent = td.id == root_id ? 0 : td.cluster;
        store16(e + entry::cluster_high, g_.type == FatType::Fat32 ? parent >> 16 : 0);
        store16(e + entry::cluster_low, parent & 0xFFFF);
    }
    return true;
}

Status FatFileSystem::write_fsinfo() {
    auto data = TRY(cache_.modify(g_.fsinfo_sector));
    uint8_t* s = data.data();
    // Only an FSInfo sector that says it is one is updated.
    if (load32(s) != 0x41615252 || load32(s + 484) != 0x61417272) return true;
    store32(s + 488, table_.free_count());
    store32(s + 492, table_.next_free_hint());
    return true;
}

Status FatFileSystem::sync() {
    if (!mounted_) return Error::InvalidArgument;
    if (g_.type == FatType::Fat32 && g_.fsinfo_sector != 0) TRY(write_fsinfo());
    TRY(cache_.write_back_all());
    return device_->flush();
}

}  // namespace fat
