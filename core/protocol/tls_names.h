#pragma once
// The names Zeek writes in ssl.log for TLS numbers: versions ("TLSv12", "TLSv13-draft23",
// "unknown-N"), cipher suites (the registry names of Zeek's consts.zeek, "unknown-N" for the
// rest) and named groups (the `curve` field).
#include <cstdint>
#include <string>

namespace zeekscope::protocol {

// A record or handshake version: 0x0002 SSLv2, 0x0300 SSLv3, 0x0301..0x0304 TLSv10..TLSv13,
// 0xFEFF/0xFEFD/0xFEFC DTLSv10/12/13, the 0x7Fxx TLS 1.3 drafts, otherwise "unknown-N" (N in
// decimal).
std::string tls_version_name(uint32_t version);

// A cipher suite (two bytes; SSLv2 cipher kinds are three bytes), or "unknown-N".
std::string tls_cipher_name(uint32_t suite);

// A named group (supported_groups, key_share, ECDH ServerKeyExchange), or "unknown-N".
std::string tls_group_name(uint32_t group);

}  // namespace zeekscope::protocol
