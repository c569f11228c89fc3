#include "common/sha1.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "common/hex.h"

namespace zeekscope {

const std::array<uint32_t, 5> Sha1Compression::kInitial = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu,
                                                           0x10325476u, 0xC3D2E1F0u};

void Sha1Compression::compress(std::array<uint32_t, 5>& state, const uint8_t* block) {
  uint32_t w[80];
  for (int t = 0; t < 16; ++t) w[t] = load_be32(block + 4 * t);
  for (int t = 16; t < 80; ++t) w[t] = std::rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
  for (int t = 0; t < 80; ++t) {
    uint32_t f, k;
    if (t < 20) {
      f = (b & c) | (~b & d);
      k = 0x5A827999u;
    } else if (t < 40) {
      f = b ^ c ^ d;
      k = 0x6ED9EBA1u;
    } else if (t < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8F1BBCDCu;
    } else {
      f = b ^ c ^ d;
      k = 0xCA62C1D6u;
    }
    uint32_t temp = std::rotl(a, 5) + f + e + k + w[t];
    e = d;
    d = c;
    c = std::rotl(b, 30);
    b = a;
    a = temp;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
}

Sha1::Digest sha1(std::span<const uint8_t> data) {
  Sha1 h;
  h.update(data);
  return h.finish();
}

std::string sha1_hex(std::span<const uint8_t> data) { return hex_lower(sha1(data)); }

}  // namespace zeekscope
