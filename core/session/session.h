#pragma once
// The streaming analysis API that the wasm bindings and the native CLI share:
//   1. create with a configuration; add indicator and whitelist sources (bytes);
//   2. for each input file (a Zeek log, or a pcap or pcapng capture: its first bytes decide):
//      begin_file, feed chunks of any size, end_file;
//   3. nameserver_queries() lists the domains IOC-06 needs; the host answers what it can with
//      set_nameservers() (or not at all: IOC-06 is then reported as not evaluated);
//   4. finish() runs the rules and returns the JSON report.
// It does no I/O of its own.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capture/aggregator.h"
#include "capture/capture.h"
#include "intel/feed_loader.h"
#include "log/input_reader.h"
#include "report/report.h"
#include "rules/config.h"
#include "rules/engine.h"

namespace zeekscope {

class SessionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Session {
 public:
  // Throws ConfigError for a bad configuration.
  explicit Session(std::string_view config_json = "", ToolInfo tool = {});
  explicit Session(Config config, ToolInfo tool = {});

  // Loads an indicator (or whitelist) source: see FeedLoader::load for `format` ("" to
  // recognise it by content, "auto-or-domains", a format name, or "text:<type>[/<tag>]").
  // Returns what it was read as, and an error message naming the source if it could not be
  // read; a failed source is listed in the report and the analysis goes on.
  FeedLoad add_indicators(std::string_view bytes, std::string_view source_name,
                          std::string_view format, SourceRole role,
                          const SourceDetails& details = {});
  // Whether a real indicator list (not only built-in or demo sets) gave an indicator.
  bool indicators_checked() const { return feeds_.real_indicators(); }
  FeedLoad add_indicators(std::string_view bytes, std::string_view source_name,
                          std::string_view format = "", bool whitelist = false) {
    return add_indicators(bytes, source_name, format,
                          whitelist ? SourceRole::kWhitelist : SourceRole::kIndicators);
  }

  void begin_file(std::string name);
  void feed(std::string_view chunk);
  void end_file();
  // Records a file the host could not read (or could only read in part), with the reason;
  // `limit` names the limit that stopped it (e.g. "max_gzip_ratio"), if one did.
  void file_error(std::string name, std::string reason, std::string_view limit = "");

  // The host's measure of the engine's heap in bytes (wasm: its memory size), checked against
  // limits.max_memory_mib as logs are read: past it, the file being read is cut short and
  // later files are not read. Without a probe only allocation failures stop a file.
  void set_memory_probe(std::function<uint64_t()> probe) { memory_probe_ = std::move(probe); }

  // One large log read by several sessions: the first reads the file's start as any file, and
  // when it reaches a part's boundary (a line's end) file_parts_can_follow() says whether later
  // parts can be read from the file's leading header alone; each other session reads one later
  // part with begin_file_part (then feed, end_file), given that header. Merging their states, in
  // order, after the first ended the file, adds each part to the file's statistics.
  void begin_file_part(std::string name, std::string_view header);
  bool file_parts_can_follow() const;
  // What the caller needs, besides file_parts_can_follow, to know that merging the parts gives
  // one reader's report: this session's counts that a limit caps (their sums across the parts
  // must stay within the caps, so no limit is met in a different place), and the time its
  // connections span (no kept time may fall out of a destination's span).
  struct PartsInfo {
    bool can_follow = false;
    std::optional<double> first_time, last_time;  // of its connections
    uint64_t destinations = 0, names = 0, originators = 0, memory_bytes = 0;
    uint64_t max_destinations = 0, max_names = 0, max_originators = 0, max_memory_bytes = 0;
    double max_time_span = 0;  // seconds
  };
  PartsInfo file_parts_info() const;

  // Parallel reading: a session that read some files exports its state (compact bytes), and
  // the session that will finish merges such states, in file order, before nameserver_queries.
  std::string export_state();
  void merge_state(std::string_view state);

  std::vector<std::string> nameserver_queries();
  void set_nameservers(std::string domain, std::vector<std::string> nameservers);
  // Records a lookup that failed (timeout, SERVFAIL, network error): counted in the coverage.
  void nameserver_failure(std::string domain, std::string reason);
  // Marks nameserver lookups as done even if no domain got an answer.
  void nameservers_done() { nameservers_supplied_ = true; }

  // Runs the rules and returns the report as JSON text; with a sink, the text goes to it in
  // pieces of about a MiB instead (and "" is returned), so it never sits whole in memory.
  std::string finish_json(TextSink sink = {});
  // The same, parsed (for callers that read it: tests, the text summary).
  nlohmann::ordered_json finish();

  // Where the time went (seconds), for benchmarks: reading and aggregating logs, the rules,
  // and writing the report.
  struct Timings {
    double logs = 0, rules = 0, report = 0;
  };
  const Timings& timings() const { return timings_; }

  const Config& config() const { return config_; }
  const std::vector<InputStats>& inputs() const { return inputs_; }

 private:
  RuleInputs rule_inputs() const;
  // Makes the reader for the file begun, once its first bytes say what it is.
  void start_reader(std::string_view first_bytes);
  void feed_reader(std::string_view chunk);
  void close_logs();
  void out_of_memory();
  std::string memory_reason() const;
  std::map<std::string, uint64_t> limit_hits() const;

  Config config_;
  ToolInfo tool_;
  Capture capture_;
  std::unique_ptr<Aggregator> aggregator_;
  std::unique_ptr<InputReader> reader_;
  std::optional<std::string> file_begun_;  // named, but not yet known to be a log or a capture
  std::string first_bytes_;                // of that file, until there are enough to tell
  FeedLoader feeds_;
  std::vector<InputStats> inputs_;
  NameserverAnswers nameservers_;
  std::map<std::string, std::string> nameserver_failures_;
  std::vector<std::string> ns_queries_;
  Timings timings_;
  bool logs_closed_ = false;
  bool nameservers_supplied_ = false;
  bool finished_ = false;
  std::function<uint64_t()> memory_probe_;
  uint64_t fed_since_probe_ = 0;
  bool memory_exhausted_ = false;  // no more log data is read
  bool skipping_file_ = false;     // the current file was stopped by the memory limit
};

}  // namespace zeekscope
