#include "protocol/http_message.h"

#include <algorithm>
#include <cstring>

namespace zeekscope::protocol {
namespace {

bool is_token_char(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != 0;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_space(s.front()) || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);
         });
}

bool icontains(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i)
    if (iequals(hay.substr(i, needle.size()), needle)) return true;
  return false;
}

// "HTTP/d.d" (digits and a dot) at the start of `s`: its "d.d", else empty.
std::string_view http_version(std::string_view s) {
  if (s.size() < 6 || s.substr(0, 5) != "HTTP/") return {};
  std::string_view v = s.substr(5);
  size_t n = 0;
  while (n < v.size() && ((v[n] >= '0' && v[n] <= '9') || v[n] == '.')) ++n;
  if (n == 0 || !(v[0] >= '0' && v[0] <= '9')) return {};
  return v.substr(0, n);
}

bool parse_decimal(std::string_view s, uint64_t& out) {
  s = trim(s);
  if (s.empty() || s.size() > 18) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + uint64_t(c - '0');
  }
  out = v;
  return true;
}

// Methods of HTTP/1.1, WebDAV and a few vendors'; an HTTP/0.9 request line (no version) must
// use one of these, later versions any token. In the btests Zeek logs "CCM_POST /HTTP/1.1" as
// an HTTP/0.9 request (http-methods) but nothing for "T /zeek.html" (http-09).
bool known_method(std::string_view m) {
  for (std::string_view k :
       {"GET",     "HEAD",      "POST",       "PUT",           "DELETE",      "CONNECT",
        "OPTIONS", "TRACE",     "PATCH",      "QUERY",         "PROPFIND",    "PROPPATCH",
        "MKCOL",   "COPY",      "MOVE",       "LOCK",          "UNLOCK",      "SEARCH",
        "POLL",    "NOTIFY",    "SUBSCRIBE",  "UNSUBSCRIBE",   "BCOPY",       "BDELETE",
        "BMOVE",   "BPROPFIND", "BPROPPATCH", "X-MS-ENUMATTS", "RPC_IN_DATA", "RPC_OUT_DATA",
        "CCM_POST"})
    if (m == k) return true;
  return false;
}

// A request line: method (a token), whitespace, the URI, and " HTTP/x.y" at the end unless the
// request is HTTP/0.9. False when it has no method followed by whitespace.
bool parse_request_line(std::string_view line, HttpMessage& m) {
  size_t n = 0;
  while (n < line.size() && is_token_char(static_cast<unsigned char>(line[n]))) ++n;
  if (n == 0 || n == line.size() || !is_space(line[n])) return false;
  m.method = std::string(line.substr(0, n));
  std::string_view rest = trim(line.substr(n));
  // The version is the last whitespace-separated word when it reads HTTP/x.y.
  size_t last = rest.find_last_of(" \t");
  std::string_view word = last == std::string_view::npos ? rest : rest.substr(last + 1);
  std::string_view version = http_version(word);
  if (!version.empty() && version.size() == word.size() - 5) {
    m.version = std::string(version);
    m.uri = std::string(last == std::string_view::npos ? "" : trim(rest.substr(0, last)));
  } else {
    if (!known_method(m.method)) return false;
    m.version = "0.9";
    m.uri = std::string(rest);
  }
  return true;
}

