#include "log/tsv_parser.h"

#include <algorithm>
#include <cstring>

#include "common/byte_scan.h"
#include "common/text.h"

namespace zeekscope {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends the unescaped form of `raw` to `out`.
void append_unescaped(std::string_view raw, std::string& out) {
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\\' && i + 1 < raw.size()) {
      if (raw[i + 1] == '\\') {
        out.push_back('\\');
        ++i;
        continue;
      }
      if (raw[i + 1] == 'x' && i + 3 < raw.size()) {
        int hi = hex_digit(raw[i + 2]), lo = hex_digit(raw[i + 3]);
        if (hi >= 0 && lo >= 0) {
          out.push_back(char(hi << 4 | lo));
          i += 3;
          continue;
        }
      }
    }
    out.push_back(c);
  }
}

}  // namespace

std::string unescape_zeek(std::string_view raw) {
  std::string out;
  append_unescaped(raw, out);
  return out;
}

std::string_view TsvParser::unescape_slow(std::string_view raw) {
  if (raw.find('\\') == std::string_view::npos) return raw;
  size_t start = arena_.size();
  append_unescaped(raw, arena_);
  return std::string_view(arena_).substr(start);
}

TsvParser::Meta TsvParser::on_meta(std::string_view line) {
  line = trim(line);  // Slips test10 has a stray TAB before #separator
  if (line.starts_with("#separator")) {
    // "#separator <value>": the one header line whose key and value are split by a space.
    std::string_view value = trim(line.substr(10));
    // Zeek writes "\x09"; some tools rewrite it as "\t".
    std::string sep = value == "\\t" ? std::string("\t") : unescape_zeek(value);
    size_t max_fields = max_fields_;
    *this = TsvParser();
    max_fields_ = max_fields;
    separator_ = sep.empty() ? "\t" : sep;
    return Meta::kOther;
  }
  std::string_view rest = line.substr(1);
  size_t key_end = rest.find(separator_);
  std::string_view key = rest.substr(0, key_end);
  std::string_view value = key_end == std::string_view::npos
                               ? std::string_view()
                               : rest.substr(key_end + separator_.size());
  auto values = [&] {
    std::vector<std::string> out;
    size_t pos = 0;
    while (true) {
      size_t next = value.find(separator_, pos);
      out.push_back(
          unescape_zeek(value.substr(pos, next == std::string_view::npos ? next : next - pos)));
      if (next == std::string_view::npos) break;
      pos = next + separator_.size();
    }
    return out;
  };
  if (key == "set_separator") {
    set_separator_ = unescape_zeek(value);
  } else if (key == "empty_field") {
    empty_field_ = unescape_zeek(value);
  } else if (key == "unset_field") {
    unset_field_ = unescape_zeek(value);
  } else if (key == "path") {
    path_ = unescape_zeek(value);
    columns_dirty_ = true;
  } else if (key == "fields") {
    size_t count = 1;
    for (size_t at = value.find(separator_); at != std::string_view::npos;
         at = value.find(separator_, at + separator_.size()))
      ++count;
    if (count > max_fields_) {
      fields_over_limit_ = count;
      fields_.clear();
      types_.clear();
      columns_dirty_ = true;
      return Meta::kFieldsOverLimit;
    }
    fields_ = values();
    types_.clear();
    columns_dirty_ = true;
    return Meta::kFields;
  } else if (key == "types") {
    types_ = values();
    columns_dirty_ = true;
    return Meta::kTypes;
  }
  return Meta::kOther;
}

LogKind TsvParser::kind(LogKind file_name_hint) {
  if (columns_dirty_) build_columns(file_name_hint);
  return kind_;
}

void TsvParser::build_columns(LogKind hint) {
  kind_ = kind_from_path(path_);
  if (kind_ == LogKind::kUnknown) {
    FieldSetDetector detector;
    for (const auto& f : fields_) detector.add(f);
    kind_ = detector.kind();
  }
  if (kind_ == LogKind::kUnknown) kind_ = hint;
  if (kind_ == LogKind::kUnknown) kind_ = LogKind::kOther;
  mapped_.clear();
  mapped_of_column_.assign(fields_.size(), -1);
  for (size_t i = 0; i < fields_.size(); ++i) {
    auto f = field_for(kind_, fields_[i]);
    if (!f) continue;
    Mapped m{*f, false};
    if (i < types_.size()) {
      std::string_view t = types_[i];
      m.container = t.starts_with("set[") || t.starts_with("vector[") || t.starts_with("table[");
    } else {
      m.container = is_container_field(*f);
    }
    mapped_of_column_[i] = int32_t(mapped_.size());
    mapped_.push_back(m);
  }
  mapped_cells_.assign(mapped_.size(), std::string_view());
  emit_below_ = 0;
  for (size_t i = 0; i < fields_.size(); ++i)
    if (mapped_of_column_[i] >= 0) emit_below_ = i + 1;
  conn_members_.clear();
  for (const Mapped& m : mapped_) conn_members_.push_back(ConnFields::member(m.field));
  conn_direct_ =
      kind_ == LogKind::kConn && std::all_of(mapped_.begin(), mapped_.end(), [](const Mapped& m) {
        return !m.container || m.field == Field::kService;
      });
  columns_dirty_ = false;
}

