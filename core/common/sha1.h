#pragma once
// SHA-1 (FIPS 180-4), for certificate fingerprints. Written here because no SHA-1 from Debian's
// or npm's packages builds for both the native and the wasm core without OpenSSL (see
// docs/CAPTURES.md, "Certificates"). Not constant-time: it only hashes public data.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace zeekscope {

class Sha1 {
 public:
  static constexpr size_t kDigestSize = 20;
  using Digest = std::array<uint8_t, kDigestSize>;

  Sha1() { reset(); }
  void reset();
  void update(std::span<const uint8_t> data);
  // The digest of everything given since the last reset; the object is reset afterwards.
  Digest finish();

 private:
  void compress(const uint8_t* block);
  std::array<uint32_t, 5> state_{};
  std::array<uint8_t, 64> block_{};
  size_t block_used_ = 0;
  uint64_t total_bytes_ = 0;
};

Sha1::Digest sha1(std::span<const uint8_t> data);
std::string sha1_hex(std::span<const uint8_t> data);  // lower-case hex

}  // namespace zeekscope