bool parse_status_line(std::string_view line, HttpMessage& m) {
  std::string_view version = http_version(line);
  if (version.empty()) return false;
  m.version = std::string(version);
  std::string_view rest = line.substr(5 + version.size());
  if (rest.empty() || !is_space(rest[0])) return false;
  rest = trim(rest);
  size_t n = 0;
  while (n < rest.size() && n < 3 && rest[n] >= '0' && rest[n] <= '9') ++n;
  if (n != 3 || (rest.size() > 3 && !is_space(rest[3]))) return false;
  m.status_code = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
  m.reason = std::string(trim(rest.substr(3)));
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string unescape_http_uri(std::string_view uri) {
  std::string out;
  out.reserve(uri.size());
  for (size_t i = 0; i < uri.size();) {
    if (uri[i] != '%') {
      out += uri[i++];
      continue;
    }
    if (i + 1 < uri.size() && uri[i + 1] == '%') {  // "%%": drop one, the next may escape
      ++i;
      continue;
    }
    if (i + 2 < uri.size() && hex_value(uri[i + 1]) >= 0 && hex_value(uri[i + 2]) >= 0) {
      out += char(hex_value(uri[i + 1]) * 16 + hex_value(uri[i + 2]));
      i += 3;
      continue;
    }
    if (i + 5 < uri.size() && (uri[i + 1] == 'u' || uri[i + 1] == 'U')) {
      uint32_t cp = 0;
      bool ok = true;
      for (size_t k = 2; k < 6; ++k) {
        int h = hex_value(uri[i + k]);
        ok = ok && h >= 0;
        cp = cp * 16 + uint32_t(std::max(h, 0));
      }
      if (ok) {
        append_utf8(out, cp);
        i += 6;
        continue;
      }
    }
    out += uri[i++];  // a lone '%' stays
  }
  return out;
}

void HttpParser::stop(Status s, std::string_view reason) {
  status_ = s;
  reason_ = reason;
  state_ = State::kDone;
  head_.clear();
  head_.shrink_to_fit();
}

bool HttpParser::first_line_impossible() const {
  // Only the start of the stream decides "not HTTP"; later heads are judged whole.
  if (!messages_.empty()) return false;
  std::string_view h = head_;
  size_t eol = h.find('\n');
  std::string_view line = eol == std::string_view::npos ? h : h.substr(0, eol);
  if (side_ == Side::kResponses) {
    std::string_view want = "HTTP/";
    size_t n = std::min(line.size(), want.size());
    if (line.substr(0, n) != want.substr(0, n)) return true;
    return line.size() > 5 && !(line[5] >= '0' && line[5] <= '9');
  }
  size_t n = 0;
  while (n < line.size() && is_token_char(static_cast<unsigned char>(line[n]))) ++n;
  if (n < line.size() && (n == 0 || !is_space(line[n]))) return true;
  return n > 64;  // no method is that long
}

bool HttpParser::apply_headers(std::string_view rest, HttpMessage& m) {
  // Header lines; a line starting with whitespace continues the previous one.
  std::string* last_value = nullptr;
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? "" : rest.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    if (is_space(line[0])) {
      if (last_value) {
        if (!last_value->empty()) *last_value += ' ';
        *last_value += std::string(trim(line));
      }
      continue;
    }
    last_value = nullptr;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // not a header: ignored, as Zeek does
    if (++m.headers > limits_.max_headers) {
      stop(Status::kLimit, "too many headers");
      return false;
    }
    std::string_view name = trim(line.substr(0, colon));
    std::string value(trim(line.substr(colon + 1)));
    if (iequals(name, "host")) {
      m.host = std::move(value), last_value = &m.host;
    } else if (iequals(name, "user-agent")) {
      m.user_agent = std::move(value), last_value = &m.user_agent;
    } else if (iequals(name, "referer")) {
      m.referrer = std::move(value), last_value = &m.referrer;
    } else if (iequals(name, "origin")) {
      m.origin = std::move(value), last_value = &m.origin;
    } else if (iequals(name, "content-type")) {
      m.content_type = std::move(value), last_value = &m.content_type;
    } else if (iequals(name, "content-length")) {
      uint64_t v;
      if (parse_decimal(value, v)) m.content_length = v;
    } else if (iequals(name, "transfer-encoding")) {
      m.chunked = icontains(value, "chunked");
    }
  }
  return true;
}

