#pragma once
// Every rule, declared once: its id, levels, what it checks, the inputs it needs and the reason
// reported when they are missing, its configuration keys, and its wording. Both profiles'
// logic (default_rules.cpp, seed_rules.cpp) raises alerts by RuleId; the coverage check, the
// report and the README's rule table read this table. Adding a rule: one entry in
// rule_table.cpp, one function in each profile that has it, and its tests.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "intel/indicator.h"
#include "rules/alert.h"
#include "rules/config.h"
#include "rules/rule_id.h"

namespace zeekscope {

// Which switch of the configuration turns a rule off.
enum class RuleKind : uint8_t { kHeuristic, kIndicator, kAdvice };

// What the coverage check knows of the capture and the loaded indicators.
struct CoverageFacts {
  const Config& config;
  bool seed = false;  // the tinycheck-2020 profile
  uint64_t conn = 0, dns = 0, ssl = 0, http = 0;
  std::array<size_t, kIocTypeCount> indicators{};
  bool certificate_files = false;     // files.log certificates (any type)
  bool ca_certificate_files = false;  // files.log application/x-x509-ca-cert
  bool chain_fingerprints = false;    // a TLS session's chain has a known fingerprint
  bool chain_sha1 = false;            // ... and one of them is a SHA-1
  bool leaf_names = false;            // a server certificate's issuer is known (any era)
  bool ssl_issuer_column = false;     // ssl.log's own issuer column (before Zeek 4.1)
  bool nameservers_supplied = false;

  size_t count(IocType t) const { return indicators[size_t(t)]; }
};

// What an alert's wording may use besides its evidence.
struct WordingContext {
  const Config& config;
  const std::vector<std::string>& source_names;  // indexed by an indicator's source
};

struct RuleSpec {
  RuleId rule;
  std::string_view id;
  std::string_view name;  // what the rule is called
  RuleKind kind;
  bool in_seed;       // part of the tinycheck-2020 profile
  Level level;        // in the default profile
  Level seed_level;   // in tinycheck-2020
  Level lower_level;  // when `lower_when` holds (else the same as level)
  std::string_view lower_when;
  std::string_view checks;       // what it checks, in the default profile
  std::string_view needs;        // the logs and fields it reads
  std::string_view config_keys;  // the settings it reads, besides its kind's switch
  // Why it cannot run on these inputs ("" when it can); its kind's switch is checked first.
  std::string (*missing)(const CoverageFacts&);
  // Fills the alert's title and description from its final evidence.
  void (*describe)(Alert&, const WordingContext&);
};

std::span<const RuleSpec> rule_table();
const RuleSpec& rule_spec(RuleId rule);

// Why a rule cannot run ("" when it can), its switch included.
std::string rule_missing_inputs(const RuleSpec& spec, const CoverageFacts& facts);

// The README's rule table (Markdown rows with their header), generated from rule_table().
std::string rule_table_markdown();

}  // namespace zeekscope
