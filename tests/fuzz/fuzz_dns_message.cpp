// DNS: the message parser (Zeek's sections and every section), names at input-chosen offsets,
// DNS over TCP framing in input-chosen chunks (checked against cutting the whole stream at
// once), and the query/reply pairer over the messages framed, with the connection, multicast
// flag and clock steps taken from the messages' first bytes and tight pending limits.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "protocol/dns_message.h"
#include "protocol/dns_names.h"
#include "protocol/dns_tcp_framing.h"
#include "protocol/dns_transactions.h"

namespace {
struct Sink : zeekscope::protocol::DnsTransactionSink {
  uint64_t records = 0, bytes = 0;
  void on_dns(const zeekscope::protocol::DnsTransaction& r) override {
    ++records;
    for (const auto& a : r.answers) bytes += a.size();
    if (r.answers.size() != r.ttls.size()) abort();
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace zeekscope::protocol;
  if (size < 1) return 0;
  size_t chunk = size_t(data[0]) + 1;
  std::span<const uint8_t> input(data + 1, size - 1);

  DnsParseOptions all;
  all.all_sections = true;
  DnsMessage whole = parse_dns_message(input);
  DnsMessage every = parse_dns_message(input, all);
  if (every.records.size() < whole.records.size() && every.ok()) abort();
  for (size_t at = 0; at < input.size() && at < 64; ++at) {
    DnsName n = read_dns_name(input, at);
    if (n.error == DnsNameError::kNone && (n.end > input.size() || n.text.size() > kMaxDnsName))
      abort();
  }

  // Framing: the stream fed in chunks must give what cutting it whole gives.
  DnsTcpCut cut = cut_dns_tcp_messages(input, SIZE_MAX);
  std::vector<std::span<const uint8_t>> framed;
  std::vector<std::vector<uint8_t>> copies;
  DnsTcpStream stream;
  for (size_t at = 0; at < input.size(); at += chunk) {
    stream.feed(input.subspan(at, std::min(chunk, input.size() - at)),
                [&](std::span<const uint8_t> m) { copies.emplace_back(m.begin(), m.end()); });
  }
  if (copies.size() != cut.messages.size()) abort();
  for (size_t i = 0; i < copies.size(); ++i) {
    if (copies[i].size() != cut.messages[i].size() ||
        !std::equal(copies[i].begin(), copies[i].end(), cut.messages[i].begin()))
      abort();
  }
  if (stream.held() > 2 + 65535) abort();

  Sink sink;
  DnsPairingLimits limits;
  limits.max_pending_ids = 3;
  limits.max_pending_per_id = 2;
  limits.max_pending_total = 16;
  DnsTransactions pairs(sink, limits);
  int64_t now = 0;
  for (const auto& m : cut.messages) {
    DnsMessage parsed = parse_dns_message(m);
    uint8_t control = m.empty() ? 0 : m[m.size() - 1];
    now += (control & 0x0F) - 2;  // sometimes backwards
    pairs.on_message(control >> 5, now, parsed, control & 0x10);
    if (pairs.pending() > limits.max_pending_total) abort();
    if ((control & 0x1F) == 0x1F) pairs.finish_connection(control >> 5);
  }
  pairs.on_message(0, now, whole);
  pairs.finish();
  if (pairs.pending() != 0) abort();
  if (sink.records > pairs.stats().messages) abort();
  return 0;
}
