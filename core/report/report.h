#pragma once
// The versioned JSON report of RULES.md section 8, with a stable key order, and a plain-text
// rendering of it for terminals.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "intel/indicator.h"
#include "log/input_stats.h"
#include "report/json_writer.h"
#include "rules/config.h"
#include "rules/engine.h"

namespace zeekscope {

inline constexpr const char* kReportSchema = "zeekscope-report/1";

struct ToolInfo {
  std::string name = "zeekscope";
  std::string version;
  std::string engine;  // "native" or "wasm"
};

struct ReportInputs {
  const ToolInfo& tool;
  const Config& config;
  const std::vector<InputStats>& inputs;
  const std::vector<IndicatorSource>& sources;  // indexed by source id
  const Capture& capture;
  const Analysis& analysis;
  size_t nameserver_domains = 0;                    // domains IOC-06 asked about
  size_t nameserver_answered = 0;                   // of which answers were supplied
  size_t nameserver_failed = 0;                     // of which the lookup failed
  std::map<std::string, uint64_t> limit_hits = {};  // limit name -> items it left out
  // A real indicator list (not only the built-in and demo sets) gave at least one indicator.
  bool indicators_checked = false;
};

// The report as JSON text; invalid UTF-8 from the logs is replaced, never fatal. With a sink,
// the text goes to it in pieces and "" is returned.
std::string build_report(const ReportInputs& in, TextSink sink = {});
// Serialises a report document (as parsed back by nlohmann) the same way.
std::string dump_report(const nlohmann::ordered_json& report);
// An app of a PCAPdroid capture as people read it: "Example Sync (com.example.sync, uid 10234)".
std::string app_display_text(const nlohmann::ordered_json& app);
// Whether a document nests at most `max_depth` arrays and objects deep. Reports are shallow; the
// functions that take any document a host gives them (redaction, the case file, the text
// summary) refuse deeper ones rather than recurse without bound.
inline constexpr size_t kMaxReportDepth = 64;
bool nested_within(const nlohmann::ordered_json& doc, size_t max_depth);
// A readable summary for a terminal.
std::string text_report(const nlohmann::ordered_json& report);

}  // namespace zeekscope
