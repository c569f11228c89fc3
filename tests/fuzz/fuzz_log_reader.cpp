// The log readers (TSV and JSON, detected per line) and the aggregation behind them.
#include "capture/aggregator.h"
#include "fuzz_support.h"
#include "log/log_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  zeekscope::Capture capture;
  // Small limits, so the fuzzer also meets the over-long-line, field and capture limit paths.
  zeekscope::Aggregator aggregator(capture, {}, zeekscope::CaptureLimits{64, 256});
  zeekscope::ReaderLimits limits{4096, 64};
  zeekscope::LogReader reader("fuzz.log", aggregator, limits);
  zeekscope::fuzz::in_chunks(std::string_view(reinterpret_cast<const char*>(data), size),
                             [&](std::string_view c) { reader.feed(c); });
  reader.finish();
  return 0;
}
