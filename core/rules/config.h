#pragma once
// The analysis configuration of RULES.md section 6. Every key is optional; an unknown key or a
// value of the wrong type is an error that names the key.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/ip_address.h"

namespace zeekscope {

enum class Profile { kDefault, kTinyCheck2020 };
std::string_view profile_name(Profile p);

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Resource limits (not in RULES.md: zeekscope's own). Hitting one skips what is over it, counts
// it under the limit's name in the report's `limits_reached`, and keeps the rest.
struct Limits {
  uint64_t max_line_bytes = 16u << 20;         // a longer line is skipped
  uint64_t max_fields = 1024;                  // per #fields header or JSON object
  uint64_t max_destinations = 500000;          // distinct (address, proto, port, service)
  uint64_t max_names = 2000000;                // distinct names, addresses and certificate texts
  uint64_t max_connection_times = 250000;      // connection times kept for behaviour rules
  uint64_t max_times_per_destination = 20000;  // ... per destination
  uint64_t max_indicators = 2000000;           // over all indicator and whitelist sources
  uint64_t max_gzip_ratio = 250;               // decompressed : compressed, checked past 64 MiB out
  uint64_t max_memory_mib = 1536;              // engine heap, where the host can measure it
  // Packet captures.
  uint64_t max_capture_packet_bytes = 1u << 20;  // a larger pcap record or pcapng block is skipped
  uint64_t max_flows = 100000;                   // connections held at once (oldest ended early)
  uint64_t max_fragment_bytes = 4u << 20;        // IP fragments held for reassembly
  uint64_t max_stream_bytes = 64u << 20;         // TCP and DNS content held, all connections

  void apply(const nlohmann::json& object);  // throws ConfigError naming the key
  nlohmann::ordered_json to_json() const;
};

struct Config {
  Profile profile = Profile::kDefault;
  bool heuristics = true;
  bool iocs = true;
  bool whitelist = true;
  uint64_t max_ports = 1024;
  uint64_t http_default_port = 80;
  std::vector<uint64_t> ssl_default_ports{443, 465, 636, 989, 990, 993, 995, 5223};
  std::vector<std::string> free_issuers;  // filled from the profile unless given
  uint64_t max_alerts = 3;
  std::vector<std::string> udp_expected_services{"dns", "ntp", "quic", "gquic", "dhcp"};
  // Default profile: UDP ports every phone uses (QUIC, NetBIOS, SSDP, STUN/TURN, mDNS, LLMNR,
  // Google's STUN), which are not unusual traffic even when Zeek named no service.
  std::vector<uint64_t> udp_expected_ports{80,    443,   137,   138,   1900,  3478,
                                           3479,  5349,  5353,  5355,  19302, 19303,
                                           19304, 19305, 19306, 19307, 19308, 19309};
  // Default profile: the platforms' push ports (Apple 5223, Google 5228-5230), expected to the
  // platforms' own names (iocs/builtin/platform-services.txt).
  std::vector<uint64_t> push_ports{5223, 5228, 5229, 5230};
  uint64_t raw_channel_min_connections = 3;  // BEH-05
  // The behaviour rules (BEH-01 to BEH-04, BEH-06; docs/RULES.md has their formulas).
  bool platform_allowlist = true;  // the platforms' own services (built-in list) never fire them
  uint64_t beacon_min_connections = 4;  // BEH-01
  double beacon_min_score = 0.8;
  uint64_t beacon_moderate_contacts = 24;  // fewer contacts: Low (a short series proves less)
  uint64_t strobe_min_seconds = 600;
  uint64_t long_channel_seconds = 3600;  // BEH-02
  uint64_t channel_max_bytes_per_second = 1000;
  uint64_t dns_unique_names = 100;  // BEH-03
  uint64_t dns_random_names = 40;
  uint64_t dns_label_min_length = 16;
  double dns_label_min_entropy = 3.5;
  uint64_t upload_min_bytes = 5000000;  // BEH-04
  double upload_ratio = 3;
  // The report's timeline: the leading hosts drawn, and the points kept per host.
  uint64_t timeline_hosts = 10;
  uint64_t timeline_points = 1000;
  // Packet captures: false (the default) reads packets whatever their checksums say, since a
  // capture made on the sending machine holds checksums its network card fills in later; true
  // drops them as Zeek does by default.
  bool verify_checksums = false;
  std::vector<std::string> device;  // as given
  std::vector<IpAddress> device_ips;
  Limits limits;

  // Parses a JSON document; "" gives the defaults. Throws ConfigError.
  static Config from_json(std::string_view text);
  // Applies one JSON object on top of this configuration.
  void apply(const nlohmann::json& object);
  // Fills what depends on the profile (free_issuers) when it was not given.
  void finalize();
  nlohmann::ordered_json to_json() const;

 private:
  bool free_issuers_given_ = false;
  bool ssl_default_ports_given_ = false;
};

}  // namespace zeekscope
