#pragma once
// Hand-built DNS messages for the DNS tests: a header, then names, questions and records
// written in order, with offsets returned so a test can point compression at them.
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>

#include "packet_builders.h"

namespace zeekscope::test::dns {

using pkt::Bytes;

struct Message {
  Bytes b;
  Message(uint16_t id, uint16_t flags, uint16_t qd, uint16_t an, uint16_t ns = 0, uint16_t ar = 0) {
    u16(id).u16(flags).u16(qd).u16(an).u16(ns).u16(ar);
  }
  size_t size() const { return b.size(); }
  Message& u8(uint8_t v) {
    b.push_back(char(v));
    return *this;
  }
  Message& u16(uint16_t v) { return u8(uint8_t(v >> 8)).u8(uint8_t(v)); }
  Message& u32(uint32_t v) { return u16(uint16_t(v >> 16)).u16(uint16_t(v)); }
  Message& raw(const Bytes& bytes) {
    b += bytes;
    return *this;
  }
  // "www.example.com" as labels and the root label; "" is the root name.
  Message& name(const std::string& dotted) {
    size_t at = 0;
    while (at < dotted.size()) {
      size_t dot = dotted.find('.', at);
      if (dot == std::string::npos) dot = dotted.size();
      u8(uint8_t(dot - at)).raw(dotted.substr(at, dot - at));
      at = dot + 1;
    }
    return u8(0);
  }
  // Labels, then a pointer to `target`.
  Message& name_then_pointer(const std::string& dotted, uint16_t target) {
    if (!dotted.empty()) {
      name(dotted);
      b.pop_back();  // no root label
    }
    return pointer(target);
  }
  Message& pointer(uint16_t target) { return u16(uint16_t(0xC000 | target)); }
  Message& question(const std::string& qname, uint16_t qtype, uint16_t qclass = 1) {
    return name(qname).u16(qtype).u16(qclass);
  }
  // A record whose owner is already written (name / pointer), then its fields.
  Message& fields(uint16_t type, uint32_t ttl, const Bytes& rdata, uint16_t rclass = 1) {
    return u16(type).u16(rclass).u32(ttl).u16(uint16_t(rdata.size())).raw(rdata);
  }
  Message& rr(const std::string& owner, uint16_t type, uint32_t ttl, const Bytes& rdata,
              uint16_t rclass = 1) {
    return name(owner).fields(type, ttl, rdata, rclass);
  }
  std::span<const uint8_t> span() const {
    return {reinterpret_cast<const uint8_t*>(b.data()), b.size()};
  }
};

inline Bytes bytes(std::initializer_list<int> values) {
  Bytes out;
  for (int v : values) out.push_back(char(v));
  return out;
}
// A name in wire form (for record data).
inline Bytes wire_name(const std::string& dotted) {
  Message m(0, 0, 0, 0);
  m.b.clear();
  return m.name(dotted).b;
}
inline Bytes character_string(const std::string& s) { return Bytes(1, char(s.size())) + s; }

inline std::span<const uint8_t> span(const Bytes& b) {
  return {reinterpret_cast<const uint8_t*>(b.data()), b.size()};
}

}  // namespace zeekscope::test::dns
