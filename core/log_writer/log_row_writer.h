#pragma once
// Where a log row from packets goes, column by column in its schema's order: a Zeek log file
// (ZeekLogWriter) or the records the rules read (RecordRowWriter). The row functions
// (conn_log_row.h, protocol_log_rows.h) are written once against this interface, so a capture
// analysed directly and its logs read back give the rules the same values.
#include <cstdint>
#include <span>
#include <string_view>

namespace zeekscope::log_writer {

class LogRowWriter {
 public:
  virtual ~LogRowWriter() = default;
  virtual void begin_row() = 0;
  virtual void unset() = 0;
  virtual void time(double seconds) = 0;
  virtual void interval(double seconds) = 0;
  virtual void count(uint64_t n) = 0;
  virtual void integer(int64_t n) = 0;
  virtual void port(uint16_t n) = 0;
  virtual void flag(bool b) = 0;
  virtual void text(std::string_view s) = 0;  // string, addr or enum
  virtual void texts(std::span<const std::string_view> items) = 0;
  virtual void intervals(std::span<const double> seconds) = 0;
  virtual void end_row() = 0;
};

}  // namespace zeekscope::log_writer
