#pragma once
// Runs the rules of one profile over a Capture with indicators, whitelist and nameserver
// answers, and returns the alerts, the coverage of every rule, and how each destination was
// classified. The engine never does I/O: nameserver answers are supplied by the host.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "capture/capture.h"
#include "intel/indicator_set.h"
#include "rules/alert.h"
#include "rules/config.h"
#include "rules/rule_table.h"

namespace zeekscope {

using NameserverAnswers = std::map<std::string, std::vector<std::string>>;

struct RuleCoverage {
  RuleId rule = RuleId::kProto01;
  std::string_view id;  // the rule's id, from the rule table
  bool evaluated = false;
  std::string reason;
};

// A destination as the report shows it (the default profile groups services as a set).
struct DestinationView {
  std::string ip;
  std::string proto;
  uint64_t port = 0;
  std::vector<std::string> services;
  std::string host;  // display name (seed profile: the seed's resolution)
  std::vector<std::string> names;
  bool whitelisted = false;
  // Default profile: traffic that came in to the phone (it sent nothing back), reported apart.
  bool inbound = false;
  uint64_t connections = 0, orig_bytes = 0, resp_bytes = 0;
  TimeRange time;
  std::vector<std::string_view> uids;  // the capture's own texts (it outlives the analysis)
  std::vector<uint32_t> sources;       // its capture.destinations (their connection times)
};

struct RuleInputs {
  const Capture& capture;
  const Config& config;
  const IndicatorSet& indicators;
  const IndicatorSet& whitelist;  // the built-in set is already in it for the default profile
  const std::vector<std::string>& source_names;
  const NameserverAnswers& nameservers;
  bool nameservers_supplied = false;
  TimeRange dns_span = {};  // first and last record time of the DNS logs, when known
};

struct Analysis {
  std::vector<Alert> alerts;
  std::vector<RuleCoverage> coverage;
  std::vector<DestinationView> destinations;
};

// The phone: the `device` addresses when given, else the address that opened the most
// connections in the capture (the capture is of one phone; ties go to the lower text).
std::vector<IpAddress> phone_addresses(const Capture& capture, const Config& config);

// The domains whose NS records IOC-06 needs (empty when it cannot use them).
std::vector<std::string> nameserver_queries(const RuleInputs& in);
Analysis run_rules(const RuleInputs& in);

// Profile implementations.
std::vector<std::string> default_nameserver_queries(const RuleInputs& in);
Analysis run_default_rules(const RuleInputs& in);
std::vector<std::string> seed_nameserver_queries(const RuleInputs& in);
Analysis run_seed_rules(const RuleInputs& in);

// Both profiles' last step: every alert worded by its rule, and the coverage of every rule
// (from the rule table: why a rule could not run on these inputs).
void finish_analysis(Analysis& out, AlertSet& alerts, const RuleInputs& in);

}  // namespace zeekscope
