// The virtio network device (virtio 1.x, 5.1): queue 0 receives, queue 1 transmits. Every
// buffer the device fills or reads starts with a virtio_net_hdr, which describes checksum and
// segmentation offloads; this OS negotiates none of them, so the header it sends is all zeros
// and the one it gets is ignored, and the frame after it is a plain Ethernet frame (no FCS,
// no preamble: the device adds and strips those).
#pragma once
#include <cstdint>

namespace virtio::net {

/// Device type 1: network card (so PCI device id 0x1041).
inline constexpr uint16_t device_type = 1;

/// Queue indices (without VIRTIO_NET_F_MQ there is one pair).
inline constexpr uint16_t receive_queue = 0;
inline constexpr uint16_t transmit_queue = 1;

/// struct virtio_net_hdr. With version_1 num_buffers is always there (12 bytes), even without
/// VIRTIO_NET_F_MRG_RXBUF.
struct Header {
    uint8_t flags;         ///< 1: needs checksum (only with csum offload)
    uint8_t gso_type;      ///< 0: not a segmentation offload
    uint16_t header_length;  ///< Offload: bytes of headers (0: no offload).
    uint16_t gso_size;  ///< Offload: segment size (0: no offload).
    uint16_t csum_start;  ///< Offload: where the checksum starts (0: no offload).
    uint16_t csum_offset;  ///< Offload: where it goes (0: no offload).
    uint16_t num_buffers;  ///< buffers the frame spans (1 without MRG_RXBUF)
};
static_assert(sizeof(Header) == 12, "virtio-net header layout");

/// Feature bits of the network device.
namespace feature {
inline constexpr unsigned csum = 0;        ///< the device computes transmit checksums (not taken)
inline constexpr unsigned guest_csum = 1;  ///< the driver accepts unchecked frames (not taken)
inline constexpr unsigned mac = 5;         ///< the config space holds the card's MAC
inline constexpr unsigned mrg_rxbuf = 15;  ///< frames may span several buffers (not taken)
inline constexpr unsigned status = 16;     ///< the config space holds the link status
}  // namespace feature

/// Offsets in the device configuration region.
namespace config {
inline constexpr uint32_t mac = 0;     ///< 6 bytes, valid with feature::mac
inline constexpr uint32_t status = 6;  ///< u16, valid with feature::status
/// Bit of config::status: the link is up.
inline constexpr uint16_t link_up = 1;
}  // namespace config

}  // namespace virtio::net
