#include "packet/link_layer.h"

#include "packet/byte_order.h"
#include "packet/captured_packet.h"

namespace zeekscope::packet {
namespace {

using Result = LinkFrame::Result;

constexpr uint16_t kEtherIpv4 = 0x0800, kEtherIpv6 = 0x86DD, kEtherArp = 0x0806;
constexpr uint16_t kEtherVlan = 0x8100, kEtherQinQ = 0x88A8, kEtherQinQOld = 0x9100;
constexpr uint16_t kEtherMpls = 0x8847, kEtherMplsMulticast = 0x8848;
constexpr uint16_t kEtherPppoeSession = 0x8864, kEtherVnTag = 0x8926;
// Tags nest; a frame with more than this many is damaged or hostile.
constexpr int kMaxTags = 8;

LinkFrame ip_at(std::span<const uint8_t> frame, size_t at, uint8_t version, LinkFrame out = {}) {
  out.result = Result::kIp;
  out.ip = frame.subspan(at);
  out.ip_offset = at;
  out.ip_version = version;
  return out;
}

LinkFrame stop(Result result, std::string_view reason, LinkFrame out = {}) {
  out.result = result;
  out.reason = reason;
  return out;
}

LinkFrame truncated() { return stop(Result::kTruncated, "frame ends inside its link header"); }

// An MPLS label stack (4 bytes a label, bottom-of-stack bit 0x100 in the third byte), then IP
// by its version nibble: MPLS does not say what it carries.
LinkFrame mpls(std::span<const uint8_t> frame, size_t at, LinkFrame out) {
  for (int labels = 0;; ++labels) {
    if (at + 4 > frame.size()) return truncated();
    if (labels == kMaxTags) return stop(Result::kNotIp, "MPLS label stack too deep", out);
    bool bottom = frame[at + 2] & 0x01;
    at += 4;
    if (bottom) break;
  }
  if (at >= frame.size()) return truncated();
  uint8_t version = frame[at] >> 4;
  if (version != 4 && version != 6) return stop(Result::kNotIp, "MPLS payload is not IP", out);
  return ip_at(frame, at, version, out);
}

// A PPP protocol field: 0x0021 IPv4, 0x0057 IPv6.
LinkFrame ppp_protocol(std::span<const uint8_t> frame, size_t at, uint16_t protocol,
                       LinkFrame out) {
  if (protocol == 0x0021) return ip_at(frame, at, 4, out);
  if (protocol == 0x0057) return ip_at(frame, at, 6, out);
  if (protocol == 0x0281) return mpls(frame, at, out);
  return stop(Result::kNotIp, "PPP frame without IP (control protocol)", out);
}

LinkFrame ethertype(std::span<const uint8_t> frame, size_t at, uint16_t type, LinkFrame out,
                    int depth);

LinkFrame ethernet_payload(std::span<const uint8_t> frame, size_t at, uint16_t type, LinkFrame out,
                           int depth) {
  if (depth > kMaxTags) return stop(Result::kNotIp, "too many nested tags", out);
  if (type <= 1500) {
    // An 802.3 length: LLC follows. Only SNAP (AA AA 03, an OUI, then an EtherType) carries IP.
    if (at + 8 > frame.size()) return truncated();
    if (frame[at] == 0xAA && frame[at + 1] == 0xAA && frame[at + 2] == 0x03)
      return ethertype(frame, at + 8, load_be16(&frame[at + 6]), out, depth + 1);
    return stop(Result::kNotIp, "802.3 frame without SNAP (LLC)", out);
  }
  return ethertype(frame, at, type, out, depth);
}

LinkFrame ethertype(std::span<const uint8_t> frame, size_t at, uint16_t type, LinkFrame out,
                    int depth) {
  if (depth > kMaxTags) return stop(Result::kNotIp, "too many nested tags", out);
  switch (type) {
    case kEtherIpv4:
      return ip_at(frame, at, 4, out);
    case kEtherIpv6:
      return ip_at(frame, at, 6, out);
    case kEtherVlan:
    case kEtherQinQ:
    case kEtherQinQOld: {
      if (at + 4 > frame.size()) return truncated();
      uint16_t id = load_be16(&frame[at]) & 0x0FFF;
      if (!out.vlan) {
        out.vlan = id;
      } else if (!out.inner_vlan) {
        out.inner_vlan = id;
      }
      return ethernet_payload(frame, at + 4, load_be16(&frame[at + 2]), out, depth + 1);
    }
    case kEtherVnTag:
      if (at + 6 > frame.size()) return truncated();
      return ethernet_payload(frame, at + 6, load_be16(&frame[at + 4]), out, depth + 1);
    case kEtherMpls:
    case kEtherMplsMulticast:
      return mpls(frame, at, out);
    case kEtherPppoeSession:
      // Version/type, code, session id, length; then the PPP protocol.
      if (at + 8 > frame.size()) return truncated();
      return ppp_protocol(frame, at + 8, load_be16(&frame[at + 6]), out);
    case kEtherArp:
      return stop(Result::kNotIp, "ARP", out);
    default:
      return stop(Result::kNotIp, "EtherType carries no IP", out);
  }
}

// BSD loopback: a 4-byte address family. 2 is IPv4; 24, 28 and 30 are IPv6 on the BSDs and
// macOS. NULL is in the writer's byte order, LOOP always big-endian; both orders are tried.
LinkFrame loopback(std::span<const uint8_t> frame) {
  if (frame.size() < 4) return truncated();
  uint32_t le = load_le32(frame.data()), be = load_be32(frame.data());
  for (uint32_t family : {le, be}) {
    if (family == 2) return ip_at(frame, 4, 4);
    if (family == 24 || family == 28 || family == 30) return ip_at(frame, 4, 6);
  }
  return stop(Result::kNotIp, "loopback address family is not IP");
}

// Linux NFLOG: family, version, resource id, then TLVs (length and type in the capturing
// host's byte order, tried little-endian first; values padded to 4 bytes). Type 9 is the
// packet, from its IP header.
LinkFrame nflog(std::span<const uint8_t> frame) {
  constexpr uint16_t kPayload = 9;
  if (frame.size() < 4) return truncated();
  uint8_t version = frame[0] == 2 ? 4 : frame[0] == 10 ? 6 : 0;
  if (!version) return stop(Result::kNotIp, "NFLOG address family is not IP");
  for (bool big : {false, true}) {
    for (size_t at = 4; at + 4 <= frame.size();) {
      uint16_t length = big ? load_be16(&frame[at]) : load_le16(&frame[at]);
      uint16_t type = big ? load_be16(&frame[at + 2]) : load_le16(&frame[at + 2]);
      if (length < 4 || at + length > frame.size()) break;  // not this byte order
      if (type == kPayload) return ip_at(frame.first(at + length), at + 4, version);
      at += (size_t(length) + 3) & ~size_t(3);
    }
  }
  return stop(Result::kNotIp, "NFLOG record without a packet");
}

}  // namespace

LinkFrame decode_link(uint32_t type, std::span<const uint8_t> frame) {
  switch (type) {
    case link_type::kEthernet:
      // Destination, source, EtherType.
      if (frame.size() < 14) return truncated();
      return ethernet_payload(frame, 14, load_be16(&frame[12]), {}, 0);
    case link_type::kRaw:
      if (frame.empty()) return truncated();
      return ip_at(frame, 0, 0);
    case link_type::kIpv4:
      return ip_at(frame, 0, 4);
    case link_type::kIpv6:
      return ip_at(frame, 0, 6);
    case link_type::kLinuxSll:
      // Packet type, ARPHRD type, address length, 8 address bytes, protocol (an EtherType).
      if (frame.size() < 16) return truncated();
      return ethertype(frame, 16, load_be16(&frame[14]), {}, 0);
    case link_type::kLinuxSll2:
      // Protocol first, then reserved, interface index, ARPHRD type, packet type, addresses.
      if (frame.size() < 20) return truncated();
      return ethertype(frame, 20, load_be16(&frame[0]), {}, 0);
    case link_type::kNull:
    case link_type::kLoop:
      return loopback(frame);
    case link_type::kNflog:
      return nflog(frame);
    case link_type::kPpp: {
      // Optional HDLC address and control (FF 03), then a 1- or 2-byte protocol.
      size_t at = 0;
      if (frame.size() >= 2 && frame[0] == 0xFF && frame[1] == 0x03) at = 2;
      if (at >= frame.size()) return truncated();
      if (frame[at] & 0x01) return ppp_protocol(frame, at + 1, frame[at], {});
      if (at + 2 > frame.size()) return truncated();
      return ppp_protocol(frame, at + 2, load_be16(&frame[at]), {});
    }
    default:
      return stop(Result::kUnsupported, "link type not read");
  }
}

std::string link_type_name(uint32_t type) {
  std::string_view name;
  switch (type) {
    case link_type::kNull:
      name = "BSD loopback";
      break;
    case link_type::kEthernet:
      name = "Ethernet";
      break;
    case link_type::kPpp:
      name = "PPP";
      break;
    case link_type::kRaw:
      name = "raw IP";
      break;
    case link_type::kLoop:
      name = "OpenBSD loopback";
      break;
    case link_type::kLinuxSll:
      name = "Linux cooked capture v1";
      break;
    case link_type::kIpv4:
      name = "raw IPv4";
      break;
    case link_type::kIpv6:
      name = "raw IPv6";
      break;
    case link_type::kNflog:
      name = "Linux NFLOG";
      break;
    case link_type::kLinuxSll2:
      name = "Linux cooked capture v2";
      break;
    default:
      return "link type " + std::to_string(type);
  }
  return std::string(name) + " (" + std::to_string(type) + ")";
}

}  // namespace zeekscope::packet
