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

TEST(PublicSuffix, SuffixViewAgreesWithTheDomain) {
  // Read shortest suffix first: a rule under a suffix no other rule ends with, wildcard and
  // exception rules met on the way, and empty labels.
  for (const char* name : {"a.b.example.com", "www.ck", "a.www.ck", "c.ck", "kawasaki.jp",
                           "a.kawasaki.jp", "b.a.kawasaki.jp", "city.kawasaki.jp", "a..com", "x"}) {
    auto view = zeekscope::registrable_suffix(name);
    auto text = registrable_domain(name);
    ASSERT_EQ(bool(view), bool(text)) << name;
    if (view) {
      EXPECT_EQ(*view, *text) << name;
    }
  }
  EXPECT_EQ(registrable_domain("a.www.ck"), "www.ck");  // exception under a wildcard
  EXPECT_FALSE(registrable_domain("a.kawasaki.jp"));    // *.kawasaki.jp
  EXPECT_EQ(registrable_domain("b.a.kawasaki.jp"), "b.a.kawasaki.jp");
}
