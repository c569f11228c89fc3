#include "report/input_notes.h"

#include <cstdint>

namespace zeekscope {

namespace {
// Fewer connections than this say too little to remark on the absence of DNS.
constexpr uint64_t kConnectionsForDnsNote = 20;

uint64_t made(const InputStats& s, const char* type) {
  auto it = s.records_made.find(type);
  return it == s.records_made.end() ? 0 : it->second;
}

bool raw_ip(const InputStats& s) {
  for (const auto& t : s.link_types)
    if (t.rfind("raw IP", 0) == 0) return true;
  return false;
}
}  // namespace

std::vector<std::string> input_notes(const std::vector<InputStats>& inputs) {
  uint64_t captures = 0, logs = 0, connections = 0, dns = 0, dns_logs = 0;
  bool raw = false;
  for (const auto& s : inputs) {
    if (s.log_type == "capture") {
      ++captures;
      connections += made(s, "conn");
      dns += made(s, "dns");
      raw = raw || raw_ip(s);
    } else if (!s.not_a_log) {
      ++logs;
      dns_logs += s.log_type == "dns";
    }
  }
  std::vector<std::string> notes;
  if (captures && logs)
    notes.push_back(
        "Read " + std::to_string(captures) + " packet capture" + (captures == 1 ? "" : "s") +
        " and " + std::to_string(logs) + " Zeek log" + (logs == 1 ? "" : "s") +
        " together, as one capture: their records were pooled. If the logs were made from the "
        "same capture, its connections are counted twice.");
  if (connections >= kConnectionsForDnsNote && dns == 0 && dns_logs == 0)
    notes.push_back(
        "The capture holds " + std::to_string(connections) +
        " connections but no DNS lookup: the phone may use encrypted DNS (Android's Private DNS, "
        "DNS over HTTPS) or a VPN, which hide the names it looks up. Destinations were judged by "
        "their addresses and the names their TLS connections give.");
  if (raw)
    notes.push_back(
        "The capture has no link layer (raw IP), as phone capture apps such as PCAPdroid write "
        "it. In PCAPdroid's VPN mode the IP and TCP headers are made up around the real "
        "payloads: addresses, ports, names and byte counts are real, while TCP handshake states "
        "and packet timings are approximate.");
  return notes;
}

}  // namespace zeekscope
