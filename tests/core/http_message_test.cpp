// The HTTP head parser on hand-built streams: request and status lines, the headers http.log
// reads, keep-alive and pipelining with Content-Length and chunked bodies, replies to HEAD,
// 1xx, 101 and CONNECT, HTTP/0.9, "not HTTP" against "need more", the limits, the same result
// for every split of the stream, and URI unescaping.
#include "protocol/http_message.h"

#include <gtest/gtest.h>

#include <sstream>

namespace zeekscope::protocol {
namespace {

using Side = HttpParser::Side;
using Status = HttpParser::Status;

HttpParser parse(Side side, const std::string& stream, size_t chunk = 0,
                 std::vector<std::string> methods = {}, HttpLimits limits = {}) {
  HttpParser p(side, limits);
  for (const auto& m : methods) p.expect_reply_to(m);
  if (chunk == 0) chunk = stream.size() + 1;
  for (size_t at = 0; at < stream.size(); at += chunk)
    p.feed(std::string_view(stream).substr(at, chunk));
  return p;
}

std::string summary(const HttpParser& p) {
  std::ostringstream s;
  s << int(p.status()) << "|" << p.bytes_seen();
  for (const auto& m : p.messages())
    s << "\n"
      << m.offset << " " << m.method << " " << m.uri << " " << m.version << " " << m.status_code
      << " " << m.reason << " host=" << m.host << " ua=" << m.user_agent << " ref=" << m.referrer
      << " origin=" << m.origin << " ct=" << m.content_type << " body=" << m.body_length
      << (m.body_complete ? " done" : "");
  return s.str();
}

// The same messages whatever the piece size, including byte by byte.
void expect_split_invariant(Side side, const std::string& stream,
                            std::vector<std::string> methods = {}) {
  std::string whole = summary(parse(side, stream, 0, methods));
  for (size_t chunk = 1; chunk <= stream.size(); ++chunk)
    ASSERT_EQ(summary(parse(side, stream, chunk, methods)), whole) << "chunk " << chunk;
  // Two pieces cut at every offset.
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    HttpParser p(side);
    for (const auto& m : methods) p.expect_reply_to(m);
    p.feed(std::string_view(stream).substr(0, cut));
    p.feed(std::string_view(stream).substr(cut));
    ASSERT_EQ(summary(p), whole) << "cut " << cut;
  }
}

const std::string kPipelined =
    "GET /index.html?q=a%20b HTTP/1.1\r\n"
    "Host: www.example.com:8080\r\n"
    "User-Agent: curl/8.0\r\n"
    "Referer: http://origin.test/\r\n"
    "\r\n"
    "POST /upload HTTP/1.1\r\n"
    "host: upload.test\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Length: 11\r\n"
    "\r\n"
    "hello world"
    "PUT /chunks HTTP/1.1\r\n"
    "Host: c.test\r\n"
    "Transfer-Encoding: chunked\r\n"
    "\r\n"
    "5;ext=1\r\nhello\r\n"
    "6\r\n world\r\n"
    "0\r\n"
    "Trailer: x\r\n"
    "\r\n"
    "OPTIONS * HTTP/1.0\r\n"
    "\r\n";

TEST(HttpMessage, PipelinedRequests) {
  auto p = parse(Side::kRequests, kPipelined);
  EXPECT_EQ(p.status(), Status::kReading);
  ASSERT_EQ(p.messages().size(), 4u);
  const auto& get = p.messages()[0];
  EXPECT_EQ(get.method, "GET");
  EXPECT_EQ(get.uri, "/index.html?q=a%20b");
  EXPECT_EQ(unescape_http_uri(get.uri), "/index.html?q=a b");
  EXPECT_EQ(get.version, "1.1");
  EXPECT_EQ(get.host, "www.example.com:8080");  // with its port, as Zeek logs it
  EXPECT_EQ(get.user_agent, "curl/8.0");
  EXPECT_EQ(get.referrer, "http://origin.test/");
  EXPECT_TRUE(get.body_complete);
  const auto& post = p.messages()[1];
  EXPECT_EQ(post.method, "POST");
  EXPECT_EQ(post.host, "upload.test");
  EXPECT_EQ(post.content_type, "text/plain");
  EXPECT_EQ(post.body_length, 11u);
  EXPECT_TRUE(post.body_complete);
  const auto& put = p.messages()[2];
  EXPECT_TRUE(put.chunked);
  EXPECT_EQ(put.body_length, 11u);
  EXPECT_TRUE(put.body_complete);
  EXPECT_EQ(p.messages()[3].method, "OPTIONS");
  EXPECT_EQ(p.messages()[3].uri, "*");
  EXPECT_EQ(p.messages()[3].version, "1.0");
  EXPECT_EQ(p.messages()[3].offset, kPipelined.find("OPTIONS"));
  expect_split_invariant(Side::kRequests, kPipelined);
}

const std::string kReplies =
    "HTTP/1.1 100 Continue\r\n\r\n"
    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/html\r\n\r\nabcde"
    "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"  // a reply to HEAD: no body
    "HTTP/1.1 304 Not Modified\r\n\r\n"
    "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
    "HTTP/1.0 200 OK\r\n\r\nbody until the connection closes HTTP/1.1 200 OK\r\n\r\n";

TEST(HttpMessage, RepliesWithTheirBodies) {
  std::vector<std::string> methods{"POST", "HEAD", "GET", "GET", "GET"};
  auto p = parse(Side::kResponses, kReplies, 0, methods);
  ASSERT_EQ(p.messages().size(), 6u);
  EXPECT_EQ(p.messages()[0].status_code, 100);
  EXPECT_EQ(p.messages()[0].reason, "Continue");
  EXPECT_EQ(p.messages()[1].status_code, 200);
  EXPECT_EQ(p.messages()[1].content_type, "text/html");
  EXPECT_EQ(p.messages()[1].body_length, 5u);
  EXPECT_EQ(p.messages()[2].body_length, 0u);  // HEAD
  EXPECT_EQ(p.messages()[3].status_code, 304);
  EXPECT_EQ(p.messages()[4].status_code, 404);
  EXPECT_EQ(p.messages()[4].reason, "Not Found");
  EXPECT_EQ(p.messages()[4].body_length, 3u);
  EXPECT_EQ(p.messages()[5].version, "1.0");
  EXPECT_EQ(p.status(), Status::kOpaque);  // no length: the rest is body
  EXPECT_FALSE(p.messages()[5].body_complete);
  EXPECT_EQ(p.messages()[5].body_length, kReplies.size() - kReplies.find("body until"));
  expect_split_invariant(Side::kResponses, kReplies, methods);
  // Without the methods, the reply to HEAD is read as having a 1000-byte body.
  EXPECT_LT(parse(Side::kResponses, kReplies).messages().size(), 6u);
}

TEST(HttpMessage, UpgradeAndConnectEndHttp) {
  auto up = parse(Side::kResponses,
                  "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x05hello");
  EXPECT_EQ(up.status(), Status::kOpaque);
  ASSERT_EQ(up.messages().size(), 1u);
  EXPECT_EQ(up.messages()[0].status_code, 101);
  auto tunnel = parse(Side::kResponses, "HTTP/1.0 200 Connection established\r\n\r\nEHLO x\r\n", 0,
                      {"CONNECT"});
  EXPECT_EQ(tunnel.status(), Status::kOpaque);
  ASSERT_EQ(tunnel.messages().size(), 1u);
  auto req = parse(Side::kRequests,
                   "CONNECT mail.test:25 HTTP/1.0\r\n\r\nEHLO x\r\nGET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(req.status(), Status::kOpaque);
  ASSERT_EQ(req.messages().size(), 1u);
  EXPECT_EQ(req.messages()[0].uri, "mail.test:25");
}

TEST(HttpMessage, Http09AndOddRequestLines) {
  auto p = parse(Side::kRequests, "GET /zeek.html\r\n");
  ASSERT_EQ(p.messages().size(), 1u);
  EXPECT_EQ(p.messages()[0].uri, "/zeek.html");
  EXPECT_EQ(p.messages()[0].version, "0.9");
  // Without a version only a known method makes a request (btest http-09's "T /zeek.html").
  EXPECT_TRUE(parse(Side::kRequests, "T /zeek.html\n").messages().empty());
  EXPECT_EQ(parse(Side::kRequests, "T /zeek.html\n\n").status(), Status::kNotHttp);
  EXPECT_EQ(parse(Side::kRequests, "T /zeek.html HTTP/1.1\n\n").messages().size(), 1u);
  // Zeek reads header lines after an HTTP/0.9 request line as that request's (btest
  // http-methods: "GET /HTTP/1.1" then a Host header).
  auto glued = parse(Side::kRequests, "GET /HTTP/1.1\r\nHost: www.google.com\r\n\r\n");
  ASSERT_EQ(glued.messages().size(), 1u);
  EXPECT_EQ(glued.messages()[0].uri, "/HTTP/1.1");
  EXPECT_EQ(glued.messages()[0].version, "0.9");
  EXPECT_EQ(glued.messages()[0].host, "www.google.com");
  expect_split_invariant(Side::kRequests, "GET /HTTP/1.1\r\nHost: www.google.com\r\n\r\n");
  // Its reply has no status line: a body to the end, status code 0.
  auto reply = parse(Side::kResponses, "HTTP/1.0 403 Forbidden\r\n\r\n<html>", 0, {}, {});
  EXPECT_EQ(reply.messages()[0].status_code, 403);
  HttpParser raw(Side::kResponses);
  raw.expect_reply_to("GET", "0.9");
  raw.feed(std::string_view("<html>\n  The Zeek Network Security Monitor\n</html>\n"));
  ASSERT_EQ(raw.messages().size(), 1u);
  EXPECT_EQ(raw.messages()[0].status_code, 0);
  EXPECT_EQ(raw.messages()[0].body_length, 51u);  // Zeek: response_body_len 51
  EXPECT_EQ(raw.status(), Status::kOpaque);
  auto empty_uri = parse(Side::kRequests, "OPTIONS  HTTP/1.0\r\n\r\n");
  ASSERT_EQ(empty_uri.messages().size(), 1u);
  EXPECT_EQ(empty_uri.messages()[0].uri, "");
  EXPECT_EQ(empty_uri.messages()[0].version, "1.0");
  auto spaces = parse(Side::kRequests, "GET /a b c HTTP/1.1\r\n\r\n");
  ASSERT_EQ(spaces.messages().size(), 1u);
  EXPECT_EQ(spaces.messages()[0].uri, "/a b c");
  // Bare LF line ends, folded header lines, the last Host wins, leading empty lines skipped.
  auto lf = parse(Side::kRequests,
                  "\r\n\nGET / HTTP/1.1\nHost: a.test\nUser-Agent: x\n  y\nHost: b.test\n\n");
  ASSERT_EQ(lf.messages().size(), 1u);
  EXPECT_EQ(lf.messages()[0].host, "b.test");
  EXPECT_EQ(lf.messages()[0].user_agent, "x y");
  EXPECT_EQ(lf.messages()[0].offset, 3u);
}

TEST(HttpMessage, NotHttpAgainstNeedMore) {
  // A partial request line that could still be one: undecided.
  for (std::string partial : {"G", "GET", "GET ", "GET /index", "GET / HTTP/1.1\r\nHost: x"}) {
    auto p = parse(Side::kRequests, partial);
    EXPECT_EQ(p.status(), Status::kReading) << partial;
    EXPECT_TRUE(p.undecided()) << partial;
  }
  for (std::string other :
       {"\x16\x03\x01\x02\x00\x01", "SSH-2.0-OpenSSH\r\n", "<html>", " GET /"}) {
    auto p = parse(Side::kRequests, other);
    EXPECT_EQ(p.status(), Status::kNotHttp) << other;
  }
  EXPECT_TRUE(parse(Side::kResponses, "HTT").undecided());
  EXPECT_EQ(parse(Side::kResponses, "HTTX").status(), Status::kNotHttp);
  EXPECT_EQ(parse(Side::kResponses, "HTTP/x").status(), Status::kNotHttp);
  EXPECT_EQ(parse(Side::kResponses, "HTTP/1.1 abc OK\r\n\r\n").status(), Status::kNotHttp);
  EXPECT_EQ(parse(Side::kResponses, "SSH-2.0-x\r\n").status(), Status::kNotHttp);
  // A bad message after a good one: bad, the good one kept.
  auto later = parse(Side::kResponses, "HTTP/1.1 204 No Content\r\n\r\ngarbage line\r\n\r\n");
  EXPECT_EQ(later.status(), Status::kBad);
  EXPECT_EQ(later.messages().size(), 1u);
}

TEST(HttpMessage, Limits) {
  HttpLimits small;
  small.max_head = 100;
  small.max_headers = 3;
  small.max_messages = 2;
  std::string long_head = "GET / HTTP/1.1\r\nX: " + std::string(200, 'a') + "\r\n\r\n";
  EXPECT_EQ(parse(Side::kRequests, long_head, 7, {}, small).status(), Status::kLimit);
  // Where reading stops at a limit does not depend on the pieces (found by fuzz_http_message).
  std::string chunked_long =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + std::string(3000, '1') + "\r\n";
  for (const std::string& s : {long_head, chunked_long}) {
    std::string whole = summary(parse(Side::kRequests, s, 0, {}, small));
    std::string whole_reply = summary(parse(Side::kResponses, s, 0, {}, small));
    for (size_t chunk = 1; chunk < 300; ++chunk) {
      ASSERT_EQ(summary(parse(Side::kRequests, s, chunk, {}, small)), whole) << chunk;
      ASSERT_EQ(summary(parse(Side::kResponses, s, chunk, {}, small)), whole_reply) << chunk;
    }
  }
  std::string many = "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n";
  EXPECT_EQ(parse(Side::kRequests, many, 0, {}, small).status(), Status::kLimit);
  std::string three = "GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n";
  auto p = parse(Side::kRequests, three, 0, {}, small);
  EXPECT_EQ(p.status(), Status::kLimit);
  EXPECT_EQ(p.messages().size(), 2u);
  // A head without end never grows past the limit.
  HttpParser endless(Side::kRequests, small);
  endless.feed(std::string_view("GET / HTTP/1.1\r\n"));
  for (int i = 0; i < 1000; ++i) endless.feed(std::string_view("aaaaaaaaaa"));
  EXPECT_EQ(endless.status(), Status::kLimit);
  // Hostile sizes: a Content-Length beyond 64 bits is not a length; a huge chunk size is bad.
  auto cl = parse(Side::kRequests,
                  "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\nGET / "
                  "HTTP/1.1\r\n\r\n");
  EXPECT_EQ(cl.messages().size(), 2u);
  auto chunk =
      parse(Side::kResponses,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n");
  EXPECT_EQ(chunk.status(), Status::kBad);
  // A large Content-Length is skipped as bytes arrive, without keeping them.
  HttpParser big(Side::kResponses);
  big.feed(std::string_view("HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n"));
  std::string block(65536, 'x');
  for (int i = 0; i < 152; ++i) big.feed(block);
  EXPECT_EQ(big.messages()[0].body_length, 152u * 65536);
  EXPECT_FALSE(big.messages()[0].body_complete);
}

TEST(HttpMessage, UriUnescaping) {
  EXPECT_EQ(unescape_http_uri("/a%20b%2Fc"), "/a b/c");
  EXPECT_EQ(unescape_http_uri("/%u0041%u00e9"), "/A\xC3\xA9");
  EXPECT_EQ(unescape_http_uri("/100%%41"), "/100A");  // of %%, the second % escapes
  EXPECT_EQ(unescape_http_uri("/bad%zz%"), "/bad%zz%");
  EXPECT_EQ(unescape_http_uri("/plain?x=1&y=2"), "/plain?x=1&y=2");
}

}  // namespace
}  // namespace zeekscope::protocol
