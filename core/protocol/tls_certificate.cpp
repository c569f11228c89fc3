#include "protocol/tls_certificate.h"

namespace zeekscope::protocol {
namespace {

size_t load_be24(const uint8_t* p) { return (size_t(p[0]) << 16) | (size_t(p[1]) << 8) | p[2]; }

std::string_view read_list(std::span<const uint8_t> body, const TlsCertificateLimits& limits,
                           std::vector<std::span<const uint8_t>>& out) {
  if (body.size() < 3) return "truncated certificate list length";
  size_t total = load_be24(body.data());
  if (total != body.size() - 3) return "certificate list length is not the message length";
  if (total > limits.max_total) return "certificate list larger than the limit";
  auto rest = body.subspan(3);
  while (!rest.empty()) {
    if (rest.size() < 3) return "truncated certificate length";
    size_t length = load_be24(rest.data());
    if (length == 0) return "empty certificate";
    if (length > rest.size() - 3) return "certificate longer than the list";
    if (out.size() >= limits.max_certificates) return "more certificates than the limit";
    out.push_back(rest.subspan(3, length));
    rest = rest.subspan(3 + length);
  }
  return {};
}

}  // namespace

TlsCertificateList parse_tls_certificate_message(std::span<const uint8_t> body,
                                                 const TlsCertificateLimits& limits) {
  TlsCertificateList list;
  list.error = read_list(body, limits, list.certificates);
  if (!list.ok()) list.certificates.clear();
  return list;
}

}  // namespace zeekscope::protocol
