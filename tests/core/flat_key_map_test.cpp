// The hot-path key maps: keys of any length (inline in the slot or in the arena) are found after
// the table grows, and a missing key is not found.
#include "common/flat_key_map.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace zeekscope;

namespace {

template <typename Map>
void check_map() {
  Map map;
  std::vector<std::string> keys = {"",
                                   "a",
                                   std::string(39, 'x'),
                                   std::string(40, 'x'),
                                   std::string(41, 'x'),
                                   std::string(300, 'y')};
  for (int i = 0; i < 5000; ++i)
    keys.push_back("203.0.113." + std::to_string(i % 256) + "\ttcp\t" + std::to_string(i) +
                   (i % 3 ? "\tssl" : "\n") + std::string(size_t(i % 50), 'z'));
  for (size_t i = 0; i < keys.size(); ++i) {
    ASSERT_EQ(map.find(keys[i]), Map::kNone) << keys[i];
    map.insert(keys[i], hash_bytes(keys[i]), uint32_t(i));
  }
  EXPECT_EQ(map.size(), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(map.find(keys[i]), uint32_t(i)) << keys[i];
  EXPECT_EQ(map.find(std::string(40, 'y')), Map::kNone);
  EXPECT_EQ(map.find("203.0.113.1\ttcp\t1\tss"), Map::kNone);
}

}  // namespace

TEST(FlatKeyMap, FindsEveryKeyInTheArena) { check_map<FlatKeyMap>(); }

TEST(FlatKeyMap, FindsEveryKeyInlineOrNot) { check_map<InlineKeyMap>(); }
