#include "lib/fs/cjfs/fsck.hpp"

#include "lib/core/format.hpp"
#include "lib/fs/cjfs/journal.hpp"
#include "lib/fs/cjfs/layout.hpp"

namespace cjfs {
namespace {

// Printing stops after this many problems (they are still counted).
constexpr uint64_t max_printed = 40;

// The most entries a directory can hold (its direct and single-indirect blocks).
constexpr uint64_t max_directory_entries =
    uint64_t{direct_blocks + pointers_per_block} * entries_per_block;
// Slots of the table that finds two entries with one name: a power of two, at most half full.
constexpr uint64_t name_slots = [] {
    uint64_t slots = 1;
    while (slots < 2 * max_directory_entries) slots *= 2;
    return slots;
}();

/// One slot of the name table: the name's hash and, plus one, the entry's index in the
/// directory (0: an empty slot).
struct NameSlot {
    uint64_t hash;
    uint64_t entry_plus_one;
};

[[nodiscard]] uint64_t name_hash(const DirEntryDisk& entry) {
    uint64_t hash = 14'695'981'039'346'656'037ull;  // FNV-1a
    for (uint8_t i = 0; i < entry.name_size && i < max_name; ++i)
        hash = (hash ^ uint8_t(entry.name[i])) * 1'099'511'628'211ull;
    return hash;
}

[[nodiscard]] bool same_name(const DirEntryDisk& a, const DirEntryDisk& b) {
    if (a.name_size != b.name_size || a.name_size > max_name) return false;
    for (uint8_t i = 0; i < a.name_size; ++i)
        if (a.name[i] != b.name[i]) return false;
    return true;
}

[[nodiscard]] bool bit(std::span<const uint8_t> bits, uint64_t n) {
    return bits[n / 8] & (1u << (n % 8));
}
void set(std::span<uint8_t> bits, uint64_t n) {
    bits[n / 8] |= static_cast<uint8_t>(1u << (n % 8));
}

/// The state of one check: the superblock, the scratch memory carved up, the problem count.
class Checker {
public:
    Checker(BlockDevice& device, const Superblock& sb, std::span<uint8_t> scratch, Writer& report)
        : device_(device), sb_(sb), report_(report) {
        uint64_t used_bytes = (uint64_t{sb.block_count} + 7) / 8;
        used_ = scratch.subspan(0, used_bytes);
        refs_ = scratch.subspan(used_bytes, uint64_t{sb.inode_count} * 4);
        uint64_t at = used_bytes + uint64_t{sb.inode_count} * 4;
        at = (at + 7) / 8 * 8;
        for (int i = 0; i < 4; ++i)
            buffers_[i] = scratch.subspan(at + i * block_size, block_size).data();
        names_ = scratch.subspan(at + 4 * block_size, name_slots * sizeof(NameSlot));
        for (uint8_t& b : scratch.subspan(0, at)) b = 0;
    }

    [[nodiscard]] uint64_t problems() const { return problems_; }

    template <typename... Args>
    void problem(StringView fmt, const Args&... args) {
        if (problems_++ < max_printed) {
            format(report_, fmt, args...);
            report_.put('\n');
        } else if (problems_ == max_printed + 1) {
            report_.write("(more problems not printed)\n");
        }
    }

    [[nodiscard]] Status run();

private:
    [[nodiscard]] Block buffer(int i) { return Block(buffers_[i], block_size); }
    [[nodiscard]] uint32_t refs(uint32_t n) const { return load<uint32_t>(refs_, n * 4); }
    void add_ref(uint32_t n) { store(refs_, refs(n) + 1, n * 4); }
    [[nodiscard]] Result<Inode> inode(uint32_t n) {
        TRY(read_block(device_, sb_.inode_table_start + n / inodes_per_block, buffer(2)));
        return load<Inode>(buffer(2), (n % inodes_per_block) * sizeof(Inode));
    }
    void claim(uint32_t owner, uint32_t block, const char* what);
    [[nodiscard]] Status check_pointers(uint32_t owner, uint32_t table, uint64_t first_index,
                                        uint64_t stride, uint64_t blocks, int depth);
    [[nodiscard]] Status check_inode(uint32_t n, const Inode& node);
    [[nodiscard]] Status check_directory(uint32_t n, const Inode& dir);
    [[nodiscard]] Status check_unique_name(uint32_t n, const Inode& dir, uint64_t index,
                                           const DirEntryDisk& entry, uint64_t slots);
    [[nodiscard]] Result<DirEntryDisk> entry_at(const Inode& dir, uint64_t index);
    [[nodiscard]] Result<uint32_t> block_of(const Inode& node, uint64_t index);

