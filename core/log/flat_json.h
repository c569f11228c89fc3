#pragma once
// A fast path for the JSON lines Zeek writes: one flat object of strings (with the short
// escapes), numbers, true/false/null, and arrays of such scalars, with or without spaces between
// tokens. Anything else (\u escapes, nested objects, bare nan, invalid JSON) is declined and
// left to RapidJSON, whose result the fast path matches exactly where it accepts a line. Views
// point into the line, or into `arena` for strings that had escapes.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zeekscope {

// One key of a flattened object: whether it was set (null is unset) and its values, a range of
// the items list (one for a scalar, any number for an array).
struct JsonEntry {
  std::string_view key;
  bool set = true;
  uint32_t first = 0;
  uint32_t count = 0;
};

// Fills `entries` and `items` (cleared first) from `line`; returns false, with both in any state,
// when the line is not in the simple form.
bool scan_flat_json(std::string_view line, std::vector<JsonEntry>& entries,
                    std::vector<std::string_view>& items, std::string& arena);

}  // namespace zeekscope
