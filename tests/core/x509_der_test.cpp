// The strict DER reader on hand-built encodings: short and long lengths, every way a length
// can be wrong (indefinite, not minimal, too many bytes, past its parent, truncated), nesting
// beyond the bound, trailing bytes, forms DER forbids; and the contents decoders (BOOLEAN,
// INTEGER, OID, UTCTime and GeneralizedTime, the serial's text).
#include <gtest/gtest.h>

#include "der_builders.h"
#include "x509/certificate.h"
#include "x509/der.h"

namespace zeekscope::x509 {
namespace {

using test::Bytes;
using test::der;

std::string_view check(const Bytes& b) { return der_check(b); }

TEST(X509Der, ShortAndLongLengths) {
  EXPECT_EQ(check(der(0x04, Bytes(127, 1))), "");
  Bytes b128 = der(0x04, Bytes(128, 1));
  ASSERT_EQ(b128[1], 0x81);
  EXPECT_EQ(check(b128), "");
  Bytes b256 = der(0x04, Bytes(256, 1));
  ASSERT_EQ(b256[1], 0x82);
  EXPECT_EQ(check(b256), "");
  Bytes b70k = der(0x04, Bytes(70000, 1));
  ASSERT_EQ(b70k[1], 0x83);
  EXPECT_EQ(check(b70k), "");

  DerReader r(b256);
  DerElement e;
  ASSERT_TRUE(r.next(e));
  EXPECT_EQ(e.tag, 0x04);
  EXPECT_EQ(e.value.size(), 256u);
  EXPECT_EQ(e.whole.size(), 260u);
  EXPECT_TRUE(r.at_end());
  EXPECT_FALSE(r.next(e));
  EXPECT_EQ(r.error(), "no element left");
}

TEST(X509Der, BadLengthsAreRefused) {
  EXPECT_EQ(check({0x30, 0x80, 0x02, 0x01, 0x00, 0x00, 0x00}), "indefinite length");
  EXPECT_EQ(check({0x04, 0x81, 0x05, 1, 2, 3, 4, 5}), "length not minimal");
  EXPECT_EQ(check({0x04, 0x82, 0x00, 0x90}), "length not minimal");
  EXPECT_EQ(check({0x04, 0x85, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00}), "length of more than 4 bytes");
  EXPECT_EQ(check({0x04, 0xff}), "length of more than 4 bytes");
  EXPECT_EQ(check({0x04, 0x82, 0x01}), "truncated length");
  EXPECT_EQ(check({0x04}), "truncated length");
  EXPECT_EQ(check({}), "no element left");
  EXPECT_EQ(check({0x04, 0x05, 1, 2, 3}), "element longer than its parent");
  // The outer length fits the input; the inner one runs past its parent.
  EXPECT_EQ(check({0x30, 0x03, 0x02, 0x05, 0x01}), "element longer than its parent");
  // A 4-byte length far past the input: refused before anything is read.
  EXPECT_EQ(check({0x04, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00}), "element longer than its parent");
}

TEST(X509Der, TrailingBytesAndFormsAreRefused) {
  EXPECT_EQ(check({0x02, 0x01, 0x05, 0x00}), "trailing bytes after the element");
  EXPECT_EQ(check({0x1f, 0x22, 0x01, 0x00}), "multi-byte tag");
  EXPECT_EQ(check({0x22, 0x03, 0x02, 0x01, 0x05}), "constructed form of a primitive type");
  EXPECT_EQ(check({0x10, 0x00}), "primitive SEQUENCE or SET");
  EXPECT_EQ(check({0x00, 0x00}), "tag 0 of the universal class");
  // Context tags may be either form; a constructed one is walked like a SEQUENCE.
  EXPECT_EQ(check({0xa0, 0x03, 0x02, 0x01, 0x02}), "");
  EXPECT_EQ(check({0xa0, 0x03, 0x02, 0x02, 0x02}), "element longer than its parent");
}

Bytes nested(size_t depth) {
  Bytes b = der(0x02, {0x01});
  for (size_t i = 0; i < depth; ++i) b = der(0x30, b);
  return b;
}

TEST(X509Der, NestingIsBounded) {
  EXPECT_EQ(check(nested(kMaxDerDepth)), "");
  EXPECT_EQ(check(nested(kMaxDerDepth + 1)), "nested too deep");
  EXPECT_EQ(der_check(nested(4), 3), "nested too deep");
  EXPECT_EQ(der_check(nested(3), 3), "");
  // Far deeper than the bound: refused, without recursion.
  EXPECT_EQ(check(nested(5000)), "nested too deep");
}

TEST(X509Der, ReaderExpectsAndSkipsOptionalFields) {
  Bytes b = test::cat({der(0xa0, der(0x02, {0x02})), der(0x02, {0x07})});
  DerReader r(b);
  DerElement e;
  EXPECT_FALSE(r.next_if(0xa1, e));
  EXPECT_EQ(r.error(), "");
  EXPECT_TRUE(r.next_if(0xa0, e));
  EXPECT_FALSE(r.next(0x04, e));
  EXPECT_EQ(r.error(), "unexpected tag");

  Bytes broken = {0xa0, 0x05, 0x02};
  DerReader r2(broken);
  EXPECT_FALSE(r2.next_if(0xa0, e));
  EXPECT_EQ(r2.error(), "element longer than its parent");
}

Bytes b(std::initializer_list<uint8_t> v) { return v; }

TEST(X509Der, BooleansAndIntegers) {
  EXPECT_EQ(der_boolean(b({0xff})), true);
  EXPECT_EQ(der_boolean(b({0x00})), false);
  EXPECT_EQ(der_boolean(b({0x01})), std::nullopt);  // BER's "true", not DER's
  EXPECT_EQ(der_boolean(b({})), std::nullopt);
  EXPECT_TRUE(der_integer_minimal(b({0x00})));
  EXPECT_TRUE(der_integer_minimal(b({0x00, 0x80})));
  EXPECT_FALSE(der_integer_minimal(b({0x00, 0x7f})));
  EXPECT_FALSE(der_integer_minimal(b({0xff, 0x80})));
  EXPECT_FALSE(der_integer_minimal(b({})));
  EXPECT_EQ(der_small_unsigned(b({0x00, 0xff})), 255u);
  EXPECT_EQ(der_small_unsigned(b({0x80})), std::nullopt);  // negative
  EXPECT_EQ(der_small_unsigned(b({0x01, 0, 0, 0, 0, 0, 0, 0, 0})), std::nullopt);
}

TEST(X509Der, SerialTextIsOpenSslsUpperCaseHex) {
  EXPECT_EQ(serial_text(b({0x00})), "00");
  EXPECT_EQ(serial_text(b({0x0b, 0x67, 0x71})), "0B6771");
  EXPECT_EQ(serial_text(b({0x00, 0x9a, 0xfa})), "9AFA");  // the sign byte is not printed
  EXPECT_EQ(serial_text(b({0xff, 0x7f})), "-81");
  EXPECT_EQ(serial_text(b({0x80, 0x00})), "-8000");
  Bytes long_serial(36, 0x11);
  EXPECT_EQ(serial_text(long_serial), std::string(70, '1') + "\\\n11");
}

TEST(X509Der, ObjectIdentifiers) {
  auto text = [](const std::string& dotted) {
    Bytes e = test::oid(dotted);
    return der_oid_text(std::span<const uint8_t>(e).subspan(2)).value_or("?");
  };
  EXPECT_EQ(text("2.5.4.3"), "2.5.4.3");
  EXPECT_EQ(text("1.2.840.113549.1.1.11"), "1.2.840.113549.1.1.11");
  EXPECT_EQ(text("0.9.2342.19200300.100.1.25"), "0.9.2342.19200300.100.1.25");
  EXPECT_EQ(text("2.999.3"), "2.999.3");
  EXPECT_EQ(der_oid_text(b({0x55, 0x04, 0x83})), std::nullopt);  // truncated arc
  EXPECT_EQ(der_oid_text(b({0x55, 0x80, 0x03})), std::nullopt);  // padded arc
  EXPECT_EQ(der_oid_text(b({})), std::nullopt);
  Bytes huge_arc(12, 0xff);
  huge_arc.push_back(0x7f);
  EXPECT_EQ(der_oid_text(huge_arc), std::nullopt);  // an arc beyond 64 bits
}

std::optional<int64_t> time_of(uint8_t tag, const std::string& s) {
  return der_time(tag, std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
}

TEST(X509Der, Times) {
  constexpr uint8_t kUtc = der_tag::kUtcTime, kGen = der_tag::kGeneralizedTime;
  EXPECT_EQ(time_of(kUtc, "700101000000Z"), 0);
  EXPECT_EQ(time_of(kUtc, "491231235959Z"), 2524607999);  // 2049
  EXPECT_EQ(time_of(kUtc, "500101000000Z"), -631152000);  // 1950
  EXPECT_EQ(time_of(kUtc, "1204101044Z"), 1334054640);    // no seconds (BER, accepted)
  EXPECT_EQ(time_of(kUtc, "120411010437+0100"), 1334102677);
  EXPECT_EQ(time_of(kGen, "20000229120000Z"), 951825600);
  EXPECT_EQ(time_of(kGen, "20000229120000.123Z"), 951825600);
  EXPECT_EQ(time_of(kGen, "20501231235959Z"), 2556143999);
  EXPECT_EQ(time_of(kGen, "19000229120000Z"), std::nullopt);  // not a leap year
  EXPECT_EQ(time_of(kGen, "200002291200Z"), std::nullopt);    // seconds are required
  EXPECT_EQ(time_of(kUtc, "700101000000"), std::nullopt);     // no zone
  EXPECT_EQ(time_of(kUtc, "700101000000Zx"), std::nullopt);
  EXPECT_EQ(time_of(kUtc, "701301000000Z"), std::nullopt);
  EXPECT_EQ(time_of(kUtc, "70010100000aZ"), std::nullopt);
  EXPECT_EQ(time_of(0x04, "700101000000Z"), std::nullopt);
}

}  // namespace
}  // namespace zeekscope::x509
