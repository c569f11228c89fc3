#pragma once
// Reads one Zeek log file fed in chunks: splits lines, recognises TSV or JSON per line, keeps
// the header state of each TSV block, and hands every record to a sink. Bad lines are skipped
// and counted with their line number and reason; the file is never read whole.
#include <memory>
#include <string>
#include <string_view>

#include "log/input_reader.h"
#include "log/input_stats.h"
#include "log/json_parser.h"
#include "log/line_splitter.h"
#include "log/record.h"
#include "log/tsv_parser.h"

namespace zeekscope {

struct ReaderLimits {
  size_t max_line_bytes = 16u << 20;
  size_t max_fields = 1024;  // per #fields header or JSON object
};

class LogReader final : public InputReader,
                        private LineSplitter::Handler,
                        private TsvParser::ConnLines {
 public:
  LogReader(std::string name, RecordSink& sink, const ReaderLimits& limits = {});
  void feed(std::string_view chunk) override;
  void finish() override;
  const InputStats& stats() const override { return stats_; }

  // One large log read in parts by several readers. A later part's reader is given the file's
  // leading header lines first (`header`, ending with a newline): read for the layout and not
  // counted. Its lines are then numbered from the part's start, its statistics are marked as a
  // continuation, and the whole-file judgements (not a log, header only) are left to the
  // reader of the file's start.
  void start_part(std::string_view header);
  // Whether a later part of this file can be read with the leading header alone: everything read
  // so far was TSV read under that header (no header line after it but #close, no JSON line).
  // (Parts are cut at line ends by the caller.)
  bool parts_can_follow() const;
  // conn records read straight from chunks (TsvParser::read_conn_lines), not line by line.
  uint64_t conn_lines_read_whole() const { return conn_lines_read_whole_; }

 private:
  enum class State { kStart, kLog, kNotALog };
  void on_line(std::string_view line, uint64_t number) override;
  void on_overlong_line(uint64_t number, uint64_t length) override;
  // conn lines read straight from a chunk (TsvParser::read_conn_lines).
  bool reads_conn_lines();
  bool record(const ConnFields& fields) override;
  bool other(std::string_view line) override;
  void data_line(std::string_view line, uint64_t number);
  void json_line(std::string_view line, uint64_t number);
  void reject_file(std::string reason);
  void accept(LogKind kind, bool json, uint64_t number);
  void accept_conn(uint64_t number);
  // Counts a record a parser took and returns its ts as a time, if it has a valid one.
  std::optional<double> count_record(LogKind kind, bool json, bool ts_set, std::string_view ts);
  // A sink's refusal takes the record back out of the counts, as a skipped line.
  void settle(Refusal refused, uint64_t number);

  RecordSink& sink_;
  LineSplitter splitter_;
  InputStats stats_;
  State state_ = State::kStart;
  LogKind name_hint_;
  LogKind json_kind_ = LogKind::kUnknown;
  LogKind first_kind_ = LogKind::kUnknown;
  bool mixed_kinds_ = false;
  bool saw_tsv_ = false, saw_json_ = false, saw_json_error_ = false;
  std::string other_path_;
  SchemaEraDetector era_;
  TsvParser tsv_;
  JsonParser json_;
  Record record_;
  ConnFields conn_;
  bool conn_fields_;  // the sink takes conn records as ConnFields
  uint64_t conn_lines_read_whole_ = 0;
  bool in_header_ = false;  // the last line that was not blank was a header line
  bool part_ = false;       // a later part of a file (start_part)
  bool seen_data_ = false;  // a line other than a header or a blank one was read
  // A header line (not #close) came after data or in a later part, or a JSON line came.
  bool layout_changed_ = false;
  std::string error_;
  ReaderLimits limits_;
};

}  // namespace zeekscope
