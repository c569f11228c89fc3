#include "protocol/tls_hello.h"

#include <algorithm>

#include "protocol/tls_names.h"

namespace zeekscope::protocol {
namespace {

constexpr uint8_t kChangeCipherSpec = 20, kAlert = 21, kHandshake = 22;
constexpr uint8_t kClientHello = 1, kServerHello = 2, kCertificate = 11, kServerKeyExchange = 12,
                  kServerHelloDone = 14, kClientKeyExchange = 16, kFinished = 20;
constexpr uint16_t kExtServerName = 0, kExtSupportedGroups = 10, kExtAlpn = 16,
                   kExtSessionTicket = 35, kExtPreSharedKey = 41, kExtSupportedVersions = 43,
                   kExtKeyShare = 51;
constexpr bool kNever = false;
constexpr size_t kMaxRecord = (1 << 14) + 2048;  // TLSCiphertext's limit

// A ServerHello whose random is this value is a HelloRetryRequest (RFC 8446 4.1.3).
constexpr uint8_t kHelloRetryRandom[32] = {
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};

// Bounds-checked reads over one span; a read past the end sets `bad` and yields zeros.
struct Cursor {
  std::span<const uint8_t> b;
  size_t at = 0;
  bool bad = false;
  size_t left() const { return bad ? 0 : b.size() - at; }
  bool take(size_t n) {
    if (bad || n > b.size() - at) return bad = true, false;
    return true;
  }
  uint32_t u8() { return take(1) ? b[at++] : 0; }
  uint32_t u16() {
    if (!take(2)) return 0;
    uint32_t v = (b[at] << 8) | b[at + 1];
    at += 2;
    return v;
  }
  uint32_t u24() {
    if (!take(3)) return 0;
    uint32_t v = (uint32_t(b[at]) << 16) | (b[at + 1] << 8) | b[at + 2];
    at += 3;
    return v;
  }
  std::span<const uint8_t> bytes(size_t n) {
    if (!take(n)) return {};
    auto s = b.subspan(at, n);
    at += n;
    return s;
  }
  Cursor sub(size_t n) { return Cursor{bytes(n)}; }
  bool at_end() const { return !bad && at == b.size(); }
};

bool tls_record_version(uint8_t major, uint8_t minor) { return major == 3 && minor <= 4; }

// The handshake layer of a direction: the bytes of consecutive handshake records, joined, so that
// messages can be read whatever the record boundaries.
struct HandshakeStream {
  std::vector<uint8_t> bytes;
  uint16_t first_record_version = 0;
  bool other_record = false;  // a record that is not a handshake ended the plaintext handshake
  size_t prefix_used = 0;     // prefix bytes behind `bytes`
  size_t partial_record_end = 0, partial_record_length = 0;  // a record the prefix ends inside
  bool records_bad = false;
  std::string_view reason;
};

// Handshake messages in the joined stream: type and body.
struct Message {
  uint8_t type = 0;
  std::span<const uint8_t> body;
};

// Reads records from the prefix and hands each handshake message to `on_message` as soon as it
// is complete (each one once, so the work is linear in the prefix), until it returns true, a
// record that is not a handshake follows, or the prefix (bounded by max_prefix) ends. Alerts
// before any handshake data are skipped when `skip_leading_alerts`; a ChangeCipherSpec record
// while `skip_ccs` holds (after a HelloRetryRequest).
template <typename OnMessage>
HandshakeStream read_records(std::span<const uint8_t> prefix, size_t max_prefix,
                             bool skip_leading_alerts, const bool& skip_ccs,
                             OnMessage&& on_message) {
  HandshakeStream hs;
  prefix = prefix.first(std::min(prefix.size(), max_prefix));
  size_t at = 0, next = 0;  // next: the first message not yet handed on
  bool stop = false;
  while (!stop && at + 5 <= prefix.size()) {
    uint8_t type = prefix[at];
    if (!tls_record_version(prefix[at + 1], prefix[at + 2])) {
      hs.records_bad = true;
      hs.reason = "record version";
      break;
    }
    size_t length = (prefix[at + 3] << 8) | prefix[at + 4];
    if (length > kMaxRecord) {
      hs.records_bad = true;
      hs.reason = "record length";
      break;
    }
    if (type != kHandshake) {
      if ((hs.bytes.empty() && skip_leading_alerts && type == kAlert) ||
          (skip_ccs && type == kChangeCipherSpec)) {
        if (at + 5 + length > prefix.size()) break;
        at += 5 + length;
        hs.prefix_used = at;
        continue;
      }
      hs.other_record = true;
      break;
    }
    if (hs.first_record_version == 0)
      hs.first_record_version = uint16_t((prefix[at + 1] << 8) | prefix[at + 2]);
    // A record's bytes are used as far as they are captured: a message may end inside it.
    size_t have = std::min(length, prefix.size() - (at + 5));
    hs.bytes.insert(hs.bytes.end(), prefix.begin() + at + 5, prefix.begin() + at + 5 + have);
    at += 5 + have;
    hs.prefix_used = at;
    while (!stop && hs.bytes.size() - next >= 4) {
      const uint8_t* m = hs.bytes.data() + next;
      size_t body = (size_t(m[1]) << 16) | (m[2] << 8) | m[3];
      if (hs.bytes.size() - next - 4 < body) break;
      stop = on_message(Message{m[0], std::span<const uint8_t>(m + 4, body)});
      next += 4 + body;
    }
    if (have < length) {
      hs.partial_record_end = at - have + length;
      hs.partial_record_length = length;
      break;
    }
  }
  return hs;
}

void push_bounded(std::vector<uint16_t>& v, uint32_t x, size_t max) {
  if (v.size() < max) v.push_back(uint16_t(x));
}

// One extension block (after its 2-byte length); calls on_ext(type, Cursor) per extension.
template <typename OnExt>
bool each_extension(Cursor& c, OnExt&& on_ext) {
  if (c.left() == 0) return true;  // extensions are optional
  Cursor all = c.sub(c.u16());
  while (!all.bad && all.left() > 0) {
    uint32_t type = all.u16();
    Cursor ext = all.sub(all.u16());
    if (all.bad) break;
    if (!on_ext(type, ext)) return false;
  }
  return !all.bad && !c.bad;
}

bool parse_client_hello(std::span<const uint8_t> body, TlsClientHello& h, const TlsLimits& lim) {
  Cursor c{body};
  h.version = uint16_t(c.u16());
  c.bytes(32);  // random
  auto sid = c.bytes(c.u8());
  if (sid.size() > 32) return false;
  h.session_id.assign(sid.begin(), sid.end());
  Cursor suites = c.sub(c.u16());
  while (suites.left() >= 2) {
    uint32_t s = suites.u16();
    if (h.cipher_suites.size() < lim.max_list) h.cipher_suites.push_back(s);
  }
  c.bytes(c.u8());  // compression methods
  if (c.bad) return false;
  return each_extension(c, [&](uint32_t type, Cursor& e) {
    switch (type) {
      case kExtServerName: {
        Cursor list = e.sub(e.u16());
        while (!list.bad && list.left() > 0) {
          uint32_t name_type = list.u8();
          auto name = list.bytes(list.u16());
          if (list.bad || name_type != 0) continue;
          if (h.server_names++ == 0 && h.server_name.empty())
            h.server_name.assign(name.begin(), name.end());
        }
        break;
      }
      case kExtSupportedGroups: {
        Cursor list = e.sub(e.u16());
        while (list.left() >= 2) push_bounded(h.supported_groups, list.u16(), lim.max_list);
        break;
      }
      case kExtAlpn: {
        Cursor list = e.sub(e.u16());
        while (!list.bad && list.left() > 0) {
          auto p = list.bytes(list.u8());
          if (!list.bad && h.alpn.size() < lim.max_list) h.alpn.emplace_back(p.begin(), p.end());
        }
        break;
      }
      case kExtSessionTicket:
        h.session_ticket = e.left() > 0;
        break;
      case kExtPreSharedKey:
        h.pre_shared_key = true;
        break;
      case kExtSupportedVersions: {
        Cursor list = e.sub(e.u8());
        while (list.left() >= 2) push_bounded(h.supported_versions, list.u16(), lim.max_list);
        break;
      }
      default:
        break;
    }
    return true;
  });
}

bool parse_server_hello(std::span<const uint8_t> body, TlsServerHello& h) {
  Cursor c{body};
  h.legacy_version = uint16_t(c.u16());
  auto random = c.bytes(32);
  h.hello_retry_request =
      random.size() == 32 && std::equal(random.begin(), random.end(), kHelloRetryRandom);
  auto sid = c.bytes(c.u8());
  if (sid.size() > 32) return false;
  h.session_id.assign(sid.begin(), sid.end());
  h.cipher_suite = c.u16();
  c.u8();  // compression method
  if (c.bad) return false;
  h.selected_version = 0;
  h.alpn.clear();
  h.key_share_group = 0;
  h.pre_shared_key = false;
  return each_extension(c, [&](uint32_t type, Cursor& e) {
    switch (type) {
      case kExtSupportedVersions:
        // One version in a ServerHello; Zeek takes it only when the extension holds one.
        if (e.left() == 2) h.selected_version = uint16_t(e.u16());
        break;
      case kExtAlpn: {
        Cursor list = e.sub(e.u16());
        auto p = list.bytes(list.u8());
        if (!list.bad) h.alpn.assign(p.begin(), p.end());
        break;
      }
      case kExtKeyShare:
        h.key_share_group = uint16_t(e.u16());
        break;
      case kExtPreSharedKey:
        h.pre_shared_key = true;
        break;
      default:
        break;
    }
    return true;
  });
}

// SSLv2 record header (two-byte form): the high bit set and a 15-bit length.
bool sslv2_header(std::span<const uint8_t> p, uint8_t msg_type) {
  if (p.size() < 5 || !(p[0] & 0x80) || p[2] != msg_type) return false;
  uint16_t v = uint16_t((p[3] << 8) | p[4]);
  return v == 0x0002 || (v >= 0x0300 && v <= 0x0303);
}

bool is_ecdh_suite(uint32_t suite) {
  std::string name = tls_cipher_name(suite);
  return name.find("_ECDHE_") != std::string::npos || name.find("_ECDH_ANON_") != std::string::npos;
}

template <typename Hello>
TlsParse<Hello> status(TlsStatus s, std::string_view reason = {}) {
  TlsParse<Hello> r;
  r.status = s;
  r.reason = reason;
  return r;
}

}  // namespace

std::string_view tls_status_name(TlsStatus s) {
  switch (s) {
    case TlsStatus::kNeedMore:
      return "need more";
    case TlsStatus::kDone:
      return "done";
    case TlsStatus::kNotTls:
      return "not TLS";
    case TlsStatus::kBad:
      return "bad";
    case TlsStatus::kTooLong:
      return "too long";
  }
  return "?";
}

bool TlsClientHello::acceptable_version() const {
  return version == 0x0002 || (version >= 0x0300 && version <= 0x0303);
}

TlsParse<TlsClientHello> parse_tls_client(std::span<const uint8_t> prefix,
                                          const TlsLimits& limits) {
  using R = TlsParse<TlsClientHello>;
  if (prefix.empty()) return status<TlsClientHello>(TlsStatus::kNeedMore);
  if (prefix[0] & 0x80) {  // SSLv2 format
    if (prefix.size() < 5) return status<TlsClientHello>(TlsStatus::kNeedMore);
    if (!sslv2_header(prefix, 1)) return status<TlsClientHello>(TlsStatus::kNotTls, "first bytes");
    size_t length = ((prefix[0] & 0x7F) << 8) | prefix[1];
    if (prefix.size() < 2 + length) return status<TlsClientHello>(TlsStatus::kNeedMore);
    R r;
    Cursor c{prefix.subspan(2, length)};
    c.u8();
    r.hello.sslv2 = true;
    r.hello.version = uint16_t(c.u16());
    size_t specs = c.u16(), sid = c.u16(), challenge = c.u16();
    Cursor s = c.sub(specs);
    auto session = c.bytes(sid);
    c.bytes(challenge);
    if (c.bad || specs % 3 != 0 || sid > 32)
      return status<TlsClientHello>(TlsStatus::kBad, "SSLv2 ClientHello lengths");
    while (s.left() >= 3 && r.hello.cipher_suites.size() < limits.max_list)
      r.hello.cipher_suites.push_back((s.u16() << 8) | s.u8());
    r.hello.session_id.assign(session.begin(), session.end());
    r.status = TlsStatus::kDone;
    r.consumed = 2 + length;
    return r;
  }
  // A TLS record carrying a handshake, and its first message a ClientHello.
  if (prefix[0] != kHandshake) return status<TlsClientHello>(TlsStatus::kNotTls, "record type");
  if (prefix.size() >= 3 && !tls_record_version(prefix[1], prefix[2]))
    return status<TlsClientHello>(TlsStatus::kNotTls, "record version");
  if (prefix.size() >= 6 && prefix[5] != kClientHello)
    return status<TlsClientHello>(TlsStatus::kNotTls, "not a ClientHello");
  R r;
  bool parsed = false, ok = false;
  HandshakeStream hs =
      read_records(prefix, limits.max_prefix, false, kNever, [&](const Message& m) {
        parsed = true;
        ok = m.type == kClientHello && parse_client_hello(m.body, r.hello, limits);
        return true;
      });
  r.hello.record_version = hs.first_record_version;
  r.consumed = hs.prefix_used;
  if (parsed) {
    r.status = ok ? TlsStatus::kDone : TlsStatus::kBad;
    if (!ok) r.reason = "malformed ClientHello";
    return r;
  }
  if (hs.records_bad) return status<TlsClientHello>(TlsStatus::kBad, hs.reason);
  if (hs.other_record) return status<TlsClientHello>(TlsStatus::kBad, "record before the hello");
  r.status = prefix.size() >= limits.max_prefix ? TlsStatus::kTooLong : TlsStatus::kNeedMore;
  return r;
}

TlsParse<TlsServerHello> parse_tls_server(std::span<const uint8_t> prefix,
                                          const TlsLimits& limits) {
  using R = TlsParse<TlsServerHello>;
  if (prefix.empty()) return status<TlsServerHello>(TlsStatus::kNeedMore);
  if (prefix[0] & 0x80) {  // SSLv2 format
    if (prefix.size() < 3) return status<TlsServerHello>(TlsStatus::kNeedMore);
    if (prefix[2] != 4) return status<TlsServerHello>(TlsStatus::kNotTls, "first bytes");
    size_t length = ((prefix[0] & 0x7F) << 8) | prefix[1];
    if (prefix.size() < 2 + length) return status<TlsServerHello>(TlsStatus::kNeedMore);
    R r;
    Cursor c{prefix.subspan(2, length)};
    c.u8();
    c.u8();  // session id hit
    c.u8();  // certificate type
    r.hello.sslv2 = true;
    r.hello.legacy_version = uint16_t(c.u16());
    size_t cert = c.u16(), specs = c.u16(), conn_id = c.u16();
    c.bytes(cert);
    Cursor s = c.sub(specs);
    c.bytes(conn_id);
    if (c.bad || specs < 3 || specs % 3 != 0)
      return status<TlsServerHello>(TlsStatus::kBad, "SSLv2 ServerHello lengths");
    r.hello.cipher_suite = (s.u16() << 8) | s.u8();
    r.status = TlsStatus::kDone;
    r.consumed = 2 + length;
    return r;
  }
  if (prefix[0] != kHandshake && prefix[0] != kAlert)
    return status<TlsServerHello>(TlsStatus::kNotTls, "record type");
  if (prefix.size() >= 3 && !tls_record_version(prefix[1], prefix[2]))
    return status<TlsServerHello>(TlsStatus::kNotTls, "record version");

  // Messages in order; `finished` once nothing more is to be learnt.
  R r;
  bool seen_hello = false, finished = false, bad = false, after_retry = false;
  HandshakeStream hs =
      read_records(prefix, limits.max_prefix, true, after_retry, [&](const Message& m) {
        if (!seen_hello || r.hello.hello_retry_request) {
          TlsServerHello hello;
          if (m.type != kServerHello || !parse_server_hello(m.body, hello)) return bad = true;
          r.hello = std::move(hello);
          seen_hello = true;
          after_retry = r.hello.hello_retry_request;
          if (after_retry) return false;  // the ServerHello follows
          return finished = r.hello.version() >= 0x0304 || r.hello.version() < 0x0300 ||
                            !is_ecdh_suite(r.hello.cipher_suite);
        }
        if (m.type == kServerKeyExchange) {
          Cursor c{m.body};
          if (c.u8() == 3) r.hello.ecdh_group = uint16_t(c.u16());  // named_curve
          return finished = true;
        }
        // Certificate, CertificateStatus, ...: skipped; ServerHelloDone ends the flight.
        return finished = m.type == kServerHelloDone;
      });
  r.hello.record_version = hs.first_record_version;
  r.consumed = hs.prefix_used;
  if (bad && !seen_hello) {
    // The first message is not a ServerHello (or a broken one).
    return status<TlsServerHello>(
        hs.bytes.size() >= 4 && hs.bytes[0] != kServerHello ? TlsStatus::kNotTls : TlsStatus::kBad,
        "first handshake message");
  }
  if (seen_hello && !r.hello.hello_retry_request &&
      (finished || bad || hs.other_record || hs.records_bad ||
       prefix.size() >= limits.max_prefix)) {
    r.status = TlsStatus::kDone;
    return r;
  }
  if (bad) return status<TlsServerHello>(TlsStatus::kBad, "message after HelloRetryRequest");
  if (hs.records_bad) return status<TlsServerHello>(TlsStatus::kBad, hs.reason);
  if (hs.other_record && !seen_hello)
    return status<TlsServerHello>(TlsStatus::kBad, "record before the hello");
  if (seen_hello && r.hello.hello_retry_request && hs.other_record) {
    r.status = TlsStatus::kDone;  // a HelloRetryRequest and then no plaintext ServerHello
    return r;
  }
  r.status = prefix.size() >= limits.max_prefix ? TlsStatus::kTooLong : TlsStatus::kNeedMore;
  return r;
}

TlsSummary summarize_tls(const TlsClientHello* client, const TlsServerHello* server) {
  TlsSummary s;
  if (client) s.server_name = client->server_name;
  if (server) {
    s.version = tls_version_name(server->version());
    s.cipher = tls_cipher_name(server->cipher_suite);
    if (server->key_share_group)
      s.curve = tls_group_name(server->key_share_group);
    else if (server->ecdh_group)
      s.curve = tls_group_name(server->ecdh_group);
    s.next_protocol = server->alpn;
    bool tls13 = server->version() >= 0x0304;  // 1.3 and its drafts (0x7Fnn)
    s.resumed = server->pre_shared_key || (client && !tls13 && !server->session_id.empty() &&
                                           server->session_id == client->session_id);
  }
  return s;
}

TlsCertificateSearch find_tls_certificate_message(std::span<const uint8_t> prefix, size_t start,
                                                  const TlsLimits& limits) {
  TlsCertificateSearch r;
  if (start >= prefix.size() || start >= limits.max_prefix) {
    r.status = start >= limits.max_prefix ? TlsStatus::kTooLong : TlsStatus::kNeedMore;
    return r;
  }
  bool over = false;
  HandshakeStream hs = read_records(
      prefix.subspan(start), limits.max_prefix - start, true, kNever, [&](const Message& m) {
        if (m.type == kCertificate) r.message.assign(m.body.begin(), m.body.end());
        return over = m.type == kCertificate || m.type == kServerHelloDone ||
                      m.type == kClientKeyExchange || m.type == kFinished;
      });
  if (over || hs.other_record) {
    r.status = TlsStatus::kDone;
  } else if (hs.records_bad) {
    r.status = TlsStatus::kBad;
    r.reason = hs.reason;
  } else {
    r.status = prefix.size() >= limits.max_prefix ? TlsStatus::kTooLong : TlsStatus::kNeedMore;
    if (hs.partial_record_length) {
      r.partial_record_end = start + hs.partial_record_end;
      r.partial_record_length = hs.partial_record_length;
    }
  }
  return r;
}

}  // namespace zeekscope::protocol
