// The TLS Certificate message's list, then each certificate in it through the certificate
// parser. The first byte picks the caps (1 to 16 certificates; a total of 64 bytes to 16 KiB);
// the rest is the handshake message body. Every span listed must lie inside the body, in order
// and without overlap, and the caps must hold.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "protocol/tls_certificate.h"
#include "x509/certificate.h"

using namespace zeekscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  protocol::TlsCertificateLimits limits;
  limits.max_certificates = size_t(data[0] & 0x0f) + 1;
  limits.max_total = size_t(64) << (data[0] >> 5);
  std::span<const uint8_t> body(data + 1, size - 1);
  auto list = protocol::parse_tls_certificate_message(body, limits);
  if (!list.ok() && !list.certificates.empty()) std::abort();
  if (list.certificates.size() > limits.max_certificates) std::abort();
  size_t offset = 3;  // where the next certificate's 3-byte length starts
  size_t total = 0;
  for (auto der : list.certificates) {
    if (der.empty() || der.data() != body.data() + offset + 3) std::abort();
    offset += 3 + der.size();
    if (offset > body.size()) std::abort();
    total += der.size() + 3;
    auto p = x509::parse_certificate(der);
    if (p.certificate.sha256.size() != 64) std::abort();
  }
  if (total > limits.max_total) std::abort();
  if (!list.certificates.empty() && offset != body.size()) std::abort();  // ok means all read
  return 0;
}
