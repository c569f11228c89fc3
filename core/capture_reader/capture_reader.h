#pragma once
// Reads one packet capture (pcap or pcapng) fed in chunks, as LogReader reads a log: the
// packets become conn, dns, ssl, x509 and http records (flow::CapturePipeline) and each record is
// handed to the sink as the record its row in a Zeek log would be (RecordRowWriter), so the
// rules cannot tell a capture from the logs `zeekscope logs` writes for it. The stats say what
// the packets gave and what was skipped, with the byte offset of each problem.
#include <cstdint>
#include <memory>
#include <string>

#include "capture_reader/record_row_writer.h"
#include "flow/capture_pipeline.h"
#include "log/input_reader.h"

namespace zeekscope {

class CaptureReader final : public InputReader,
                            private flow::ConnRecordSink,
                            private flow::ProtocolRecordSink {
 public:
  // `options.flow.uid_seed` is set here from the file's name (flow::file_uid_seed).
  CaptureReader(std::string name, RecordSink& sink, flow::CapturePipelineOptions options);
  void feed(std::string_view chunk) override;
  void finish() override;
  const InputStats& stats() const override { return stats_; }

 private:
  void on_conn(const flow::ConnRecord& record) override;
  void on_dns(const flow::DnsRecord& record) override;
  void on_ssl(const flow::SslRecord& record) override;
  void on_http(const flow::HttpRecord& record) override;
  void on_x509(const flow::X509Record& record) override;
  // Counts the row the writer just handed on (or the sink refused).
  void settle(const RecordRowWriter& writer, uint64_t& made);
  void add_problems(const packet::ProblemList& problems);

  RecordSink& sink_;
  InputStats stats_;
  // Records made per writer (conn, dns, ssl, http, x509), put in stats_.records_made at the
  // end: a map keyed by a built string per record cost an allocation each.
  uint64_t made_[5] = {};
  RecordRowWriter conn_, conn_app_, dns_, ssl_, http_, x509_;
  const RecordRowWriter* conn_writer_ = nullptr;  // conn_ or conn_app_, from the first record
  std::unique_ptr<flow::CapturePipeline> pipeline_;
  bool finished_ = false;
  size_t tls_prefix_ = 0;  // bytes of a TLS direction read for its hello and certificates
};

}  // namespace zeekscope
