#pragma once
// HTTP/1.x message heads from one direction of a TCP stream, on any port: request lines
// (method, URI, version) or status lines (code, reason), and the headers http.log reads (Host,
// User-Agent, Referer, Origin, Content-Type), one message after another on a keep-alive or
// pipelined connection. Bodies are skipped by Content-Length or chunked encoding without being
// kept; a response without either runs to the end of the stream. Memory is bounded by the head
// limit; bytes may arrive in pieces of any size with the same result.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zeekscope::protocol {

struct HttpLimits {
  size_t max_head = 64 * 1024;   // request or status line plus headers
  size_t max_headers = 256;      // header lines in one head
  size_t max_messages = 1000;    // messages kept per direction
  size_t max_chunk_line = 1024;  // a chunk-size line
};

struct HttpMessage {
  uint64_t offset = 0;  // of its first byte in the direction's stream
  // A request: method, URI as sent, and version ("1.1"; "0.9" when the line has none).
  std::string method, uri;
  // A response: status code and reason; version from its status line.
  int status_code = 0;
  std::string reason;
  std::string version;
  // Headers (names compared case-insensitively; the last value wins, as in Zeek's log).
  std::string host, user_agent, referrer, origin, content_type;
  std::optional<uint64_t> content_length;
  bool chunked = false;
  uint32_t headers = 0;
  // Body bytes (de-chunked) skipped so far; complete once the next message starts or the
  // parser says so.
  uint64_t body_length = 0;
  bool body_complete = false;
};

class HttpParser {
 public:
  enum class Side : uint8_t { kRequests, kResponses };
  enum class Status : uint8_t {
    kReading,  // all well: inside a head, a body, or between messages
    kNotHttp,  // the first message is not HTTP (for a request side, no method and URI)
    kBad,      // a later message is malformed; nothing more is read
    kLimit,    // a head or the message count over its limit; nothing more is read
    kOpaque,   // the rest of the stream is not HTTP messages: a body to the end of the
               // stream, a 101 Switching Protocols or a CONNECT tunnel
  };

  explicit HttpParser(Side side, HttpLimits limits = {}) : side_(side), limits_(limits) {}

  // The next bytes of the direction, in order.
  void feed(std::span<const uint8_t> bytes);
  void feed(std::string_view bytes) {
    feed(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  }
  // The responses side: the method and version of each request, in order, so that a reply to
  // HEAD has no body, a 2xx reply to CONNECT ends HTTP on the connection, and the reply to an
  // HTTP/0.9 request is read as a body without a status line (status code 0, as Zeek logs it).
  // Without it, replies are read as replies to GET.
  void expect_reply_to(std::string_view method, std::string_view version = "1.1") {
    pending_.push_back({std::string(method), version == "0.9"});
  }

  const std::vector<HttpMessage>& messages() const { return messages_; }
  Status status() const { return status_; }
  std::string_view reason() const { return reason_; }
  // True while the bytes seen so far could still be the start of an HTTP message (for service
  // detection: "need more" as opposed to "not HTTP").
  bool undecided() const { return status_ == Status::kReading && messages_.empty(); }
  uint64_t bytes_seen() const { return fed_; }  // all bytes fed, read or not

 private:
  enum class State : uint8_t { kHead, kBody, kChunkSize, kChunkData, kChunkEnd, kTrailer, kDone };
  void head_byte_block(std::span<const uint8_t>& bytes);
  bool finish_head();
  bool apply_headers(std::string_view lines, HttpMessage& m);
  void start_body();
  void stop(Status s, std::string_view reason);
  bool first_line_impossible() const;

  Side side_;
  HttpLimits limits_;
  State state_ = State::kHead;
  Status status_ = Status::kReading;
  std::string_view reason_;
  std::string head_;        // the head being read
  std::string chunk_line_;  // the chunk-size line being read
  uint64_t body_left_ = 0;  // of Content-Length or of the current chunk
  uint64_t seen_ = 0;       // bytes read: the stream offset of the next byte
  uint64_t fed_ = 0;
  uint64_t head_offset_ = 0;
  struct Pending {
    std::string method;
    bool http09 = false;
  };
  std::deque<Pending> pending_;
  bool headers_after_09_ = false;  // header lines after an HTTP/0.9 request line
  std::vector<HttpMessage> messages_;
};

// The URI as http.log writes it: %XX and %uXXXX decoded (the latter as UTF-8); of "%%" the
// first '%' is dropped and the second starts a new escape; anything else kept as sent.
std::string unescape_http_uri(std::string_view uri);

}  // namespace zeekscope::protocol
