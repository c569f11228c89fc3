#include "flow/flow_config.h"

namespace zeekscope::flow {

std::set<uint32_t> default_likely_server_ports() {
  constexpr uint8_t kTcp = 6, kUdp = 17;
  std::set<uint32_t> ports;
  for (uint16_t p : {21,   22,   23,   25,   80,   81,   88,   110,  135,  139,  143,   389,
                     443,  445,  465,  502,  563,  585,  587,  614,  631,  636,  989,   990,
                     992,  993,  995,  1080, 1883, 2811, 3128, 3268, 3306, 3389, 5222,  5223,
                     5269, 5432, 6379, 6666, 6667, 6668, 6669, 8000, 8080, 8888, 20000, 53})
    ports.insert(port_key(kTcp, p));
  for (uint16_t p : {53,   67,   88,   123,  137,   161,  162,  389,  443,  514,  1812,
                     3389, 5060, 5353, 5355, 20000, 2123, 2152, 3544, 4789, 5072, 6081})
    ports.insert(port_key(kUdp, p));
  return ports;
}

std::set<uint16_t> default_dns_ports() { return {53, 137, 5353, 5355}; }

}  // namespace zeekscope::flow