    BlockDevice& device_;
    Superblock sb_;
    Writer& report_;
    std::span<uint8_t> used_;  // one bit per block: reached from an inode (or metadata)
    std::span<uint8_t> refs_;  // per inode: directory entries naming it
    std::span<uint8_t> names_;  // NameSlot[name_slots]: one directory's names at a time
    uint8_t* buffers_[4] = {};
    uint64_t problems_ = 0;
};

void Checker::claim(uint32_t owner, uint32_t block, const char* what) {
    if (block < sb_.data_start || block >= sb_.block_count) {
        problem("inode {}: {} pointer {} outside the data area", owner, what, block);
        return;
    }
    if (bit(used_, block)) {
        problem("block {} used twice (again by inode {}, as {})", block, owner, what);
        return;
    }
    set(used_, block);
}

// Walks a pointer block whose entries cover `stride` file blocks each, from file block
// `first_index`; a non-zero pointer at or past `blocks` (the size in blocks) is a problem.
Status Checker::check_pointers(uint32_t owner, uint32_t table, uint64_t first_index,
                               uint64_t stride, uint64_t blocks, int depth) {
    claim(owner, table, depth == 2 ? "double-indirect" : "indirect");
    if (table < sb_.data_start || table >= sb_.block_count) return true;
    TRY(read_block(device_, table, buffer(depth - 1)));
    for (uint32_t i = 0; i < pointers_per_block; ++i) {
        uint32_t p = load<uint32_t>(buffer(depth - 1), i * 4);
        if (p == 0) continue;
        uint64_t index = first_index + i * stride;
        if (index >= blocks) problem("inode {}: block pointer past the end of the file", owner);
        if (depth == 2) {
            TRY(check_pointers(owner, p, index, 1, blocks, 1));  // uses buffer 0, not ours
        } else {
            claim(owner, p, "data");
        }
    }
    return true;
}

Status Checker::check_inode(uint32_t n, const Inode& node) {
    if (node.kind != InodeKind::File && node.kind != InodeKind::Directory) {
        problem("inode {}: unknown kind {}", n, static_cast<uint32_t>(node.kind));
        return true;
    }
    if (node.size > max_file_size) problem("inode {}: size {} too large", n, node.size);
    if (node.kind == InodeKind::Directory && node.size % sizeof(DirEntryDisk) != 0)
        problem("directory {}: size {} not a whole number of entries", n, node.size);
    uint64_t blocks = (node.size + block_size - 1) / block_size;
    for (uint32_t i = 0; i < direct_blocks; ++i) {
        if (node.direct[i] == 0) continue;
        if (i >= blocks) problem("inode {}: block pointer past the end of the file", n);
        claim(n, node.direct[i], "data");
    }
    if (node.indirect != 0) {
        if (direct_blocks >= blocks)
            problem("inode {}: indirect block past the end of the file", n);
        TRY(check_pointers(n, node.indirect, direct_blocks, 1, blocks, 1));
    }
    if (node.double_indirect != 0) {
        uint64_t first = direct_blocks + pointers_per_block;
        if (first >= blocks) problem("inode {}: double-indirect block past the end of the file", n);
        TRY(check_pointers(n, node.double_indirect, first, pointers_per_block, blocks, 2));
    }
    return true;
}

Result<uint32_t> Checker::block_of(const Inode& node, uint64_t index) {
    uint32_t p = 0;
    if (index < direct_blocks) {
        p = node.direct[index];
    } else if (index < direct_blocks + pointers_per_block) {
        if (node.indirect < sb_.data_start || node.indirect >= sb_.block_count) return uint32_t{0};
        TRY(read_block(device_, node.indirect, buffer(0)));
        p = load<uint32_t>(buffer(0), (index - direct_blocks) * 4);
    } else {
        return uint32_t{0};  // directories never reach the double-indirect block (mount's limit)
    }
    return p >= sb_.data_start && p < sb_.block_count ? p : 0;
}

// The entry at `index` of a directory, read into buffer 3 (the caller holds buffer 1).
Result<DirEntryDisk> Checker::entry_at(const Inode& dir, uint64_t index) {
    uint32_t block = TRY(block_of(dir, index / entries_per_block));
    if (block == 0) return Error::Corrupt;
    TRY(read_block(device_, block, buffer(3)));
    return load<DirEntryDisk>(buffer(3), (index % entries_per_block) * sizeof(DirEntryDisk));
}

// Two entries with one name make lookups depend on the order of the entries: find them with
// a hash table of this directory's names (open addressing), then compare the bytes.
Status Checker::check_unique_name(uint32_t n, const Inode& dir, uint64_t index,
                                  const DirEntryDisk& entry, uint64_t slots) {
    uint64_t hash = name_hash(entry);
    for (uint64_t probe = hash & (slots - 1);; probe = (probe + 1) & (slots - 1)) {
        NameSlot slot = load<NameSlot>(names_, probe * sizeof(NameSlot));
        if (slot.entry_plus_one == 0) {
            store(names_, NameSlot{hash, index + 1}, probe * sizeof(NameSlot));
            return true;
        }
        if (slot.hash != hash) continue;
        DirEntryDisk earlier = TRY(entry_at(dir, slot.entry_plus_one - 1));
        if (same_name(earlier, entry)) {
            problem("directory {}: two entries named \"{}\" (entries {} and {})", n,
                    StringView(entry.name, entry.name_size), slot.entry_plus_one - 1, index);
            return true;
        }
    }
}

Status Checker::check_directory(uint32_t n, const Inode& dir) {
    uint64_t entries = dir.size / sizeof(DirEntryDisk);
    uint64_t limit = uint64_t{direct_blocks + pointers_per_block} * entries_per_block;
    if (entries > limit) {
        problem("directory {}: {} entries, more than a directory may hold", n, entries);
        entries = limit;
    }
    // The name table for this directory: a power of two at least twice its entries.
    uint64_t slots = 1;
    while (slots < 2 * entries) slots *= 2;
    for (uint8_t& byte : names_.first(slots * sizeof(NameSlot))) byte = 0;
    for (uint64_t b = 0; b * entries_per_block < entries; ++b) {
        uint32_t block = TRY(block_of(dir, b));
        if (block == 0) {
            problem("directory {}: hole or bad pointer at block {}", n, b);
            continue;
        }
        TRY(read_block(device_, block, buffer(1)));
        for (uint32_t e = 0; e < entries_per_block && b * entries_per_block + e < entries; ++e) {
            DirEntryDisk entry = load<DirEntryDisk>(buffer(1), e * sizeof(DirEntryDisk));
            if (entry.inode == 0) continue;
            if (entry.inode >= sb_.inode_count || entry.inode == root_inode) {
                problem("directory {}: entry names inode {}, out of range", n, entry.inode);
                continue;
            }
            if (entry.name_size == 0 || entry.name_size > max_name)
                problem("directory {}: entry with name size {}", n, entry.name_size);
            else TRY(check_unique_name(n, dir, b * entries_per_block + e, entry, slots));
            add_ref(entry.inode);
            Inode target = TRY(inode(entry.inode));
            if (target.kind == InodeKind::Free)
                problem("directory {}: entry names free inode {}", n, entry.inode);
            if (target.kind == InodeKind::Directory && target.parent != n)
                problem("directory {}: holds directory {} whose parent says {}", n, entry.inode,
                        target.parent);
        }
    }
    return true;
}

Status Checker::run() {
    for (uint32_t b = 0; b < sb_.data_start; ++b) set(used_, b);
    Block header_block = buffer(0);
    TRY(read_block(device_, sb_.log_start, header_block));
    LogHeader header = load<LogHeader>(header_block);
    if (header.magic != log_header_magic || header.checksum != log_header_checksum(header) ||
        header.start >= sb_.log_blocks - 1)
        problem("log header: bad magic, checksum or start");

    // Pass 1: every inode, its bitmap bit, its blocks; directories count their entries' refs.
    for (uint32_t n = 0; n < sb_.inode_count; ++n) {
        TRY(read_block(device_, sb_.inode_bitmap_start + n / bits_per_block, buffer(0)));
        bool marked = bit(buffer(0), n % bits_per_block);
        Inode node = TRY(inode(n));
        bool in_use = node.kind != InodeKind::Free;
        if (n == 0) {
            if (!marked || in_use) problem("inode 0: must be reserved and unused");
            continue;
        }
        if (marked != in_use)
            problem("inode {}: bitmap says {} but the table says {}", n,
                    marked ? "used" : "free", in_use ? "used" : "free");
        if (!in_use) continue;
        TRY(check_inode(n, node));
        if (node.kind == InodeKind::Directory) TRY(check_directory(n, node));
    }

    // Pass 2: link counts, the root, parents reaching the root.
    for (uint32_t n = 1; n < sb_.inode_count; ++n) {
        Inode node = TRY(inode(n));
        if (node.kind == InodeKind::Free) {
            continue;
        }
        uint32_t expected = n == root_inode ? 1 : refs(n);
        if (n != root_inode && expected == 0) problem("inode {}: not in any directory", n);
        if (node.links != expected)
            problem("inode {}: link count {} but {} names", n, node.links, expected);
        if (node.kind != InodeKind::Directory) continue;
        if (n == root_inode && node.parent != root_inode)
            problem("root directory: parent {} is not itself", node.parent);
        uint32_t at = n;
        uint32_t steps = 0;
        for (; at != root_inode && steps < sb_.inode_count; ++steps) {
            if (at == 0 || at >= sb_.inode_count) break;
            Inode up = TRY(inode(at));
            if (up.kind != InodeKind::Directory) break;
            at = up.parent;
        }
        if (at != root_inode) problem("directory {}: its parents do not lead to the root", n);
    }
    Inode root = TRY(inode(root_inode));
    if (root.kind != InodeKind::Directory) problem("root inode is not a directory");

    // Pass 3: the block bitmap against the blocks reached.
    for (uint32_t b = 0; b < sb_.block_bitmap_blocks; ++b) {
        TRY(read_block(device_, sb_.block_bitmap_start + b, buffer(0)));
        for (uint32_t i = 0; i < bits_per_block; ++i) {
            uint64_t number = uint64_t{b} * bits_per_block + i;
            if (number >= sb_.block_count) break;
            bool marked = bit(buffer(0), i);
            bool reached = bit(used_, number);
            if (marked && !reached) problem("block {}: marked used but nothing uses it", number);
            if (!marked && reached) problem("block {}: in use but marked free", number);
        }
    }
    return true;
}

[[nodiscard]] Result<Superblock> read_superblock(BlockDevice& device, Block buffer) {
    uint32_t sector = device.block_size();
    if (sector == 0 || sector > block_size || block_size % sector != 0) return Error::Unsupported;
    TRY(read_block(device, 0, buffer));
    return load<Superblock>(buffer);
}

[[nodiscard]] uint64_t scratch_for(const Superblock& sb) {
    uint64_t at = (uint64_t{sb.block_count} + 7) / 8 + uint64_t{sb.inode_count} * 4;
    return (at + 7) / 8 * 8 + 4 * uint64_t{block_size} + name_slots * sizeof(NameSlot);
}

}  // namespace

Result<uint64_t> fsck_scratch_size(BlockDevice& device) {
    alignas(8) uint8_t buffer[block_size];
    Superblock sb = TRY(read_superblock(device, Block(buffer)));
    uint64_t blocks = device.block_count() / (block_size / device.block_size());
    if (check_superblock(sb, blocks) != nullptr) return uint64_t{0};
    return scratch_for(sb);
}

Result<uint64_t> fsck(BlockDevice& device, std::span<uint8_t> scratch, Writer& report) {
    alignas(8) uint8_t buffer[block_size];
    Superblock sb = TRY(read_superblock(device, Block(buffer)));
    uint64_t blocks = device.block_count() / (block_size / device.block_size());
    if (const char* why = check_superblock(sb, blocks)) {
        format(report, "{}\n", why);
        return uint64_t{1};
    }
    if (scratch.size() < scratch_for(sb)) return Error::InvalidArgument;
    Checker checker(device, sb, scratch, report);
    TRY(checker.run());
    return checker.problems();
}

}  // namespace cjfs
