#pragma once
// SHA-256 (FIPS 180-4), for certificate fingerprints (Zeek's x509.log `fingerprint` and ssl.log
// `cert_chain_fps`). Written here for the reason given in sha1.h. Not constant-time: it only
// hashes public data.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "common/block_hash.h"

namespace zeekscope {

struct Sha256Compression {
  static const std::array<uint32_t, 8> kInitial;
  static void compress(std::array<uint32_t, 8>& state, const uint8_t* block);
};
using Sha256 = BlockHash<Sha256Compression, 8>;

Sha256::Digest sha256(std::span<const uint8_t> data);
std::string sha256_hex(std::span<const uint8_t> data);  // lower-case hex

}  // namespace zeekscope
