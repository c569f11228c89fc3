#pragma once
// The Zeek logs of a set of captures: conn, dns, ssl, x509 and http, each written as Zeek's ASCII
// writer does (TSV with its header block, or JSON) as the records arrive. A log is begun at its
// first row, so its #open is that row's time and a log without rows is never written (as Zeek).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flow/conn_record.h"
#include "flow/protocol_records.h"
#include "log_writer/zeek_log_writer.h"

namespace zeekscope::log_writer {

// One finished log: the file name Zeek gives it ("conn.log"), its text and its row count.
struct ZeekLogFile {
  std::string name;
  std::string text;
  uint64_t rows = 0;
};

class ZeekLogSet final : public flow::ConnRecordSink, public flow::ProtocolRecordSink {
 public:
  explicit ZeekLogSet(LogFormat format);

  void on_conn(const flow::ConnRecord& record) override;
  void on_dns(const flow::DnsRecord& record) override;
  void on_ssl(const flow::SslRecord& record) override;
  void on_http(const flow::HttpRecord& record) override;
  void on_x509(const flow::X509Record& record) override;

  // Closes the logs that have rows (#close is the latest row's time) and hands them over, in
  // the order conn, dns, ssl, x509, http. The set is empty afterwards.
  std::vector<ZeekLogFile> finish();

 private:
  struct Log {
    explicit Log(const LogSchema& s) : schema(&s) {}
    const LogSchema* schema;
    std::string text;
    std::optional<ZeekLogWriter> writer;
    double last_time = 0;
  };
  ZeekLogWriter& row_writer(Log& log, int64_t ts_us);

  LogFormat format_;
  Log conn_, dns_, ssl_, x509_, http_;
};

}  // namespace zeekscope::log_writer
