#include "flow/flow_uid.h"

namespace zeekscope::flow {
namespace {

uint64_t mix(uint64_t x) {  // splitmix64's finaliser
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

void base62(uint64_t value, int digits, std::string& out) {
  static constexpr char kDigits[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  for (int i = 0; i < digits; ++i) {
    out += kDigits[value % 62];
    value /= 62;
  }
}

}  // namespace

std::string make_uid(uint64_t seed, int64_t ts_us, const Endpoints& orig, uint64_t counter) {
  uint64_t h = mix(seed ^ mix(uint64_t(ts_us)) ^ mix(counter + 0x5EED));
  for (const IpAddress* ip : {&orig.src, &orig.dst}) {
    const auto& b = ip->bytes();
    for (size_t i = 0; i < 16; i += 8) {
      uint64_t word = 0;
      for (size_t k = 0; k < 8; ++k) word = (word << 8) | b[i + k];
      h = mix(h ^ word);
    }
  }
  h = mix(h ^ (uint64_t(orig.src_port) << 24 | uint64_t(orig.dst_port) << 8 | orig.protocol));
  uint64_t low = mix(h ^ 0xC0FFEE);
  std::string uid = "C";
  base62(h, 11, uid);         // 62^11 > 2^64
  base62(low >> 32, 6, uid);  // 62^6 > 2^32: 96 bits in all, like Zeek's
  return uid;
}

uint64_t file_uid_seed(std::string_view file_name) {
  size_t slash = file_name.find_last_of("/\\");
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  uint64_t hash = 0xcbf29ce484222325u;  // FNV-1a
  for (unsigned char c : file_name) hash = (hash ^ c) * 0x100000001b3u;
  return hash;
}

}  // namespace zeekscope::flow
