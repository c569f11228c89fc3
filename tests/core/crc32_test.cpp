// CRC-32 (zlib's, Ethernet's): the published check value and known vectors, every length and
// alignment against a bit-at-a-time reference, pieces against the whole, and zlib itself.
#include "common/crc32.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#if ZS_HAVE_ZLIB
#include <zlib.h>
#endif

namespace zeekscope {
namespace {

// The definition, one bit at a time.
uint32_t crc32_bitwise(const uint8_t* p, size_t n) {
  uint32_t c = 0xFFFFFFFF;
  for (size_t i = 0; i < n; ++i) {
    c ^= p[i];
    for (int bit = 0; bit < 8; ++bit) c = (c & 1) ? (c >> 1) ^ 0xEDB88320 : c >> 1;
  }
  return ~c;
}

std::vector<uint8_t> random_bytes(size_t n, uint32_t seed) {
  std::mt19937 gen(seed);
  std::vector<uint8_t> out(n);
  for (auto& b : out) b = uint8_t(gen());
  return out;
}

TEST(Crc32, KnownVectors) {
  EXPECT_EQ(crc32(std::string_view("123456789")), 0xCBF43926u);  // the catalogue's check value
  EXPECT_EQ(crc32(std::string_view("")), 0u);
  EXPECT_EQ(crc32(std::string_view("a")), 0xE8B7BE43u);
  EXPECT_EQ(crc32(std::string_view("abc")), 0x352441C2u);
  EXPECT_EQ(crc32(std::string_view("The quick brown fox jumps over the lazy dog")), 0x414FA339u);
  EXPECT_EQ(crc32(std::string_view(std::string(32, '\0'))), 0x190A55ADu);
  EXPECT_EQ(crc32(std::string_view(std::string(32, '\xFF'))), 0xFF6CAB0Bu);
}

TEST(Crc32, OneMegabyteAgainstTheBitwiseReference) {
  std::vector<uint8_t> data = random_bytes(1 << 20, 21);
  EXPECT_EQ(crc32(data), crc32_bitwise(data.data(), data.size()));
}

TEST(Crc32, EveryLengthAndAlignment) {
  std::vector<uint8_t> data = random_bytes(300, 7);
  for (size_t start = 0; start < 9; ++start)
    for (size_t n = 0; start + n <= data.size(); ++n)
      ASSERT_EQ(crc32(std::span(data).subspan(start, n)), crc32_bitwise(data.data() + start, n))
          << start << " " << n;
}

TEST(Crc32, PiecesChainToTheWhole) {
  std::vector<uint8_t> data = random_bytes(4096, 3);
  uint32_t whole = crc32(data);
  for (size_t piece : {1, 3, 7, 8, 9, 63, 1000}) {
    Crc32 c;
    uint32_t chained = 0;
    for (size_t at = 0; at < data.size(); at += piece) {
      auto part = std::span(data).subspan(at, std::min(piece, data.size() - at));
      c.update(part);
      chained = crc32(part, chained);
    }
    EXPECT_EQ(c.value(), whole) << piece;
    EXPECT_EQ(chained, whole) << piece;
  }
  Crc32 empty;
  EXPECT_EQ(empty.value(), 0u);
}

#if ZS_HAVE_ZLIB
TEST(Crc32, SameAsZlib) {
  for (uint32_t seed = 0; seed < 50; ++seed) {
    std::vector<uint8_t> data = random_bytes(1 + seed * 97 + seed % 8, seed);  // zlib: no buffer, 0
    uLong z = ::crc32(0L, data.data(), uInt(data.size()));
    EXPECT_EQ(crc32(data), uint32_t(z)) << seed;
    // Chained from a previous value, as zlib chains.
    EXPECT_EQ(crc32(data, 0x12345678),
              uint32_t(::crc32(0x12345678, data.data(), uInt(data.size()))));
  }
}
#endif

}  // namespace
}  // namespace zeekscope
