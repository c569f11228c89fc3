// The hot-path key maps: keys of any length are found after the table grows, and a missing key
// is not found; the destination index also when hashes collide and keys are kept inline or not.
#include "common/flat_key_map.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "capture/destination_index.h"

using namespace zeekscope;

namespace {

std::vector<std::string> test_keys() {
  std::vector<std::string> keys = {"",
                                   "a",
                                   std::string(39, 'x'),
                                   std::string(40, 'x'),
                                   std::string(41, 'x'),
                                   std::string(300, 'y')};
  for (int i = 0; i < 5000; ++i)
    keys.push_back("203.0.113." + std::to_string(i % 256) + "\ttcp\t" + std::to_string(i) +
                   (i % 3 ? "\tssl" : "\n") + std::string(size_t(i % 50), 'z'));
  return keys;
}

}  // namespace

TEST(FlatKeyMap, FindsEveryKey) {
  FlatKeyMap map;
  std::vector<std::string> keys = test_keys();
  for (size_t i = 0; i < keys.size(); ++i) {
    ASSERT_EQ(map.find(keys[i]), FlatKeyMap::kNone) << keys[i];
    map.insert(keys[i], hash_bytes(keys[i]), uint32_t(i));
  }
  EXPECT_EQ(map.size(), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(map.find(keys[i]), uint32_t(i)) << keys[i];
  EXPECT_EQ(map.find(std::string(40, 'y')), FlatKeyMap::kNone);
  EXPECT_EQ(map.find("203.0.113.1\ttcp\t1\tss"), FlatKeyMap::kNone);
}

namespace {

// `hash_of` decides each key's hash, so that collisions can be forced.
void check_destination_index(uint64_t (*hash_of)(std::string_view)) {
  std::vector<std::string> keys = test_keys();
  for (size_t n : {51u, 52u, 53u}) keys.push_back(std::string(n, 'k'));  // inline or not
  std::vector<Destination> all;
  DestinationIndex index;
  for (size_t i = 0; i < keys.size(); ++i) {
    ASSERT_EQ(index.find(keys[i], hash_of(keys[i]), all), DestinationIndex::kNone) << keys[i];
    all.emplace_back().set_key(keys[i]);
    index.insert(hash_of(keys[i]), uint32_t(i));
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(all[i].key(), keys[i]);
    EXPECT_EQ(index.find(keys[i], hash_of(keys[i]), all), uint32_t(i)) << keys[i];
  }
  EXPECT_EQ(index.find(std::string(52, 'y'), hash_of(std::string(52, 'y')), all),
            DestinationIndex::kNone);
  EXPECT_EQ(index.find("203.0.113.1\ttcp\t1\tss", hash_of("203.0.113.1\ttcp\t1\tss"), all),
            DestinationIndex::kNone);
}

}  // namespace

TEST(DestinationIndex, FindsEveryDestinationByItsKey) {
  check_destination_index([](std::string_view k) { return hash_bytes(k); });
}

TEST(DestinationIndex, KeysAreComparedWhenHashesCollide) {
  // 64 distinct hashes for over 5000 keys: every lookup meets slots of the same hash.
  check_destination_index([](std::string_view k) { return hash_bytes(k) & 63; });
}

TEST(HashBytes, EveryByteOfEveryLengthCounts) {
  // The hash reads its text in 16-byte steps, an 8-byte step and pieces of the last 1 to 7
  // bytes: changing any one byte, or the length, of texts up to 70 bytes changes the hash.
  std::string text;
  std::set<uint64_t> by_length;
  for (size_t n = 0; n <= 70; ++n) {
    text.assign(n, '\0');
    for (size_t i = 0; i < n; ++i) text[i] = char('A' + (i * 7) % 26);
    uint64_t h = hash_bytes(text);
    by_length.insert(hash_bytes(std::string(n, '\0')));
    for (size_t i = 0; i < n; ++i) {
      for (char c : {'\0', '!', '\xff'}) {
        if (text[i] == c) continue;
        std::string other = text;
        other[i] = c;
        EXPECT_NE(hash_bytes(other), h) << "length " << n << " byte " << i;
      }
    }
  }
  EXPECT_EQ(by_length.size(), 71u);  // zero bytes of each length hash apart
}
