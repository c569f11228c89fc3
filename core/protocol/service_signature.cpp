#include "protocol/service_signature.h"

#include <algorithm>
#include <initializer_list>

#include "protocol/http_message.h"
#include "protocol/tls_hello.h"

namespace zeekscope::protocol {
namespace {

bool one_of(uint16_t port, std::initializer_list<uint16_t> ports) {
  return std::find(ports.begin(), ports.end(), port) != ports.end();
}

// Analyzers Zeek registers for a responder port (spec section 5).
bool http_port(uint16_t p) { return one_of(p, {80, 81, 631, 1080, 3128, 8000, 8080, 8888}); }
bool ssl_port(uint16_t p) {
  return one_of(p, {443, 465, 563, 585, 614, 636, 989, 990, 992, 993, 995, 5223});
}
bool dns_udp_port(uint16_t p) { return one_of(p, {53, 137, 5353, 5355}); }

bool is_space(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// Skips a DNS name (labels, or a compression pointer that ends it); false when it runs out.
bool skip_name(std::span<const uint8_t> m, size_t& at) {
  for (size_t labels = 0; labels < 128; ++labels) {
    if (at >= m.size()) return false;
    uint8_t len = m[at];
    if ((len & 0xC0) == 0xC0) return (at += 2) <= m.size();
    if (len & 0xC0) return false;  // the extended label types are not in use
    at += 1 + len;
    if (len == 0) return at <= m.size();
  }
  return false;
}

}  // namespace

bool looks_like_tls_client_hello(std::span<const uint8_t> o) {
  // Zeek's dpd_tls_client: a handshake record of SSL 3.0 to TLS 1.2, a ClientHello, and a hello
  // version of 3.0 to 3.3.
  return o.size() >= 11 && o[0] == 0x16 && o[1] == 3 && o[2] <= 3 && o[5] == 1 && o[9] == 3 &&
         o[10] <= 3;
}

bool looks_like_tls_server_hello(std::span<const uint8_t> r) {
  // Zeek's dpd_tls_server: an optional alert record first, then a ServerHello.
  if (r.size() >= 5 && r[0] == 0x15 && r[1] == 3 && r[2] <= 3)
    r = r.subspan(std::min<size_t>(r.size(), 7));
  return r.size() >= 11 && r[0] == 0x16 && r[1] == 3 && r[2] <= 3 && r[5] == 2 &&
         ((r[9] == 3 && r[10] <= 4) || (r[9] == 0x7F && r[10] <= 0x50));
}

bool looks_like_http_request(std::span<const uint8_t> o, bool any_method) {
  size_t at = 0;
  while (at < o.size() && is_space(o[at])) ++at;
  std::string_view rest(reinterpret_cast<const char*>(o.data()) + at, o.size() - at);
  if (any_method) {
    HttpParser requests(HttpParser::Side::kRequests);
    requests.feed(rest);
    return !requests.messages().empty() ||
           (requests.status() == HttpParser::Status::kReading &&
            rest.find('\n') == std::string_view::npos && rest.find(' ') != std::string_view::npos);
  }
  for (std::string_view m :
       {"GET",   "HEAD",   "POST",     "PUT",       "DELETE",      "CONNECT",     "OPTIONS",
        "TRACE", "PATCH",  "PROPFIND", "PROPPATCH", "MKCOL",       "COPY",        "MOVE",
        "LOCK",  "UNLOCK", "SEARCH",   "QUERY",     "RPC_IN_DATA", "RPC_OUT_DATA"}) {
    if (rest.substr(0, m.size()) == m &&
        (rest.size() == m.size() || is_space(uint8_t(rest[m.size()]))))
      return true;
  }
  return false;
}

bool looks_like_http_reply(std::span<const uint8_t> r) {
  return r.size() >= 6 && std::equal(r.begin(), r.begin() + 5, "HTTP/") && r[5] >= '0' &&
         r[5] <= '9';
}

bool looks_like_dns(std::span<const uint8_t> m) {
  if (m.size() < 12) return false;
  uint8_t opcode = (m[2] >> 3) & 0x0F;
  if (opcode == 3 || opcode > 6) return false;
  size_t questions = (m[4] << 8) | m[5], answers = (m[6] << 8) | m[7];
  size_t at = 12;
  // Through the question and answer sections, as Zeek's analyzer must to confirm.
  for (size_t i = 0; i < questions; ++i) {
    if (!skip_name(m, at) || (at += 4) > m.size()) return false;
  }
  for (size_t i = 0; i < answers; ++i) {
    if (!skip_name(m, at) || at + 10 > m.size()) return false;
    size_t rdlength = (m[at + 8] << 8) | m[at + 9];
    at += 10 + rdlength;
    if (at > m.size()) return false;
  }
  return questions + answers > 0;
}

bool looks_like_quic_initial(std::span<const uint8_t> o) {
  // Zeek's QUIC signatures: a v1 Initial (long header, type 0: C0..CF) with version 1, or a v2
  // Initial (type 1 in v2: D0..DF) with version 0x6b3343cf.
  if (o.size() < 7) return false;
  uint32_t version = (uint32_t(o[1]) << 24) | (o[2] << 16) | (o[3] << 8) | o[4];
  return ((o[0] & 0xF0) == 0xC0 && version == 1) ||
         ((o[0] & 0xF0) == 0xD0 && version == 0x6b3343cf);
}

bool looks_like_dhcp(std::span<const uint8_t> p) {
  return p.size() >= 240 && (p[0] == 1 || p[0] == 2) && p[2] <= 16 && p[236] == 0x63 &&
         p[237] == 0x82 && p[238] == 0x53 && p[239] == 0x63;
}

bool looks_like_ntp(std::span<const uint8_t> p) {
  if (p.size() < 48 && !(p.size() >= 12 && (p[0] & 7) >= 6)) return false;  // control: shorter
  uint8_t version = (p[0] >> 3) & 7, mode = p[0] & 7;
  return version >= 1 && version <= 4 && mode >= 1;
}

bool looks_like_ssh(std::span<const uint8_t> p) {
  return p.size() >= 6 && (p[0] | 0x20) == 's' && (p[1] | 0x20) == 's' && (p[2] | 0x20) == 'h' &&
         p[3] == '-' && (p[4] == '1' || p[4] == '2') && p[5] == '.';
}

bool looks_like_dtls_client_hello(std::span<const uint8_t> o) {
  return o.size() >= 27 && o[0] == 0x16 && o[1] == 0xFE && (o[2] == 0xFF || o[2] == 0xFD) &&
         std::all_of(o.begin() + 3, o.begin() + 10, [](uint8_t b) { return b == 0; }) &&
         o[13] == 1 && o[25] == 0xFE && (o[26] == 0xFF || o[26] == 0xFD);
}

std::vector<std::string_view> detect_services(const FirstPayloads& p) {
  std::vector<std::string_view> out;
  if (p.transport == Transport::kTcp) {
    // ssl confirms on a ClientHello (a ServerHello alone does not); on its ports an SSLv2-format
    // ClientHello too.
    bool ssl = looks_like_tls_client_hello(p.orig);
    if (!ssl && ssl_port(p.resp_port) && !p.orig.empty()) {
      auto hello = parse_tls_client(p.orig);
      ssl = hello.hello.sslv2 &&
            (hello.status == TlsStatus::kDone || hello.status == TlsStatus::kNeedMore) &&
            hello.hello.acceptable_version();
    }
    if (ssl) out.push_back("ssl");
    // http: on its ports any request line; elsewhere the signature needs both sides.
    if (!ssl && ((http_port(p.resp_port) && looks_like_http_request(p.orig, true)) ||
                 (looks_like_http_request(p.orig, false) && looks_like_http_reply(p.resp))))
      out.push_back("http");
    // Both banners: with only the client's (btest ssh.half-duplex-client) Zeek confirms nothing.
    if (looks_like_ssh(p.orig) && looks_like_ssh(p.resp)) out.push_back("ssh");
    if (p.resp_port == 53 && p.orig.size() > 2) {
      size_t length = (p.orig[0] << 8) | p.orig[1];
      if (looks_like_dns(p.orig.subspan(2, std::min(length, p.orig.size() - 2))))
        out.push_back("dns");
    }
    return out;
  }
  std::span<const uint8_t> first = p.orig.empty() ? p.resp : p.orig;
  if (dns_udp_port(p.resp_port) && looks_like_dns(first)) out.push_back("dns");
  // A server that answers with a Retry (long header, type 3 in v1) leaves the service unset
  // (btest core.ppp, quic-interop-retry).
  bool retry = p.resp.size() >= 5 && (p.resp[0] & 0xF0) == 0xF0 && p.resp[1] == 0 &&
               p.resp[2] == 0 && p.resp[3] == 0 && p.resp[4] == 1;
  if (looks_like_quic_initial(p.orig) && !retry) {
    out.push_back("quic");
    out.push_back("ssl");  // Zeek's SSL analyzer confirms on the decrypted ClientHello
  } else if (looks_like_dtls_client_hello(p.orig)) {
    out.push_back("dtls");
  }
  if ((one_of(p.resp_port, {67, 68}) || one_of(p.orig_port, {67, 68})) && looks_like_dhcp(first))
    out.push_back("dhcp");
  if (p.resp_port == 123 && looks_like_ntp(first)) out.push_back("ntp");
  return out;
}

std::string service_field(const FirstPayloads& p) {
  std::string out;
  for (std::string_view s : detect_services(p)) {
    if (!out.empty()) out += ',';
    out += s;
  }
  return out;
}

}  // namespace zeekscope::protocol
