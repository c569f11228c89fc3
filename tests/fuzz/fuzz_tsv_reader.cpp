// The TSV reader alone: '#' lines go to the header parser, the others to the record parser, and
// parsed records to the aggregation (with small limits, so refusals are met too).
#include "capture/aggregator.h"
#include "common/text.h"
#include "fuzz_support.h"
#include "log/tsv_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace zeekscope;
  Capture capture;
  Aggregator aggregator(capture, {}, CaptureLimits{64, 256});
  TsvParser tsv;
  tsv.set_max_fields(64);
  Record record;
  std::string error;
  fuzz::for_each_line(std::string_view(reinterpret_cast<const char*>(data), size),
                      [&](std::string_view line) {
                        if (!line.empty() && line.front() == '#') {
                          (void)tsv.on_meta(line);
                          (void)tsv.kind(LogKind::kUnknown);
                          return;
                        }
                        if (!tsv.has_fields() || !tsv.parse(line, LogKind::kUnknown, record, error))
                          return;
                        if (auto ts = record.get(Field::kTs); ts.set)
                          record.set_time(parse_zeek_time(ts.text(), false));
                        (void)aggregator.on_record(record);
                      });
  return 0;
}
