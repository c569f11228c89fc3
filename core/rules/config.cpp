#include "rules/config.h"

#include <algorithm>
#include <cstdio>

namespace zeekscope {
namespace {

const std::vector<std::string> kDefaultFreeIssuers{"O=Let's Encrypt", "O=ZeroSSL"};
const std::vector<std::string> kSeedFreeIssuers{
    "CN=Let's Encrypt Authority X3,O=Let's Encrypt,C=US",
    "CN=ZeroSSL RSA Domain Secure Site CA,O=ZeroSSL,C=AT"};

[[noreturn]] void bad(const std::string& key, const std::string& what) {
  throw ConfigError("config key \"" + key + "\": " + what);
}

bool get_bool(const nlohmann::json& v, const std::string& key) {
  if (!v.is_boolean()) bad(key, "expected true or false");
  return v.get<bool>();
}

uint64_t get_uint(const nlohmann::json& v, const std::string& key, uint64_t max) {
  if (!v.is_number_unsigned()) bad(key, "expected a whole number from 0 to " + std::to_string(max));
  uint64_t n = v.get<uint64_t>();
  if (n > max) bad(key, "expected a whole number from 0 to " + std::to_string(max));
  return n;
}

double get_number(const nlohmann::json& v, const std::string& key, double min, double max) {
  auto range = [&] {
    char text[96];
    std::snprintf(text, sizeof text, "expected a number from %g to %g", min, max);
    return std::string(text);
  };
  if (!v.is_number()) bad(key, range());
  double n = v.get<double>();
  if (!(n >= min && n <= max)) bad(key, range());
  return n;
}

// A whole number from 1 to max.
uint64_t get_count(const nlohmann::json& v, const std::string& key, uint64_t max) {
  uint64_t n = get_uint(v, key, max);
  if (n == 0) bad(key, "expected a whole number from 1 to " + std::to_string(max));
  return n;
}

std::vector<std::string> get_strings(const nlohmann::json& v, const std::string& key) {
  if (!v.is_array()) bad(key, "expected a list of strings");
  std::vector<std::string> out;
  for (const auto& e : v) {
    if (!e.is_string()) bad(key, "expected a list of strings");
    out.push_back(e.get<std::string>());
  }
  return out;
}

}  // namespace

std::string_view profile_name(Profile p) {
  return p == Profile::kDefault ? "default" : "tinycheck-2020";
}

Config Config::from_json(std::string_view text) {
  Config c;
  if (!text.empty()) {
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded()) throw ConfigError("config: not valid JSON");
    c.apply(doc);
  }
  c.finalize();
  return c;
}

void Config::apply(const nlohmann::json& doc) {
  if (!doc.is_object()) throw ConfigError("config: expected a JSON object");
  for (const auto& [key, v] : doc.items()) {
    if (key == "profile") {
      if (!v.is_string()) bad(key, "expected \"default\" or \"tinycheck-2020\"");
      std::string p = v.get<std::string>();
      if (p == "default")
        profile = Profile::kDefault;
      else if (p == "tinycheck-2020")
        profile = Profile::kTinyCheck2020;
      else
        bad(key, "expected \"default\" or \"tinycheck-2020\", got \"" + p + "\"");
    } else if (key == "heuristics") {
      heuristics = get_bool(v, key);
    } else if (key == "verify_checksums") {
      verify_checksums = get_bool(v, key);
    } else if (key == "iocs") {
      iocs = get_bool(v, key);
    } else if (key == "whitelist") {
      whitelist = get_bool(v, key);
    } else if (key == "max_ports") {
      max_ports = get_uint(v, key, 65536);
    } else if (key == "http_default_port") {
      http_default_port = get_uint(v, key, 65535);
    } else if (key == "ssl_default_ports") {
      if (!v.is_array()) bad(key, "expected a list of port numbers");
      ssl_default_ports.clear();
      for (const auto& e : v) ssl_default_ports.push_back(get_uint(e, key, 65535));
      ssl_default_ports_given_ = true;
    } else if (key == "free_issuers") {
      free_issuers = get_strings(v, key);
      free_issuers_given_ = true;
    } else if (key == "max_alerts") {
      max_alerts = get_uint(v, key, 1000);
      if (max_alerts == 0) bad(key, "expected a whole number from 1 to 1000");
    } else if (key == "udp_expected_services") {
      udp_expected_services = get_strings(v, key);
    } else if (key == "udp_expected_ports" || key == "push_ports") {
      if (!v.is_array()) bad(key, "expected a list of port numbers");
      auto& ports = key == "push_ports" ? push_ports : udp_expected_ports;
      ports.clear();
      for (const auto& e : v) ports.push_back(get_uint(e, key, 65535));
    } else if (key == "raw_channel_min_connections") {
      raw_channel_min_connections = get_uint(v, key, 1000000);
      if (raw_channel_min_connections == 0) bad(key, "expected a whole number from 1 to 1000000");
    } else if (key == "platform_allowlist") {
      platform_allowlist = get_bool(v, key);
    } else if (key == "beacon_min_connections") {
      beacon_min_connections = get_uint(v, key, 1000000);
      if (beacon_min_connections < 3) bad(key, "expected a whole number from 3 to 1000000");
    } else if (key == "beacon_min_score") {
      beacon_min_score = get_number(v, key, 0, 1);
    } else if (key == "beacon_moderate_contacts") {
      beacon_moderate_contacts = get_count(v, key, 1000000);
    } else if (key == "strobe_min_seconds") {
      strobe_min_seconds = get_count(v, key, 31536000);
    } else if (key == "long_channel_seconds") {
      long_channel_seconds = get_count(v, key, 31536000);
    } else if (key == "channel_max_bytes_per_second") {
      channel_max_bytes_per_second = get_count(v, key, uint64_t(1) << 40);
    } else if (key == "dns_unique_names") {
      dns_unique_names = get_count(v, key, 100000000);
    } else if (key == "dns_random_names") {
      dns_random_names = get_count(v, key, 100000000);
    } else if (key == "dns_label_min_length") {
      dns_label_min_length = get_count(v, key, 63);
    } else if (key == "dns_label_min_entropy") {
      dns_label_min_entropy = get_number(v, key, 0, 8);
    } else if (key == "upload_min_bytes") {
      upload_min_bytes = get_count(v, key, uint64_t(1) << 50);
    } else if (key == "upload_ratio") {
      upload_ratio = get_number(v, key, 0, 1e6);
    } else if (key == "timeline_hosts") {
      timeline_hosts = get_uint(v, key, 1000);
    } else if (key == "timeline_points") {
      timeline_points = get_count(v, key, 100000);
    } else if (key == "device") {
      std::vector<std::string> list;
      if (v.is_string())
        list.push_back(v.get<std::string>());
      else
        list = get_strings(v, key);
      device.clear();
      device_ips.clear();
      for (const auto& s : list) {
        auto ip = IpAddress::parse(s);
        if (!ip) bad(key, "\"" + s + "\" is not an IP address");
        device.push_back(s);
        device_ips.push_back(*ip);
      }
    } else if (key == "limits") {
      limits.apply(v);
    } else {
      bad(key, "unknown key");
    }
  }
}

