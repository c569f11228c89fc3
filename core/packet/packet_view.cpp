#include "packet/packet_view.h"

#include <bit>
#include <cstring>

#include "packet/byte_order.h"

namespace zeekscope::packet {
namespace {

// The one's-complement sum of n bytes as big-endian 16-bit words, added to `sum` (not yet
// folded). Eight bytes at a time in the machine's byte order: the one's-complement sum of
// byte-swapped words is the byte-swapped sum (RFC 1071), so one swap at the end suffices.
uint32_t sum16(const uint8_t* p, size_t n, uint32_t sum = 0) {
  uint64_t acc = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    acc += (w & 0xFFFFFFFFu) + (w >> 32);
  }
  for (; i + 2 <= n; i += 2) {
    uint16_t w;
    std::memcpy(&w, p + i, 2);
    acc += w;
  }
  if (i < n) {  // the last byte is a word's high byte
    uint16_t w = 0;
    std::memcpy(&w, p + i, 1);
    acc += w;
  }
  while (acc >> 16) acc = (acc & 0xFFFF) + (acc >> 16);
  uint16_t folded = uint16_t(acc);
  if constexpr (std::endian::native == std::endian::little)
    folded = uint16_t((folded >> 8) | (folded << 8));
  return sum + folded;
}

// The one's-complement sum of `segment` (`length` bytes of it), with the pseudo-header of its
// IP version where the protocol has one (all but ICMPv4), must be all ones.
PacketView::Checksum verify(const IpHeader& ip, std::span<const uint8_t> segment, uint32_t length) {
  uint32_t sum = 0;
  if (ip.protocol != ip_protocol::kIcmp) {
    const auto& s = ip.src.bytes();
    const auto& d = ip.dst.bytes();
    size_t at = ip.version == 4 ? 12 : 0;
    sum = sum16(s.data() + at, 16 - at, sum);
    sum = sum16(d.data() + at, 16 - at, sum);
    sum += (length >> 16) + (length & 0xFFFF) + ip.protocol;
  }
  sum = sum16(segment.data(), length, sum);
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return sum == 0xFFFF ? PacketView::Checksum::kGood : PacketView::Checksum::kBad;
}

}  // namespace

void fill_view(const IpHeader& ip, PacketView& v) {
  v.ip_version = ip.version;
  v.src = ip.src;
  v.dst = ip.dst;
  v.protocol = ip.protocol;
  v.ttl = ip.ttl;
  v.ip_length = ip.ip_length;
  v.ip_snapped = ip.snapped;
  v.length_from_capture = ip.length_from_capture;
  v.ip_checksum_ok = ip.checksum_ok;
  std::span<const uint8_t> p = ip.payload;
  uint32_t ip_payload = ip.ip_length - ip.header_length;
  auto payload = [&](size_t header, uint32_t length) {
    v.payload_length = length;
    size_t end = std::min<size_t>(p.size(), header + length);
    v.payload = end > header ? p.subspan(header, end - header) : std::span<const uint8_t>();
  };
  switch (ip.protocol) {
    case ip_protocol::kTcp: {
      if (p.size() < 20) break;
      size_t header = (p[12] >> 4) * 4u;
      if (header < 20 || header > p.size() || header > ip_payload) break;
      v.src_port = load_be16(p.data());
      v.dst_port = load_be16(p.data() + 2);
      v.seq = load_be32(p.data() + 4);
      v.ack = load_be32(p.data() + 8);
      v.tcp_flags = p[13];
      v.window = load_be16(p.data() + 14);
      payload(header, uint32_t(ip_payload - header));
      if (p.size() >= ip_payload) v.transport_checksum = verify(ip, p, ip_payload);
      return;
    }
    case ip_protocol::kUdp: {
      if (p.size() < 8 || ip_payload < 8) break;
      v.src_port = load_be16(p.data());
      v.dst_port = load_be16(p.data() + 2);
      // The UDP length decides (Zeek: UDP length - 8), within the IP payload.
      uint16_t length = load_be16(p.data() + 4);
      uint32_t data = length >= 8 ? std::min<uint32_t>(length, ip_payload) - 8 : ip_payload - 8;
      payload(8, data);
      bool none_sent = ip.version == 4 && load_be16(p.data() + 6) == 0;
      if (!none_sent && length >= 8 && length <= ip_payload && p.size() >= length)
        v.transport_checksum = verify(ip, p, length);
      return;
    }
    case ip_protocol::kIcmp:
    case ip_protocol::kIcmp6:
      if (p.size() < 4 || ip_payload < 8) break;
      v.icmp_type = p[0];
      v.icmp_code = p[1];
      payload(8, ip_payload - 8);
      if (p.size() >= ip_payload) v.transport_checksum = verify(ip, p, ip_payload);
      return;
    default:
      payload(0, ip_payload);
      return;
  }
  v.transport_truncated = true;
  payload(0, 0);
}

}  // namespace zeekscope::packet
