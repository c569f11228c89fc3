// The bounded cache behind the ssl fast path: exact keys only, two keys per set, and a third
// key of a set replaces the least recently used one instead of growing the cache.
#include "capture/recent_cache.h"

#include <gtest/gtest.h>

#include "test_support.h"

using namespace zeekscope;

TEST(RecentCache, FindsExactKeysAndReplacesTheLeastRecentlyUsed) {
  RecentCache<int> cache(1);  // at most two slots: one set
  cache.put("a", 0) = 1;
  cache.put("b", 1) = 2;
  ASSERT_NE(cache.find("a", 0), nullptr);
  EXPECT_EQ(*cache.find("a", 0), 1);
  EXPECT_EQ(*cache.find("b", 1), 2);       // b is now the most recently used
  EXPECT_EQ(cache.find("a", 1), nullptr);  // other hash
  EXPECT_EQ(cache.find("c", 0), nullptr);  // same hash, other bytes: never a false hit
  cache.put("c", 2) = 3;                   // the set is full: replaces a
  EXPECT_EQ(cache.find("a", 0), nullptr);
  EXPECT_EQ(*cache.find("c", 2), 3);
  EXPECT_EQ(*cache.find("b", 1), 2);
}

TEST(RecentCache, TwoKeysOfOneSetTakenInTurnBothStay) {
  // The pattern a one-way cache lost on: two busy sessions whose hashes share a set.
  RecentCache<int> cache(4);
  cache.put("a", 16) = 1;
  cache.put("b", 32) = 2;
  for (int i = 0; i < 10; ++i) {
    ASSERT_NE(cache.find("a", 16), nullptr);
    ASSERT_NE(cache.find("b", 32), nullptr);
  }
  EXPECT_EQ(*cache.find("a", 16), 1);
  EXPECT_EQ(*cache.find("b", 32), 2);
}

TEST(RecentCache, RepeatedAndRewrittenSslRecordsAreAllReadAndMatched) {
  // Repeated (the cached path) and differently written (case, trailing dot: the full path)
  // SNIs of one address all count and all match.
  using namespace zeekscope::test;
  std::vector<std::string> rows;
  for (int i = 0; i < 5; ++i) {
    rows.push_back(std::to_string(i) + ".0|198.51.100.7|443|Spy.Example|CN=a|CN=b|ok");
    rows.push_back(std::to_string(i) + ".5|198.51.100.7|443|spy.example.|CN=a|CN=b|ok");
  }
  auto r = analyze({{"ssl.log", ssl_log(rows)}},
                   {{"feed.txt", "spy.example\n", "text:domain/stalkerware"}});
  EXPECT_TRUE(has_alert(r, "IOC-03", "spy.example", "High"));
  EXPECT_EQ(r["inputs"][0]["records"], 10);
}
