#pragma once
// Bytes as lower-case hexadecimal (fingerprints are written this way in Zeek's logs).
#include <cstdint>
#include <span>
#include <string>

namespace zeekscope {

inline std::string hex_lower(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0xf];
  }
  return out;
}

}  // namespace zeekscope
