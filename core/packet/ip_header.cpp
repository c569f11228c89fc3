#include "packet/ip_header.h"

#include "packet/byte_order.h"

namespace zeekscope::packet {
namespace {

using Result = IpHeader::Result;

constexpr uint8_t kHopByHop = 0, kRouting = 43, kDestinationOptions = 60, kAuthentication = 51;
constexpr uint8_t kHomeAddressOption = 201;
// Extension headers walked before giving up on a chain (each is at least 8 bytes).
constexpr int kMaxExtensionHeaders = 16;

IpHeader fail(IpHeader h, Result result, std::string_view reason) {
  h.result = result;
  h.reason = reason;
  return h;
}

bool ipv4_checksum_ok(const uint8_t* p, size_t n) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < n; i += 2) sum += load_be16(p + i);
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return sum == 0xFFFF;
}

void finish_payload(IpHeader& h, std::span<const uint8_t> bytes) {
  size_t end = std::min<size_t>(bytes.size(), h.ip_length);
  h.snapped = bytes.size() < h.ip_length;
  h.payload = end > h.header_length ? bytes.subspan(h.header_length, end - h.header_length)
                                    : std::span<const uint8_t>();
}

IpHeader decode_v4(std::span<const uint8_t> bytes, uint64_t wire_length) {
  IpHeader h;
  h.version = 4;
  if (bytes.size() < 20) return fail(h, Result::kTruncated, "IPv4 header not captured whole");
  const uint8_t* p = bytes.data();
  h.header_length = (p[0] & 0x0F) * 4u;
  if (h.header_length < 20) return fail(h, Result::kBad, "IPv4 header length under 20 bytes");
  if (bytes.size() < h.header_length)
    return fail(h, Result::kTruncated, "IPv4 options not captured whole");
  h.ip_length = load_be16(p + 2);
  if (h.ip_length == 0) {
    // A segmentation-offload capture: the header's length was never filled in. Zeek drops
    // these unless checksums are ignored (-C), and then uses the captured length, as here.
    h.length_from_capture = true;
    h.ip_length = uint32_t(std::min<size_t>(bytes.size(), 0xFFFF));
  }
  if (h.ip_length < h.header_length)
    return fail(h, Result::kBad, "IPv4 total length under its header");
  if (wire_length < h.ip_length)
    return fail(h, Result::kTruncated, "IPv4 total length beyond the packet's wire length");
  h.src = IpAddress::from_v4(p + 12);
  h.dst = IpAddress::from_v4(p + 16);
  h.ttl = p[8];
  h.protocol = p[9];
  h.checksum_ok = ipv4_checksum_ok(p, h.header_length);
  uint16_t flags = load_be16(p + 6);
  h.more_fragments = flags & 0x2000;
  h.fragment_offset = (flags & 0x1FFFu) * 8;
  h.fragment = h.more_fragments || h.fragment_offset;
  h.fragment_id = load_be16(p + 4);
  finish_payload(h, bytes);
  h.result = Result::kOk;
  return h;
}

// The Home Address destination option, if this options header holds one.
void home_address(IpHeader& h, const uint8_t* opt, size_t n) {
  for (size_t at = 2; at < n;) {
    if (opt[at] == 0) {  // Pad1
      ++at;
      continue;
    }
    if (at + 2 > n || at + 2 + opt[at + 1] > n) return;
    if (opt[at] == kHomeAddressOption && opt[at + 1] == 16)
      h.src = IpAddress::from_v6(opt + at + 2);
    at += 2 + opt[at + 1];
  }
}

IpHeader decode_v6(std::span<const uint8_t> bytes, uint64_t wire_length) {
  IpHeader h;
  h.version = 6;
  if (bytes.size() < 40) return fail(h, Result::kTruncated, "IPv6 header not captured whole");
  const uint8_t* p = bytes.data();
  uint16_t payload_length = load_be16(p + 4);
  if (payload_length == 0) return fail(h, Result::kBad, "IPv6 jumbogram (payload length 0)");
  h.ip_length = payload_length + 40u;
  if (wire_length < h.ip_length)
    return fail(h, Result::kTruncated, "IPv6 payload length beyond the packet's wire length");
  h.src = IpAddress::from_v6(p + 8);
  h.dst = IpAddress::from_v6(p + 24);
  h.ttl = p[7];
  uint8_t next = p[6];
  uint32_t next_at = 6;  // where `next` was read
  size_t at = 40;
  size_t limit = std::min<size_t>(bytes.size(), h.ip_length);
  for (int n = 0; n < kMaxExtensionHeaders; ++n) {
    if (next != kHopByHop && next != kRouting && next != kDestinationOptions &&
        next != kAuthentication && next != ip_protocol::kIpv6Fragment)
      break;
    if (at + 8 > limit)
      return fail(h, Result::kTruncated, "IPv6 extension header not captured whole");
    const uint8_t* e = p + at;
    size_t length = next == kAuthentication              ? (e[1] + 2u) * 4
                    : next == ip_protocol::kIpv6Fragment ? 8
                                                         : (e[1] + 1u) * 8;
    if (at + length > limit)
      return fail(h, Result::kTruncated, "IPv6 extension header not captured whole");
    if (next == ip_protocol::kIpv6Fragment) {
      uint16_t field = load_be16(e + 2);
      uint32_t offset = field & 0xFFF8u;
      bool more = field & 1;
      if (offset || more) {
        // The rest is fragmentable: it is read once the datagram is whole.
        h.fragment = true;
        h.more_fragments = more;
        h.fragment_offset = offset;
        h.fragment_id = load_be32(e + 4);
        h.next_header_at = next_at;
        h.protocol = e[0];
        h.header_length = uint32_t(at + 8);
        finish_payload(h, bytes);
        h.result = Result::kOk;
        return h;
      }
    } else if (next == kRouting) {
      // Type 0 with segments left, or type 2: the last address is where the packet goes.
      uint8_t type = e[2], left = e[3], addresses = e[1] / 2;
      if (((type == 0 && left > 0) || type == 2) && addresses > 0)
        h.dst = IpAddress::from_v6(e + 8 + (addresses - 1) * 16);
    } else if (next == kDestinationOptions) {
      home_address(h, e, length);
    }
    next_at = uint32_t(at);
    next = e[0];
    at += length;
  }
  h.protocol = next;
  h.header_length = uint32_t(at);
  finish_payload(h, bytes);
  h.result = Result::kOk;
  return h;
}

}  // namespace

IpHeader decode_ip(std::span<const uint8_t> bytes, uint64_t wire_length, uint8_t version) {
  if (bytes.empty()) return fail({}, Result::kTruncated, "no IP header captured");
  uint8_t nibble = bytes[0] >> 4;
  if (version && nibble != version)
    return fail({}, Result::kBad, "IP version differs from the link layer's");
  if (nibble == 4) return decode_v4(bytes, wire_length);
  if (nibble == 6) return decode_v6(bytes, wire_length);
  return fail({}, Result::kBad, "IP version is neither 4 nor 6");
}

}  // namespace zeekscope::packet
