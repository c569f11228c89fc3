#pragma once
// Test-only builders of TLS handshake bytes: extensions, ClientHello and ServerHello bodies,
// handshake messages and records (split across records at chosen sizes).
#include <cstdint>
#include <string>
#include <vector>

namespace zeekscope::test::tls {

using Bytes = std::vector<uint8_t>;

inline void put16(Bytes& b, size_t v) {
  b.push_back(uint8_t(v >> 8));
  b.push_back(uint8_t(v));
}
inline void put24(Bytes& b, size_t v) {
  b.push_back(uint8_t(v >> 16));
  put16(b, v & 0xFFFF);
}
inline void append(Bytes& b, const Bytes& more) { b.insert(b.end(), more.begin(), more.end()); }

inline Bytes extension(uint16_t type, const Bytes& body) {
  Bytes b;
  put16(b, type);
  put16(b, body.size());
  append(b, body);
  return b;
}
inline Bytes sni(const std::vector<std::string>& names) {
  Bytes list;
  for (const auto& n : names) {
    list.push_back(0);
    put16(list, n.size());
    list.insert(list.end(), n.begin(), n.end());
  }
  Bytes body;
  put16(body, list.size());
  append(body, list);
  return extension(0, body);
}
inline Bytes alpn(const std::vector<std::string>& protocols) {
  Bytes list;
  for (const auto& p : protocols) {
    list.push_back(uint8_t(p.size()));
    list.insert(list.end(), p.begin(), p.end());
  }
  Bytes body;
  put16(body, list.size());
  append(body, list);
  return extension(16, body);
}
inline Bytes client_versions(const std::vector<uint16_t>& versions) {
  Bytes body{uint8_t(versions.size() * 2)};
  for (uint16_t v : versions) put16(body, v);
  return extension(43, body);
}
inline Bytes server_version(uint16_t v) {
  Bytes body;
  put16(body, v);
  return extension(43, body);
}
inline Bytes key_share_server(uint16_t group) {
  Bytes body;
  put16(body, group);
  put16(body, 32);
  body.resize(body.size() + 32, 0x11);
  return extension(51, body);
}

inline Bytes client_hello_body(uint16_t version, const std::vector<uint16_t>& suites,
                               const Bytes& extensions, const Bytes& session_id = {}) {
  Bytes b;
  put16(b, version);
  b.resize(b.size() + 32, 0xAB);  // random
  b.push_back(uint8_t(session_id.size()));
  append(b, session_id);
  put16(b, suites.size() * 2);
  for (uint16_t s : suites) put16(b, s);
  b.push_back(1);
  b.push_back(0);  // null compression
  put16(b, extensions.size());
  append(b, extensions);
  return b;
}

inline Bytes server_hello_body(uint16_t version, uint16_t suite, const Bytes& extensions,
                               const Bytes& session_id = {}, const Bytes& random = {}) {
  Bytes b;
  put16(b, version);
  if (random.empty())
    b.resize(b.size() + 32, 0xCD);
  else
    append(b, random);
  b.push_back(uint8_t(session_id.size()));
  append(b, session_id);
  put16(b, suite);
  b.push_back(0);
  put16(b, extensions.size());
  append(b, extensions);
  return b;
}

inline Bytes message(uint8_t type, const Bytes& body) {
  Bytes b{type};
  put24(b, body.size());
  append(b, body);
  return b;
}

// Handshake bytes as records of at most `per_record` bytes each.
inline Bytes records(const Bytes& handshake, size_t per_record = 16384, uint8_t type = 22,
                     uint16_t version = 0x0301) {
  Bytes b;
  for (size_t at = 0; at < handshake.size(); at += per_record) {
    size_t n = std::min(per_record, handshake.size() - at);
    b.push_back(type);
    put16(b, version);
    put16(b, n);
    b.insert(b.end(), handshake.begin() + at, handshake.begin() + at + n);
  }
  return b;
}

}  // namespace zeekscope::test::tls
