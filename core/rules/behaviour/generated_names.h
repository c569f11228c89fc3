#pragma once
// BEH-03 (default profile): generated names. Many distinct names under one registrable domain,
// or many names carrying a long random-looking label, is how DNS tunnels (iodine, dnscat2) and
// beacons that encode data in the queried name look. Pure: the rule gives the capture's queried
// names (Capture::queries) and what to leave out; work and memory are linear in the names.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zeekscope {

// Shannon entropy of the label's bytes in bits per character: "aaaa" 0, "abab" 1, "abcd" 2.
double label_entropy(std::string_view label);

// One queried name, each name once (as Capture::queries holds them).
struct QueriedName {
  std::string_view name;  // normalised: lower case, no trailing dot
  uint64_t count = 0;     // its queries
  double first_ts = 0;    // its first query
};

// Defaults calibrated on the shared captures (docs/RULES.md, BEH-03). A 0 count turns its
// condition off.
struct GeneratedNameThresholds {
  uint64_t min_unique_names = 100;  // distinct names under one domain
  uint64_t min_random_names = 40;   // names with a long high-entropy label under one domain
  uint64_t min_label_length = 16;   // what a long label is, in characters
  double min_label_entropy = 3.5;   // what a high-entropy label is, in bits per character
};

struct GeneratedNamesFinding {
  static constexpr size_t kExamples = 5;
  std::string domain;         // the registrable domain
  uint64_t unique_names = 0;  // distinct names under it
  uint64_t random_names = 0;  // of them, names with a long high-entropy label
  uint64_t queries = 0;       // queries of all its names
  double first_ts = 0;        // the earliest first query of its names
  double last_ts = 0;         // the latest first query: when the last new name appeared
  // Up to kExamples names in text order: of the random ones when random_labels held.
  std::vector<std::string> examples;
  bool many_names = false;     // unique_names reached min_unique_names
  bool random_labels = false;  // random_names reached min_random_names
};

// Called with each name; true leaves it out (allow-listed, whitelisted).
using SkipName = std::function<bool(std::string_view name)>;

// Findings in domain order. Names with no registrable domain are left out, and so are reverse
// lookups (.arpa: their labels are address digits) and multicast DNS names (.local: they never
// leave the link). Only the labels left of the registrable domain are weighed: the payload of a
// tunnel is there, and a random-looking domain is one name, not many.
std::vector<GeneratedNamesFinding> find_generated_names(std::span<const QueriedName> names,
                                                        const GeneratedNameThresholds& thresholds,
                                                        const SkipName& skip);

}  // namespace zeekscope
