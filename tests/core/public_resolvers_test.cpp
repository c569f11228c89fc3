// BEH-06's building block: the built-in list of public DoH/DoT resolvers, by name on label
// boundaries and by exact address.
#include "intel/public_resolvers.h"

#include "intel/feeds/feed.h"
#include "test_support.h"

using namespace zeekscope;

namespace {
bool listed_address(std::string_view text) {
  auto ip = IpAddress::parse(text);
  EXPECT_TRUE(ip) << text;
  return ip && is_public_resolver_address(*ip);
}
}  // namespace

TEST(PublicResolvers, EveryLineOfTheListIsANameOrAnAddress) {
  std::string text = test::read_file(test::source_dir() + "/iocs/builtin/public-resolvers.txt");
  IndicatorSet set;
  IndicatorSource source;
  read_text_list(text, IocType::kDomain, "resolver", {set, source, 0});
  EXPECT_EQ(source.skipped, 0u);
  EXPECT_EQ(source.duplicates, 0u);
  EXPECT_GT(source.counts[size_t(IocType::kDomain)], 10u);
  EXPECT_GT(source.counts[size_t(IocType::kIp4)], 10u);
  EXPECT_GT(source.counts[size_t(IocType::kIp6)], 10u);
  EXPECT_EQ(public_resolvers().size(), set.size());  // the embedded copy is this file
}

TEST(PublicResolvers, NamesMatchOnLabelBoundaries) {
  EXPECT_TRUE(is_public_resolver_name("dns.google"));
  EXPECT_TRUE(is_public_resolver_name("dns64.dns.google"));  // a subdomain
  EXPECT_TRUE(is_public_resolver_name("cloudflare-dns.com"));
  EXPECT_TRUE(is_public_resolver_name("mozilla.cloudflare-dns.com"));
  EXPECT_TRUE(is_public_resolver_name("one.one.one.one"));
  EXPECT_TRUE(is_public_resolver_name("dns.quad9.net"));
  EXPECT_TRUE(is_public_resolver_name("doh.opendns.com"));
  EXPECT_TRUE(is_public_resolver_name("firefox.dns.nextdns.io"));
  EXPECT_TRUE(is_public_resolver_name("dns.adguard-dns.com"));
  EXPECT_TRUE(is_public_resolver_name("dns.adguard.com"));
  EXPECT_TRUE(is_public_resolver_name("doh.cleanbrowsing.org"));

  EXPECT_FALSE(is_public_resolver_name("notdns.google"));  // a suffix, not a label boundary
  EXPECT_FALSE(is_public_resolver_name("google"));         // a parent of a listed name
  EXPECT_FALSE(is_public_resolver_name("www.google.com"));
  EXPECT_FALSE(is_public_resolver_name("dns.google.evil.example"));
  EXPECT_FALSE(is_public_resolver_name("quad9.net"));  // the provider's site is not the resolver
  EXPECT_FALSE(is_public_resolver_name(""));
}

TEST(PublicResolvers, AddressesMatchExactly) {
  EXPECT_TRUE(listed_address("8.8.8.8"));
  EXPECT_TRUE(listed_address("8.8.4.4"));
  EXPECT_TRUE(listed_address("1.1.1.1"));
  EXPECT_TRUE(listed_address("1.0.0.1"));
  EXPECT_TRUE(listed_address("9.9.9.9"));
  EXPECT_TRUE(listed_address("149.112.112.112"));
  EXPECT_TRUE(listed_address("208.67.222.222"));
  EXPECT_TRUE(listed_address("94.140.14.14"));
  EXPECT_TRUE(listed_address("2001:4860:4860::8888"));
  EXPECT_TRUE(listed_address("2001:4860:4860:0:0:0:0:8844"));  // any spelling of the address
  EXPECT_TRUE(listed_address("2606:4700:4700::1111"));
  EXPECT_TRUE(listed_address("2606:4700:4700::1001"));
  EXPECT_TRUE(listed_address("2620:fe::fe"));

  EXPECT_FALSE(listed_address("8.8.8.9"));
  EXPECT_FALSE(listed_address("1.1.1.0"));
  EXPECT_FALSE(listed_address("2001:4860:4860::8889"));
  EXPECT_FALSE(listed_address("192.168.1.1"));
}
