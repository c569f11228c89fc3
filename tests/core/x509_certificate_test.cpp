// The certificate parser on hand-built certificates: every x509.log field, the RFC 2253 name
// form (order, multi-valued RDNs, each escaping rule, string types, unknown attributes, the
// 2048-byte cut), SANs, basic constraints, key kinds, self_signed; and refusals (trailing
// bytes, every truncation, bad fields), which still give the fingerprints.
#include <gtest/gtest.h>

#include "common/sha1.h"
#include "common/sha256.h"
#include "der_builders.h"
#include "x509/certificate.h"
#include "x509/der.h"
#include "x509/distinguished_name.h"
#include "x509/hostname_match.h"

namespace zeekscope::x509 {
namespace {

using test::Bytes;
using test::CertificateParts;
using test::der;
using test::NameAttribute;
using test::seq;

constexpr const char* kCN = "2.5.4.3";
constexpr const char* kO = "2.5.4.10";
constexpr const char* kOU = "2.5.4.11";
constexpr const char* kC = "2.5.4.6";

std::string name_text(const std::vector<NameAttribute>& attributes) {
  Bytes n = test::name(attributes);
  DerReader r(n);
  DerElement e;
  EXPECT_TRUE(r.next(e));
  std::string out;
  EXPECT_EQ(format_name_rfc2253(e.value, out), "");
  return out;
}

TEST(X509Certificate, FieldsOfAPlainCertificate) {
  Bytes der = test::certificate({});
  auto p = parse_certificate(der);
  ASSERT_TRUE(p.ok()) << p.error;
  const Certificate& c = p.certificate;
  EXPECT_EQ(c.version, 3u);
  EXPECT_EQ(c.serial, "0123");
  EXPECT_EQ(c.subject, "CN=leaf.example");
  EXPECT_EQ(c.issuer, "CN=Test CA");
  EXPECT_EQ(c.not_valid_before, 1577836800);
  EXPECT_EQ(c.not_valid_after, 2556143999);
  EXPECT_EQ(c.key_alg, "rsaEncryption");
  EXPECT_EQ(c.sig_alg, "sha256WithRSAEncryption");
  EXPECT_EQ(c.key_type, "rsa");
  EXPECT_EQ(c.key_length, 1024u);
  EXPECT_EQ(c.exponent, "65537");
  EXPECT_EQ(c.curve, "");
  EXPECT_TRUE(c.san_dns.empty() && c.san_uri.empty() && c.san_email.empty() && c.san_ip.empty());
  EXPECT_EQ(c.basic_constraints_ca, std::nullopt);
  EXPECT_FALSE(c.self_signed);
  EXPECT_EQ(c.sha1, sha1_hex(der));
  EXPECT_EQ(c.sha256, sha256_hex(der));
  EXPECT_EQ(c.sha256.size(), 64u);
}

TEST(X509Certificate, NameOrderAndMultiValuedRdns) {
  EXPECT_EQ(name_text({{kC, 0x13, "US"}, {kO, 0x13, "Google Inc"}, {kCN, 0x13, "*.gstatic.com"}}),
            "CN=*.gstatic.com,O=Google Inc,C=US");
  EXPECT_EQ(name_text({{kC, 0x13, "US"}, {kOU, 0x13, "a"}, {kCN, 0x13, "b", true}}),
            "CN=b+OU=a,C=US");
  EXPECT_EQ(name_text({{"1.2.840.113549.1.9.1", 0x16, "x@y.org"},
                       {"0.9.2342.19200300.100.1.25", 0x16, "com"}}),
            "DC=com,emailAddress=x@y.org");
  EXPECT_EQ(name_text({}), "");
}

TEST(X509Certificate, NameEscaping) {
  EXPECT_EQ(name_text({{kCN, 0x0c, "a,b+c\"d\\e<f>g;h"}}), "CN=a\\,b\\+c\\\"d\\\\e\\<f\\>g\\;h");
  EXPECT_EQ(name_text({{kCN, 0x0c, "#x"}}), "CN=\\#x");
  EXPECT_EQ(name_text({{kCN, 0x0c, "x#"}}), "CN=x#");
  EXPECT_EQ(name_text({{kCN, 0x0c, " a "}}), "CN=\\ a\\ ");
  EXPECT_EQ(name_text({{kCN, 0x0c, "a b"}}), "CN=a b");
  EXPECT_EQ(name_text({{kCN, 0x0c, "#"}}), "CN=#");  // one character counts as last only
  EXPECT_EQ(name_text({{kCN, 0x0c, " "}}), "CN=\\ ");
  EXPECT_EQ(name_text({{kCN, 0x0c,
                        "a\x01\x7f"
                        "b"}}),
            "CN=a\\01\\7Fb");
  EXPECT_EQ(name_text({{kCN, 0x0c, std::string("a\0b", 3)}}), "CN=a\\00b");
}

TEST(X509Certificate, NameStringTypes) {
  // UTF8String bytes as they are, each >= 0x80 escaped.
  EXPECT_EQ(name_text({{kCN, 0x0c, "caf\xc3\xa9"}}), "CN=caf\\C3\\A9");
  // One-byte strings are converted to UTF-8 first (T61String's 0xE9 is U+00E9).
  EXPECT_EQ(name_text({{kCN, 0x14, "caf\xe9"}}), "CN=caf\\C3\\A9");
  // BMPString: two bytes per character.
  EXPECT_EQ(name_text({{kCN, 0x1e, std::string("\0c\0a\0f\0\xe9", 8)}}), "CN=caf\\C3\\A9");
  EXPECT_EQ(name_text({{kCN, 0x1e, std::string("\0,\0a", 4)}}), "CN=\\,a");
  // UniversalString: four bytes per character, U+1F600 is four UTF-8 bytes.
  EXPECT_EQ(name_text({{kCN, 0x1c, std::string("\0\x01\xf6\0", 4)}}), "CN=\\F0\\9F\\98\\80");
  // A BMPString of odd length: OpenSSL stops printing at that value.
  EXPECT_EQ(name_text({{kC, 0x13, "US"}, {kCN, 0x1e, std::string("\0a\0", 3)}}), "CN=");
  // A type that is not a string, and an attribute OpenSSL does not know: #hex of the DER.
  EXPECT_EQ(name_text({{kCN, 0x04, "ab"}}), "CN=#04026162");
  EXPECT_EQ(name_text({{"1.2.3.4", 0x13, "x"}}), "1.2.3.4=#130178");
}

TEST(X509Certificate, LongNamesAreCutAt2048Bytes) {
  std::string text =
      name_text({{kO, 0x0c, std::string(1500, 'o')}, {kCN, 0x0c, std::string(1500, 'c')}});
  EXPECT_EQ(text.size(), kMaxNameText);
  EXPECT_EQ(text.substr(0, 4), "CN=c");
}

TEST(X509Certificate, SelfSignedIsIssuerEqualToSubject) {
  CertificateParts parts;
  parts.subject = parts.issuer;
  auto p = parse_certificate(test::certificate(parts));
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_TRUE(p.certificate.self_signed);
  EXPECT_EQ(p.certificate.subject, p.certificate.issuer);
  // Same text, other bytes (UTF8String vs PrintableString): not the same Name.
  parts.subject = test::name({{kCN, 0x0c, "Test CA"}});
  p = parse_certificate(test::certificate(parts));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.certificate.subject, p.certificate.issuer);
  EXPECT_FALSE(p.certificate.self_signed);
}

Bytes san(std::initializer_list<Bytes> names) { return der(0x30, test::cat(names)); }

TEST(X509Certificate, SubjectAltNames) {
  CertificateParts parts;
  parts.extensions.push_back(test::extension(
      "2.5.29.17",
      san({test::der_text(0x82, "*.Example.com"), test::der_text(0x81, "a@example.com"),
           test::der_text(0x86, "https://example.com/"), der(0x87, {192, 0, 2, 1}),
           der(0x87, {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}),
           der(0x87, {1, 2, 3, 4, 5}), der(0xa0, test::cat({test::oid("1.2.3"), der(0xa0, {})})),
           test::der_text(0x82, "example.com")})));
  auto p = parse_certificate(test::certificate(parts));
  ASSERT_TRUE(p.ok()) << p.error;
  const Certificate& c = p.certificate;
  EXPECT_EQ(c.san_dns, (std::vector<std::string>{"*.Example.com", "example.com"}));
  EXPECT_EQ(c.san_email, std::vector<std::string>{"a@example.com"});
  EXPECT_EQ(c.san_uri, std::vector<std::string>{"https://example.com/"});
  EXPECT_EQ(c.san_ip, (std::vector<std::string>{"192.0.2.1", "2001:db8::1"}));

  // The extension twice: OpenSSL (and so Zeek) uses neither.
  parts.extensions.push_back(parts.extensions.back());
  p = parse_certificate(test::certificate(parts));
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_TRUE(p.certificate.san_dns.empty());

  // A malformed one: no names, the rest of the certificate read, and no host matches it (Zeek's
  // check fails on the SAN it cannot decode, and does not fall back to the CN).
  parts.extensions = {test::extension("2.5.29.17", der(0x04, {0x01}))};
  p = parse_certificate(test::certificate(parts));
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.certificate.unread_extension, "bad subjectAltName");
  EXPECT_TRUE(p.certificate.has_san);
  EXPECT_TRUE(p.certificate.san_dns.empty());
  EXPECT_EQ(p.certificate.common_name, "leaf.example");
  EXPECT_FALSE(matches_host(p.certificate, "leaf.example"));
}

