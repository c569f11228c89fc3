#include "common/ip_address.h"

#include <gtest/gtest.h>

using zeekscope::IpAddress;
using zeekscope::IpNetwork;

TEST(IpAddress, ComparesIpv6AsAddressesNotText) {
  auto a = IpAddress::parse("2001:db8::1");
  auto b = IpAddress::parse("2001:0db8:0:0::1");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(a->to_string(), "2001:db8::1");
  EXPECT_EQ(IpAddress::parse("2001:db8:0:0:1:0:0:1")->to_string(), "2001:db8::1:0:0:1");
  EXPECT_EQ(IpAddress::parse("::ffff:1.2.3.4")->to_string(), "1.2.3.4");
  EXPECT_EQ(IpAddress::parse("fe80::1%eth0")->to_string(), "fe80::1");
}

TEST(IpAddress, RejectsMalformed) {
  for (const char* bad : {"", "1.2.3", "1.2.3.256", "1.2.3.4.5", "01234.1.1.1", "2001:db8:::1",
                          "1:2:3:4:5:6:7:8:9", "example.com", "::g", "1.2.3.4 "})
    EXPECT_FALSE(IpAddress::parse(bad)) << bad;
}

TEST(IpNetwork, ContainsV4AndV6) {
  auto v4 = IpNetwork::parse("10.0.0.0/8");
  auto v6 = IpNetwork::parse("fc00::/7");
  ASSERT_TRUE(v4 && v6);
  EXPECT_TRUE(v4->contains(*IpAddress::parse("10.200.1.1")));
  EXPECT_FALSE(v4->contains(*IpAddress::parse("11.0.0.1")));
  EXPECT_TRUE(v6->contains(*IpAddress::parse("fd12::1")));
  EXPECT_FALSE(v6->contains(*IpAddress::parse("2001:db8::1")));
  // An IPv6 address is never inside an IPv4 network, whatever its bits.
  EXPECT_FALSE(IpNetwork::parse("0.0.0.0/0")->contains(*IpAddress::parse("::1")));
  EXPECT_EQ(IpNetwork::parse("199.36.154.0/2")->to_string(), "192.0.0.0/2");
  EXPECT_FALSE(IpNetwork::parse("10.0.0.0/33"));
  EXPECT_FALSE(IpNetwork::parse("10.0.0.0/"));
}