size_t TsvParser::cut(std::string_view line) {
  const size_t columns = fields_.size();
  auto keep = [&](size_t index, std::string_view cell) {
    if (index < columns) {
      if (int32_t m = mapped_of_column_[index]; m >= 0) mapped_cells_[size_t(m)] = cell;
    } else if (index == columns) {
      extra_cell_ = cell;
    }
  };
  if (separator_.size() == 1) {
    // Cells after the last mapped column are only counted; the one cell past the header's
    // columns that parse() looks at is the line's last.
    char sep = separator_[0];
    size_t cells = for_each_cell(line, sep, line_has_backslash_, keep, emit_below_);
    if (cells == columns + 1) extra_cell_ = line.substr(line.rfind(sep) + 1);
    return cells;
  }
  line_has_backslash_ = line.find('\\') != std::string_view::npos;
  size_t index = 0, pos = 0;
  while (true) {
    size_t next = line.find(separator_, pos);
    if (next == std::string_view::npos) {
      keep(index++, line.substr(pos));
      return index;
    }
    keep(index++, line.substr(pos, next - pos));
    pos = next + separator_.size();
  }
}

bool TsvParser::cut_line(std::string_view line, std::string& error) {
  size_t cells = cut(line);
  if (!cell_count_ok(cells, extra_cell_.empty())) {
    error =
        "expected " + std::to_string(fields_.size()) + " fields, found " + std::to_string(cells);
    return false;
  }
  arena_.clear();
  if (line_has_backslash_)
    reserve_at_least(arena_, line.size() + 1);  // unescaping never grows a value
  return true;
}

bool TsvParser::parse_conn(std::string_view line, ConnFields& out, std::string& error) {
  if (!cut_line(line, error)) return false;
  fill_conn(out);
  return true;
}

void TsvParser::fill_conn(ConnFields& out) {
  out = ConnFields();
  const std::string_view unset = unset_field_, empty = empty_field_;
  const Mapped* mapped = mapped_.data();
  const std::string_view* mapped_cells = mapped_cells_.data();
  const ConnFields::Member* conn_members = conn_members_.data();
  const size_t mapped_count = mapped_.size();
  for (size_t k = 0; k < mapped_count; ++k) {
    std::string_view cell = mapped_cells[k];
    if (bytes_equal(cell, unset)) continue;  // unset: the field stays "" and not set
    Field f = mapped[k].field;
    if (f == Field::kService) {
      out.service_set = true;
      if (mapped[k].container) {
        // A set: its items, as parse() gives them (no item for an empty set).
        conn_items_.clear();
        if (!bytes_equal(cell, empty))
          split_items(cell, [&](std::string_view v) { conn_items_.push_back(v); });
        out.service = conn_items_;
      } else {
        conn_item_ = bytes_equal(cell, empty) ? std::string_view() : unescape(cell);
        out.service = std::span<const std::string_view>(&conn_item_, 1);
      }
      continue;
    }
    const ConnFields::Member& m = conn_members[k];
    if (!m.text) continue;
    out.*m.text = bytes_equal(cell, empty) ? std::string_view() : unescape(cell);
    if (m.set) out.*m.set = true;
  }
}

bool TsvParser::conn_line(std::string_view line, size_t cells, bool last_cell_empty, bool escaped,
                          size_t max_line, ConnFields& out, ConnLines& lines) {
  // What on_line() would not hand to parse_conn() as it is, or parse_conn() would refuse.
  unsigned char first = line.empty() ? 0 : static_cast<unsigned char>(line.front());
  bool plain = !line.empty() && line.size() <= max_line && first != '#' && first != '{' &&
               first != ' ' && first != '\t' && first != '\r' && line.back() != '\r' && !escaped &&
               cell_count_ok(cells, last_cell_empty);
  if (!plain) return lines.other(line);
  line_has_backslash_ = false;
  arena_.clear();
  fill_conn(out);
  return lines.record(out);
}

size_t TsvParser::read_conn_lines(std::string_view text, size_t max_line, ConnFields& out,
                                  ConnLines& lines) {
  const int32_t* slot_of_column = mapped_of_column_.data();
  std::string_view* cells = mapped_cells_.data();
  // (A line the fast way leaves is cut again by parse(): its kept cells are not read.)
  return for_each_line_and_cell(
      text, separator_[0], emit_below_,
      [&](size_t column, const char* begin, const char* end) {
        if (int32_t slot = slot_of_column[column]; slot >= 0)
          cells[slot] = std::string_view(begin, size_t(end - begin));
      },
      [&](const char* line, const char* newline, size_t count, bool last_cell_empty, bool escaped) {
        return conn_line(std::string_view(line, size_t(newline - line)), count, last_cell_empty,
                         escaped, max_line, out, lines);
      });
}

bool TsvParser::parse(std::string_view line, LogKind hint, Record& out, std::string& error) {
  if (columns_dirty_) build_columns(hint);
  if (!cut_line(line, error)) return false;
  out.reset(kind_);
  const std::string_view unset = unset_field_, empty = empty_field_;
  // Locals: the stores into `out` would otherwise make the compiler reload the vectors' bounds.
  const Mapped* mapped = mapped_.data();
  const std::string_view* mapped_cells = mapped_cells_.data();
  const size_t mapped_count = mapped_.size();
  for (size_t k = 0; k < mapped_count; ++k) {
    const Mapped& m = mapped[k];
    std::string_view cell = mapped_cells[k];
    Field f = m.field;
    if (bytes_equal(cell, unset)) continue;  // unset: the slot stays empty
    if (!m.container) {
      out.set(f, bytes_equal(cell, empty) ? std::string_view() : unescape(cell));
      continue;
    }
    out.begin(f);
    if (bytes_equal(cell, empty)) continue;
    split_items(cell, [&](std::string_view v) { out.add(f, v); });
  }
  return true;
}

}  // namespace zeekscope
