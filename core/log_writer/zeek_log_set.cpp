#include "log_writer/zeek_log_set.h"

#include <algorithm>

#include "log_writer/conn_log_row.h"
#include "log_writer/protocol_log_rows.h"

namespace zeekscope::log_writer {

ZeekLogSet::ZeekLogSet(LogFormat format)
    : format_(format),
      conn_(conn_log_schema()),
      dns_(dns_log_schema()),
      ssl_(ssl_log_schema()),
      x509_(x509_log_schema()),
      http_(http_log_schema()) {}

ZeekLogWriter& ZeekLogSet::row_writer(Log& log, int64_t ts_us) {
  double time = double(ts_us) / 1e6;
  if (!log.writer) log.writer.emplace(*log.schema, format_, log.text, time);
  log.last_time = std::max(log.last_time, time);
  return *log.writer;
}

void ZeekLogSet::on_conn(const flow::ConnRecord& r) {
  if (!conn_.writer && conn_log_with_app(r)) conn_.schema = &conn_app_log_schema();
  write_conn_row(row_writer(conn_, r.ts_us), r, conn_.schema == &conn_app_log_schema());
}
void ZeekLogSet::on_dns(const flow::DnsRecord& r) {
  write_dns_row(row_writer(dns_, r.conn.ts_us), r);
}
void ZeekLogSet::on_ssl(const flow::SslRecord& r) {
  write_ssl_row(row_writer(ssl_, r.conn.ts_us), r);
}
void ZeekLogSet::on_x509(const flow::X509Record& r) {
  write_x509_row(row_writer(x509_, r.ts_us), r);
}
void ZeekLogSet::on_http(const flow::HttpRecord& r) {
  write_http_row(row_writer(http_, r.conn.ts_us), r);
}

std::vector<ZeekLogFile> ZeekLogSet::finish() {
  std::vector<ZeekLogFile> files;
  for (Log* log : {&conn_, &dns_, &ssl_, &x509_, &http_}) {
    if (!log->writer) continue;
    log->writer->close(log->last_time);
    uint64_t rows = log->writer->rows();
    log->writer.reset();
    files.push_back({std::string(log->schema->path) + ".log", std::move(log->text), rows});
    log->text.clear();
    log->last_time = 0;
    if (log == &conn_) conn_.schema = &conn_log_schema();
  }
  return files;
}

}  // namespace zeekscope::log_writer
