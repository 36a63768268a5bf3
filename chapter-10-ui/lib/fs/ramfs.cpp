#include "lib/fs/ramfs.hpp"

namespace {

constexpr uint32_t slot_of(fs::NodeId id) { return static_cast<uint32_t>(id); }
constexpr uint32_t generation_of(fs::NodeId id) { return static_cast<uint32_t>(id >> 32); }

constexpr uint64_t blocks_for(uint64_t bytes) {
    return (bytes + Ramfs::block_bytes - 1) / Ramfs::block_bytes;
}

}  // namespace

Ramfs::Ramfs(Heap& heap) : heap_(&heap) {
    // The root is slot 0 and needs no allocation, so constructing cannot fail.
    nodes_[0].used = true;
    nodes_[0].kind = fs::NodeKind::Directory;
    nodes_[0].generation = 1;
    nodes_[0].parent = id_of(nodes_[0]);
    node_count_ = 1;
}

Ramfs::~Ramfs() {
    for (Node& node : nodes_)
        if (node.used) release(node);
}

fs::NodeId Ramfs::id_of(const Node& node) const {
    auto slot = static_cast<uint64_t>(&node - nodes_);
    return uint64_t{node.generation} << 32 | slot;
}

fs::NodeId Ramfs::root() const { return id_of(nodes_[0]); }

Result<Ramfs::Node*> Ramfs::node_of(fs::NodeId id) {
    uint32_t slot = slot_of(id);
    if (slot >= max_nodes) return Error::NotFound;
    Node& node = nodes_[slot];
    if (!node.used || node.generation != generation_of(id)) return Error::NotFound;
    return &node;
}

Result<Ramfs::Node*> Ramfs::directory_of(fs::NodeId id) {
    Node* node = TRY(node_of(id));
    if (node->kind != fs::NodeKind::Directory) return Error::NotDirectory;
    return node;
}

Result<Ramfs::Node*> Ramfs::file_of(fs::NodeId id) {
    Node* node = TRY(node_of(id));
    if (node->kind != fs::NodeKind::File) return Error::IsDirectory;
    return node;
}

Ramfs::Entry* Ramfs::find(Node& dir, StringView name) {
    for (uint32_t i = 0; i < dir.entry_count; ++i)
        if (dir.entries[i].name_view() == name) return &dir.entries[i];
    return nullptr;
}

Status Ramfs::add_entry(Node& dir, StringView name, fs::NodeId node, fs::NodeKind kind) {
    if (dir.entry_count == dir.entry_capacity) {
        uint32_t capacity = dir.entry_capacity == 0 ? 8 : dir.entry_capacity * 2;
        auto* entries = static_cast<Entry*>(heap_->allocate(capacity * sizeof(Entry)));
        if (!entries) return Error::NoSpace;
        if (dir.entry_count > 0)
            __builtin_memcpy(entries, dir.entries, dir.entry_count * sizeof(Entry));
        heap_->free(dir.entries);
        dir.entries = entries;
        dir.entry_capacity = capacity;
    }
    Entry& entry = dir.entries[dir.entry_count++];
    entry.node = node;
    entry.serial = dir.next_serial++;
    entry.kind = kind;
    entry.name_size = static_cast<uint8_t>(name.size());
    __builtin_memcpy(entry.name, name.data(), name.size());
    return true;
}

void Ramfs::remove_entry(Node& dir, Entry& entry) {
    // Shift the later entries down: creation order (and so serial order) stays.
    auto index = static_cast<uint32_t>(&entry - dir.entries);
    for (uint32_t i = index; i + 1 < dir.entry_count; ++i) dir.entries[i] = dir.entries[i + 1];
    --dir.entry_count;
}

Result<fs::NodeId> Ramfs::lookup(fs::NodeId dir, StringView name) {
    Node* directory = TRY(directory_of(dir));
    Entry* entry = find(*directory, name);
    if (!entry) return Error::NotFound;
    return entry->node;
}

