#include "lib/fs/cjfs/journal.hpp"

#include "lib/fs/cjfs/crc32c.hpp"

namespace cjfs {
namespace {

[[nodiscard]] uint32_t sectors_per_block(const BlockDevice& device) {
    return block_size / device.block_size();
}

[[nodiscard]] uint32_t descriptor_checksum(Block block) {
    Descriptor d = load<Descriptor>(block);
    d.checksum = 0;
    return crc32c({reinterpret_cast<const uint8_t*>(&d), sizeof(d)});
}

[[nodiscard]] uint32_t commit_checksum(Commit c) {
    c.checksum = 0;
    return crc32c({reinterpret_cast<const uint8_t*>(&c), sizeof(c)});
}

}  // namespace

Status read_block(BlockDevice& device, uint64_t block, Block out) {
    return device.read(block * sectors_per_block(device), out);
}

Status write_block(BlockDevice& device, uint64_t block, ConstBlock data) {
    return device.write(block * sectors_per_block(device), data);
}

void Journal::attach(BlockDevice& device, const Superblock& sb) {
    device_ = &device;
    sb_ = sb;
    area_ = sb.log_blocks - 1;
    capacity_ = area_ - 2 < max_blocks ? area_ - 2 : max_blocks;
    count_ = 0;
}

Status Journal::write_header(uint32_t start, uint64_t sequence) {
    LogHeader header{log_header_magic, start, sequence, 0, 0};
    header.checksum = log_header_checksum(header);
    Block block(scratch_);
    for (uint8_t& b : block) b = 0;
    store(block, header);
    TRY(write_block(*device_, sb_.log_start, block));
    return device_->flush();
}

Status Journal::recover(const char*& problem) {
    Block desc(scratch_);
    TRY(read_block(*device_, sb_.log_start, desc));
    LogHeader header = load<LogHeader>(desc);
    if (header.magic != log_header_magic) {
        problem = "log header: bad magic";
        return Error::Corrupt;
    }
    if (header.checksum != log_header_checksum(header)) {
        problem = "log header: checksum mismatch";
        return Error::Corrupt;
    }
    if (header.start >= area_) {
        problem = "log header: start outside the log";
        return Error::Corrupt;
    }
    uint32_t position = header.start;
    uint64_t sequence = header.sequence;
    Block copy(copies_[0]);
    // Each record is at least 3 blocks long, so area_ iterations bound the walk.
    for (uint32_t records = 0; records < area_ && position + 3 <= area_; ++records) {
        TRY(read_block(*device_, record_block(position), desc));
        Descriptor d = load<Descriptor>(desc);
        if (d.magic != descriptor_magic || d.sequence != sequence) break;  // end of the log
        if (d.checksum != descriptor_checksum(desc)) break;                // torn descriptor
        if (d.count == 0 || d.count > area_ - position - 2) {
            problem = "log: a descriptor lists more blocks than the log holds";
            return Error::Corrupt;
        }
        for (uint32_t i = 0; i < d.count; ++i) {
            if (d.home[i] < sb_.inode_bitmap_start || d.home[i] >= sb_.block_count) {
                problem = "log: a descriptor names a block outside the file system's tables "
                          "and data";
                return Error::Corrupt;
            }
        }
        TRY(read_block(*device_, record_block(position + 1 + d.count), copy));
        Commit c = load<Commit>(copy);
        if (c.magic != commit_magic || c.sequence != sequence || c.count != d.count ||
            c.checksum != commit_checksum(c))
            break;  // never committed: the transaction did not happen
        uint32_t body = crc32c(desc);
        for (uint32_t i = 0; i < d.count; ++i) {
            TRY(read_block(*device_, record_block(position + 1 + i), copy));
            body = crc32c(copy, body);
        }
        if (body != c.body_checksum) break;  // a copy was lost in the crash: torn
        for (uint32_t i = 0; i < d.count; ++i) {
            TRY(read_block(*device_, record_block(position + 1 + i), copy));
            TRY(write_block(*device_, d.home[i], copy));
        }
        position += d.count + 2;
        ++sequence;
    }
    TRY(device_->flush());
    // The homes are durable: empty the log. Skipping a number keeps a torn record's sequence
    // from ever being expected again.
    head_ = 0;
    sequence_ = sequence + 1;
    count_ = 0;
    return write_header(0, sequence_);
}

Result<Block> Journal::slot(uint32_t home, bool read_old) {
    if (home < sb_.inode_bitmap_start || home >= sb_.block_count) return Error::InvalidArgument;
    for (uint32_t i = 0; i < count_; ++i) {
        if (homes_[i] != home) continue;
        Block block(copies_[i]);
        if (!read_old)
            for (uint8_t& b : block) b = 0;
        return block;
    }
    if (count_ == capacity_) return Error::NoSpace;
    Block block(copies_[count_]);
    if (read_old) {
        TRY(read_block(*device_, home, block));
    } else {
        for (uint8_t& b : block) b = 0;
    }
    homes_[count_++] = home;
    return block;
}

Result<Block> Journal::modify(uint32_t home) { return slot(home, true); }
Result<Block> Journal::overwrite(uint32_t home) { return slot(home, false); }

Status Journal::read(uint32_t home, Block out) {
    for (uint32_t i = 0; i < count_; ++i) {
        if (homes_[i] != home) continue;
        for (uint32_t b = 0; b < block_size; ++b) out[b] = copies_[i][b];
        return true;
    }
    return read_block(*device_, home, out);
}

Status Journal::commit() {
    if (count_ == 0) return true;
    uint32_t count = count_;
    count_ = 0;  // whatever happens below, this transaction is over
    if (head_ + count + 2 > area_) {
        // Wrap: every record before is checkpointed, so replay may start over at 0.
        TRY(write_header(0, sequence_));
        head_ = 0;
    }
    Block desc(scratch_);
    for (uint8_t& b : desc) b = 0;
    Descriptor d{};
    d.magic = descriptor_magic;
    d.count = count;
    d.sequence = sequence_;
    for (uint32_t i = 0; i < count; ++i) d.home[i] = homes_[i];
    store(desc, d);
    d.checksum = descriptor_checksum(desc);
    store(desc, d);
    uint32_t body = crc32c(desc);
    TRY(write_block(*device_, record_block(head_), desc));
    for (uint32_t i = 0; i < count; ++i) {
        body = crc32c(ConstBlock(copies_[i]), body);
        TRY(write_block(*device_, record_block(head_ + 1 + i), ConstBlock(copies_[i])));
    }
    Commit c{commit_magic, count, sequence_, body, 0};
    c.checksum = commit_checksum(c);
    for (uint8_t& b : desc) b = 0;
    store(desc, c);
    // One flush for the whole record: the commit block's checksum covers the descriptor and
    // every copy, so a commit that reached the disk without them is recognised as torn.
    TRY(write_block(*device_, record_block(head_ + 1 + count), desc));
    TRY(device_->flush());
    for (uint32_t i = 0; i < count; ++i)
        TRY(write_block(*device_, homes_[i], ConstBlock(copies_[i])));
    TRY(device_->flush());
    head_ += count + 2;
    ++sequence_;
    return true;
}

}  // namespace cjfs