TEST(X509Certificate, BasicConstraints) {
  CertificateParts parts;
  parts.extensions.push_back(
      test::extension("2.5.29.19", seq({der(0x01, {0xff}), der(0x02, {0x00})}), true));
  auto p = parse_certificate(test::certificate(parts));
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.certificate.basic_constraints_ca, true);
  EXPECT_EQ(p.certificate.basic_constraints_path_len, 0u);

  parts.extensions = {test::extension("2.5.29.19", seq({}))};
  p = parse_certificate(test::certificate(parts));
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.certificate.basic_constraints_ca, false);
  EXPECT_EQ(p.certificate.basic_constraints_path_len, std::nullopt);

  // A malformed extension is left unread; the certificate is still read (as OpenSSL does).
  parts.extensions = {test::extension("2.5.29.19", seq({der(0x01, {0x01})}))};
  p = parse_certificate(test::certificate(parts));
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.certificate.unread_extension, "bad basicConstraints");
  EXPECT_EQ(p.certificate.basic_constraints_ca, std::nullopt);
  EXPECT_EQ(p.certificate.subject, "CN=leaf.example");
}

TEST(X509Certificate, VersionOneAndKeyKinds) {
  CertificateParts parts;
  parts.version.clear();
  parts.spki = seq({seq({test::oid("1.2.840.10045.2.1"), test::oid("1.2.840.10045.3.1.7")}),
                    der(0x03, test::cat({{0x00, 0x04}, Bytes(64, 0x22)}))});
  parts.sig_alg = seq({test::oid("1.2.840.10045.4.3.2")});
  auto p = parse_certificate(test::certificate(parts));
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.certificate.version, 1u);
  EXPECT_EQ(p.certificate.key_alg, "id-ecPublicKey");
  EXPECT_EQ(p.certificate.key_type, "ecdsa");
  EXPECT_EQ(p.certificate.curve, "prime256v1");
  EXPECT_EQ(p.certificate.key_length, 256u);
  EXPECT_EQ(p.certificate.exponent, "");
  EXPECT_EQ(p.certificate.sig_alg, "ecdsa-with-SHA256");

  parts.spki = seq({seq({test::oid("1.2.3.4.5")}), der(0x03, {0x00, 0x01})});
  p = parse_certificate(test::certificate(parts));
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.certificate.key_alg, "1.2.3.4.5");
  EXPECT_EQ(p.certificate.key_type, "1.2.3.4.5");
  EXPECT_EQ(p.certificate.key_length, std::nullopt);
}