bool HttpParser::finish_head() {
  if (headers_after_09_) {
    // Header lines after an HTTP/0.9 request line belong to that request (Zeek reads them).
    headers_after_09_ = false;
    apply_headers(head_, messages_.back());
    head_.clear();
    return false;  // no new message
  }
  HttpMessage m;
  m.offset = head_offset_;
  std::string_view h = head_;
  size_t eol = h.find('\n');
  std::string_view first = trim(h.substr(0, eol));
  bool ok = side_ == Side::kRequests ? parse_request_line(first, m) : parse_status_line(first, m);
  if (!ok) {
    stop(messages_.empty() ? Status::kNotHttp : Status::kBad,
         side_ == Side::kRequests ? "request line" : "status line");
    return false;
  }
  if (!apply_headers(eol == std::string_view::npos ? "" : h.substr(eol + 1), m)) return false;
  if (messages_.size() >= limits_.max_messages) {
    stop(Status::kLimit, "too many messages");
    return false;
  }
  messages_.push_back(std::move(m));
  head_.clear();
  return true;
}

void HttpParser::start_body() {
  HttpMessage& m = messages_.back();
  auto done = [&] {
    m.body_complete = true;
    state_ = State::kHead;
  };
  if (side_ == Side::kRequests) {
    if (m.method == "CONNECT") {
      m.body_complete = true;
      return stop(Status::kOpaque, "CONNECT");
    }
    if (m.chunked) {
      state_ = State::kChunkSize;
    } else if (m.content_length && *m.content_length > 0) {
      body_left_ = *m.content_length;
      state_ = State::kBody;
    } else {
      done();
    }
    return;
  }
  int code = m.status_code;
  if (code == 101) {
    m.body_complete = true;
    return stop(Status::kOpaque, "101 Switching Protocols");
  }
  if (code >= 100 && code < 200) return done();  // interim: the request is still pending
  std::string method = "GET";
  if (!pending_.empty()) {
    method = std::move(pending_.front().method);
    pending_.pop_front();
  }
  if (method == "CONNECT" && code >= 200 && code < 300) {
    m.body_complete = true;
    return stop(Status::kOpaque, "CONNECT tunnel");
  }
  if (method == "HEAD" || code == 204 || code == 304) return done();
  if (m.chunked) {
    state_ = State::kChunkSize;
  } else if (m.content_length) {
    if (*m.content_length == 0) return done();
    body_left_ = *m.content_length;
    state_ = State::kBody;
  } else {
    // No length: the body runs to the end of the stream.
    status_ = Status::kOpaque;
    reason_ = "body to the end of the stream";
    state_ = State::kDone;
  }
}

void HttpParser::head_byte_block(std::span<const uint8_t>& bytes) {
  // Between messages, empty lines are skipped.
  while (head_.empty() && !bytes.empty() && (bytes[0] == '\r' || bytes[0] == '\n')) {
    bytes = bytes.subspan(1);
    ++seen_;
  }
  if (bytes.empty()) return;
  if (head_.empty()) head_offset_ = seen_;
  if (head_.empty() && side_ == Side::kResponses && !pending_.empty() && pending_.front().http09) {
    // The reply to an HTTP/0.9 request is its body alone, to the end of the stream; Zeek logs
    // its status code as 0.
    pending_.pop_front();
    if (messages_.size() >= limits_.max_messages) return stop(Status::kLimit, "too many messages");
    HttpMessage m;
    m.offset = head_offset_;
    m.version = "0.9";
    messages_.push_back(std::move(m));
    status_ = Status::kOpaque;
    reason_ = "reply to an HTTP/0.9 request";
    state_ = State::kDone;
    return;
  }
  // One line at a time: the head ends at an empty line (CRLF or a bare LF), or after the
  // request line of an HTTP/0.9 request.
  const uint8_t* nl = static_cast<const uint8_t*>(std::memchr(bytes.data(), '\n', bytes.size()));
  size_t take = nl ? size_t(nl - bytes.data()) + 1 : bytes.size();
  // Never more than one byte past the limit, so where reading stops does not depend on how the
  // bytes were cut.
  if (head_.size() + take > limits_.max_head + 1) {
    take = limits_.max_head + 1 - head_.size();
    nl = nullptr;
  }
  head_.append(reinterpret_cast<const char*>(bytes.data()), take);
  bytes = bytes.subspan(take);
  seen_ += take;
  // "Not HTTP" first: it is decided by the first bytes, whatever the pieces.
  if (first_line_impossible()) return stop(Status::kNotHttp, "first line");
  if (head_.size() > limits_.max_head) return stop(Status::kLimit, "head too long");
  if (!nl) return;
  // A line is complete; find where it started (a previous partial piece may precede it).
  size_t start = head_.rfind('\n', head_.size() - 2);
  start = (start == std::string::npos || head_.size() < 2) ? 0 : start + 1;
  std::string_view line(head_.data() + start, head_.size() - start);
  bool empty = line == "\n" || line == "\r\n";
  bool first = start == 0;
  if (first && side_ == Side::kRequests && !empty && !headers_after_09_) {
    HttpMessage probe;
    std::string_view text = trim(std::string_view(head_).substr(0, head_.size() - 1));
    if (parse_request_line(text, probe) && probe.version == "0.9") {
      // An HTTP/0.9 request is complete at its line; header lines may still follow.
      if (finish_head()) {
        messages_.back().body_complete = true;
        state_ = State::kHead;
        headers_after_09_ = true;
      }
      return;
    }
  }
  if (!empty || first) return;
  if (finish_head()) start_body();
}

