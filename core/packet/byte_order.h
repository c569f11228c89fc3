#pragma once
// Capture files are written in their writer's byte order (pcap, pcapng sections) while network
// headers are big-endian, so every read names the order it expects (common/byte_load.h).
#include <cstdint>

#include "common/byte_load.h"

namespace zeekscope::packet {

using zeekscope::load_be16;
using zeekscope::load_be32;
using zeekscope::load_le16;
using zeekscope::load_le32;

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
