#pragma once
// The names Zeek's dns.log gives DNS numbers (scripts/base/protocols/dns/consts.zeek: query
// types, classes, response codes; opcodes as dns.log's opcode_name). A number without a name
// becomes "query-N", "qclass-N", "rcode-N" or "opcode-N", as in Zeek.
#include <cstdint>
#include <string>

namespace zeekscope::protocol {

namespace dns_type {
inline constexpr uint16_t kA = 1, kNs = 2, kCname = 5, kSoa = 6, kWks = 11, kPtr = 12, kHinfo = 13,
                          kMx = 15, kTxt = 16, kAaaa = 28, kLoc = 29, kSrv = 33, kNaptr = 35,
                          kA6 = 38, kOpt = 41, kDs = 43, kSshfp = 44, kRrsig = 46, kNsec = 47,
                          kDnskey = 48, kNsec3 = 50, kNsec3Param = 51, kSvcb = 64, kHttps = 65,
                          kSpf = 99, kTkey = 249, kTsig = 250, kAny = 255, kCaa = 257,
                          kBinds = 65534;
}
namespace dns_opcode {
inline constexpr uint8_t kQuery = 0, kNotify = 4, kUpdate = 5;
}
namespace dns_class {
inline constexpr uint16_t kInternet = 1, kNone = 254, kAny = 255;
}

std::string dns_qtype_name(uint16_t qtype);
std::string dns_qclass_name(uint16_t qclass);
std::string dns_rcode_name(uint16_t rcode);
std::string dns_opcode_name(uint8_t opcode);

}  // namespace zeekscope::protocol
