// Differential: the same bytes, fed in the same input-chosen chunks, read by a reader whose sink
// takes conn fields (conn lines read straight from chunks where it can) and by one whose sink
// takes generic Records (every line through the splitter and parse()) must build the same
// capture and the same statistics. A difference stops the fuzzer.
#include <cstdlib>

#include "capture/aggregator.h"
#include "capture/state_codec.h"
#include "fuzz_support.h"
#include "log/log_reader.h"

namespace {

class RecordsOnly : public zeekscope::RecordSink {
 public:
  explicit RecordsOnly(zeekscope::Aggregator& a) : a_(a) {}
  zeekscope::Refusal on_record(const zeekscope::Record& r) override { return a_.on_record(r); }
  void flush() override { a_.flush(); }

 private:
  zeekscope::Aggregator& a_;
};

struct Read {
  std::string state;
  zeekscope::InputStats stats;
};

Read read(std::string_view bytes, bool conn_fields) {
  using namespace zeekscope;
  Capture capture;
  Aggregator aggregator(capture, {}, CaptureLimits{64, 256});
  RecordsOnly records_only(aggregator);
  RecordSink& sink = conn_fields ? static_cast<RecordSink&>(aggregator) : records_only;
  LogReader reader("conn.log", sink, ReaderLimits{4096, 64});
  fuzz::in_chunks(bytes, [&](std::string_view c) { reader.feed(c); });
  reader.finish();
  StateWriter w;
  aggregator.snapshot(w);
  return {w.take(), reader.stats()};
}

bool same(const zeekscope::InputStats& a, const zeekscope::InputStats& b) {
  if (a.skipped.size() != b.skipped.size()) return false;
  for (size_t i = 0; i < a.skipped.size(); ++i)
    if (a.skipped[i].line != b.skipped[i].line || a.skipped[i].reason != b.skipped[i].reason)
      return false;
  return a.lines == b.lines && a.records == b.records && a.records_used == b.records_used &&
         a.meta_lines == b.meta_lines && a.blank_lines == b.blank_lines &&
         a.skipped_lines == b.skipped_lines && a.header_blocks == b.header_blocks &&
         a.last_line_unterminated == b.last_line_unterminated && a.not_a_log == b.not_a_log &&
         a.limits == b.limits && a.first_ts == b.first_ts && a.last_ts == b.last_ts &&
         a.log_type == b.log_type && a.format == b.format && a.schema_era == b.schema_era;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Read fast = read(bytes, true), generic = read(bytes, false);
  if (fast.state != generic.state || !same(fast.stats, generic.stats)) std::abort();
  return 0;
}