Result<fs::NodeId> Ramfs::create(fs::NodeId dir, StringView name, fs::NodeKind kind) {
    Node* directory = TRY(directory_of(dir));
    if (name.empty() || name.size() > fs::max_name_bytes) return Error::NameTooLong;
    if (find(*directory, name)) return Error::AlreadyExists;
    if (kind != fs::NodeKind::File && kind != fs::NodeKind::Directory)
        return Error::InvalidArgument;
    for (Node& node : nodes_) {
        if (node.used) continue;
        uint32_t generation = node.generation + 1 == 0 ? 1 : node.generation + 1;
        node = Node{};
        node.generation = generation;
        node.kind = kind;
        node.parent = dir;
        if (Status added = add_entry(*directory, name, id_of(node), kind); !added.ok()) {
            node.used = false;  // the slot stays free; its generation moved on, which is harmless
            return added.error();
        }
        node.used = true;
        ++node_count_;
        return id_of(node);
    }
    return Error::NoSpace;
}

Result<uint64_t> Ramfs::read(fs::NodeId file, uint64_t offset, std::span<uint8_t> out) {
    Node* node = TRY(file_of(file));
    if (offset >= node->size) return uint64_t{0};
    uint64_t count = node->size - offset < out.size() ? node->size - offset : out.size();
    for (uint64_t done = 0; done < count;) {
        uint64_t at = offset + done;
        uint64_t in_block = at % block_bytes;
        uint64_t chunk = block_bytes - in_block < count - done ? block_bytes - in_block
                                                                : count - done;
        const uint8_t* block = node->blocks[at / block_bytes];
        if (block) __builtin_memcpy(out.data() + done, block + in_block, chunk);
        else __builtin_memset(out.data() + done, 0, chunk);
        done += chunk;
    }
    return count;
}

/// Grows the index so it can hold the blocks of `end` bytes.
Status Ramfs::reserve_blocks(Node& file, uint64_t end) {
    uint64_t needed = blocks_for(end);
    if (needed <= file.block_capacity) return true;
    uint64_t capacity = file.block_capacity == 0 ? 4 : file.block_capacity;
    while (capacity < needed) capacity *= 2;
    auto** blocks = static_cast<uint8_t**>(heap_->allocate(capacity * sizeof(uint8_t*)));
    if (!blocks) return Error::NoSpace;
    for (uint64_t i = 0; i < capacity; ++i)
        blocks[i] = i < file.block_capacity ? file.blocks[i] : nullptr;
    heap_->free(file.blocks);
    file.blocks = blocks;
    file.block_capacity = capacity;
    return true;
}

Result<uint64_t> Ramfs::write(fs::NodeId file, uint64_t offset, std::span<const uint8_t> data) {
    Node* node = TRY(file_of(file));
    if (data.empty()) return uint64_t{0};
    if (offset > max_file_size || data.size() > max_file_size - offset) return Error::NoSpace;
    uint64_t end = offset + data.size();
    TRY(reserve_blocks(*node, end));
    // Allocate every block the write touches before copying a byte, so running out of memory
    // leaves the contents as they were. A new block is zeroed: bytes past the end of a file
    // must read as zeros when it grows (truncate keeps that true for old blocks).
    for (uint64_t b = offset / block_bytes; b < blocks_for(end); ++b) {
        if (node->blocks[b]) continue;
        auto* block = static_cast<uint8_t*>(heap_->allocate(block_bytes));
        if (!block) return Error::NoSpace;
        __builtin_memset(block, 0, block_bytes);
        node->blocks[b] = block;
    }
    for (uint64_t done = 0; done < data.size();) {
        uint64_t at = offset + done;
        uint64_t in_block = at % block_bytes;
        uint64_t chunk = block_bytes - in_block < data.size() - done ? block_bytes - in_block
                                                                     : data.size() - done;
        __builtin_memcpy(node->blocks[at / block_bytes] + in_block, data.data() + done, chunk);
        done += chunk;
    }
    if (end > node->size) node->size = end;
    return data.size();
}

