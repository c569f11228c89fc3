#pragma once
// Zeek's ASCII (TSV) writer format: header blocks (#separator, #set_separator, #empty_field,
// #unset_field, #path, #fields, #types), any number of them per stream, and data lines whose
// values are escaped with \xHH and \\. See ZEEK-LOGS.md section 1.
#include <string>
#include <string_view>
#include <vector>

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

  std::string separator_ = "\t";
  std::string set_separator_ = ",";
  std::string empty_field_ = "(empty)";
  std::string unset_field_ = "-";
  std::string path_;
  std::vector<std::string> fields_;
  std::vector<std::string> types_;
  bool columns_dirty_ = true;
  LogKind kind_ = LogKind::kUnknown;
  std::vector<Mapped> mapped_;                  // in column order
  std::vector<int32_t> mapped_of_column_;       // index into mapped_, or -1 when unread
  std::vector<std::string_view> mapped_cells_;  // this line's cell of each mapped column
  size_t emit_below_ = 0;                       // past the last mapped column
  std::string_view extra_cell_;                 // the cell after the last column, if any
  std::string arena_;  // unescaped values; reserved per line, never reallocated
  bool line_has_backslash_ = false;
  size_t max_fields_ = 1024;
  size_t fields_over_limit_ = 0;
};

// Decodes \xHH and \\ as Zeek's get_unescaped_string does; other bytes are copied as they are.
std::string unescape_zeek(std::string_view raw);

}  // namespace zeekscope
