#pragma once
// Connection uids shaped like Zeek's ("C" and base62), derived from what the connection's first
// packet says and a counter, never from a random source: the same capture gives the same uids
// natively and in WebAssembly.
#include <cstdint>
#include <string>
#include <string_view>

#include "flow/flow_key.h"

namespace zeekscope::flow {

std::string make_uid(uint64_t seed, int64_t ts_us, const Endpoints& orig, uint64_t counter);

// The seed for a capture file's uids: from its base name (what follows the last '/' or '\\'),
// so the page, both CLIs and every worker give a file the same uids, and two files of one
// analysis get different ones.
uint64_t file_uid_seed(std::string_view file_name);

}  // namespace zeekscope::flow
