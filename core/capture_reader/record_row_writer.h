#pragma once
// A log row from packets handed to a RecordSink as the record a log reader would make of the
// written row: each column the rules read (log/schema.h's field_for) gets the text Zeek's TSV
// writer gives it, unset columns stay unset, and ts is the row's time.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "log/record.h"
#include "log_writer/log_row_writer.h"
#include "log_writer/zeek_log_schema.h"

namespace zeekscope {

class RecordRowWriter final : public log_writer::LogRowWriter {
 public:
  RecordRowWriter(const log_writer::LogSchema& schema, RecordSink& sink);

  void begin_row() override;
  void unset() override;
  void time(double seconds) override;
  void interval(double seconds) override;
  void count(uint64_t n) override;
  void integer(int64_t n) override;
  void port(uint16_t n) override;
  void flag(bool b) override;
  void text(std::string_view s) override;
  void texts(std::span<const std::string_view> items) override;
  void intervals(std::span<const double> seconds) override;
  void end_row() override;

  LogKind kind() const { return kind_; }
  // What the sink said of the last row, and that row's time.
  Refusal refusal() const { return refusal_; }
  std::optional<double> row_time() const { return time_; }

 private:
  // The next column's field, if a rule reads it (the column is passed over either way).
  std::optional<Field> next_field();
  void add_item(std::string_view text);

  struct Item {
    size_t at, size;  // in text_
  };
  struct Slot {
    Field field;
    size_t first, count;  // in items_
  };

  RecordSink& sink_;
  LogKind kind_;
  std::vector<std::optional<Field>> fields_;  // by column
  size_t column_ = 0;
  std::string text_;  // the row's texts, viewed only once the row is whole
  std::vector<Item> items_;
  std::vector<Slot> slots_;
  std::optional<double> time_;
  Record record_;
  Refusal refusal_;
};

}  // namespace zeekscope
