#pragma once
// Connection uids shaped like Zeek's ("C" and base62), derived from what the connection's first
// packet says and a counter, never from a random source: the same capture gives the same uids
// natively and in WebAssembly.
#include <cstdint>
#include <string>

#include "flow/flow_key.h"

namespace zeekscope::flow {

std::string make_uid(uint64_t seed, int64_t ts_us, const Endpoints& orig, uint64_t counter);

}  // namespace zeekscope::flow
