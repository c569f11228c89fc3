// The TLS Certificate message's list on hand-built bodies: the certificates in order, an empty
// list, and each way the lengths can be wrong; the count and size caps.
#include "protocol/tls_certificate.h"

#include <gtest/gtest.h>

#include "der_builders.h"

namespace zeekscope::protocol {
namespace {

using test::Bytes;

Bytes u24(size_t n) { return {uint8_t(n >> 16), uint8_t(n >> 8), uint8_t(n)}; }

Bytes body(const std::vector<Bytes>& certs) {
  Bytes list;
  for (const auto& c : certs) list = test::cat({list, u24(c.size()), c});
  return test::cat({u24(list.size()), list});
}

TEST(TlsCertificate, ListsTheCertificatesInOrder) {
  Bytes a(300, 0xaa), b(5, 0xbb);
  Bytes msg = body({a, b});
  auto list = parse_tls_certificate_message(msg);
  ASSERT_TRUE(list.ok()) << list.error;
  ASSERT_EQ(list.certificates.size(), 2u);
  EXPECT_EQ(Bytes(list.certificates[0].begin(), list.certificates[0].end()), a);
  EXPECT_EQ(Bytes(list.certificates[1].begin(), list.certificates[1].end()), b);
  EXPECT_EQ(list.certificates[0].data(), msg.data() + 6);
}

TEST(TlsCertificate, EmptyListIsFine) {
  auto list = parse_tls_certificate_message(body({}));
  EXPECT_TRUE(list.ok());
  EXPECT_TRUE(list.certificates.empty());
}

TEST(TlsCertificate, BadLengthsAreRefused) {
  Bytes good = body({Bytes(10, 1), Bytes(20, 2)});
  auto error = [](const Bytes& b) { return parse_tls_certificate_message(b).error; };
  EXPECT_EQ(error({0, 0}), "truncated certificate list length");
  Bytes longer = good;
  longer.push_back(0);
  EXPECT_EQ(error(longer), "certificate list length is not the message length");
  EXPECT_EQ(error(Bytes(good.begin(), good.end() - 1)),
            "certificate list length is not the message length");
  // List length adjusted, the second certificate's length runs past it.
  Bytes past = test::cat({u24(13 + 3 + 5), u24(10), Bytes(10, 1), u24(20), Bytes(5, 2)});
  EXPECT_EQ(error(past), "certificate longer than the list");
  Bytes cut = test::cat({u24(13 + 2), u24(10), Bytes(10, 1), {0, 0}});
  EXPECT_EQ(error(cut), "truncated certificate length");
  EXPECT_EQ(error(test::cat({u24(3), u24(0)})), "empty certificate");
  auto bad = parse_tls_certificate_message(past);
  EXPECT_TRUE(bad.certificates.empty());  // nothing is listed from a malformed message
}

TEST(TlsCertificate, CapsCountAndSize) {
  std::vector<Bytes> many(5, Bytes(4, 7));
  EXPECT_TRUE(parse_tls_certificate_message(body(many), {.max_certificates = 5}).ok());
  EXPECT_EQ(parse_tls_certificate_message(body(many), {.max_certificates = 4}).error,
            "more certificates than the limit");
  EXPECT_EQ(parse_tls_certificate_message(body(many), {.max_total = 34}).error,
            "certificate list larger than the limit");
  EXPECT_TRUE(parse_tls_certificate_message(body(many), {.max_total = 35}).ok());
}

}  // namespace
}  // namespace zeekscope::protocol
