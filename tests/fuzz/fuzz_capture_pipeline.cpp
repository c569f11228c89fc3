// The whole capture pipeline (capture file, decoder, connection table, TCP reassembly for the
// parsers, DNS, TLS, HTTP and the service decision) on a capture file. The first byte sets the
// checksum policy (top bit) and the chunk size the file is fed in; tight limits everywhere
// (connections, out-of-order bytes, prefixes, the total budget, HTTP heads, DNS pending) so
// the bounds are reached often.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "flow/capture_pipeline.h"

namespace {
using namespace zeekscope::flow;
struct Sinks : ConnRecordSink, ProtocolRecordSink {
  uint64_t bytes = 0;
  void on_conn(const ConnRecord& r) override { bytes += r.service.size() + r.history.size(); }
  void on_dns(const DnsRecord& r) override {
    bytes += r.answers.size() + r.ttls.size() + r.conn.uid.size() + (r.query ? r.query->size() : 0);
  }
  void on_ssl(const SslRecord& r) override {
    bytes += r.conn.uid.size() + (r.server_name ? r.server_name->size() : 0);
  }
  void on_http(const HttpRecord& r) override {
    bytes += r.trans_depth + (r.uri ? r.uri->size() : 0) + (r.host ? r.host->size() : 0);
  }
  void on_x509(const X509Record& r) override {
    bytes += r.certificate.sha256.size() + r.certificate.subject.size() + r.host_cert;
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  CapturePipelineOptions o;
  o.flow.ignore_checksums = data[0] & 0x80;
  o.capture.max_unit_bytes = 8192;
  o.reassembly = {1500, 4, 50'000'000'000};
  o.flow_limits.max_connections = 8;
  o.flow_limits.max_history = 16;
  o.flow_limits.max_gap_ranges = 4;
  o.protocol_limits.max_out_of_order = 512;
  o.protocol_limits.service_prefix = 256;
  o.protocol_limits.max_udp_first = 512;
  o.protocol_limits.max_buffered_total = 4096;
  o.protocol_limits.tls.max_prefix = 2048;
  o.protocol_limits.http.max_head = 512;
  o.protocol_limits.http.max_messages = 8;
  o.protocol_limits.dns.max_pending_per_id = 4;
  o.protocol_limits.dns.max_pending_ids = 4;
  o.protocol_limits.dns.max_pending_total = 16;
  Sinks sinks;
  CapturePipeline pipeline(sinks, sinks, o);
  size_t chunk = 1 + (data[0] & 0x7F) * 13;
  std::string_view file(reinterpret_cast<const char*>(data + 1), size - 1);
  for (size_t at = 0; at < file.size(); at += chunk) pipeline.feed(file.substr(at, chunk));
  pipeline.finish();
  CapturePipelineStats s = pipeline.stats();
  if (s.protocols.buffered_bytes != 0) __builtin_trap();  // every connection released its bytes
  return 0;
}
