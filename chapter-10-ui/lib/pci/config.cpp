#include "lib/pci/config.hpp"

namespace pci {

uint8_t read8(ConfigBytes config, size_t offset) {
    return offset < config.size() ? config[offset] : 0xFF;
}

uint16_t read16(ConfigBytes config, size_t offset) {
    return uint16_t(read8(config, offset) | read8(config, offset + 1) << 8);
}

uint32_t read32(ConfigBytes config, size_t offset) {
    return uint32_t(read16(config, offset)) | uint32_t(read16(config, offset + 2)) << 16;
}

Identity identify(ConfigBytes config) {
    Identity id;
    id.vendor = read16(config, reg::vendor_id);
    if (id.vendor == no_vendor) return id;
    id.device = read16(config, reg::device_id);
    id.class_code = read8(config, reg::class_code);
    id.subclass = read8(config, reg::subclass);
    id.prog_if = read8(config, reg::prog_if);
    uint8_t type = read8(config, reg::header_type);
    id.header_type = type & 0x7F;
    id.multifunction = (type & 0x80) != 0;
    return id;
}

const char* class_name(uint8_t class_code) {
    switch (class_code) {
        case 0x00: return "unclassified";
        case 0x01: return "mass storage";
        case 0x02: return "network";
        case 0x03: return "display";
        case 0x04: return "multimedia";
        case 0x05: return "memory";
        case 0x06: return "bridge";
        case 0x07: return "communication";
        case 0x08: return "system peripheral";
        case 0x09: return "input";
        case 0x0C: return "serial bus";
        default: return "other";
    }
}

}  // namespace pci
