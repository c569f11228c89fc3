#pragma once
// One log record as the readers hand it to their sink: for each field a rule reads, whether it
// was set and its values (one for a scalar, any number for a set or vector). Views point into the
// reader's buffers and are valid only during the sink call.
#include <array>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "log/schema.h"

namespace zeekscope {

class Record {
 public:
  struct Value {
    bool set = false;
    std::span<const std::string_view> items;
    // A scalar's text; "" when unset or an empty container.
    std::string_view text() const { return items.empty() ? std::string_view() : items[0]; }
  };

  LogKind kind() const { return kind_; }
  // The record's ts, parsed once by the reader.
  std::optional<double> time() const { return time_; }
  void set_time(std::optional<double> t) { time_ = t; }
  Value get(Field f) const {
    const Slot& s = slots_[size_t(f)];
    if (s.stamp != stamp_) return {};
    return {true, std::span<const std::string_view>(items_.data() + s.first, s.count)};
  }

  // Reader side. A slot belongs to the current record when it carries the record's stamp, so
  // starting a record clears nothing (a 64-bit stamp never wraps).
  void reset(LogKind kind) {
    kind_ = kind;
    time_.reset();
    ++stamp_;
    item_count_ = 0;
  }
  void begin(Field f) { slots_[size_t(f)] = {stamp_, item_count_, 0}; }
  // Items of one field must be added contiguously after begin(f).
  void add(Field f, std::string_view item) {
    push(item);
    ++slots_[size_t(f)].count;
  }
  // begin(f) and add(f, item) in one step: a scalar field.
  void set(Field f, std::string_view item) {
    slots_[size_t(f)] = {stamp_, item_count_, 1};
    push(item);
  }

 private:
  struct Slot {
    uint64_t stamp = 0;  // the record that set it
    uint32_t first = 0;
    uint32_t count = 0;
  };
  void push(std::string_view item) {
    // The store is kept from record to record and only grows, rarely.
    if (item_count_ == items_.size()) items_.resize(items_.size() * 2);
    items_[item_count_++] = item;
  }
  LogKind kind_ = LogKind::kUnknown;
  std::optional<double> time_;
  uint64_t stamp_ = 1;  // slots start at 0: none is set
  std::array<Slot, kFieldCount> slots_{};
  std::vector<std::string_view> items_ = std::vector<std::string_view>(64);
  uint32_t item_count_ = 0;  // items_ in use
};

struct ConnFields;

// A sink may refuse a record because one of its limits is reached: it names the limit and says
// why, and the reader counts the record as skipped.
struct Refusal {
  std::string_view limit;  // empty: the record was taken
  std::string_view reason;
};

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual Refusal on_record(const Record& record) = 0;
  // A sink that reads conn records as ConnFields says so: the TSV reader then cuts them straight
  // from their lines and calls on_conn() for them instead of on_record().
  virtual bool takes_conn_fields() const { return false; }
  virtual Refusal on_conn(const ConnFields&) { return {}; }
  // A sink may keep records (copied) to apply them in batches; flush() applies them. The
  // reader calls it at the end of each feed() and at finish().
  virtual void flush() {}
};

}  // namespace zeekscope
