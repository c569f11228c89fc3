#include "capture_reader/record_row_writer.h"

#include <charconv>
#include <stdexcept>

#include "common/text.h"

namespace zeekscope {
namespace {
// A time or interval as the TSV writer gives it.
std::string_view fixed6(double seconds, char (&buf)[kFixedSize]) {
  return std::string_view(buf, size_t(format_fixed(seconds, 6, FixedForm::kPrintf, buf) - buf));
}
}  // namespace

RecordRowWriter::RecordRowWriter(const log_writer::LogSchema& schema, RecordSink& sink)
    : sink_(sink), kind_(kind_from_path(schema.path)) {
  for (const auto& column : schema.columns) fields_.push_back(field_for(kind_, column.name));
}

void RecordRowWriter::begin_row() {
  column_ = 0;
  text_.clear();
  items_.clear();
  slots_.clear();
  time_.reset();
}

std::optional<Field> RecordRowWriter::next_field() {
  if (column_ >= fields_.size())
    throw std::logic_error("RecordRowWriter: a value past the row's last column");
  return fields_[column_++];
}

void RecordRowWriter::add_item(std::string_view text) {
  items_.push_back({text_.size(), text.size()});
  text_.append(text);
  ++slots_.back().count;
}

void RecordRowWriter::unset() { next_field(); }

void RecordRowWriter::time(double seconds) {
  auto f = next_field();
  if (!f) return;
  if (*f == Field::kTs) time_ = seconds;
  char buf[kFixedSize];
  slots_.push_back({*f, items_.size(), 0});
  add_item(fixed6(seconds, buf));
}

void RecordRowWriter::interval(double seconds) {
  auto f = next_field();
  if (!f) return;
  char buf[kFixedSize];
  slots_.push_back({*f, items_.size(), 0});
  add_item(fixed6(seconds, buf));
}

void RecordRowWriter::count(uint64_t n) {
  if (auto f = next_field()) {
    slots_.push_back({*f, items_.size(), 0});
    char buf[20];
    add_item(std::string_view(buf, size_t(std::to_chars(buf, buf + sizeof buf, n).ptr - buf)));
  }
}

void RecordRowWriter::integer(int64_t n) {
  if (auto f = next_field()) {
    slots_.push_back({*f, items_.size(), 0});
    char buf[24];
    add_item(std::string_view(buf, size_t(std::to_chars(buf, buf + sizeof buf, n).ptr - buf)));
  }
}

void RecordRowWriter::port(uint16_t n) { count(n); }

void RecordRowWriter::flag(bool b) {
  if (auto f = next_field()) {
    slots_.push_back({*f, items_.size(), 0});
    add_item(b ? "T" : "F");
  }
}

void RecordRowWriter::text(std::string_view s) {
  if (auto f = next_field()) {
    slots_.push_back({*f, items_.size(), 0});
    add_item(s);
  }
}

void RecordRowWriter::texts(std::span<const std::string_view> items) {
  if (auto f = next_field()) {
    slots_.push_back({*f, items_.size(), 0});
    for (auto item : items) add_item(item);
  }
}

void RecordRowWriter::intervals(std::span<const double> seconds) {
  if (auto f = next_field()) {
    slots_.push_back({*f, items_.size(), 0});
    for (double s : seconds) {
      char buf[kFixedSize];
      add_item(fixed6(s, buf));
    }
  }
}

void RecordRowWriter::end_row() {
  if (column_ != fields_.size())
    throw std::logic_error("RecordRowWriter: a row ends before its last column");
  record_.reset(kind_);
  record_.set_time(time_);
  for (const Slot& slot : slots_) {
    record_.begin(slot.field);
    for (size_t i = slot.first; i < slot.first + slot.count; ++i)
      record_.add(slot.field, std::string_view(text_).substr(items_[i].at, items_[i].size));
  }
  refusal_ = sink_.on_record(record_);
}

}  // namespace zeekscope
