#pragma once
// SHA-256 (FIPS 180-4), for certificate fingerprints (Zeek's x509.log `fingerprint` and ssl.log
// `cert_chain_fps`). Written here for the reason given in sha1.h. Not constant-time: it only
// hashes public data.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace zeekscope {

class Sha256 {
 public:
  static constexpr size_t kDigestSize = 32;
  using Digest = std::array<uint8_t, kDigestSize>;

  Sha256() { reset(); }
  void reset();
  void update(std::span<const uint8_t> data);
  // The digest of everything given since the last reset; the object is reset afterwards.
  Digest finish();

 private:
  void compress(const uint8_t* block);
  std::array<uint32_t, 8> state_{};
  std::array<uint8_t, 64> block_{};
  size_t block_used_ = 0;
  uint64_t total_bytes_ = 0;
};

Sha256::Digest sha256(std::span<const uint8_t> data);
std::string sha256_hex(std::span<const uint8_t> data);  // lower-case hex

}  // namespace zeekscope
