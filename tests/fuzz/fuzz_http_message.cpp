// The HTTP head parser on one direction's bytes fed in input-chosen pieces: the first byte
// picks requests or replies and the piece size, the second byte small or default limits; the
// same bytes fed whole must give the same messages (differential), or it stops.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "protocol/http_message.h"

using namespace zeekscope::protocol;

namespace {
bool same(const HttpParser& a, const HttpParser& b) {
  if (a.status() != b.status() || a.messages().size() != b.messages().size() ||
      a.bytes_seen() != b.bytes_seen())
    return false;
  for (size_t i = 0; i < a.messages().size(); ++i) {
    const HttpMessage &x = a.messages()[i], &y = b.messages()[i];
    if (x.offset != y.offset || x.method != y.method || x.uri != y.uri || x.host != y.host ||
        x.status_code != y.status_code || x.user_agent != y.user_agent ||
        x.body_length != y.body_length || x.body_complete != y.body_complete)
      return false;
  }
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  auto side = (data[0] & 1) ? HttpParser::Side::kResponses : HttpParser::Side::kRequests;
  size_t piece = size_t(data[0] >> 1) + 1;
  HttpLimits limits;
  if (data[1] & 1) {
    limits.max_head = 200;
    limits.max_headers = 4;
    limits.max_messages = 8;
    limits.max_chunk_line = 16;
  }
  std::string_view stream(reinterpret_cast<const char*>(data + 2), size - 2);
  HttpParser pieces(side, limits), whole(side, limits);
  if (data[1] & 2) {
    pieces.expect_reply_to("HEAD");
    whole.expect_reply_to("HEAD");
  }
  for (size_t at = 0; at < stream.size(); at += piece) pieces.feed(stream.substr(at, piece));
  whole.feed(stream);
  if (!same(pieces, whole)) std::abort();
  for (const auto& m : whole.messages()) (void)unescape_http_uri(m.uri);
  return 0;
}
