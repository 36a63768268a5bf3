#include "lib/fs/cjfs/cjfs.hpp"

namespace cjfs {
namespace {

// A write leaves a transaction when fewer slots than this remain: one block of data may need a
// data block, the inode, an indirect and a double-indirect block, a second-level block and a
// bitmap block for each new one.
constexpr uint32_t write_reserve = 8;
// Directories stay within the direct and indirect pointers (33,152 entries): a scan of a
// corrupt directory claiming gigabytes ends there.
constexpr uint64_t max_dir_size = uint64_t{direct_blocks + pointers_per_block} * block_size;

[[nodiscard]] uint64_t blocks_for(uint64_t bytes) { return (bytes + block_size - 1) / block_size; }

[[nodiscard]] bool same_name(const DirEntryDisk& entry, StringView name) {
    if (entry.name_size != name.size()) return false;
    for (size_t i = 0; i < name.size(); ++i)
        if (entry.name[i] != name[i]) return false;
    return true;
}

[[nodiscard]] Status check_name(StringView name) {
    if (name.empty()) return Error::InvalidArgument;
    if (name.size() > max_name) return Error::NameTooLong;
    return true;
}

[[nodiscard]] uint32_t pointer_at(std::span<const uint8_t> block, uint64_t i) {
    return load<uint32_t>(block, i * 4);
}

}  // namespace

Error Cjfs::corrupt(const char* why, uint64_t what) {
    problem_.clear();
    format(problem_, "{} ({})", why, what);
    return Error::Corrupt;
}

// Every operation ends here: a success commits its transaction, a failure forgets it.
Status Cjfs::finish(Status status) {
    if (!status.ok()) {
        journal_.abort();
        return status;
    }
    return journal_.commit();
}

Status Cjfs::mount() {
    problem_.clear();
    uint32_t sector = device_->block_size();
    if (sector == 0 || sector > block_size || block_size % sector != 0) {
        format(problem_, "device sectors of {} bytes do not divide 4096", sector);
        return Error::Unsupported;
    }
    Block block(table_);
    TRY(read_block(*device_, 0, block));
    sb_ = load<Superblock>(block);
    if (const char* why = check_superblock(sb_, device_->block_count() / (block_size / sector))) {
        problem_.write(why);
        return sb_.magic == magic ? Error::Corrupt : Error::BadFormat;
    }
    journal_.attach(*device_, sb_);
    const char* why = nullptr;
    Status replayed = journal_.recover(why);
    if (!replayed.ok()) {
        if (why) problem_.write(why);
        return replayed.error();
    }
    mounted_ = true;
    // The root must be a directory: everything else is reached from it.
    Result<Inode> root = load_inode(root_inode);
    if (!root.ok() || root.value().kind != InodeKind::Directory) {
        mounted_ = false;
        if (problem_.view().empty()) problem_.write("root inode is not a directory");
        return Error::Corrupt;
    }
    return true;
}

Status Cjfs::check_data_block(uint32_t block) {
    if (block < sb_.data_start || block >= sb_.block_count)
        return corrupt("block pointer outside the data area", block);
    return true;
}

Result<Inode> Cjfs::load_inode(fs::NodeId node) {
    if (!mounted_) return Error::InvalidArgument;
    if (node == 0 || node >= sb_.inode_count) return Error::NotFound;
    uint32_t number = static_cast<uint32_t>(node);
    TRY(journal_.read(sb_.inode_table_start + number / inodes_per_block, Block(table_)));
    Inode inode = load<Inode>(std::span<const uint8_t>(table_),
                              (number % inodes_per_block) * sizeof(Inode));
    if (inode.kind == InodeKind::Free) return Error::NotFound;
    if (inode.kind != InodeKind::File && inode.kind != InodeKind::Directory)
        return corrupt("inode of unknown kind", number);
    if (inode.size > max_file_size) return corrupt("inode larger than the largest file", number);
    if (inode.kind == InodeKind::Directory &&
        (inode.size % sizeof(DirEntryDisk) != 0 || inode.size > max_dir_size))
        return corrupt("directory size not a whole number of entries", number);
    return inode;
}

Status Cjfs::save_inode(uint32_t number, const Inode& inode) {
    Block block = TRY(journal_.modify(sb_.inode_table_start + number / inodes_per_block));
    store(block, inode, (number % inodes_per_block) * sizeof(Inode));
    return true;
}

Result<uint32_t> Cjfs::block_of(const Inode& inode, uint64_t index) {
    uint32_t block = 0;
    if (index < direct_blocks) {
        block = inode.direct[index];
    } else if (index < direct_blocks + pointers_per_block) {
        if (inode.indirect == 0) return uint32_t{0};
        TRY(check_data_block(inode.indirect));
        TRY(journal_.read(inode.indirect, Block(level1_)));
        block = pointer_at(level1_, index - direct_blocks);
    } else if (index < max_file_blocks) {
        uint64_t i = index - direct_blocks - pointers_per_block;
        if (inode.double_indirect == 0) return uint32_t{0};
        TRY(check_data_block(inode.double_indirect));
        TRY(journal_.read(inode.double_indirect, Block(level1_)));
        uint32_t table = pointer_at(level1_, i / pointers_per_block);
        if (table == 0) return uint32_t{0};
        TRY(check_data_block(table));
        TRY(journal_.read(table, Block(level2_)));
        block = pointer_at(level2_, i % pointers_per_block);
    } else {
        return Error::InvalidArgument;
    }
    if (block != 0) TRY(check_data_block(block));
    return block;
}

// Fills a hole in a pointer: a new, zeroed block. Returns the (old or new) block number.
Result<uint32_t> Cjfs::set_pointer(uint32_t& pointer) {
    if (pointer != 0) {
        TRY(check_data_block(pointer));
        return pointer;
    }
    uint32_t block = TRY(allocate(sb_.block_bitmap_start, sb_.data_start, sb_.block_count));
    TRY(journal_.overwrite(block));
    pointer = block;
    return block;
}

Result<Cjfs::Mapped> Cjfs::map_block(Inode& inode, uint64_t index) {
    uint32_t* slot = nullptr;
    uint32_t table = 0;  // the pointer block holding the slot, 0 for the inode
    uint32_t held = 0;   // copy of the pointer when it lives in a pointer block
    uint64_t slot_index = 0;
    if (index < direct_blocks) {
        slot = &inode.direct[index];
    } else if (index < direct_blocks + pointers_per_block) {
        table = TRY(set_pointer(inode.indirect));
        slot_index = index - direct_blocks;
    } else if (index < max_file_blocks) {
        uint64_t i = index - direct_blocks - pointers_per_block;
        uint32_t top = TRY(set_pointer(inode.double_indirect));
        TRY(journal_.read(top, Block(level1_)));
        uint32_t second = pointer_at(level1_, i / pointers_per_block);
        if (second == 0) {
            second = TRY(set_pointer(second));
            Block block = TRY(journal_.modify(top));
            store(block, second, (i / pointers_per_block) * 4);
        } else {
            TRY(check_data_block(second));
        }
        table = second;
        slot_index = i % pointers_per_block;
    } else {
        return Error::InvalidArgument;
    }
    if (table != 0) {
        TRY(journal_.read(table, Block(level2_)));
        held = pointer_at(level2_, slot_index);
        slot = &held;
    }
    bool fresh = *slot == 0;
    uint32_t block = TRY(set_pointer(*slot));
    if (table != 0 && fresh) {
        Block pointers = TRY(journal_.modify(table));
        store(pointers, block, slot_index * 4);
    }
    return Mapped{block, fresh};
}

Result<uint32_t> Cjfs::allocate(uint32_t bitmap_start, uint32_t first, uint32_t end) {
    Block bits(bitmap_);
    for (uint32_t b = first / bits_per_block; b <= (end - 1) / bits_per_block; ++b) {
        TRY(journal_.read(bitmap_start + b, bits));
        for (uint32_t byte = 0; byte < block_size; ++byte) {
            if (bits[byte] == 0xFF) continue;
            for (uint32_t bit = 0; bit < 8; ++bit) {
                uint64_t number = uint64_t{b} * bits_per_block + byte * 8 + bit;
                if (number < first || (bits[byte] & (1u << bit))) continue;
                if (number >= end) return Error::NoSpace;
                Block block = TRY(journal_.modify(bitmap_start + b));
                block[byte] |= static_cast<uint8_t>(1u << bit);
                return static_cast<uint32_t>(number);
            }
        }
    }
    return Error::NoSpace;
}

Status Cjfs::release(uint32_t bitmap_start, uint32_t number) {
    Block block = TRY(journal_.modify(bitmap_start + number / bits_per_block));
    uint32_t bit = number % bits_per_block;
    uint8_t mask = static_cast<uint8_t>(1u << (bit % 8));
    if (!(block[bit / 8] & mask)) return corrupt("freeing a block or inode that is free", number);
    block[bit / 8] &= static_cast<uint8_t>(~mask);
    return true;
}

// Frees the blocks that the pointer block `table` lists from entry `first` on; `buffer` holds
// a copy of it, updated, and `changed` says whether the copy must go back to disk.
Status Cjfs::free_pointers(uint32_t table, uint32_t first, Block buffer, bool& changed) {
    TRY(check_data_block(table));
    TRY(journal_.read(table, buffer));
    changed = false;
    for (uint32_t i = first; i < pointers_per_block; ++i) {
        uint32_t block = pointer_at(buffer, i);
        if (block == 0) continue;
        TRY(check_data_block(block));
        TRY(release(sb_.block_bitmap_start, block));
        store(buffer, uint32_t{0}, i * 4);
        changed = true;
    }
    return true;
}

Status Cjfs::free_from(Inode& inode, uint64_t first) {
    for (uint64_t i = first; i < direct_blocks; ++i) {
        if (inode.direct[i] == 0) continue;
        TRY(check_data_block(inode.direct[i]));
        TRY(release(sb_.block_bitmap_start, inode.direct[i]));
        inode.direct[i] = 0;
    }
    bool changed = false;
    uint64_t start = first > direct_blocks ? first - direct_blocks : 0;
    if (inode.indirect != 0 && start < pointers_per_block) {
        TRY(free_pointers(inode.indirect, static_cast<uint32_t>(start), Block(level1_), changed));
        if (start == 0) {
            TRY(release(sb_.block_bitmap_start, inode.indirect));
            inode.indirect = 0;
        } else if (changed) {
            Block block = TRY(journal_.modify(inode.indirect));
            for (uint32_t b = 0; b < block_size; ++b) block[b] = level1_[b];
        }
    }
    uint64_t base = direct_blocks + pointers_per_block;
    start = first > base ? first - base : 0;
    if (inode.double_indirect == 0) return true;
    TRY(check_data_block(inode.double_indirect));
    TRY(journal_.read(inode.double_indirect, Block(level1_)));
    bool top_changed = false;
    for (uint64_t k = start / pointers_per_block; k < pointers_per_block; ++k) {
        uint32_t table = pointer_at(level1_, k);
        if (table == 0) continue;
        uint32_t from = k == start / pointers_per_block ? start % pointers_per_block : 0;
        TRY(free_pointers(table, from, Block(level2_), changed));
        if (from == 0) {
            TRY(release(sb_.block_bitmap_start, table));
            store(std::span<uint8_t>(level1_), uint32_t{0}, k * 4);
            top_changed = true;
        } else if (changed) {
            Block block = TRY(journal_.modify(table));
            for (uint32_t b = 0; b < block_size; ++b) block[b] = level2_[b];
        }
    }
    if (start == 0) {
        TRY(release(sb_.block_bitmap_start, inode.double_indirect));
        inode.double_indirect = 0;
    } else if (top_changed) {
        Block block = TRY(journal_.modify(inode.double_indirect));
        for (uint32_t b = 0; b < block_size; ++b) block[b] = level1_[b];
    }
    return true;
}

// Calls visit(index, entry) for each entry slot from `first` on (free ones too) until it
// returns true. Bounded by the directory's size, itself bounded by load_inode.
template <typename Visit>
Status Cjfs::scan_dir(const Inode& dir, uint64_t first, Visit&& visit) {
    uint64_t entries = dir.size / sizeof(DirEntryDisk);
    uint64_t loaded = UINT64_MAX;
    for (uint64_t index = first; index < entries; ++index) {
        uint64_t block_index = index / entries_per_block;
        if (block_index != loaded) {
            uint32_t block = TRY(block_of(dir, block_index));
            if (block == 0) return corrupt("directory with a hole at block", block_index);
            TRY(journal_.read(block, Block(dir_)));
            loaded = block_index;
        }
        DirEntryDisk entry = load<DirEntryDisk>(std::span<const uint8_t>(dir_),
                                                (index % entries_per_block) * sizeof(entry));
        if (entry.inode != 0) {
            if (entry.inode >= sb_.inode_count)
                return corrupt("directory entry names an inode out of range", entry.inode);
            if (entry.name_size == 0 || entry.name_size > max_name)
                return corrupt("directory entry with a bad name size", entry.name_size);
        }
        if (visit(index, entry)) return true;
    }
    return true;
}

Result<Inode> Cjfs::load_dir(fs::NodeId node) {
    Inode dir = TRY(load_inode(node));
    if (dir.kind != InodeKind::Directory) return Error::NotDirectory;
    return dir;
}

Result<Cjfs::Slot> Cjfs::find_entry(const Inode& dir, StringView name) {
    Slot found{UINT64_MAX, {}};
    TRY(scan_dir(dir, 0, [&](uint64_t index, const DirEntryDisk& entry) {
        if (entry.inode == 0 || !same_name(entry, name)) return false;
        found = Slot{index, entry};
        return true;
    }));
    if (found.index == UINT64_MAX) return Error::NotFound;
    return found;
}

Status Cjfs::put_entry(Inode& dir, uint32_t dir_number, uint64_t index,
                       const DirEntryDisk& entry) {
    uint64_t end = (index + 1) * sizeof(DirEntryDisk);
    Mapped mapped = TRY(map_block(dir, index / entries_per_block));
    Block block = TRY(mapped.fresh ? journal_.overwrite(mapped.block)
                                   : journal_.modify(mapped.block));
    store(block, entry, (index % entries_per_block) * sizeof(entry));
    if (end > dir.size) dir.size = end;
    return save_inode(dir_number, dir);
}

Status Cjfs::add_entry(Inode& dir, uint32_t dir_number, StringView name, uint32_t target) {
    uint64_t free_index = dir.size / sizeof(DirEntryDisk);
    TRY(scan_dir(dir, 0, [&](uint64_t index, const DirEntryDisk& entry) {
        if (entry.inode != 0) return false;
        free_index = index;
        return true;
    }));
    if ((free_index + 1) * sizeof(DirEntryDisk) > max_dir_size) return Error::NoSpace;
    DirEntryDisk entry{};
    entry.inode = target;
    entry.name_size = static_cast<uint8_t>(name.size());
    for (size_t i = 0; i < name.size(); ++i) entry.name[i] = name[i];
    return put_entry(dir, dir_number, free_index, entry);
}

Result<bool> Cjfs::is_empty(const Inode& dir) {
    bool empty = true;
    TRY(scan_dir(dir, 0, [&](uint64_t, const DirEntryDisk& entry) {
        empty = entry.inode == 0;
        return !empty;
    }));
    return empty;
}

// One name fewer for `inode`; frees it and its blocks with the last one.
Status Cjfs::drop_link(uint32_t number, Inode& inode) {
    if (inode.links == 0) return corrupt("inode with no links is still named", number);
    if (--inode.links > 0) return save_inode(number, inode);
    TRY(free_from(inode, 0));
    TRY(release(sb_.inode_bitmap_start, number));
    return save_inode(number, Inode{});
}

Result<fs::NodeId> Cjfs::lookup(fs::NodeId dir_node, StringView name) {
    TRY(check_name(name));
    Inode dir = TRY(load_dir(dir_node));
    Slot slot = TRY(find_entry(dir, name));
    return fs::NodeId{slot.entry.inode};
}

Result<fs::NodeId> Cjfs::create(fs::NodeId dir_node, StringView name, fs::NodeKind kind) {
    TRY(check_name(name));
    if (kind != fs::NodeKind::File && kind != fs::NodeKind::Directory)
        return Error::InvalidArgument;
    Inode dir = TRY(load_dir(dir_node));
    Result<Slot> existing = find_entry(dir, name);
    if (existing.ok()) return Error::AlreadyExists;
    if (existing.error() != Error::NotFound) return existing.error();
    uint32_t dir_number = static_cast<uint32_t>(dir_node);
    Result<uint32_t> number = allocate(sb_.inode_bitmap_start, root_inode + 1, sb_.inode_count);
    Status done = [&]() -> Status {
        uint32_t n = TRY(number);
        Inode inode{};
        inode.kind = kind == fs::NodeKind::File ? InodeKind::File : InodeKind::Directory;
        inode.links = 1;
        inode.parent = kind == fs::NodeKind::Directory ? dir_number : 0;
        TRY(save_inode(n, inode));
        return add_entry(dir, dir_number, name, n);
    }();
    TRY(finish(done));
    return fs::NodeId{number.value()};
}

Result<uint64_t> Cjfs::read(fs::NodeId file, uint64_t offset, std::span<uint8_t> out) {
    Inode inode = TRY(load_inode(file));
    if (inode.kind == InodeKind::Directory) return Error::IsDirectory;
    if (offset >= inode.size) return uint64_t{0};
    uint64_t count = inode.size - offset < out.size() ? inode.size - offset : out.size();
    for (uint64_t done = 0; done < count;) {
        uint64_t position = offset + done;
        uint64_t within = position % block_size;
        uint64_t chunk = block_size - within < count - done ? block_size - within : count - done;
        uint32_t block = TRY(block_of(inode, position / block_size));
        if (block != 0) TRY(journal_.read(block, Block(dir_)));
        for (uint64_t i = 0; i < chunk; ++i) out[done + i] = block ? dir_[within + i] : 0;
        done += chunk;
    }
    return count;
}

Result<uint64_t> Cjfs::write(fs::NodeId file, uint64_t offset, std::span<const uint8_t> data) {
    uint32_t number = static_cast<uint32_t>(file);
    Inode inode = TRY(load_inode(file));
    if (inode.kind == InodeKind::Directory) return Error::IsDirectory;
    if (offset > max_file_size || data.size() > max_file_size - offset)
        return Error::InvalidArgument;
    uint64_t committed = 0;  // bytes of transactions already durable
    uint64_t done = 0;
    Status status = true;
    while (done < data.size()) {
        if (journal_.room() < write_reserve) {
            status = save_inode(number, inode);
            if (status.ok()) status = journal_.commit();
            if (!status.ok()) break;
            committed = done;
        }
        uint64_t position = offset + done;
        uint64_t within = position % block_size;
        uint64_t chunk = block_size - within < data.size() - done ? block_size - within
                                                                  : data.size() - done;
        Result<Mapped> mapped = map_block(inode, position / block_size);
        if (!mapped.ok()) {
            status = mapped.error();
            break;
        }
        Result<Block> block = mapped.value().fresh ? journal_.overwrite(mapped.value().block)
                                                   : journal_.modify(mapped.value().block);
        if (!block.ok()) {
            status = block.error();
            break;
        }
        for (uint64_t i = 0; i < chunk; ++i) block.value()[within + i] = data[done + i];
        done += chunk;
        if (position + chunk > inode.size) inode.size = position + chunk;
    }
    if (status.ok()) status = save_inode(number, inode);
    if (status.ok()) status = journal_.commit();
    if (status.ok()) return done;
    journal_.abort();
    if (committed > 0) return committed;  // a short write: the first transactions happened
    return status.error();
}

Status Cjfs::truncate(fs::NodeId file, uint64_t size) {
    uint32_t number = static_cast<uint32_t>(file);
    Inode inode = TRY(load_inode(file));
    if (inode.kind == InodeKind::Directory) return Error::IsDirectory;
    if (size > max_file_size) return Error::InvalidArgument;
    Status done = [&]() -> Status {
        if (size < inode.size) {
            TRY(free_from(inode, blocks_for(size)));
            // Bytes past the end must read as zeros if the file grows again.
            if (size % block_size != 0) {
                uint32_t block = TRY(block_of(inode, size / block_size));
                if (block != 0) {
                    Block tail = TRY(journal_.modify(block));
                    for (uint64_t i = size % block_size; i < block_size; ++i) tail[i] = 0;
                }
            }
        }
        inode.size = size;
        return save_inode(number, inode);
    }();
    return finish(done);
}

Result<fs::NodeStat> Cjfs::stat(fs::NodeId node) {
    Inode inode = TRY(load_inode(node));
    fs::NodeKind kind =
        inode.kind == InodeKind::File ? fs::NodeKind::File : fs::NodeKind::Directory;
    return fs::NodeStat{kind, inode.size, inode.links};
}

Result<fs::DirEntry> Cjfs::read_dir(fs::NodeId dir_node, uint64_t& cookie) {
    Inode dir = TRY(load_dir(dir_node));
    Slot found{UINT64_MAX, {}};
    TRY(scan_dir(dir, cookie, [&](uint64_t index, const DirEntryDisk& entry) {
        if (entry.inode == 0) return false;
        found = Slot{index, entry};
        return true;
    }));
    if (found.index == UINT64_MAX) return Error::NotFound;
    Result<Inode> target = load_inode(found.entry.inode);
    if (!target.ok()) {
        if (target.error() == Error::NotFound)
            return corrupt("directory entry names a free inode", found.entry.inode);
        return target.error();
    }
    fs::DirEntry out{};
    out.node = found.entry.inode;
    out.kind = target.value().kind == InodeKind::File ? fs::NodeKind::File
                                                      : fs::NodeKind::Directory;
    out.name_size = found.entry.name_size;
    for (uint32_t i = 0; i < found.entry.name_size; ++i) out.name[i] = found.entry.name[i];
    cookie = found.index + 1;
    return out;
}

Status Cjfs::unlink(fs::NodeId dir_node, StringView name) {
    TRY(check_name(name));
    Inode dir = TRY(load_dir(dir_node));
    Slot slot = TRY(find_entry(dir, name));
    Result<Inode> target = load_inode(slot.entry.inode);
    if (!target.ok())
        return target.error() == Error::NotFound
                   ? corrupt("directory entry names a free inode", slot.entry.inode)
                   : target.error();
    Inode inode = target.value();
    if (inode.kind == InodeKind::Directory && !TRY(is_empty(inode))) return Error::NotEmpty;
    Status done = [&]() -> Status {
        TRY(put_entry(dir, static_cast<uint32_t>(dir_node), slot.index, DirEntryDisk{}));
        return drop_link(slot.entry.inode, inode);
    }();
    return finish(done);
}

Status Cjfs::rename(fs::NodeId from_dir, StringView from, fs::NodeId to_dir, StringView to) {
    TRY(check_name(from));
    TRY(check_name(to));
    Inode source_dir = TRY(load_dir(from_dir));
    Inode target_dir = TRY(load_dir(to_dir));
    Slot source = TRY(find_entry(source_dir, from));
    if (from_dir == to_dir && same_name(source.entry, to)) return true;
    Inode moved = TRY(load_inode(source.entry.inode));
    uint32_t moved_number = source.entry.inode;
    if (moved.kind == InodeKind::Directory) {
        // Walk up from the destination: meeting the moved directory means moving it into
        // itself. The walk ends at the root within inode_count steps, or the tree is corrupt.
        fs::NodeId at = to_dir;
        uint32_t steps = 0;
        for (; at != root_inode; ++steps) {
            if (at == moved_number) return Error::InvalidArgument;
            if (steps == sb_.inode_count) return corrupt("directory parents form a loop", to_dir);
            at = TRY(load_dir(at)).parent;
        }
    }
    Result<Slot> replaced = find_entry(target_dir, to);
    if (!replaced.ok() && replaced.error() != Error::NotFound) return replaced.error();
    Status done = [&]() -> Status {
        uint32_t to_number = static_cast<uint32_t>(to_dir);
        if (replaced.ok()) {
            Slot old = replaced.value();
            Inode victim = TRY(load_inode(old.entry.inode));
            if (victim.kind == InodeKind::Directory) {
                if (moved.kind != InodeKind::Directory) return Error::IsDirectory;
                if (!TRY(is_empty(victim))) return Error::NotEmpty;
            } else if (moved.kind == InodeKind::Directory) {
                return Error::NotDirectory;
            }
            DirEntryDisk entry = old.entry;
            entry.inode = moved_number;
            TRY(put_entry(target_dir, to_number, old.index, entry));
            TRY(drop_link(old.entry.inode, victim));
        } else {
            TRY(add_entry(target_dir, to_number, to, moved_number));
        }
        // The source directory may be the target one, just changed: load it again.
        Inode again = TRY(load_dir(from_dir));
        TRY(put_entry(again, static_cast<uint32_t>(from_dir), source.index, DirEntryDisk{}));
        if (moved.kind == InodeKind::Directory && moved.parent != to_number) {
            Inode fresh = TRY(load_inode(moved_number));
            fresh.parent = to_number;
            TRY(save_inode(moved_number, fresh));
        }
        return true;
    }();
    return finish(done);
}

Status Cjfs::sync() {
    if (!mounted_) return Error::InvalidArgument;
    TRY(journal_.commit());
    return device_->flush();
}

}  // namespace cjfs
