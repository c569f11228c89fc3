#pragma once
// Zeek's ASCII (TSV) writer format: header blocks (#separator, #set_separator, #empty_field,
// #unset_field, #path, #fields, #types), any number of them per stream, and data lines whose
// values are escaped with \xHH and \\. See ZEEK-LOGS.md section 1.
#include <string>
#include <string_view>
#include <vector>

#include "log/conn_fields.h"
#include "log/record.h"
#include "log/schema.h"

namespace zeekscope {

class TsvParser {
 public:
  enum class Meta { kOther, kFields, kTypes, kFieldsOverLimit };
  // A #fields header with more fields is refused (kFieldsOverLimit), with no fields kept.
  void set_max_fields(size_t n) { max_fields_ = n; }
  size_t fields_over_limit() const { return fields_over_limit_; }
  // A line starting with '#': updates the header state and says which header it was.
  Meta on_meta(std::string_view line);
  bool has_fields() const { return !fields_.empty(); }
  // The log's kind: from #path, else from the field set, else from `file_name_hint`.
  LogKind kind(LogKind file_name_hint);
  std::string_view path() const { return path_; }
  const std::vector<std::string>& fields() const { return fields_; }
  const std::vector<std::string>& types() const { return types_; }

  // Parses a data line into `out`; on failure returns false and sets `error`.
  bool parse(std::string_view line, LogKind file_name_hint, Record& out, std::string& error);
  // The same for a conn line, straight into the fields the capture reads; only when kind() is
  // kConn. The values are parse()'s (unset, empty, escapes, a set-typed service).
  bool parse_conn(std::string_view line, ConnFields& out, std::string& error);
  // True when the block is conn.log with every column parse_conn reads a plain value (a set-typed
  // service aside): a block that types another of them as a set goes through parse().
  bool conn_direct(LogKind file_name_hint) {
    if (columns_dirty_) build_columns(file_name_hint);
    return conn_direct_;
  }

  // Where read_conn_lines() hands each line.
  struct ConnLines {
    virtual ~ConnLines() = default;
    // A line read into `fields` as parse_conn() reads it; false stops the reading after it.
    virtual bool record(const ConnFields& fields) = 0;
    // A line left to the line-by-line path: one that is blank, a header, starts with white
    // space or '{', holds a backslash, ends with CR, has a wrong column count or is over
    // `max_line` bytes. false stops the reading after it; it must stop after a header line,
    // which may change the layout the reading holds.
    virtual bool other(std::string_view line) = 0;
  };
  // True when read_conn_lines() can read the block's lines: conn_direct() with a one-byte
  // separator.
  bool reads_conn_lines(LogKind file_name_hint) {
    return conn_direct(file_name_hint) && separator_.size() == 1 && separator_[0] != '\\' &&
           separator_[0] != '\n' && separator_[0] != '\r';
  }
  // Reads the complete lines at the start of `text` (which starts a line) in one pass that finds
  // both newlines and separators, where the line-by-line path scans each line twice. Returns the
  // bytes of the lines it handed over; the rest of `text` (an unfinished line, or what follows
  // a stop) is the caller's.
  size_t read_conn_lines(std::string_view text, size_t max_line, ConnFields& out, ConnLines& lines);

 private:
  struct Mapped {  // a column a rule reads
    Field field{};
    bool container = false;
  };
  void build_columns(LogKind kind);
  // The unescaped value of a cell: the cell itself unless its line holds a backslash.
  std::string_view unescape(std::string_view raw) {
    return line_has_backslash_ ? unescape_slow(raw) : raw;
  }
  std::string_view unescape_slow(std::string_view raw);
  // Cuts `line` into cells, keeping only the mapped ones (in mapped_cells_); returns the count.
  size_t cut(std::string_view line);
  // cut(), then the column count's check (false with `error` set) and the arena's reset.
  bool cut_line(std::string_view line, std::string& error);
  // The conn fields from the mapped cells of a line cut_line() accepted.
  void fill_conn(ConnFields& out);
  // A line's cell count is the header's, or one more when that last cell is empty (some tools,
  // RITA's test data among them, end every line with a separator).
  bool cell_count_ok(size_t cells, bool last_cell_empty) const {
    return cells == fields_.size() || (cells == fields_.size() + 1 && last_cell_empty);
  }
  // A line read_conn_lines() found and cut (its mapped cells kept): parse_conn()'s checks, then
  // to `lines`. Out of line, so the scanning loop stays small.
  [[gnu::noinline]] bool conn_line(std::string_view line, size_t cells, bool last_cell_empty,
                                   bool escaped, size_t max_line, ConnFields& out,
                                   ConnLines& lines);
  // Calls on_item with each unescaped item of a container cell, split on the set separator.
  template <typename OnItem>
  void split_items(std::string_view cell, OnItem&& on_item) {
    if (set_separator_.empty()) {
      on_item(unescape(cell));
      return;
    }
    size_t pos = 0;
    while (true) {
      size_t next = cell.find(set_separator_, pos);
      on_item(unescape(cell.substr(pos, next == std::string_view::npos ? next : next - pos)));
      if (next == std::string_view::npos) return;
      pos = next + set_separator_.size();
    }
  }

  std::string separator_ = "\t";
  std::string set_separator_ = ",";
  std::string empty_field_ = "(empty)";
  std::string unset_field_ = "-";
  std::string path_;
  std::vector<std::string> fields_;
  std::vector<std::string> types_;
  bool columns_dirty_ = true;
  LogKind kind_ = LogKind::kUnknown;
  bool conn_direct_ = false;
  std::vector<Mapped> mapped_;                  // in column order
  std::vector<int32_t> mapped_of_column_;       // index into mapped_, or -1 when unread
  std::vector<std::string_view> mapped_cells_;  // this line's cell of each mapped column
  size_t emit_below_ = 0;                       // past the last mapped column
  std::string_view extra_cell_;                 // the cell after the last column, if any
  std::string arena_;  // unescaped values; reserved per line, never reallocated
  std::vector<ConnFields::Member> conn_members_;  // parse_conn's target of each mapped column
  std::vector<std::string_view> conn_items_;      // parse_conn's service items (a set-typed column)
  std::string_view conn_item_;                    // parse_conn's service text
  bool line_has_backslash_ = false;
  size_t max_fields_ = 1024;
  size_t fields_over_limit_ = 0;
};

// Decodes \xHH and \\ as Zeek's get_unescaped_string does; other bytes are copied as they are.
std::string unescape_zeek(std::string_view raw);

}  // namespace zeekscope
