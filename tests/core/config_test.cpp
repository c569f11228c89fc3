#include "rules/config.h"

#include <gtest/gtest.h>

using namespace zeekscope;

TEST(Config, DefaultsPerProfile) {
  auto d = Config::from_json("");
  EXPECT_EQ(d.max_ports, 1024u);
  EXPECT_EQ(d.free_issuers, (std::vector<std::string>{"O=Let's Encrypt", "O=ZeroSSL"}));
  auto s = Config::from_json(R"({"profile":"tinycheck-2020"})");
  EXPECT_EQ(s.free_issuers[0], "CN=Let's Encrypt Authority X3,O=Let's Encrypt,C=US");
  auto j = d.to_json();
  std::vector<std::string> keys;
  for (auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"profile",
                                            "heuristics",
                                            "iocs",
                                            "whitelist",
                                            "max_ports",
                                            "http_default_port",
                                            "ssl_default_ports",
                                            "free_issuers",
                                            "max_alerts",
                                            "udp_expected_services",
                                            "udp_expected_ports",
                                            "push_ports",
                                            "raw_channel_min_connections",
                                            "platform_allowlist",
                                            "beacon_min_connections",
                                            "beacon_min_score",
                                            "beacon_moderate_contacts",
                                            "strobe_min_seconds",
                                            "long_channel_seconds",
                                            "channel_max_bytes_per_second",
                                            "dns_unique_names",
                                            "dns_random_names",
                                            "dns_label_min_length",
                                            "dns_label_min_entropy",
                                            "upload_min_bytes",
                                            "upload_ratio",
                                            "timeline_hosts",
                                            "timeline_points",
                                            "verify_checksums",
                                            "device",
                                            "limits"}));
}

TEST(Config, ErrorsNameTheKey) {
  auto message = [](const char* json) {
    try {
      Config::from_json(json);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(R"({"max_port": 10})"), "config key \"max_port\": unknown key");
  EXPECT_NE(message(R"({"max_ports": "10"})").find("\"max_ports\""), std::string::npos);
  EXPECT_NE(message(R"({"heuristics": 1})").find("\"heuristics\""), std::string::npos);
  EXPECT_NE(message(R"({"device": ["10.0.0.300"]})").find("\"device\""), std::string::npos);
  EXPECT_NE(message(R"({"profile": "tinycheck"})").find("\"profile\""), std::string::npos);
  EXPECT_NE(message(R"({"ssl_default_ports": [443, -1]})").find("ssl_default_ports"),
            std::string::npos);
  EXPECT_EQ(message("[1]"), "config: expected a JSON object");
  EXPECT_EQ(message("{"), "config: not valid JSON");
}