void Limits::apply(const nlohmann::json& doc) {
  if (!doc.is_object()) bad("limits", "expected an object");
  constexpr uint64_t kMax = uint64_t(1) << 40;
  for (const auto& [key, v] : doc.items()) {
    const std::string name = "limits." + key;
    uint64_t* target = key == "max_line_bytes"              ? &max_line_bytes
                       : key == "max_fields"                ? &max_fields
                       : key == "max_destinations"          ? &max_destinations
                       : key == "max_names"                 ? &max_names
                       : key == "max_connection_times"      ? &max_connection_times
                       : key == "max_times_per_destination" ? &max_times_per_destination
                       : key == "max_indicators"            ? &max_indicators
                       : key == "max_gzip_ratio"            ? &max_gzip_ratio
                       : key == "max_memory_mib"            ? &max_memory_mib
                       : key == "max_capture_packet_bytes"  ? &max_capture_packet_bytes
                       : key == "max_flows"                 ? &max_flows
                       : key == "max_fragment_bytes"        ? &max_fragment_bytes
                       : key == "max_stream_bytes"          ? &max_stream_bytes
                                                            : nullptr;
    if (!target) bad(name, "unknown key");
    uint64_t n = get_uint(v, name, kMax);
    if (n == 0) bad(name, "expected a whole number from 1 to " + std::to_string(kMax));
    *target = n;
  }
}

nlohmann::ordered_json Limits::to_json() const {
  return {{"max_line_bytes", max_line_bytes},
          {"max_fields", max_fields},
          {"max_destinations", max_destinations},
          {"max_names", max_names},
          {"max_connection_times", max_connection_times},
          {"max_times_per_destination", max_times_per_destination},
          {"max_indicators", max_indicators},
          {"max_gzip_ratio", max_gzip_ratio},
          {"max_memory_mib", max_memory_mib},
          {"max_capture_packet_bytes", max_capture_packet_bytes},
          {"max_flows", max_flows},
          {"max_fragment_bytes", max_fragment_bytes},
          {"max_stream_bytes", max_stream_bytes}};
}

void Config::finalize() {
  if (!free_issuers_given_)
    free_issuers = profile == Profile::kDefault ? kDefaultFreeIssuers : kSeedFreeIssuers;
  // DNS over TLS (853) is every Android phone's "Private DNS": not an unusual TLS port.
  if (!ssl_default_ports_given_ && profile == Profile::kDefault &&
      std::find(ssl_default_ports.begin(), ssl_default_ports.end(), 853) == ssl_default_ports.end())
    ssl_default_ports.push_back(853);
}

nlohmann::ordered_json Config::to_json() const {
  nlohmann::ordered_json j;
  j["profile"] = profile_name(profile);
  j["heuristics"] = heuristics;
  j["iocs"] = iocs;
  j["whitelist"] = whitelist;
  j["max_ports"] = max_ports;
  j["http_default_port"] = http_default_port;
  j["ssl_default_ports"] = ssl_default_ports;
  j["free_issuers"] = free_issuers;
  j["max_alerts"] = max_alerts;
  j["udp_expected_services"] = udp_expected_services;
  j["udp_expected_ports"] = udp_expected_ports;
  j["push_ports"] = push_ports;
  j["raw_channel_min_connections"] = raw_channel_min_connections;
  j["platform_allowlist"] = platform_allowlist;
  j["beacon_min_connections"] = beacon_min_connections;
  j["beacon_min_score"] = beacon_min_score;
  j["beacon_moderate_contacts"] = beacon_moderate_contacts;
  j["strobe_min_seconds"] = strobe_min_seconds;
  j["long_channel_seconds"] = long_channel_seconds;
  j["channel_max_bytes_per_second"] = channel_max_bytes_per_second;
  j["dns_unique_names"] = dns_unique_names;
  j["dns_random_names"] = dns_random_names;
  j["dns_label_min_length"] = dns_label_min_length;
  j["dns_label_min_entropy"] = dns_label_min_entropy;
  j["upload_min_bytes"] = upload_min_bytes;
  j["upload_ratio"] = upload_ratio;
  j["timeline_hosts"] = timeline_hosts;
  j["timeline_points"] = timeline_points;
  j["verify_checksums"] = verify_checksums;
  j["device"] = device;
  j["limits"] = limits.to_json();
  return j;
}

}  // namespace zeekscope
