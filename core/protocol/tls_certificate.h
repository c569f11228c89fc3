#pragma once
// The certificate list of a TLS 1.0-1.2 (and SSLv3) Certificate handshake message (type 11):
// given the message body, after the 4-byte handshake header, which is a 3-byte length of the
// list and then, per certificate, a 3-byte length and the DER. TLS 1.3 encrypts this message
// (and adds a context and per-certificate extensions), so it is not read here. Every length is
// checked against what holds it; the count and the total size are capped.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace zeekscope::protocol {

struct TlsCertificateLimits {
  size_t max_certificates = 32;   // entries in one message
  size_t max_total = 256 * 1024;  // bytes of the whole list
};

struct TlsCertificateList {
  std::vector<std::span<const uint8_t>> certificates;  // DER of each, in the order sent
  std::string_view error;  // empty when the message is well formed; then nothing is listed
  bool ok() const { return error.empty(); }
};

TlsCertificateList parse_tls_certificate_message(std::span<const uint8_t> body,
                                                 const TlsCertificateLimits& limits = {});

}  // namespace zeekscope::protocol