/// Frees the blocks wholly past `size` and zeroes the tail of the block `size` ends in.
void Ramfs::free_blocks_from(Node& file, uint64_t size) {
    for (uint64_t b = blocks_for(size); b < file.block_capacity; ++b) {
        heap_->free(file.blocks[b]);
        file.blocks[b] = nullptr;
    }
    uint64_t in_block = size % block_bytes;
    if (in_block != 0 && file.blocks && file.blocks[size / block_bytes])
        __builtin_memset(file.blocks[size / block_bytes] + in_block, 0, block_bytes - in_block);
}

Status Ramfs::truncate(fs::NodeId file, uint64_t size) {
    Node* node = TRY(file_of(file));
    if (size > max_file_size) return Error::NoSpace;
    // Growing only moves the size: the blocks past the old end are zero or absent.
    if (size < node->size) free_blocks_from(*node, size);
    node->size = size;
    return true;
}

Result<fs::NodeStat> Ramfs::stat(fs::NodeId id) {
    Node* node = TRY(node_of(id));
    uint64_t size = node->kind == fs::NodeKind::File ? node->size : node->entry_count;
    return fs::NodeStat{.kind = node->kind, .size = size, .links = 1};
}

Result<fs::DirEntry> Ramfs::read_dir(fs::NodeId dir, uint64_t& cookie) {
    Node* directory = TRY(directory_of(dir));
    for (uint32_t i = 0; i < directory->entry_count; ++i) {
        const Entry& entry = directory->entries[i];
        if (entry.serial < cookie) continue;
        fs::DirEntry out{.node = entry.node, .kind = entry.kind, .name_size = entry.name_size,
                         .name = {}};
        __builtin_memcpy(out.name, entry.name, entry.name_size);
        cookie = entry.serial + 1;
        return out;
    }
    return Error::NotFound;
}

/// Frees what `node` holds and its slot.
void Ramfs::release(Node& node) {
    if (node.blocks) {
        for (uint64_t b = 0; b < node.block_capacity; ++b) heap_->free(node.blocks[b]);
        heap_->free(node.blocks);
    }
    heap_->free(node.entries);
    uint32_t generation = node.generation;
    node = Node{};
    node.generation = generation;  // the next create() here bumps it, so old ids stay dead
}

Status Ramfs::unlink(fs::NodeId dir, StringView name) {
    Node* directory = TRY(directory_of(dir));
    Entry* entry = find(*directory, name);
    if (!entry) return Error::NotFound;
    Node* node = TRY(node_of(entry->node));
    if (node->kind == fs::NodeKind::Directory && node->entry_count > 0) return Error::NotEmpty;
    remove_entry(*directory, *entry);
    release(*node);
    --node_count_;
    return true;
}

Status Ramfs::rename(fs::NodeId from_dir, StringView from, fs::NodeId to_dir, StringView to) {
    Node* source_dir = TRY(directory_of(from_dir));
    Node* target_dir = TRY(directory_of(to_dir));
    if (to.empty() || to.size() > fs::max_name_bytes) return Error::NameTooLong;
    Entry* source = find(*source_dir, from);
    if (!source) return Error::NotFound;
    fs::NodeId moved = source->node;
    Node* node = TRY(node_of(moved));
    if (node->kind == fs::NodeKind::Directory) {
        // Walk up from the target directory: meeting the moved one means it would go inside
        // itself and leave the tree.
        for (fs::NodeId up = to_dir;; up = TRY(node_of(up))->parent) {
            if (up == moved) return Error::InvalidArgument;
            if (up == root()) break;
        }
    }
    if (Entry* existing = find(*target_dir, to)) {
        if (existing->node == moved) return true;  // renamed onto itself
        Node* replaced = TRY(node_of(existing->node));
        if (replaced->kind == fs::NodeKind::Directory) return Error::IsDirectory;
        if (node->kind == fs::NodeKind::Directory) return Error::NotDirectory;
        // Replace a file: the entry takes the moved node, the old file goes.
        existing->node = moved;
        release(*replaced);
        --node_count_;
        remove_entry(*source_dir, *find(*source_dir, from));
        return true;
    }
    // Add the new name first: if that needs memory and fails, nothing changed.
    TRY(add_entry(*target_dir, to, moved, node->kind));
    remove_entry(*source_dir, *find(*source_dir, from));
    node->parent = to_dir;
    return true;
}
