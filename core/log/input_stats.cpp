#include "log/input_stats.h"

#include <algorithm>

namespace zeekscope {

void InputStats::append_part(const InputStats& part) {
  // The note of a header without records goes once this part gives records or skipped lines.
  if ((part.records > 0 || part.skipped_lines > 0) && !skipped.empty() &&
      skipped.back().line == 0 && skipped.back().reason == kHeaderOnlyNote)
    skipped.pop_back();
  for (const auto& s : part.skipped) {
    if (skipped.size() >= kMaxReasons) break;
    skipped.push_back({s.line == 0 ? 0 : lines + s.line, s.reason});
  }
  bytes += part.bytes;
  lines += part.lines;
  records += part.records;
  records_used += part.records_used;
  meta_lines += part.meta_lines;
  blank_lines += part.blank_lines;
  skipped_lines += part.skipped_lines;
  header_blocks += part.header_blocks;
  last_line_unterminated = part.last_line_unterminated;
  for (const auto& [limit, n] : part.limits) limits[limit] += n;
  if (part.first_ts && (!first_ts || *part.first_ts < *first_ts)) first_ts = part.first_ts;
  if (part.last_ts && (!last_ts || *part.last_ts > *last_ts)) last_ts = part.last_ts;
  if (!part.format.empty() && part.format != format)
    format = format.empty() ? part.format : "tsv+json";
  if (!part.log_type.empty() && part.log_type != log_type)
    log_type = log_type.empty() ? part.log_type : "mixed";
}

}  // namespace zeekscope
