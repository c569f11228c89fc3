#include "packet/pcapdroid_trailer.h"

#include <cstring>

#include "common/crc32.h"
#include "packet/byte_order.h"

namespace zeekscope::packet {

PcapdroidTrailer read_pcapdroid_trailer(std::span<const uint8_t> frame) {
  PcapdroidTrailer out;
  if (!has_pcapdroid_magic(frame)) return out;
  out.result = PcapdroidTrailer::Result::kBad;
  constexpr size_t kEthernetBytes = 14;
  if (frame.size() < kEthernetBytes + kPcapdroidTrailerBytes) {
    out.reason = "frame too short for Ethernet and a PCAPdroid trailer";
    return out;
  }
  const uint8_t* trailer = frame.data() + frame.size() - kPcapdroidTrailerBytes;
  uint32_t stored = load_le32(trailer + 28);
  if (crc32(frame.first(frame.size() - 4)) != stored) {
    out.reason = "PCAPdroid trailer with a CRC that does not match: app ignored";
    return out;
  }
  out.result = PcapdroidTrailer::Result::kOk;
  out.uid = int32_t(load_be32(trailer + 4));
  const uint8_t* label = trailer + 8;
  const void* nul = std::memchr(label, 0, kPcapdroidLabelBytes);
  size_t length = nul ? size_t(static_cast<const uint8_t*>(nul) - label) : kPcapdroidLabelBytes;
  out.label = std::string_view(reinterpret_cast<const char*>(label), length);
  return out;
}

}  // namespace zeekscope::packet
