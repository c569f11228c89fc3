// The JSON log reader alone: each line through the flat fast path (or RapidJSON's in-situ SAX
// parser and the flattening of nested objects), then the aggregation (with small limits, so
// refusals are met too). Each line is also read with the fast path off: the two must agree.
#include <cstdlib>
#include <string>
#include <vector>

#include "capture/aggregator.h"
#include "common/text.h"
#include "fuzz_support.h"
#include "log/json_parser.h"

namespace {

using namespace zeekscope;

// What a parse gave: the verdict, and for a record its kind, set fields with their items, and
// its keys, flattened into strings.
std::vector<std::string> outcome(bool ok, const Record& r, const JsonParser& parser) {
  std::vector<std::string> out{ok ? "ok" : "refused"};
  if (!ok) return out;
  out.push_back(std::to_string(int(r.kind())));
  for (size_t f = 0; f < kFieldCount; ++f) {
    auto v = r.get(Field(f));
    if (!v.set) continue;
    out.push_back("field " + std::to_string(f));
    for (auto item : v.items) out.emplace_back(item);
  }
  parser.for_each_key([&](std::string_view k) { out.emplace_back(k); });
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Capture capture;
  Aggregator aggregator(capture, {}, CaptureLimits{64, 256});
  JsonParser json, slow;
  json.set_max_fields(64);
  slow.set_max_fields(64);
  slow.use_fast_path(false);
  LogKind file_kind = LogKind::kUnknown, slow_kind = LogKind::kUnknown;
  Record record, slow_record;
  std::string error, slow_error;
  fuzz::for_each_line(
      std::string_view(reinterpret_cast<const char*>(data), size), [&](std::string_view line) {
        bool ok = json.parse(line, file_kind, LogKind::kUnknown, record, error);
        bool slow_ok = slow.parse(line, slow_kind, LogKind::kUnknown, slow_record, slow_error);
        if (outcome(ok, record, json) != outcome(slow_ok, slow_record, slow) ||
            (!ok && error != slow_error))
          std::abort();  // the fast path and RapidJSON disagree
        if (!ok) return;
        if (auto ts = record.get(Field::kTs); ts.set)
          record.set_time(parse_zeek_time(ts.text(), true));
        (void)aggregator.on_record(record);
      });
  return 0;
}
