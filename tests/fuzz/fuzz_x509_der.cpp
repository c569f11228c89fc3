// The DER reader and the certificate parser on arbitrary bytes. The first byte picks the
// nesting bound for der_check and the SAN cap; then: der_check, a walk of the top level with
// DerReader (each element must lie inside the input), the contents decoders, the Name
// formatter on the input taken as a Name's contents, and parse_certificate, whose fingerprints
// must always be set and whose names must stay within Zeek's 2048 bytes; then the host name
// matching (sni_matches_cert) on its names.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "x509/certificate.h"
#include "x509/der.h"
#include "x509/distinguished_name.h"
#include "x509/hostname_match.h"

using namespace zeekscope::x509;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  size_t depth = size_t(data[0] & 0x0f) + 1;
  std::span<const uint8_t> der(data + 1, size - 1);
  const uint8_t* end = der.data() + der.size();

  (void)der_check(der, depth);
  DerReader r(der);
  DerElement e;
  while (r.next(e)) {
    if (e.whole.data() < der.data() || e.whole.data() + e.whole.size() > end) std::abort();
    if (e.value.data() + e.value.size() != e.whole.data() + e.whole.size()) std::abort();
    (void)der_boolean(e.value);
    (void)der_small_unsigned(e.value);
    (void)der_oid_text(e.value);
    (void)der_time(e.tag, e.value);
    (void)serial_text(e.value);
  }
  if (r.error().empty()) std::abort();  // the walk only ends with a reason

  std::string name, common_name;
  (void)format_name_rfc2253(der, name, &common_name);
  if (name.size() > kMaxNameText || common_name.size() >= kMaxNameText) std::abort();

  CertificateLimits limits;
  limits.max_san_entries = size_t(data[0] >> 4) + 1;
  auto p = parse_certificate(der, limits);
  if (p.certificate.sha256.size() != 64 || p.certificate.sha1.size() != 40) std::abort();
  if (p.ok() && !der_check(der).empty()) std::abort();  // accepted means well formed
  const Certificate& c = p.certificate;
  if (c.subject.size() > kMaxNameText || c.issuer.size() > kMaxNameText) std::abort();
  if (c.san_dns.size() > limits.max_san_entries || c.san_ip.size() > limits.max_san_entries)
    std::abort();
  // Matching names against the certificate's own names and the input's text.
  std::string_view text(reinterpret_cast<const char*>(der.data()),
                        std::min<size_t>(der.size(), 64));
  (void)matches_host(c, text);
  for (const auto& n : c.san_dns)
    if (!name_matches_host(n, n)) std::abort();  // a name always matches itself
  return 0;
}
