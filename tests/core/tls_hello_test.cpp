// The TLS hello parsers and names on hand-built handshakes: every field read, the same answer
// at every split into records and for every prefix length ("need more" until complete),
// SSLv2, HelloRetryRequest, the ServerKeyExchange curve, hostile lengths and truncation.
#include "protocol/tls_hello.h"

#include <gtest/gtest.h>

#include "protocol/tls_names.h"
#include "tls_builders.h"

namespace zeekscope::protocol {
namespace {

using namespace test::tls;

Bytes chrome_like_client_hello() {
  Bytes ext;
  append(ext, sni({"www.example.com"}));
  append(ext, alpn({"h2", "http/1.1"}));
  append(ext, client_versions({0x0A0A, 0x0304, 0x0303}));
  Bytes groups;
  put16(groups, 4);
  put16(groups, 29);
  put16(groups, 23);
  append(ext, extension(10, groups));
  return message(1,
                 client_hello_body(0x0303, {0x0A0A, 0x1301, 0xC02F, 0x009C}, ext, Bytes(32, 0x55)));
}

TEST(TlsHello, ClientHelloFields) {
  Bytes wire = records(chrome_like_client_hello());
  auto r = parse_tls_client(wire);
  ASSERT_EQ(r.status, TlsStatus::kDone) << r.reason;
  EXPECT_EQ(r.consumed, wire.size());
  EXPECT_FALSE(r.hello.sslv2);
  EXPECT_EQ(r.hello.record_version, 0x0301);
  EXPECT_EQ(r.hello.version, 0x0303);
  EXPECT_TRUE(r.hello.acceptable_version());
  EXPECT_EQ(r.hello.server_name, "www.example.com");
  EXPECT_EQ(r.hello.server_names, 1u);
  EXPECT_EQ(r.hello.alpn, (std::vector<std::string>{"h2", "http/1.1"}));
  EXPECT_EQ(r.hello.supported_versions, (std::vector<uint16_t>{0x0A0A, 0x0304, 0x0303}));
  EXPECT_EQ(r.hello.supported_groups, (std::vector<uint16_t>{29, 23}));
  EXPECT_EQ(r.hello.cipher_suites, (std::vector<uint32_t>{0x0A0A, 0x1301, 0xC02F, 0x009C}));
  EXPECT_EQ(r.hello.session_id.size(), 32u);
}

TEST(TlsHello, SeveralServerNamesKeepTheFirst) {
  Bytes wire = records(message(1, client_hello_body(0x0303, {0x002F}, sni({"a.test", "b.test"}))));
  auto r = parse_tls_client(wire);
  ASSERT_EQ(r.status, TlsStatus::kDone);
  EXPECT_EQ(r.hello.server_name, "a.test");
  EXPECT_EQ(r.hello.server_names, 2u);
}

TEST(TlsHello, SameAnswerForEveryRecordSplitAndPrefix) {
  Bytes hello = chrome_like_client_hello();
  auto whole = parse_tls_client(records(hello));
  ASSERT_EQ(whole.status, TlsStatus::kDone);
  for (size_t per_record : {1, 2, 3, 7, 64, 100, 255, 16384}) {
    SCOPED_TRACE(per_record);
    Bytes wire = records(hello, per_record);
    // Every shorter prefix needs more; the whole is the same hello.
    for (size_t n = 0; n < wire.size(); ++n) {
      auto r = parse_tls_client(std::span<const uint8_t>(wire).first(n));
      ASSERT_EQ(r.status, TlsStatus::kNeedMore) << "prefix " << n;
    }
    auto r = parse_tls_client(wire);
    ASSERT_EQ(r.status, TlsStatus::kDone);
    EXPECT_EQ(r.hello.server_name, whole.hello.server_name);
    EXPECT_EQ(r.hello.alpn, whole.hello.alpn);
    EXPECT_EQ(r.hello.cipher_suites, whole.hello.cipher_suites);
    EXPECT_EQ(r.hello.supported_versions, whole.hello.supported_versions);
    // Bytes after the hello (the next flight) change nothing.
    Bytes more = wire;
    append(more, records(Bytes{20, 0, 0, 0}, 16384, 20));
    EXPECT_EQ(parse_tls_client(more).hello.server_name, "www.example.com");
  }
}

TEST(TlsHello, Tls13ServerHello) {
  Bytes ext;
  append(ext, server_version(0x0304));
  append(ext, key_share_server(29));
  Bytes wire = records(message(2, server_hello_body(0x0303, 0x1301, ext, Bytes(32, 0x55))), 16384,
                       22, 0x0303);
  auto r = parse_tls_server(wire);
  ASSERT_EQ(r.status, TlsStatus::kDone) << r.reason;
  EXPECT_EQ(r.hello.legacy_version, 0x0303);
  EXPECT_EQ(r.hello.selected_version, 0x0304);
  EXPECT_EQ(r.hello.version(), 0x0304);
  EXPECT_EQ(r.hello.key_share_group, 29);
  auto c = parse_tls_client(records(chrome_like_client_hello()));
  TlsSummary s = summarize_tls(&c.hello, &r.hello);
  EXPECT_EQ(s.version, "TLSv13");
  EXPECT_EQ(s.cipher, "TLS_AES_128_GCM_SHA256");
  EXPECT_EQ(s.curve, "x25519");
  EXPECT_EQ(s.server_name, "www.example.com");
  EXPECT_FALSE(s.resumed);  // a session id echo is not resumption in 1.3
  for (size_t n = 0; n < wire.size(); ++n)
    ASSERT_EQ(parse_tls_server(std::span<const uint8_t>(wire).first(n)).status,
              TlsStatus::kNeedMore);
}

TEST(TlsHello, Tls12EcdheCurveFromServerKeyExchange) {
  Bytes flight = message(2, server_hello_body(0x0303, 0xC02F, alpn({"h2"})));
  Bytes cert(3000, 0x30);
  append(flight, message(11, cert));
  Bytes ske{3};
  put16(ske, 23);
  ske.push_back(65);
  ske.resize(ske.size() + 65 + 72, 0x04);
  append(flight, message(12, ske));
  append(flight, message(14, {}));
  Bytes wire = records(flight, 1000, 22, 0x0303);
  auto r = parse_tls_server(wire);
  ASSERT_EQ(r.status, TlsStatus::kDone);
  EXPECT_EQ(r.hello.ecdh_group, 23);
  TlsSummary s = summarize_tls(nullptr, &r.hello);
  EXPECT_EQ(s.version, "TLSv12");
  EXPECT_EQ(s.cipher, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(s.curve, "secp256r1");
  EXPECT_EQ(s.next_protocol, "h2");
  // Before the ServerKeyExchange arrives, an ECDHE hello waits for it.
  EXPECT_EQ(parse_tls_server(std::span<const uint8_t>(wire).first(2000)).status,
            TlsStatus::kNeedMore);
  // Reaching the prefix limit first: done, without a curve.
  TlsLimits small;
  small.max_prefix = 2000;
  auto limited = parse_tls_server(wire, small);
  EXPECT_EQ(limited.status, TlsStatus::kDone);
  EXPECT_EQ(limited.hello.ecdh_group, 0);
  EXPECT_EQ(limited.hello.cipher_suite, 0xC02Fu);
}

TEST(TlsHello, RsaSuiteIsDoneAtTheServerHello) {
  Bytes wire = records(message(2, server_hello_body(0x0301, 0x0035, {})));
  auto r = parse_tls_server(wire);
  ASSERT_EQ(r.status, TlsStatus::kDone);
  EXPECT_EQ(summarize_tls(nullptr, &r.hello).version, "TLSv10");
  EXPECT_EQ(summarize_tls(nullptr, &r.hello).cipher, "TLS_RSA_WITH_AES_256_CBC_SHA");
  EXPECT_EQ(summarize_tls(nullptr, &r.hello).curve, "");
}

TEST(TlsHello, SessionIdEchoIsResumption) {
  Bytes sid(32, 0x42);
  auto c = parse_tls_client(records(message(1, client_hello_body(0x0303, {0xC02F}, {}, sid))));
  Bytes flight = message(2, server_hello_body(0x0303, 0xC02F, {}, sid));
  Bytes wire = records(flight, 16384, 22, 0x0303);
  append(wire, records(Bytes{1}, 16384, 20, 0x0303));  // ChangeCipherSpec: no key exchange
  auto s = parse_tls_server(wire);
  ASSERT_EQ(s.status, TlsStatus::kDone);
  EXPECT_TRUE(summarize_tls(&c.hello, &s.hello).resumed);
  Bytes other(32, 0x43);
  auto fresh = parse_tls_server(records(message(2, server_hello_body(0x0303, 0x002F, {}, other))));
  EXPECT_FALSE(summarize_tls(&c.hello, &fresh.hello).resumed);
}

TEST(TlsHello, HelloRetryRequestThenServerHello) {
  const Bytes hrr_random = {0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C,
                            0x02, 0x1E, 0x65, 0xB8, 0x91, 0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB,
                            0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};
  Bytes hrr_ext;
  append(hrr_ext, server_version(0x0304));
  Bytes group;
  put16(group, 23);
  append(hrr_ext, extension(51, group));
  Bytes wire = records(message(2, server_hello_body(0x0303, 0x1302, hrr_ext, {}, hrr_random)),
                       16384, 22, 0x0303);
  EXPECT_EQ(parse_tls_server(wire).status, TlsStatus::kNeedMore);
  append(wire, records(Bytes{1}, 16384, 20, 0x0303));  // middlebox-compatibility CCS
  EXPECT_EQ(parse_tls_server(wire).status, TlsStatus::kNeedMore);
  Bytes garbage = wire;
  append(garbage, records(message(11, Bytes(10, 0)), 16384, 22, 0x0303));
  EXPECT_EQ(parse_tls_server(garbage).status, TlsStatus::kBad);
  Bytes sh_ext;
  append(sh_ext, server_version(0x0304));
  append(sh_ext, key_share_server(23));
  append(wire, records(message(2, server_hello_body(0x0303, 0x1302, sh_ext)), 16384, 22, 0x0303));
  auto r = parse_tls_server(wire);
  ASSERT_EQ(r.status, TlsStatus::kDone);
  EXPECT_FALSE(r.hello.hello_retry_request);
  EXPECT_EQ(summarize_tls(nullptr, &r.hello).curve, "secp256r1");
  EXPECT_EQ(summarize_tls(nullptr, &r.hello).cipher, "TLS_AES_256_GCM_SHA384");
}

TEST(TlsHello, LeadingAlertBeforeServerHelloIsSkipped) {
  Bytes wire = records(Bytes{1, 0}, 16384, 21);
  append(wire, records(message(2, server_hello_body(0x0302, 0x002F, {}))));
  auto r = parse_tls_server(wire);
  ASSERT_EQ(r.status, TlsStatus::kDone);
  EXPECT_EQ(summarize_tls(nullptr, &r.hello).version, "TLSv11");
}

TEST(TlsHello, Sslv2ClientAndServerHello) {
  // SSLv2-format ClientHello from a TLS 1.0 client: two cipher kinds, no session id, a
  // 16-byte challenge.
  Bytes body{1, 0x03, 0x01, 0, 6, 0, 0, 0, 16, 0x01, 0x00, 0x80, 0x00, 0x00, 0x2F};
  body.resize(body.size() + 16, 0x77);
  Bytes wire{uint8_t(0x80 | (body.size() >> 8)), uint8_t(body.size())};
  append(wire, body);
  for (size_t n = 0; n < wire.size(); ++n)
    ASSERT_EQ(parse_tls_client(std::span<const uint8_t>(wire).first(n)).status,
              TlsStatus::kNeedMore);
  auto c = parse_tls_client(wire);
  ASSERT_EQ(c.status, TlsStatus::kDone);
  EXPECT_TRUE(c.hello.sslv2);
  EXPECT_EQ(c.hello.version, 0x0301);
  EXPECT_EQ(c.hello.cipher_suites, (std::vector<uint32_t>{0x010080, 0x00002F}));
  // SSLv2 ServerHello: no session hit, certificate type 1, version 2, a 4-byte certificate, one
  // cipher kind, a 16-byte connection id.
  Bytes sbody{4, 0, 1, 0x00, 0x02, 0, 4, 0, 3, 0, 16, 0xDE, 0xAD, 0xBE, 0xEF, 0x07, 0x00, 0xC0};
  sbody.resize(sbody.size() + 16, 0x66);
  Bytes swire{uint8_t(0x80 | (sbody.size() >> 8)), uint8_t(sbody.size())};
  append(swire, sbody);
  auto s = parse_tls_server(swire);
  ASSERT_EQ(s.status, TlsStatus::kDone);
  TlsSummary sum = summarize_tls(&c.hello, &s.hello);
  EXPECT_EQ(sum.version, "SSLv2");
  EXPECT_EQ(sum.cipher, "SSLv20_CK_DES_192_EDE3_CBC_WITH_MD5");
}

TEST(TlsHello, NotTls) {
  std::string http = "GET / HTTP/1.1\r\n";
  std::span<const uint8_t> h(reinterpret_cast<const uint8_t*>(http.data()), http.size());
  EXPECT_EQ(parse_tls_client(h).status, TlsStatus::kNotTls);
  EXPECT_EQ(parse_tls_server(h).status, TlsStatus::kNotTls);
  // A handshake record whose first message is not the expected hello.
  EXPECT_EQ(parse_tls_client(records(message(2, server_hello_body(0x0303, 0x2F, {})))).status,
            TlsStatus::kNotTls);
  EXPECT_EQ(parse_tls_server(records(chrome_like_client_hello())).status, TlsStatus::kNotTls);
  Bytes bad_version{22, 3, 9, 0, 4, 1, 0, 0, 0};
  EXPECT_EQ(parse_tls_client(bad_version).status, TlsStatus::kNotTls);
  EXPECT_EQ(parse_tls_client({}).status, TlsStatus::kNeedMore);
}

TEST(TlsHello, HostileLengths) {
  // A record longer than TLS allows.
  Bytes huge_record{22, 3, 1, 0xFF, 0xFF, 1, 0, 0, 10};
  EXPECT_EQ(parse_tls_client(huge_record).status, TlsStatus::kBad);
  // A handshake message claiming 16 MiB: "need more" until the prefix limit, then too long.
  Bytes claim{1, 0xFF, 0xFF, 0xFF};
  claim.resize(20000, 0);
  Bytes wire = records(claim);
  EXPECT_EQ(parse_tls_client(wire).status, TlsStatus::kNeedMore);
  TlsLimits small;
  small.max_prefix = 4096;
  EXPECT_EQ(parse_tls_client(wire, small).status, TlsStatus::kTooLong);
  // Empty handshake records up to the limit.
  Bytes empties = records(Bytes{1});
  for (int i = 0; i < 2000; ++i) append(empties, Bytes{22, 3, 1, 0, 0});
  empties.push_back(22);
  EXPECT_EQ(parse_tls_client(empties, small).status, TlsStatus::kTooLong);
  // Lengths inside the hello past its end: bad, never read beyond.
  Bytes hello = client_hello_body(0x0303, {0x2F}, sni({"x.test"}));
  for (size_t at = 0; at < hello.size(); ++at) {
    for (uint8_t v : {uint8_t(0xFF), uint8_t(0x00), uint8_t(0x80)}) {
      Bytes mutated = hello;
      mutated[at] = v;
      auto r = parse_tls_client(records(message(1, mutated)));
      EXPECT_TRUE(r.status == TlsStatus::kDone || r.status == TlsStatus::kBad) << at;
    }
  }
  // An SNI list longer than its extension: no name, no crash.
  Bytes ext{0, 0, 0, 5, 0, 0x40, 0, 0, 1};
  auto r = parse_tls_client(records(message(1, client_hello_body(0x0303, {0x2F}, ext))));
  EXPECT_EQ(r.hello.server_name, "");
}

TEST(TlsHello, EveryTruncationOfAServerFlight) {
  Bytes flight = message(2, server_hello_body(0x0303, 0xC030, {}));
  append(flight, message(11, Bytes(500, 1)));
  Bytes ske{3, 0, 29, 32};
  ske.resize(ske.size() + 32 + 70, 2);
  append(flight, message(12, ske));
  Bytes wire = records(flight, 300, 22, 0x0303);
  TlsStatus last = TlsStatus::kNeedMore;
  for (size_t n = 0; n <= wire.size(); ++n) {
    auto r = parse_tls_server(std::span<const uint8_t>(wire).first(n));
    ASSERT_TRUE(r.status == TlsStatus::kNeedMore || r.status == TlsStatus::kDone) << n;
    if (last == TlsStatus::kDone) {
      ASSERT_EQ(r.status, TlsStatus::kDone);
    }
    last = r.status;
  }
  EXPECT_EQ(last, TlsStatus::kDone);
  auto whole = parse_tls_server(wire);
  EXPECT_EQ(summarize_tls(nullptr, &whole.hello).curve, "x25519");
}

TEST(TlsNames, AsZeekWritesThem) {
  EXPECT_EQ(tls_version_name(0x0002), "SSLv2");
  EXPECT_EQ(tls_version_name(0x0300), "SSLv3");
  EXPECT_EQ(tls_version_name(0x0301), "TLSv10");
  EXPECT_EQ(tls_version_name(0x0302), "TLSv11");
  EXPECT_EQ(tls_version_name(0x0303), "TLSv12");
  EXPECT_EQ(tls_version_name(0x0304), "TLSv13");
  EXPECT_EQ(tls_version_name(0xFEFF), "DTLSv10");
  EXPECT_EQ(tls_version_name(0xFEFD), "DTLSv12");
  EXPECT_EQ(tls_version_name(0xFEFC), "DTLSv13");
  EXPECT_EQ(tls_version_name(0x7F17), "TLSv13-draft23");  // btest ssl.tls13-version
  EXPECT_EQ(tls_version_name(0x7F1C), "TLSv13-draft28");
  EXPECT_EQ(tls_version_name(0x0305), "unknown-773");
  EXPECT_EQ(tls_cipher_name(0x1301), "TLS_AES_128_GCM_SHA256");
  EXPECT_EQ(tls_cipher_name(0xCCA8), "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
  EXPECT_EQ(tls_cipher_name(0x0088), "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA");
  EXPECT_EQ(tls_cipher_name(0x0018), "TLS_DH_ANON_WITH_RC4_128_MD5");
  EXPECT_EQ(tls_cipher_name(0x00FF), "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
  EXPECT_EQ(tls_cipher_name(0x5600), "TLS_FALLBACK_SCSV");
  EXPECT_EQ(tls_cipher_name(0xCC13), "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256_OLD");
  EXPECT_EQ(tls_cipher_name(0x2A2A), "grease_0x2A2A");
  EXPECT_EQ(tls_cipher_name(0x0700C0), "SSLv20_CK_DES_192_EDE3_CBC_WITH_MD5");
  EXPECT_EQ(tls_cipher_name(0x0047), "unknown-71");
  EXPECT_EQ(tls_cipher_name(0x1234), "unknown-4660");
  EXPECT_EQ(tls_group_name(29), "x25519");
  EXPECT_EQ(tls_group_name(23), "secp256r1");
  EXPECT_EQ(tls_group_name(4588), "X25519MLKEM768");
  EXPECT_EQ(tls_group_name(999), "unknown-999");
}

}  // namespace
}  // namespace zeekscope::protocol
