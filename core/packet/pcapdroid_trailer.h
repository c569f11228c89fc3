#pragma once
// PCAPdroid's trailer: with its "dump extensions" on, PCAPdroid writes each packet of a pcap
// file as an Ethernet frame (zero MACs) holding the IP packet, 0 to 3 zero bytes of padding and
// 32 bytes naming the Android app that sent or received it: magic 01072021 and the app's uid
// (both big-endian), its label in 20 bytes (NUL-terminated, cut at 19 bytes), and a CRC-32 of
// every byte of the frame before it (little-endian). Facts from PCAPdroid's writer (pcap_dump.c).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "common/byte_load.h"

namespace zeekscope::packet {

inline constexpr uint32_t kPcapdroidTrailerMagic = 0x01072021;
inline constexpr size_t kPcapdroidTrailerBytes = 32;
inline constexpr size_t kPcapdroidLabelBytes = 20;

struct PcapdroidTrailer {
  enum class Result {
    kNone,  // no magic where a trailer would start
    kOk,    // uid and label read, the CRC matches
    kBad,   // the magic, but no room for Ethernet and a trailer, or a CRC that does not match
  };
  Result result = Result::kNone;
  int32_t uid = 0;
  std::string_view label;   // into the frame: its bytes up to the first NUL (kOk only)
  std::string_view reason;  // kBad: why
};

// Whether the frame's captured bytes end where a trailer would begin with its magic: a length
// check, one load and a compare, for every Ethernet frame.
inline bool has_pcapdroid_magic(std::span<const uint8_t> frame) {
  if (frame.size() < kPcapdroidTrailerBytes) return false;
  const uint8_t* p = frame.data() + frame.size() - kPcapdroidTrailerBytes;
  return load_be32(p) == kPcapdroidTrailerMagic;
}

// The trailer at the end of an Ethernet frame's captured bytes (a frame cut by a snap length has
// none there: only a frame that still ends with one is read). No allocation.
PcapdroidTrailer read_pcapdroid_trailer(std::span<const uint8_t> frame);

}  // namespace zeekscope::packet
