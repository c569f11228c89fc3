#pragma once
// The case file: a report made to hand to someone who helps the phone's owner (a shelter
// worker, a helpline, a lawyer). One self-contained HTML page (no script, no request, a strict
// Content-Security-Policy, printable and readable on a phone) with the verdict and what it
// means, the findings that matter first with their timeline, the indicator lists used with their
// dates and licences, what the check could not see, the capture's time span, and the SHA-256 of
// each input file; and its JSON, the report with those facts added.
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace zeekscope {

// What the host knows that the report does not: each input file's name (as the report names
// it) and the SHA-256 (lower-case hex) of its bytes as they were on disk ("" where unknown), in
// the report's input order; and when the case file was made (ISO 8601, UTC).
struct CaseFacts {
  std::vector<std::pair<std::string, std::string>> inputs;
  std::string created;
};

// Adds the facts to a report document: inputs[].sha256 (only on the input of that name) and
// case_file.created.
void add_case_facts(nlohmann::ordered_json& report, const CaseFacts& facts);

// The case file's HTML for a report document (redacted or not). Every value from the report is
// escaped: capture content is hostile.
std::string case_file_html(const nlohmann::ordered_json& report);

}  // namespace zeekscope