void HttpParser::feed(std::span<const uint8_t> bytes) {
  fed_ += bytes.size();
  while (!bytes.empty() && status_ != Status::kBad && status_ != Status::kNotHttp &&
         status_ != Status::kLimit) {
    switch (state_) {
      case State::kHead:
        head_byte_block(bytes);
        break;
      case State::kBody:
      case State::kChunkData: {
        uint64_t take = std::min<uint64_t>(body_left_, bytes.size());
        body_left_ -= take;
        messages_.back().body_length += take;
        bytes = bytes.subspan(size_t(take));
        seen_ += take;
        if (body_left_ == 0) {
          if (state_ == State::kBody) {
            messages_.back().body_complete = true;
            state_ = State::kHead;
          } else {
            state_ = State::kChunkEnd;
          }
        }
        break;
      }
      case State::kChunkSize:
      case State::kChunkEnd:
      case State::kTrailer: {
        const uint8_t* nl =
            static_cast<const uint8_t*>(std::memchr(bytes.data(), '\n', bytes.size()));
        size_t take = nl ? size_t(nl - bytes.data()) + 1 : bytes.size();
        if (chunk_line_.size() + take > limits_.max_chunk_line + 1) {
          take = limits_.max_chunk_line + 1 - chunk_line_.size();
          nl = nullptr;
        }
        chunk_line_.append(reinterpret_cast<const char*>(bytes.data()), take);
        bytes = bytes.subspan(take);
        seen_ += take;
        if (chunk_line_.size() > limits_.max_chunk_line) return stop(Status::kLimit, "chunk line");
        if (!nl) break;
        std::string_view line = chunk_line_;
        line.remove_suffix(1);  // the '\n'
        line = trim(line);
        if (state_ == State::kChunkEnd) {
          state_ = State::kChunkSize;  // the CRLF after a chunk's data
        } else if (state_ == State::kTrailer) {
          if (line.empty()) {
            messages_.back().body_complete = true;
            state_ = State::kHead;
          }
        } else {
          line = line.substr(0, line.find(';'));
          line = trim(line);
          uint64_t size = 0;
          size_t digits = 0;
          for (char c : line) {
            int h = hex_value(c);
            if (h < 0 || ++digits > 15) return stop(Status::kBad, "chunk size");
            size = size * 16 + uint64_t(h);
          }
          if (digits == 0) return stop(Status::kBad, "chunk size");
          if (size == 0) {
            state_ = State::kTrailer;
          } else {
            body_left_ = size;
            state_ = State::kChunkData;
          }
        }
        chunk_line_.clear();
        break;
      }
      case State::kDone:
        // Opaque to the end: a body without a length counts, the rest is ignored.
        if (status_ == Status::kOpaque && !messages_.empty() && !messages_.back().body_complete)
          messages_.back().body_length += bytes.size();
        seen_ += bytes.size();
        bytes = {};
        break;
    }
  }
}

}  // namespace zeekscope::protocol
