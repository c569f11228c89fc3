#include "log/line_splitter.h"

#include "common/byte_scan.h"

namespace zeekscope {

void LineSplitter::emit(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  handler_.on_line(line, ++number_);
}

void LineSplitter::feed(std::string_view chunk) {
  while (!chunk.empty()) {
    const char* hit = find_byte(chunk.data(), chunk.data() + chunk.size(), '\n');
    const char* nl = hit == chunk.data() + chunk.size() ? nullptr : hit;
    size_t take = nl ? size_t(nl - chunk.data()) : chunk.size();
    std::string_view part = chunk.substr(0, take);
    if (discarding_) {
      discarded_ += part.size();
      if (nl) {
        handler_.on_overlong_line(++number_, discarded_);
        discarding_ = false;
        discarded_ = 0;
      }
    } else if (pending_.size() + part.size() > max_line_) {
      discarding_ = true;
      discarded_ = pending_.size() + part.size();
      pending_.clear();
      pending_.shrink_to_fit();
      if (nl) {
        handler_.on_overlong_line(++number_, discarded_);
        discarding_ = false;
        discarded_ = 0;
      }
    } else if (nl) {
      if (pending_.empty()) {
        emit(part);  // the common case: the whole line is inside this chunk, no copy
      } else {
        pending_.append(part);
        emit(pending_);
        pending_.clear();
      }
    } else {
      pending_.append(part);
    }
    chunk.remove_prefix(nl ? take + 1 : take);
  }
}

bool LineSplitter::finish() {
  if (discarding_) {
    handler_.on_overlong_line(++number_, discarded_);
    discarding_ = false;
    discarded_ = 0;
    return true;
  }
  if (pending_.empty()) return false;
  emit(pending_);
  pending_.clear();
  return true;
}

}  // namespace zeekscope
