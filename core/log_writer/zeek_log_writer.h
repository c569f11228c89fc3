#pragma once
// Writes one Zeek log as Zeek's ASCII writer does: TSV with Zeek's header block (separators,
// #path, #open, #fields, #types, #close) or Zeek's JSON (one object a line, unset fields left
// out, timestamps as epoch seconds). Values are rendered and escaped by Zeek's rules
// (../shared/spec/ZEEK-LOGS.md sections 1.2, 1.3 and 2), so the files read back into Zeek's
// tools and into zeekscope alike.
//
// A row is written column by column in the schema's order: each call fills the next column and
// must match its type (a mismatch is a programming error and throws std::logic_error).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "log_writer/log_row_writer.h"
#include "log_writer/zeek_log_schema.h"

namespace zeekscope::log_writer {

enum class LogFormat { kTsv, kJson };

class ZeekLogWriter final : public LogRowWriter {
 public:
  // `open_time` (epoch seconds) is written in the #open line, in UTC: the core has no clock, so
  // the host decides (zeekscope passes the capture's first packet time, so that the same
  // capture gives the same files).
  ZeekLogWriter(const LogSchema& schema, LogFormat format, std::string& out, double open_time);

  void begin_row() override;
  void unset() override;
  void time(double seconds) override;
  void interval(double seconds) override;
  void count(uint64_t n) override;
  void integer(int64_t n) override;
  void port(uint16_t n) override;
  void flag(bool b) override;
  void text(std::string_view s) override;  // string, addr or enum
  void texts(std::span<const std::string_view> items) override;
  void intervals(std::span<const double> seconds) override;
  void end_row() override;
  // The #close line (TSV), with `close_time` as for #open.
  void close(double close_time);

  uint64_t rows() const { return rows_; }

 private:
  const Column& next(bool (*accepts)(ValueType));
  void separate();
  void tsv_string(std::string_view s, bool in_set);
  void json_string(std::string_view s);

  const LogSchema schema_;  // a copy: two views
  LogFormat format_;
  std::string& out_;
  size_t column_ = 0;
  bool in_row_ = false;
  uint64_t rows_ = 0;
};

// The text of a time as Zeek's #open and #close lines give it ("%Y-%m-%d-%H-%M-%S"), in UTC.
std::string header_timestamp(double seconds);

}  // namespace zeekscope::log_writer
