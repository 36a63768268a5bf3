#include "lib/pci/bar.hpp"

namespace pci {

Result<Bar> decode_bar(ConfigBytes config, unsigned index) {
    if (index >= bar_count) return Error::InvalidArgument;
    uint32_t low = read32(config, bar_offset(index));
    Bar bar;
    if (low & 1) {
        bar.kind = BarKind::Io;
        bar.address = low & ~0x3u;
        return bar;
    }
    bar.prefetchable = (low & 0x8) != 0;
    switch ((low >> 1) & 0x3) {
        case 0: bar.kind = BarKind::Memory32; bar.address = low & ~0xFu; break;
        case 2:
            if (index + 1 >= bar_count) return Error::Corrupt;
            bar.kind = BarKind::Memory64;
            bar.address = (low & ~0xFu) | uint64_t(read32(config, bar_offset(index + 1))) << 32;
            break;
        default: return Error::Corrupt;  // type 1 (below 1 MiB) is obsolete, type 3 reserved
    }
    // A BAR the device does not implement reads as zero; so does one not yet given an address,
    // which the sizing sequence tells apart.
    return bar;
}

uint64_t bar_size(BarKind kind, uint32_t low_readback, uint32_t high_readback) {
    // The address bits the device implements read back as ones; the size is the lowest of them.
    uint64_t mask;
    switch (kind) {
        case BarKind::Io:
            // I/O decoders may implement only 16 bits: the upper half then reads back as zero.
            if ((low_readback & 0xFFFCu) == 0) return 0;
            mask = 0xFFFF'FFFF'FFFF'0000ull | (low_readback & 0xFFFCu);
            break;
        case BarKind::Memory32:
            if ((low_readback & ~0xFu) == 0) return 0;
            mask = 0xFFFF'FFFF'0000'0000ull | (low_readback & ~0xFu);
            break;
        case BarKind::Memory64:
            mask = uint64_t(high_readback) << 32 | (low_readback & ~0xFu);
            if (mask == 0) return 0;
            break;
        default: return 0;
    }
    return ~mask + 1;
}

}  // namespace pci
