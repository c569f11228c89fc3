#pragma once
// A connection from packets written as a conn.log row, with the fields Zeek's scripts add at
// logging time: local_orig and local_resp (Site::is_local_addr over Zeek's private address
// space, the default since Zeek 6.0), and unset duration and byte counts for a connection that
// lasted no time.
#include "common/ip_address.h"
#include "flow/conn_record.h"
#include "log_writer/log_row_writer.h"

namespace zeekscope::log_writer {

// Whether Zeek (6.0 and later, default settings) counts the address as local: the private,
// loopback, link-local, documentation, benchmarking and reserved ranges of Zeek's
// Site::private_address_space, and their 6to4 forms.
bool zeek_local_address(const IpAddress& ip);

// Whether a capture's conn.log has PCAPdroid's app columns: decided by its first connection
// (PCAPdroid names the app of every packet or of none), so a file and the records the rules
// read from the same capture agree.
inline bool conn_log_with_app(const flow::ConnRecord& first) { return first.has_app; }

// One row in a writer made with conn_log_schema(), or with conn_app_log_schema() when
// `with_app` (a record without an app leaves those columns unset).
void write_conn_row(LogRowWriter& writer, const flow::ConnRecord& record, bool with_app = false);

}  // namespace zeekscope::log_writer
