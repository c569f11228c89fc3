// The log readers (TSV and JSON, detected per line) and the aggregation behind them.
#include "capture/aggregator.h"
#include "fuzz_support.h"
#include "log/log_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  zeekscope::Capture capture;
  zeekscope::Aggregator aggregator(capture, {});
  zeekscope::ReaderLimits limits;
  limits.max_line_bytes = 4096;  // small, so the fuzzer also meets the over-long-line path
  zeekscope::LogReader reader("fuzz.log", aggregator, limits);
  zeekscope::fuzz::in_chunks(std::string_view(reinterpret_cast<const char*>(data), size),
                             [&](std::string_view c) { reader.feed(c); });
  reader.finish();
  return 0;
}
