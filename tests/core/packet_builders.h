#pragma once
// Hand-built capture files and packets for the capture reader and decoder tests: pcap and
// pcapng in either byte order, and Ethernet, IPv4, IPv6, TCP and UDP headers with correct
// lengths and checksums, so each test states only what it is about.
#include <cstdint>
#include <string>
#include <vector>

#include "common/ip_address.h"
#include "packet/packet_decoder.h"

namespace zeekscope::test::pkt {

using Bytes = std::string;

struct Writer {
  explicit Writer(bool big_endian = false) : big(big_endian) {}
  bool big;
  Bytes out;
  Writer& u8(uint8_t v) {
    out.push_back(char(v));
    return *this;
  }
  Writer& u16(uint16_t v) { return big ? u8(v >> 8).u8(v) : u8(v).u8(v >> 8); }
  Writer& u32(uint32_t v) { return big ? u16(v >> 16).u16(v) : u16(v).u16(v >> 16); }
  Writer& u64(uint64_t v) {
    return big ? u32(v >> 32).u32(uint32_t(v)) : u32(uint32_t(v)).u32(v >> 32);
  }
  Writer& bytes(const Bytes& b) {
    out += b;
    return *this;
  }
  Writer& pad4() {
    while (out.size() % 4) out.push_back('\0');
    return *this;
  }
};

inline Bytes be16(uint16_t v) { return Writer{true}.u16(v).out; }
inline Bytes be32(uint32_t v) { return Writer{true}.u32(v).out; }

// --- pcap ---
struct PcapRecord {
  uint32_t seconds = 0, fraction = 0;
  Bytes data;
  uint32_t wire = 0;  // 0: data's length
};
inline Bytes pcap_file(bool big, bool nanoseconds, uint32_t link,
                       const std::vector<PcapRecord>& records, uint32_t snaplen = 65535) {
  Writer w{big};
  w.u32(nanoseconds ? 0xA1B23C4D : 0xA1B2C3D4).u16(2).u16(4).u32(0).u32(0).u32(snaplen).u32(link);
  for (const auto& r : records)
    w.u32(r.seconds)
        .u32(r.fraction)
        .u32(uint32_t(r.data.size()))
        .u32(r.wire ? r.wire : uint32_t(r.data.size()))
        .bytes(r.data);
  return w.out;
}

// --- pcapng ---
inline Bytes block(bool big, uint32_t type, const Bytes& body) {
  Writer b{big};
  b.bytes(body).pad4();
  Writer w{big};
  uint32_t length = uint32_t(b.out.size() + 12);
  w.u32(type).u32(length).bytes(b.out).u32(length);
  return w.out;
}
inline Bytes option(bool big, uint16_t code, const Bytes& value) {
  Writer w{big};
  w.u16(code).u16(uint16_t(value.size())).bytes(value).pad4();
  return w.out;
}
inline Bytes end_of_options(bool big) { return Writer{big}.u32(0).out; }
inline Bytes shb(bool big, const Bytes& options = "") {
  Writer w{big};
  w.u32(0x1A2B3C4D).u16(1).u16(0).u64(~uint64_t(0)).bytes(options);
  return block(big, 0x0A0D0D0A, w.out);
}
inline Bytes idb(bool big, uint16_t link, uint32_t snaplen = 0, const Bytes& options = "") {
  Writer w{big};
  w.u16(link).u16(0).u32(snaplen).bytes(options);
  return block(big, 1, w.out);
}
inline Bytes epb(bool big, uint32_t interface, uint64_t units, const Bytes& data, uint32_t wire = 0,
                 const Bytes& options = "") {
  Writer w{big};
  w.u32(interface)
      .u32(uint32_t(units >> 32))
      .u32(uint32_t(units))
      .u32(uint32_t(data.size()))
      .u32(wire ? wire : uint32_t(data.size()))
      .bytes(data)
      .pad4()
      .bytes(options);
  return block(big, 6, w.out);
}
inline Bytes spb(bool big, const Bytes& data, uint32_t wire = 0) {
  Writer w{big};
  w.u32(wire ? wire : uint32_t(data.size())).bytes(data);
  return block(big, 3, w.out);
}
inline Bytes obsolete_pb(bool big, uint16_t interface, uint64_t units, const Bytes& data) {
  Writer w{big};
  w.u16(interface)
      .u16(0)
      .u32(uint32_t(units >> 32))
      .u32(uint32_t(units))
      .u32(uint32_t(data.size()))
      .u32(uint32_t(data.size()))
      .bytes(data);
  return block(big, 2, w.out);
}

// --- packets ---
inline Bytes addr(const char* text) {
  auto ip = IpAddress::parse(text);
  if (!ip) return {};
  const auto& b = ip->bytes();
  return ip->is_v4() ? Bytes(reinterpret_cast<const char*>(b.data()) + 12, 4)
                     : Bytes(reinterpret_cast<const char*>(b.data()), 16);
}

inline uint16_t checksum(const Bytes& b) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < b.size(); i += 2) sum += (uint8_t(b[i]) << 8) | uint8_t(b[i + 1]);
  if (b.size() % 2) sum += uint8_t(b.back()) << 8;
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return uint16_t(~sum);
}

