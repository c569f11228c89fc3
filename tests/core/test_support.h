#pragma once
// Helpers shared by the core tests: paths to the repo and to ../shared/data, reading (and
// un-gzipping) files, and one-call analyses through the public Session API.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "log/record.h"
#include "session/session.h"

namespace zeekscope::test {

std::string source_dir();
// The path of ../shared/data beside the project, whether it exists or not (the tests that need
// it skip through ZS_REQUIRE_SHARED when it is absent).
std::string shared_data();
// Skips the current test, saying why, when `path` (under shared data) does not exist.
#define ZS_REQUIRE_SHARED(path)                                              \
  do {                                                                       \
    if (!::zeekscope::test::exists(path))                                    \
      GTEST_SKIP() << "shared test data not found: " << (path)               \
                   << " (the tests read ../shared/data beside the project)"; \
  } while (0)
bool exists(const std::string& path);
// The wasm build of the tests has no zlib (Emscripten ports are not reachable offline).
bool can_read_gzip();
#define ZS_REQUIRE_GZIP()                                                                     \
  do {                                                                                        \
    if (!::zeekscope::test::can_read_gzip())                                                  \
      GTEST_SKIP() << "gzip input is not readable in this build (no zlib in the wasm tests)"; \
  } while (0)
// The file's bytes, decompressed when it is gzip (native builds only).
std::string read_file(const std::string& path);
std::vector<std::string> list_files(const std::string& dir, bool recursive = true);

struct Log {
  std::string name;
  std::string content;
};
struct Feed {
  std::string name;
  std::string content;
  std::string format;  // "" to detect
  bool whitelist = false;
  bool error_expected = false;  // analyze() fails the test on a feed error unless this is set
};

// Runs a whole analysis in memory. `chunk` > 0 feeds each log in pieces of that size.
nlohmann::ordered_json analyze(const std::vector<Log>& logs, const std::vector<Feed>& feeds = {},
                               const std::string& config = "", size_t chunk = 0,
                               const std::map<std::string, std::vector<std::string>>* ns = nullptr);
// A report without its tool field (the only part that may differ between two runs or engines).
std::string without_tool(nlohmann::ordered_json report);
// Alerts as sorted (id, level, host) triples.
std::vector<std::tuple<std::string, std::string, std::string>> alert_triples(
    const nlohmann::ordered_json& report);
bool has_alert(const nlohmann::ordered_json& report, const std::string& id, const std::string& host,
               const std::string& level = "");
const nlohmann::ordered_json& coverage_of(const nlohmann::ordered_json& report,
                                          const std::string& rule);

// Builds a Zeek TSV log with the default header for `path`, `fields` and `types`.
std::string tsv(const std::string& path, const std::vector<std::string>& fields,
                const std::vector<std::string>& types, const std::vector<std::string>& rows);
// Minimal realistic logs for rule tests (Zeek 3.x default columns).
std::string conn_log(
    const std::vector<std::string>& rows);  // "ts uid orig resp port proto service"
// conn.log with byte counts: "ts|uid|orig|resp|port|proto|service|orig_bytes|resp_bytes".
std::string conn_log_bytes(const std::vector<std::string>& rows);
std::string dns_log(const std::vector<std::string>& rows);  // "ts query qtype answers"
std::string ssl_log(
    const std::vector<std::string>& rows);  // "ts resp port sni issuer subject status"

// Reads one whole log with a LogReader into `out` and returns the reader's statistics.
class RecordCollector;
InputStats read_log(const std::string& name, const std::string& text, RecordCollector& out);

// Keeps every record a reader hands over: its kind and, per set field, its values.
class RecordCollector : public RecordSink {
 public:
  struct Collected {
    LogKind kind;
    std::map<Field, std::vector<std::string>> values;  // absent key: unset
  };
  Refusal on_record(const Record& r) override;
  std::vector<Collected> records;
};

}  // namespace zeekscope::test
