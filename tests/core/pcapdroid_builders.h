#pragma once
// Hand-built PCAPdroid captures: the Ethernet frame with its trailer (as its pcap writer makes
// it: zero MACs, the IP packet, padding to 4 bytes, magic, uid, label, CRC-32 little-endian),
// the packet comment "u-<uid>" and the uid map custom block of its pcapng files.
#include <algorithm>
#include <string>

#include "common/crc32.h"
#include "packet_builders.h"

namespace zeekscope::test::pkt {

// The 32 trailer bytes before the CRC, and the CRC over `frame` + them.
inline Bytes pcapdroid_trailer_for(const Bytes& frame, int32_t uid, const Bytes& label) {
  Bytes name(20, '\0');
  name.replace(0, std::min<size_t>(label.size(), 19), label.substr(0, 19));
  Bytes trailer = be32(0x01072021) + be32(uint32_t(uid)) + name;
  return trailer + Writer{false}.u32(crc32(frame + trailer)).out;
}
// `label_bytes`: the label field's 20 bytes as given (no cut, no NUL added).
inline Bytes pcapdroid_trailer_raw(const Bytes& frame, int32_t uid, const Bytes& label_bytes) {
  Bytes trailer = be32(0x01072021) + be32(uint32_t(uid)) + label_bytes;
  return trailer + Writer{false}.u32(crc32(frame + trailer)).out;
}

// Ethernet (zero MACs, EtherType by the IP version) + `ip` + padding to 4 + the trailer.
inline Bytes pcapdroid_frame(const Bytes& ip, int32_t uid, const Bytes& label) {
  bool v4 = !ip.empty() && (uint8_t(ip[0]) >> 4) == 4;
  Bytes frame = Bytes(12, '\0') + be16(v4 ? 0x0800 : 0x86DD) + ip;
  frame += Bytes((4 - frame.size() % 4) % 4, '\0');
  return frame + pcapdroid_trailer_for(frame, uid, label);
}
// The same packet as PCAPdroid writes it without extensions: no link layer (LINKTYPE_RAW).
inline Bytes raw_frame(const Bytes& ip) { return ip; }

inline Bytes uid_comment(bool big, const Bytes& text) {
  return option(big, 1, text) + end_of_options(big);
}

struct UidMap {
  int32_t uid = 0;
  Bytes package, label;
  uint32_t type = 0x00000BAD;
  uint32_t pen = 62652;
  uint16_t version = 1;
  uint8_t kind = 1;
};
inline Bytes uid_map_body(bool big, const UidMap& m) {
  Writer w{big};
  w.u32(m.pen)
      .u16(m.version)
      .u8(m.kind)
      .u8(0)
      .u32(uint32_t(m.uid))
      .u8(uint8_t(m.package.size()))
      .u8(uint8_t(m.label.size()))
      .bytes(m.package)
      .bytes(m.label);
  return w.out;
}
inline Bytes uid_map(bool big, const UidMap& m) { return block(big, m.type, uid_map_body(big, m)); }

}  // namespace zeekscope::test::pkt