struct V4 {
  const char* src = "10.0.0.1";
  const char* dst = "10.0.0.2";
  uint8_t protocol = 17;
  uint16_t id = 1;
  bool more = false;
  uint16_t offset = 0;  // bytes, a multiple of 8
  Bytes options;        // a multiple of 4 bytes
  uint16_t total = 0;   // 0: computed
  bool bad_checksum = false;
};
inline V4 frag4(uint16_t id, bool more, uint16_t offset) {
  V4 h;
  h.id = id;
  h.more = more;
  h.offset = offset;
  return h;
}
inline Bytes ipv4(const V4& h, const Bytes& payload) {
  Writer w{true};
  uint16_t length = h.total ? h.total : uint16_t(20 + h.options.size() + payload.size());
  w.u8(uint8_t(0x40 | ((20 + h.options.size()) / 4)))
      .u8(0)
      .u16(length)
      .u16(h.id)
      .u16(uint16_t((h.more ? 0x2000 : 0) | (h.offset / 8)))
      .u8(64)
      .u8(h.protocol)
      .u16(0)
      .bytes(addr(h.src))
      .bytes(addr(h.dst))
      .bytes(h.options);
  uint16_t sum = checksum(w.out);
  if (h.bad_checksum) sum ^= 1;
  w.out[10] = char(sum >> 8);
  w.out[11] = char(sum);
  return w.out + payload;
}

// IPv6 with extension headers given as (type, body) where body excludes the next-header byte.
struct Ext {
  uint8_t type;
  Bytes body;  // for 44 (fragment): 7 bytes; others: padded by the builder to 8n - 1
};
inline Bytes ipv6(const char* src, const char* dst, uint8_t next, const Bytes& payload,
                  const std::vector<Ext>& exts = {}) {
  Bytes chain;
  for (size_t i = 0; i < exts.size(); ++i) {
    uint8_t nh = i + 1 < exts.size() ? exts[i + 1].type : next;
    Bytes e = Bytes(1, char(nh)) + exts[i].body;
    if (exts[i].type != 44) {
      while (e.size() % 8) e.push_back('\0');
      e[1] = char(e.size() / 8 - 1);
    }
    chain += e;
  }
  Writer w{true};
  w.u32(0x60000000)
      .u16(uint16_t(chain.size() + payload.size()))
      .u8(exts.empty() ? next : exts[0].type)
      .u8(64)
      .bytes(addr(src))
      .bytes(addr(dst));
  return w.out + chain + payload;
}
// The body (after next-header) of an IPv6 fragment header.
inline Bytes frag6(uint16_t offset, bool more, uint32_t id) {
  Writer w{true};
  w.u8(0).u16(uint16_t(offset | (more ? 1 : 0))).u32(id);
  return w.out;
}

inline Bytes udp(uint16_t sport, uint16_t dport, const Bytes& payload) {
  Writer w{true};
  w.u16(sport).u16(dport).u16(uint16_t(8 + payload.size())).u16(0);
  return w.out + payload;
}
inline Bytes tcp(uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags,
                 const Bytes& payload, const Bytes& options = "") {
  Writer w{true};
  w.u16(sport)
      .u16(dport)
      .u32(seq)
      .u32(ack)
      .u8(uint8_t(((20 + options.size()) / 4) << 4))
      .u8(flags)
      .u16(1024)
      .u16(0)
      .u16(0)
      .bytes(options);
  return w.out + payload;
}
// Fills in the TCP, UDP, ICMP or ICMPv6 checksum of an IPv4 datagram or an IPv6 one without
// extension headers.
inline Bytes with_checksum(Bytes ip) {
  bool v4 = (uint8_t(ip[0]) >> 4) == 4;
  size_t header = v4 ? (uint8_t(ip[0]) & 0x0F) * 4u : 40;
  uint8_t protocol = uint8_t(ip[v4 ? 9 : 6]);
  size_t at = header + (protocol == 6 ? 16 : protocol == 17 ? 6 : 2);
  ip[at] = ip[at + 1] = 0;
  Bytes segment = ip.substr(header);
  Bytes pseudo;
  if (protocol != 1) {
    pseudo = v4 ? ip.substr(12, 8) : ip.substr(8, 32);
    pseudo += be32(uint32_t(segment.size())) + Bytes(3, '\0') + Bytes(1, char(protocol));
  }
  uint16_t sum = checksum(pseudo + segment);
  ip[at] = char(sum >> 8);
  ip[at + 1] = char(sum);
  return ip;
}

inline Bytes ethernet(uint16_t type, const Bytes& payload, const std::vector<uint16_t>& tags = {},
                      uint16_t tag_type = 0x8100) {
  Bytes frame(12, '\x11');
  for (size_t i = 0; i < tags.size(); ++i)
    frame += be16(i == 0 ? tag_type : 0x8100) + be16(tags[i]);
  return frame + be16(type) + payload;
}

// Keeps every view a decoder hands on, with a copy of its payload (the view's own is valid only
// during the call).
struct Views : packet::PacketViewSink {
  struct Kept {
    packet::PacketView view;
    std::string payload;
  };
  std::vector<Kept> views;
  void on_view(const packet::PacketView& v) override {
    views.push_back(
        {v, std::string(reinterpret_cast<const char*>(v.payload.data()), v.payload.size())});
    views.back().view.payload = {};
  }
};

}  // namespace zeekscope::test::pkt
