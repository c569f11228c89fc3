#include "capture_reader/capture_reader.h"

#include "flow/flow_uid.h"
#include "log_writer/conn_log_row.h"
#include "log_writer/protocol_log_rows.h"
#include "packet/link_layer.h"

namespace zeekscope {

CaptureReader::CaptureReader(std::string name, RecordSink& sink,
                             flow::CapturePipelineOptions options)
    : sink_(sink),
      conn_(log_writer::conn_log_schema(), sink),
      conn_app_(log_writer::conn_app_log_schema(), sink),
      dns_(log_writer::dns_log_schema(), sink),
      ssl_(log_writer::ssl_log_schema(), sink),
      http_(log_writer::http_log_schema(), sink),
      x509_(log_writer::x509_log_schema(), sink) {
  options.flow.uid_seed = flow::file_uid_seed(name);
  tls_prefix_ = options.protocol_limits.tls.max_prefix;
  stats_.name = std::move(name);
  stats_.log_type = "capture";
  flow::ConnRecordSink& conns = *this;
  flow::ProtocolRecordSink& protocols = *this;
  pipeline_ = std::make_unique<flow::CapturePipeline>(conns, protocols, std::move(options));
}

void CaptureReader::feed(std::string_view chunk) {
  pipeline_->feed(chunk);
  sink_.flush();
}

void CaptureReader::settle(const RecordRowWriter& writer, uint64_t& made) {
  Refusal refused = writer.refusal();
  if (!refused.limit.empty()) {
    stats_.skip_over_limit(0, refused.limit,
                           std::string(log_kind_name(writer.kind())) +
                               " record not kept: " + std::string(refused.reason));
    return;
  }
  ++stats_.records;
  ++stats_.records_used;
  ++made;
  if (auto t = writer.row_time()) {
    if (!stats_.first_ts || *t < *stats_.first_ts) stats_.first_ts = t;
    if (!stats_.last_ts || *t > *stats_.last_ts) stats_.last_ts = t;
    if (writer.kind() == LogKind::kDns) {
      if (!stats_.dns_first_ts || *t < *stats_.dns_first_ts) stats_.dns_first_ts = t;
      if (!stats_.dns_last_ts || *t > *stats_.dns_last_ts) stats_.dns_last_ts = t;
    }
  }
}

void CaptureReader::on_conn(const flow::ConnRecord& record) {
  if (!conn_writer_) conn_writer_ = log_writer::conn_log_with_app(record) ? &conn_app_ : &conn_;
  RecordRowWriter& writer = conn_writer_ == &conn_app_ ? conn_app_ : conn_;
  log_writer::write_conn_row(writer, record, &writer == &conn_app_);
  settle(writer, made_[0]);
}

void CaptureReader::on_dns(const flow::DnsRecord& record) {
  log_writer::write_dns_row(dns_, record);
  settle(dns_, made_[1]);
}

void CaptureReader::on_ssl(const flow::SslRecord& record) {
  log_writer::write_ssl_row(ssl_, record);
  settle(ssl_, made_[2]);
}

void CaptureReader::on_http(const flow::HttpRecord& record) {
  log_writer::write_http_row(http_, record);
  settle(http_, made_[3]);
}

void CaptureReader::on_x509(const flow::X509Record& record) {
  log_writer::write_x509_row(x509_, record);
  settle(x509_, made_[4]);
}

void CaptureReader::add_problems(const packet::ProblemList& problems) {
  for (const auto& p : problems.first)
    if (stats_.skipped.size() < InputStats::kMaxReasons)
      stats_.skipped.push_back({0, "at byte " + std::to_string(p.offset) + ": " + p.reason});
}

void CaptureReader::finish() {
  if (finished_) return;
  finished_ = true;
  pipeline_->finish();
  sink_.flush();
  flow::CapturePipelineStats s = pipeline_->stats();
  const RecordRowWriter* writers[] = {&conn_, &dns_, &ssl_, &http_, &x509_};
  for (size_t i = 0; i < 5; ++i)
    if (made_[i]) stats_.records_made[std::string(log_kind_name(writers[i]->kind()))] = made_[i];
  stats_.format = s.capture.format;
  stats_.bytes = s.capture.bytes;
  stats_.packets = s.capture.packets;
  stats_.packets_not_ip = s.decoder.not_ip;
  stats_.packets_skipped = s.capture.damaged + s.capture.over_limit + s.decoder.unsupported_link +
                           s.decoder.truncated + s.decoder.bad_ip + s.flows.ip_checksum_dropped +
                           s.flows.ip_length_zero_dropped + s.flows.transport_truncated;
  stats_.app_packets = s.capture.app_comments + s.decoder.app_trailers;
  stats_.app_trailers_ignored = s.decoder.app_trailers_bad;
  stats_.apps_named = pipeline_->app_names().size();
  for (uint32_t type : s.capture.link_types)
    stats_.link_types.push_back(packet::link_type_name(type));
  add_problems(s.capture.problems);
  add_problems(s.decoder.problems);
  // What TLS handshakes' certificates could not give (the rest of each handshake was read).
  const flow::ProtocolStats& tls = s.protocols;
  auto note = [&](uint64_t n, const std::string& what) {
    if (n && stats_.skipped.size() < InputStats::kMaxReasons)
      stats_.skipped.push_back({0, std::to_string(n) + " " + what});
  };
  note(tls.certificates_unparsed,
       "TLS certificates not readable as X.509: fingerprints kept, names and dates unknown");
  note(tls.certificate_extensions_unread,
       "TLS certificates with a malformed subjectAltName or basicConstraints, left out");
  note(tls.certificate_messages_bad, "TLS Certificate messages with a malformed list, not read");
  note(tls.certificate_searches_failed,
       "TLS handshakes whose Certificate message was not reached (past the first " +
           std::to_string(tls_prefix_ / 1024) + " KiB, or malformed records)");
  stats_.not_a_log = s.capture.packets == 0 && s.capture.problems.count > 0;
  // The limits that changed what was read (their names are the configuration's).
  auto hit = [&](const char* limit, uint64_t n) {
    if (n) stats_.limits[limit] += n;
  };
  hit("max_capture_packet_bytes", s.capture.over_limit);
  hit("max_fragment_bytes", s.reassembly.dropped_memory);
  hit("max_flows", s.flows.evicted);
  hit("max_stream_bytes", s.protocols.over_budget);
}

}  // namespace zeekscope
