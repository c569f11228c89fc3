// The TLS hello parsers on one direction's bytes, as prefixes that grow by input-chosen steps
// (the way a caller re-parses as segments arrive): the first byte picks client or server and
// the step size; a "need more" must never follow a "done" for a longer prefix, and a prefix
// limit from the input keeps the too-long path in reach. The Certificate message search runs on
// the same prefixes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "protocol/tls_hello.h"

using namespace zeekscope::protocol;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  bool server = data[0] & 1;
  size_t step = size_t(data[0] >> 1) + 1;
  TlsLimits limits;
  limits.max_prefix = 256 + size_t(data[1]) * 64;
  limits.max_list = 16;
  std::span<const uint8_t> stream(data + 2, size - 2);
  bool done = false;
  for (size_t n = std::min(step, stream.size());; n = std::min(n + step, stream.size())) {
    auto prefix = stream.first(n);
    TlsStatus s;
    if (server) {
      auto r = parse_tls_server(prefix, limits);
      s = r.status;
      if (r.consumed > prefix.size()) std::abort();
      if (s == TlsStatus::kDone) (void)summarize_tls(nullptr, &r.hello);
    } else {
      auto r = parse_tls_client(prefix, limits);
      s = r.status;
      if (r.consumed > prefix.size()) std::abort();
      if (r.hello.cipher_suites.size() > limits.max_list) std::abort();
      if (s == TlsStatus::kDone) (void)summarize_tls(&r.hello, nullptr);
    }
    if (done && s == TlsStatus::kNeedMore) std::abort();  // more bytes cannot undo an answer
    done = done || s == TlsStatus::kDone;
    // The Certificate message search over the same prefix.
    auto c = find_tls_certificate_message(prefix, step % 8, limits);
    if (c.status != TlsStatus::kDone && !c.message.empty()) std::abort();
    if (c.message.size() > prefix.size()) std::abort();
    if (n == stream.size()) break;
  }
  return 0;
}
