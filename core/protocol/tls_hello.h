#pragma once
// The start of a TLS (or SSLv2) connection, one direction at a time: the client's ClientHello
// and the server's ServerHello (and, for TLS 1.2 and older, the ECDH group of its
// ServerKeyExchange), which is what ssl.log takes from the handshake (spec section 7.1). The
// caller gives the contiguous in-order prefix of the direction's stream, longer on each call as
// segments arrive; the answer is "need more" until the hello is complete. A prefix is only ever
// read up to `TlsLimits::max_prefix` bytes, so no caller needs to keep more than that.
// DTLS and QUIC are not read here.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zeekscope::protocol {

struct TlsLimits {
  size_t max_prefix = 64 * 1024;  // bytes of a direction ever looked at
  size_t max_list = 512;          // entries kept per list (cipher suites, ALPN, versions ...)
};

enum class TlsStatus : uint8_t {
  kNeedMore,  // nothing wrong so far, the hello is not complete yet
  kDone,      // the hello is parsed
  kNotTls,    // the first bytes are not a TLS or SSLv2 handshake
  kBad,       // TLS records, but a malformed hello (`reason` says what)
  kTooLong,   // no complete hello within max_prefix bytes
};
std::string_view tls_status_name(TlsStatus s);

struct TlsClientHello {
  bool sslv2 = false;           // an SSLv2-format ClientHello (also sent by SSLv3/TLS clients)
  uint16_t record_version = 0;  // of the first record (0 for SSLv2)
  uint16_t version = 0;         // the hello's (legacy) version
  std::vector<uint32_t> cipher_suites;
  std::vector<uint8_t> session_id;
  std::string server_name;    // the first host_name of the server_name extension
  uint32_t server_names = 0;  // host names in it (Zeek notes more than one)
  std::vector<uint16_t> supported_versions;
  std::vector<uint16_t> supported_groups;
  std::vector<std::string> alpn;  // protocols offered, in order
  bool session_ticket = false;    // a non-empty SessionTicket extension
  bool pre_shared_key = false;    // a pre_shared_key extension (TLS 1.3 resumption)
  // The versions Zeek's analyzer accepts in a ClientHello (and confirms "ssl" on): SSLv2,
  // SSLv3, TLS 1.0 to 1.2 as the legacy version (TLS 1.3 clients send 1.2 there).
  bool acceptable_version() const;
};

struct TlsServerHello {
  bool sslv2 = false;
  bool hello_retry_request = false;  // the last ServerHello seen was a HelloRetryRequest
  uint16_t record_version = 0;
  uint16_t legacy_version = 0;
  uint16_t selected_version = 0;  // a supported_versions extension's value, 0 when absent
  uint32_t cipher_suite = 0;      // SSLv2: the first cipher kind the server lists
  std::vector<uint8_t> session_id;
  std::string alpn;              // the server's choice (ssl.log's next_protocol)
  uint16_t key_share_group = 0;  // TLS 1.3 key_share, 0 when absent
  bool pre_shared_key = false;   // the server accepted a PSK
  uint16_t ecdh_group = 0;       // TLS <= 1.2: named curve of an ECDH ServerKeyExchange
  // The version ssl.log shows: the supported_versions value when there is one.
  uint16_t version() const { return selected_version ? selected_version : legacy_version; }
};

template <typename Hello>
struct TlsParse {
  TlsStatus status = TlsStatus::kNeedMore;
  Hello hello;              // complete when kDone; partial otherwise
  size_t consumed = 0;      // bytes of the prefix read to reach the answer
  std::string_view reason;  // for kBad and kNotTls
};

// The client direction: records (a handshake message may span several, a record may hold
// several) up to the end of the ClientHello; or an SSLv2-format ClientHello.
TlsParse<TlsClientHello> parse_tls_client(std::span<const uint8_t> prefix,
                                          const TlsLimits& limits = {});

// The server direction: alerts before the handshake are skipped (as Zeek's signature allows);
// the ServerHello (after a HelloRetryRequest, the ServerHello that follows it); then, for TLS
// 1.2 and older with an ECDHE or ECDH_anon suite, the handshake messages up to the
// ServerKeyExchange for its curve. Done at the ServerHello when nothing more is to be learnt,
// else when the ServerKeyExchange, ServerHelloDone or a record that is not a handshake is
// reached; a prefix that reaches max_prefix after the ServerHello is done without a curve.
TlsParse<TlsServerHello> parse_tls_server(std::span<const uint8_t> prefix,
                                          const TlsLimits& limits = {});

// ssl.log's fields from the two hellos (either may be absent), named as Zeek names them;
// empty strings are unset fields.
struct TlsSummary {
  std::string version, cipher, curve, server_name, next_protocol;
  bool resumed = false;
};
TlsSummary summarize_tls(const TlsClientHello* client, const TlsServerHello* server);

// The Certificate message of one direction's plaintext handshake (SSLv3, TLS 1.0 to 1.2; TLS
// 1.3 encrypts it), read from the same prefix as the hello, from `start` (a record boundary:
// 0, or where an SSLv2-format ClientHello ended). The server sends it after its ServerHello;
// the client after the server's flight, and only when asked. The search is over (kDone) at the
// message, or without one at ServerHelloDone, ClientKeyExchange, Finished or a record that is
// not a handshake (ChangeCipherSpec, application data).
struct TlsCertificateSearch {
  TlsStatus status = TlsStatus::kNeedMore;  // kDone, kNeedMore, kBad, kTooLong
  std::vector<uint8_t> message;             // the message's body; empty when there was none
  std::string_view reason;                  // for kBad
  // kNeedMore inside a record: where it ends in the prefix, and its length (0 otherwise).
  size_t partial_record_end = 0, partial_record_length = 0;
};
TlsCertificateSearch find_tls_certificate_message(std::span<const uint8_t> prefix, size_t start,
                                                  const TlsLimits& limits = {});

}  // namespace zeekscope::protocol
