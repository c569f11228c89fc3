#include "intel/public_suffix.h"

#include <gtest/gtest.h>

using zeekscope::registrable_domain;

TEST(PublicSuffix, RegistrableDomains) {
  EXPECT_EQ(registrable_domain("a.b.example.com"), "example.com");
  EXPECT_EQ(registrable_domain("www.example.co.uk"), "example.co.uk");
  EXPECT_EQ(registrable_domain("example.com"), "example.com");
  EXPECT_EQ(registrable_domain("x.y.city.kawasaki.jp"), "city.kawasaki.jp");  // exception rule
  EXPECT_EQ(registrable_domain("a.b.c.ck"), "b.c.ck");                        // wildcard rule
  EXPECT_EQ(registrable_domain("foo.appspot.com"), "appspot.com");            // ICANN section only
  EXPECT_EQ(registrable_domain("host.unknown-tld"), "host.unknown-tld");
  EXPECT_FALSE(registrable_domain("com"));
  EXPECT_FALSE(registrable_domain("co.uk"));
  EXPECT_FALSE(registrable_domain(""));
}
