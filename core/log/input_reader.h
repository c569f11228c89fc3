#pragma once
// One input file fed in chunks of any size: a Zeek log (LogReader) or a packet capture
// (CaptureReader), each handing the records it makes to a RecordSink.
#include <string_view>

#include "log/input_stats.h"

namespace zeekscope {

class InputReader {
 public:
  virtual ~InputReader() = default;
  virtual void feed(std::string_view chunk) = 0;
  // The end of the file.
  virtual void finish() = 0;
  virtual const InputStats& stats() const = 0;
};

}  // namespace zeekscope
