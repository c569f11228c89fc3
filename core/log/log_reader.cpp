#include "log/log_reader.h"

#include <algorithm>

#include "common/byte_scan.h"
#include "common/text.h"

namespace zeekscope {

LogReader::LogReader(std::string name, RecordSink& sink, const ReaderLimits& limits)
    : sink_(sink),
      splitter_(*this, limits.max_line_bytes),
      conn_fields_(sink.takes_conn_fields()),
      limits_(limits) {
  tsv_.set_max_fields(limits.max_fields);
  json_.set_max_fields(limits.max_fields);
  stats_.name = std::move(name);
  name_hint_ = kind_from_file_name(stats_.name);
}

void LogReader::feed(std::string_view chunk) {
  if (state_ == State::kStart && stats_.bytes == 0 && looks_binary(chunk.substr(0, 4096)))
    reject_file("binary data, not a Zeek log");
  stats_.bytes += chunk.size();
  // A sink that takes conn fields gets a conn block's complete lines read straight from the
  // chunk (TsvParser::read_conn_lines). The splitter takes the line in progress at either end
  // of the chunk, the lines of a header and those before the first header or record one at a
  // time (the block they start may be such a block), and all of any other block.
  while (conn_fields_ && !chunk.empty()) {
    if (splitter_.between_lines() && reads_conn_lines()) {
      size_t used = tsv_.read_conn_lines(chunk, limits_.max_line_bytes, conn_, *this);
      if (used == 0) break;  // no newline: an unfinished line
      chunk.remove_prefix(used);
    } else if (!splitter_.between_lines() || state_ == State::kStart || in_header_) {
      const char* newline = find_byte(chunk.data(), chunk.data() + chunk.size(), '\n');
      size_t head = std::min(chunk.size(), size_t(newline - chunk.data()) + 1);
      splitter_.feed(chunk.substr(0, head));
      chunk.remove_prefix(head);
    } else {
      break;
    }
  }
  splitter_.feed(chunk);
  sink_.flush();
}

bool LogReader::reads_conn_lines() {
  return state_ == State::kLog && tsv_.has_fields() && tsv_.reads_conn_lines(name_hint_);
}

void LogReader::start_part(std::string_view header) {
  feed(header);
  std::string name = std::move(stats_.name);
  stats_ = InputStats{};
  stats_.name = std::move(name);
  stats_.continues = true;
  splitter_.restart_numbering();
  part_ = true;
  seen_data_ = false;
  layout_changed_ = false;
}

bool LogReader::parts_can_follow() const {
  return state_ == State::kLog && tsv_.has_fields() && !layout_changed_ && !saw_json_;
}

bool LogReader::record(const ConnFields&) {
  seen_data_ = true;
  ++conn_lines_read_whole_;
  accept_conn(splitter_.next_line());  // the fields are conn_'s
  return true;
}

bool LogReader::other(std::string_view line) {
  uint64_t meta_lines = stats_.meta_lines;
  splitter_.take(line);
  // After a header line the reading stops (it keeps the block's layout at hand): feed()
  // starts it again if the block allows.
  return stats_.meta_lines == meta_lines;
}

void LogReader::finish() {
  stats_.last_line_unterminated = splitter_.finish();
  sink_.flush();
  stats_.lines = splitter_.lines();
  if (part_) {
    // Judged for the whole file by the reader of its start.
  } else if (state_ == State::kStart && !stats_.limits.empty()) {
    stats_.not_a_log = true;  // the limit's reason says why nothing was read
  } else if (state_ == State::kStart) {
    stats_.not_a_log = true;
    if (!saw_json_error_) stats_.skipped.clear();  // one reason says it all
    stats_.skipped.insert(stats_.skipped.begin(),
                          {0, stats_.lines == stats_.blank_lines
                                  ? "empty file"
                                  : "not a Zeek log: no #fields header and no valid JSON object"});
  }
  if (!part_ && state_ == State::kLog && stats_.records == 0 && stats_.skipped_lines == 0)
    stats_.skipped.push_back({0, std::string(kHeaderOnlyNote)});
  stats_.format = saw_tsv_ && saw_json_ ? "tsv+json" : saw_tsv_ ? "tsv" : saw_json_ ? "json" : "";
  if (mixed_kinds_) {
    stats_.log_type = "mixed";
  } else if (first_kind_ == LogKind::kOther) {
    stats_.log_type = other_path_.empty() ? "other" : "other:" + other_path_;
  } else if (first_kind_ != LogKind::kUnknown) {
    stats_.log_type = std::string(log_kind_name(first_kind_));
    stats_.schema_era = era_.era(first_kind_);
  }
}

void LogReader::reject_file(std::string reason) {
  state_ = State::kNotALog;
  stats_.not_a_log = true;
  stats_.skipped.insert(stats_.skipped.begin(), {0, std::move(reason)});
}

void LogReader::on_overlong_line(uint64_t number, uint64_t length) {
  if (state_ == State::kNotALog) {
    ++stats_.skipped_lines;
    return;
  }
  stats_.skip_over_limit(number, "max_line_bytes",
                         "line of " + std::to_string(length) + " bytes is over the limit of " +
                             std::to_string(limits_.max_line_bytes) + " bytes (max_line_bytes)");
}

void LogReader::on_line(std::string_view line, uint64_t number) {
  if (state_ == State::kNotALog) {
    ++stats_.skipped_lines;
    return;
  }
  std::string_view t = trim(line);
  if (t.empty()) {
    ++stats_.blank_lines;
    return;
  }
  in_header_ = t.front() == '#';
  if (in_header_) {
    if ((seen_data_ || part_) && !t.starts_with("#close")) layout_changed_ = true;
    ++stats_.meta_lines;
    auto meta = tsv_.on_meta(line);
    if (meta == TsvParser::Meta::kFieldsOverLimit) {
      stats_.skip_over_limit(number, "max_fields",
                             "#fields header of " + std::to_string(tsv_.fields_over_limit()) +
                                 " fields is over the limit of " +
                                 std::to_string(limits_.max_fields) +
                                 " (max_fields): the records under it are skipped");
      return;
    }
    if (meta == TsvParser::Meta::kFields) {
      ++stats_.header_blocks;
      saw_tsv_ = true;
    }
    if (meta != TsvParser::Meta::kOther) {
      LogKind kind = tsv_.kind(name_hint_);
      if (first_kind_ == LogKind::kUnknown && meta == TsvParser::Meta::kFields) {
        first_kind_ = kind;
        if (kind == LogKind::kOther) other_path_ = std::string(tsv_.path());
      } else if (meta == TsvParser::Meta::kFields && kind != first_kind_) {
        mixed_kinds_ = true;
      }
      for (size_t i = 0; i < tsv_.fields().size(); ++i)
        era_.add(kind, tsv_.fields()[i], i < tsv_.types().size() ? tsv_.types()[i] : "");
    }
    if (state_ == State::kStart && tsv_.has_fields()) state_ = State::kLog;
    return;
  }
  seen_data_ = true;
  if (t.front() == '{') {
    layout_changed_ = true;
    json_line(line, number);
    return;
  }
  data_line(line, number);
}

std::optional<double> LogReader::count_record(LogKind kind, bool json, bool ts_set,
                                              std::string_view ts) {
  (json ? saw_json_ : saw_tsv_) = true;
  ++stats_.records;
  if (first_kind_ == LogKind::kUnknown) {
    first_kind_ = kind;
    if (kind == LogKind::kOther) other_path_ = std::string(tsv_.path());
  } else if (kind != first_kind_) {
    mixed_kinds_ = true;
  }
  if (kind != LogKind::kOther) ++stats_.records_used;
  if (!ts_set) return std::nullopt;
  auto t = parse_zeek_time(ts, json);
  if (t) {
    if (!stats_.first_ts || *t < *stats_.first_ts) stats_.first_ts = *t;
    if (!stats_.last_ts || *t > *stats_.last_ts) stats_.last_ts = *t;
  }
  return t;
}

void LogReader::settle(Refusal refused, uint64_t number) {
  if (refused.limit.empty()) return;
  --stats_.records;
  --stats_.records_used;
  stats_.skip_over_limit(number, refused.limit, std::string(refused.reason));
}

void LogReader::accept(LogKind kind, bool json, uint64_t number) {
  auto ts = record_.get(Field::kTs);
  record_.set_time(count_record(kind, json, ts.set, ts.text()));
  settle(sink_.on_record(record_), number);
}

void LogReader::accept_conn(uint64_t number) {
  conn_.time = count_record(LogKind::kConn, false, conn_.ts_set, conn_.ts);
  settle(sink_.on_conn(conn_), number);
}

void LogReader::data_line(std::string_view line, uint64_t number) {
  if (!tsv_.has_fields()) {
    // Not (yet) a log: the file is judged at its end, when no header or record has come.
    stats_.skip(number, state_ == State::kStart
                            ? "neither a '#' header nor a JSON object (not a Zeek log line)"
                            : "data line before any #fields header");
    return;
  }
  if (conn_fields_ && tsv_.conn_direct(name_hint_)) {
    if (!tsv_.parse_conn(line, conn_, error_)) {
      stats_.skip(number, error_);
      return;
    }
    accept_conn(number);
    return;
  }
  if (!tsv_.parse(line, name_hint_, record_, error_)) {
    stats_.skip(number, error_);
    return;
  }
  accept(record_.kind(), false, number);
}

void LogReader::json_line(std::string_view line, uint64_t number) {
  bool first = json_kind_ == LogKind::kUnknown;
  if (!json_.parse(line, json_kind_, name_hint_, record_, error_)) {
    if (json_.over_field_limit()) {
      stats_.skip_over_limit(number, "max_fields", error_);
      return;
    }
    saw_json_error_ = true;
    stats_.skip(number, error_);
    return;
  }
  state_ = State::kLog;
  if (first) json_.for_each_key([&](std::string_view k) { era_.add(record_.kind(), k, ""); });
  accept(record_.kind(), true, number);
}

}  // namespace zeekscope
