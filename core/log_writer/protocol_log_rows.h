#pragma once
// dns, ssl, x509 and http records from packets written as rows of their logs (writers made with
// dns_log_schema(), ssl_log_schema(), x509_log_schema(), http_log_schema()). Columns the records
// do not carry (file ids, ssl_history, ...) are written unset; http.log's tags as the empty
// set, as Zeek writes them when none apply.
#include "flow/protocol_records.h"
#include "log_writer/log_row_writer.h"

namespace zeekscope::log_writer {

void write_dns_row(LogRowWriter& writer, const flow::DnsRecord& record);
void write_ssl_row(LogRowWriter& writer, const flow::SslRecord& record);
void write_x509_row(LogRowWriter& writer, const flow::X509Record& record);
void write_http_row(LogRowWriter& writer, const flow::HttpRecord& record);

}  // namespace zeekscope::log_writer
