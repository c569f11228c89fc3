// The JSON log reader alone: each line through RapidJSON's in-situ SAX parser and the flattening
// of nested objects, then the aggregation (with small limits, so refusals are met too).
#include "capture/aggregator.h"
#include "common/text.h"
#include "fuzz_support.h"
#include "log/json_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace zeekscope;
  Capture capture;
  Aggregator aggregator(capture, {}, CaptureLimits{64, 256});
  JsonParser json;
  json.set_max_fields(64);
  LogKind file_kind = LogKind::kUnknown;
  Record record;
  std::string error;
  fuzz::for_each_line(std::string_view(reinterpret_cast<const char*>(data), size),
                      [&](std::string_view line) {
                        if (!json.parse(line, file_kind, LogKind::kUnknown, record, error)) return;
                        json.for_each_key([](std::string_view) {});
                        if (auto ts = record.get(Field::kTs); ts.set)
                          record.set_time(parse_zeek_time(ts.text(), true));
                        (void)aggregator.on_record(record);
                      });
  return 0;
}
