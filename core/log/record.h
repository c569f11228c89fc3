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
    if (!s.set) return {};
    return {true, std::span<const std::string_view>(items_.data() + s.first, s.count)};
  }

  // Reader side.
  void reset(LogKind kind) {
    kind_ = kind;
    time_.reset();
    for (uint32_t i = 0; i < used_count_; ++i) slots_[used_[i]] = {};  // what the last set
    used_count_ = 0;
    item_count_ = 0;
  }
  void begin(Field f) {
    Slot& s = slots_[size_t(f)];
    if (!s.set) used_[used_count_++] = uint8_t(f);
    s.set = true;
    s.first = item_count_;
    s.count = 0;
  }
  // Items of one field must be added contiguously after begin(f).
  void add(Field f, std::string_view item) {
    // The store is kept from record to record and only grows, rarely.
    if (item_count_ == items_.size()) items_.resize(items_.size() * 2);
    items_[item_count_++] = item;
    ++slots_[size_t(f)].count;
  }

 private:
  struct Slot {
    bool set = false;
    uint32_t first = 0;
    uint32_t count = 0;
  };
  LogKind kind_ = LogKind::kUnknown;
  std::optional<double> time_;
  std::array<Slot, kFieldCount> slots_{};
  std::vector<std::string_view> items_ = std::vector<std::string_view>(64);
  uint32_t item_count_ = 0;                  // items_ in use
  std::array<uint8_t, kFieldCount> used_{};  // the fields set, each once
  uint32_t used_count_ = 0;
};

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
  // A sink may keep records (copied) to apply them in batches; flush() applies them. The
  // reader calls it at the end of each feed() and at finish().
  virtual void flush() {}
};

}  // namespace zeekscope
