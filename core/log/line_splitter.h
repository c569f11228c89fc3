#pragma once
// Cuts a byte stream, fed in chunks of any size, into lines. A line that spans chunks is
// assembled in one reused buffer; a line longer than the limit is reported once and dropped
// without being held in memory, so memory does not depend on the input.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace zeekscope {

class LineSplitter {
 public:
  struct Handler {
    virtual ~Handler() = default;
    // `line` has no trailing "\n" or "\r\n"; it is valid only during the call.
    virtual void on_line(std::string_view line, uint64_t number) = 0;
    virtual void on_overlong_line(uint64_t number, uint64_t length) = 0;
  };

  LineSplitter(Handler& handler, size_t max_line_bytes)
      : handler_(handler), max_line_(max_line_bytes) {}

  void feed(std::string_view chunk);
  // Delivers an unterminated last line; returns true if there was one.
  bool finish();
  uint64_t lines() const { return number_; }
  // True between lines (nothing held back): a reader may then take complete lines from the
  // stream itself, numbering each with next_line() or handing it to take(), and feed the
  // splitter the rest.
  bool between_lines() const { return pending_.empty() && !discarding_; }
  uint64_t next_line() { return ++number_; }
  // Numbers the next line 1 again (a part of a file read on its own, after its header).
  void restart_numbering() { number_ = 0; }
  // A complete line (without its newline) found by the reader: numbered, checked against the
  // limit and handed over as feed() would.
  void take(std::string_view line) {
    if (line.size() > max_line_)
      handler_.on_overlong_line(++number_, line.size());
    else
      emit(line);
  }

 private:
  void emit(std::string_view line);

  Handler& handler_;
  size_t max_line_;
  std::string pending_;
  bool discarding_ = false;  // inside an over-long line
  uint64_t discarded_ = 0;
  uint64_t number_ = 0;
};

}  // namespace zeekscope