TEST(X509Certificate, RefusalsKeepTheFingerprints) {
  Bytes good = test::certificate({});
  Bytes trailing = good;
  trailing.push_back(0);
  auto p = parse_certificate(trailing);
  EXPECT_EQ(p.error, "trailing bytes after the element");
  EXPECT_EQ(p.certificate.sha256, sha256_hex(trailing));
  EXPECT_EQ(p.certificate.sha1, sha1_hex(trailing));

  // Every truncation is refused, none crashes.
  for (size_t n = 0; n < good.size(); ++n) {
    auto t = parse_certificate(std::span<const uint8_t>(good).first(n));
    EXPECT_FALSE(t.ok()) << n;
  }
  EXPECT_EQ(parse_certificate(good, {.max_size = good.size() - 1}).error,
            "certificate larger than the limit");

  CertificateParts parts;
  parts.not_before = test::der_text(0x17, "201301000000Z");
  EXPECT_EQ(parse_certificate(test::certificate(parts)).error, "bad validity time");
  parts = {};
  parts.serial = der(0x02, {0x00, 0x01});
  EXPECT_EQ(parse_certificate(test::certificate(parts)).error, "bad serial number");
  parts = {};
  parts.version = der(0xa0, der(0x02, {0x05}));
  EXPECT_EQ(parse_certificate(test::certificate(parts)).error, "bad version");
  parts = {};
  parts.subject = der(0x30, der(0x31, {}));
  EXPECT_EQ(parse_certificate(test::certificate(parts)).error, "Name: empty RDN");
  parts = {};
  parts.extensions.push_back(seq({test::oid("2.5.29.19"), der(0x01, {0x01}), der(0x04, {})}));
  EXPECT_EQ(parse_certificate(test::certificate(parts)).error, "bad extension");
  EXPECT_EQ(parse_certificate(seq({der(0x02, {0x01})})).error, "not a Certificate");
}

}  // namespace
}  // namespace zeekscope::x509
