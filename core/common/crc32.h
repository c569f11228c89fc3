#pragma once
// CRC-32 as zlib's crc32() and Ethernet's FCS compute it: reflected, polynomial 0xEDB88320,
// initial value and final xor all ones. Sixteen bytes a step through sixteen tables
// (slicing-by-16; 16 KiB of tables, built at compile time).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace zeekscope {

// The CRC of `previous`'s bytes followed by `bytes`; `previous` is 0 for the first piece, else
// the value returned for the bytes before (as zlib's crc32(crc, buf, len) chains).
uint32_t crc32(std::span<const uint8_t> bytes, uint32_t previous = 0);

inline uint32_t crc32(std::string_view bytes, uint32_t previous = 0) {
  return crc32({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()}, previous);
}

// The same, one piece at a time.
class Crc32 {
 public:
  void update(std::span<const uint8_t> bytes) { value_ = crc32(bytes, value_); }
  void update(std::string_view bytes) { value_ = crc32(bytes, value_); }
  uint32_t value() const { return value_; }

 private:
  uint32_t value_ = 0;
};

}  // namespace zeekscope
