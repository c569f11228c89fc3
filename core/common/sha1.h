#pragma once
// SHA-1 (FIPS 180-4), for certificate fingerprints. Written here because no SHA-1 from Debian's
// or npm's packages builds for both the native and the wasm core without OpenSSL (see
// docs/CAPTURES.md, "Certificates"). Not constant-time: it only hashes public data.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "common/block_hash.h"

namespace zeekscope {

struct Sha1Compression {
  static const std::array<uint32_t, 5> kInitial;
  static void compress(std::array<uint32_t, 5>& state, const uint8_t* block);
};
using Sha1 = BlockHash<Sha1Compression, 5>;

Sha1::Digest sha1(std::span<const uint8_t> data);
std::string sha1_hex(std::span<const uint8_t> data);  // lower-case hex

}  // namespace zeekscope
