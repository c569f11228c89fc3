#pragma once
// Unaligned loads in a chosen byte order. Capture files are written in their writer's byte
// order (pcap, pcapng sections) while network headers are big-endian, so every read names the
// order it expects instead of assuming the host's.
#include <cstdint>

namespace zeekscope::packet {

inline uint16_t load_be16(const uint8_t* p) { return uint16_t((p[0] << 8) | p[1]); }
inline uint32_t load_be32(const uint8_t* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}
inline uint16_t load_le16(const uint8_t* p) { return uint16_t(p[0] | (p[1] << 8)); }
inline uint32_t load_le32(const uint8_t* p) {
  return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}

// The byte order of one capture file (pcap) or one pcapng section.
struct ByteOrder {
  bool big = false;
  uint16_t u16(const uint8_t* p) const { return big ? load_be16(p) : load_le16(p); }
  uint32_t u32(const uint8_t* p) const { return big ? load_be32(p) : load_le32(p); }
  uint64_t u64(const uint8_t* p) const {
    return big ? (uint64_t(load_be32(p)) << 32) | load_be32(p + 4)
               : (uint64_t(load_le32(p + 4)) << 32) | load_le32(p);
  }
};

}  // namespace zeekscope::packet
