#include "flow/flow_key.h"

#include <bit>
#include <cstring>

namespace zeekscope::flow {

// Eight bytes at a time, each word multiplied in, finished with MurmurHash3's 64-bit mix (this
// runs for every packet).
size_t FlowKeyHash::operator()(const FlowKey& key) const {
  auto word = [](const uint8_t* p) {
    uint64_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
  };
  auto mix = [](uint64_t h, uint64_t v) {
    h ^= v * 0x9E3779B97F4A7C15ull;
    return std::rotl(h, 27) * 0xC2B2AE3D27D4EB4Full;
  };
  const uint8_t* a = key.a.bytes().data();
  const uint8_t* b = key.b.bytes().data();
  uint64_t h = 0x27D4EB2F165667C5ull ^ (uint64_t(key.a_port) << 24) ^ (uint64_t(key.b_port) << 8) ^
               key.protocol;
  h = mix(mix(mix(mix(h, word(a)), word(a + 8)), word(b)), word(b + 8));
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return size_t(h);
}

uint16_t icmp4_counterpart(uint8_t type, uint8_t code) {
  switch (type) {
    case 8:
      return 0;  // echo request / reply
    case 0:
      return 8;
    case 9:
      return 10;  // router advertisement / solicitation
    case 10:
      return 9;
    case 13:
      return 14;  // timestamp
    case 14:
      return 13;
    case 15:
      return 16;  // information
    case 16:
      return 15;
    case 17:
      return 18;  // address mask
    case 18:
      return 17;
    default:
      return code;
  }
}

uint16_t icmp6_counterpart(uint8_t type, uint8_t code) {
  switch (type) {
    case 128:
      return 129;  // echo request / reply
    case 129:
      return 128;
    case 133:
      return 134;  // router solicitation / advertisement
    case 134:
      return 133;
    case 135:
      return 136;  // neighbour solicitation / advertisement
    case 136:
      return 135;
    case 130:
      return 131;  // multicast listener query / report
    case 131:
      return 130;
    case 139:
      return 140;  // node information query / response
    case 140:
      return 139;
    case 141:
      return 142;  // inverse neighbour discovery
    case 142:
      return 141;
    default:
      return code;
  }
}

Endpoints endpoints_of(const packet::PacketView& view) {
  Endpoints e{view.src, view.dst, 0, 0, view.protocol};
  if (view.is_tcp() || view.is_udp()) {
    e.src_port = view.src_port;
    e.dst_port = view.dst_port;
  } else if (view.protocol == packet::ip_protocol::kIcmp) {
    e.src_port = view.icmp_type;
    e.dst_port = icmp4_counterpart(view.icmp_type, view.icmp_code);
  } else if (view.protocol == packet::ip_protocol::kIcmp6) {
    e.src_port = view.icmp_type;
    e.dst_port = icmp6_counterpart(view.icmp_type, view.icmp_code);
  }
  return e;
}

FlowKey key_of(const Endpoints& e) {
  bool swap = e.dst < e.src || (e.dst == e.src && e.dst_port < e.src_port);
  if (swap) return {e.dst, e.src, e.dst_port, e.src_port, e.protocol};
  return {e.src, e.dst, e.src_port, e.dst_port, e.protocol};
}

}  // namespace zeekscope::flow
