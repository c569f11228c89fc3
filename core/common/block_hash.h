#pragma once
// The frame SHA-1 and SHA-256 share (FIPS 180-4): the message in 64-byte blocks, each folded into
// a state of 32-bit words by the hash's compression function; the last block padded with 0x80,
// zeros and the message's length in bits (64-bit big-endian); the digest the state's words,
// big-endian. `Compression` gives the initial state (kInitial) and compress(state, block).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "common/byte_load.h"

namespace zeekscope {

template <typename Compression, size_t kWords>
class BlockHash {
 public:
  static constexpr size_t kDigestSize = 4 * kWords;
  using State = std::array<uint32_t, kWords>;
  using Digest = std::array<uint8_t, kDigestSize>;

  BlockHash() { reset(); }
  void reset() {
    state_ = Compression::kInitial;
    block_used_ = 0;
    total_bytes_ = 0;
  }
  void update(std::span<const uint8_t> data) {
    if (data.empty()) return;
    total_bytes_ += data.size();
    const uint8_t* p = data.data();
    size_t n = data.size();
    if (block_used_ > 0) {
      size_t take = std::min(n, block_.size() - block_used_);
      std::memcpy(block_.data() + block_used_, p, take);
      block_used_ += take;
      p += take;
      n -= take;
      if (block_used_ < block_.size()) return;
      Compression::compress(state_, block_.data());
      block_used_ = 0;
    }
    for (; n >= block_.size(); p += block_.size(), n -= block_.size())
      Compression::compress(state_, p);
    if (n > 0) std::memcpy(block_.data(), p, n);
    block_used_ = n;
  }
  // The digest of everything given since the last reset; the object is reset afterwards.
  Digest finish() {
    uint64_t bits = total_bytes_ * 8;
    uint8_t pad[72] = {0x80};
    size_t pad_len = (block_used_ < 56 ? 56 : 120) - block_used_;
    for (int i = 0; i < 8; ++i) pad[pad_len + size_t(i)] = uint8_t(bits >> (56 - 8 * i));
    update({pad, pad_len + 8});
    Digest out;
    for (size_t i = 0; i < kWords; ++i)
      for (size_t j = 0; j < 4; ++j) out[4 * i + j] = uint8_t(state_[i] >> (24 - 8 * j));
    reset();
    return out;
  }

 private:
  State state_{};
  std::array<uint8_t, 64> block_{};
  size_t block_used_ = 0;
  uint64_t total_bytes_ = 0;
};

}  // namespace zeekscope
