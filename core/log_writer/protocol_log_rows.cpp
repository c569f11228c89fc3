#include "log_writer/protocol_log_rows.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/dns_constants.h"

namespace zeekscope::log_writer {

namespace {

void connection_columns(LogRowWriter& w, const flow::RecordConnection& c) {
  w.time(double(c.ts_us) / 1e6);
  w.text(c.uid);
  w.text(c.orig_h.to_string());
  w.port(c.orig_p);
  w.text(c.resp_h.to_string());
  w.port(c.resp_p);
}

void text_or_unset(LogRowWriter& w, const std::optional<std::string>& text) {
  text ? w.text(*text) : w.unset();
}

template <typename Number>
void count_or_unset(LogRowWriter& w, const std::optional<Number>& n) {
  n ? w.count(uint64_t(*n)) : w.unset();
}

void texts_or_unset(LogRowWriter& w, const std::optional<std::vector<std::string>>& items) {
  if (!items) return w.unset();
  std::vector<std::string_view> views(items->begin(), items->end());
  w.texts(views);
}

void unset(LogRowWriter& w, int columns) {
  for (int i = 0; i < columns; ++i) w.unset();
}

}  // namespace

void write_dns_row(LogRowWriter& w, const flow::DnsRecord& r) {
  w.begin_row();
  connection_columns(w, r.conn);
  w.text(r.conn.proto);
  w.count(r.trans_id);
  r.rtt_us ? w.interval(double(*r.rtt_us) / 1e6) : w.unset();
  text_or_unset(w, r.query);
  count_or_unset(w, r.qclass);
  r.qclass ? w.text(protocol::dns_qclass_name(*r.qclass)) : w.unset();
  count_or_unset(w, r.qtype);
  r.qtype ? w.text(protocol::dns_qtype_name(*r.qtype)) : w.unset();
  count_or_unset(w, r.rcode);
  r.rcode ? w.text(protocol::dns_rcode_name(*r.rcode)) : w.unset();
  w.flag(r.AA);
  w.flag(r.TC);
  w.flag(r.RD);
  w.flag(r.RA);
  w.count(r.Z);
  if (r.answers.empty()) {
    w.unset();
    w.unset();
  } else {
    std::vector<std::string_view> answers(r.answers.begin(), r.answers.end());
    std::vector<double> ttls(r.ttls.begin(), r.ttls.end());
    w.texts(answers);
    w.intervals(ttls);
  }
  w.flag(r.rejected);
  w.count(r.opcode);
  w.text(protocol::dns_opcode_name(r.opcode));
  w.end_row();
}

void write_ssl_row(LogRowWriter& w, const flow::SslRecord& r) {
  w.begin_row();
  connection_columns(w, r.conn);
  text_or_unset(w, r.version);
  text_or_unset(w, r.cipher);
  text_or_unset(w, r.curve);
  text_or_unset(w, r.server_name);
  w.flag(r.resumed);
  w.unset();  // last_alert
  text_or_unset(w, r.next_protocol);
  unset(w, 2);  // established, ssl_history
  texts_or_unset(w, r.cert_chain_fps);
  texts_or_unset(w, r.client_cert_chain_fps);
  r.sni_matches_cert ? w.flag(*r.sni_matches_cert) : w.unset();
  w.end_row();
}

void write_x509_row(LogRowWriter& w, const flow::X509Record& r) {
  const x509::Certificate& c = r.certificate;
  auto text = [&](const std::string& s) { s.empty() ? w.unset() : w.text(s); };
  // Zeek leaves an empty name list unset.
  auto list = [&](const std::vector<std::string>& items) {
    texts_or_unset(w, items.empty() ? std::nullopt : std::optional(items));
  };
  w.begin_row();
  w.time(double(r.ts_us) / 1e6);
  w.text(c.sha256);
  w.count(c.version);
  w.text(c.serial);
  w.text(c.subject);
  w.text(c.issuer);
  w.time(double(c.not_valid_before));
  w.time(double(c.not_valid_after));
  text(c.key_alg);
  text(c.sig_alg);
  text(c.key_type);
  count_or_unset(w, c.key_length);
  text(c.exponent);
  text(c.curve);
  list(c.san_dns);
  list(c.san_uri);
  list(c.san_email);
  list(c.san_ip);
  c.basic_constraints_ca ? w.flag(*c.basic_constraints_ca) : w.unset();
  count_or_unset(w, c.basic_constraints_path_len);
  w.flag(r.host_cert);
  w.flag(r.client_cert);
  w.text(c.sha1);
  w.end_row();
}

void write_http_row(LogRowWriter& w, const flow::HttpRecord& r) {
  w.begin_row();
  connection_columns(w, r.conn);
  w.count(r.trans_depth);
  text_or_unset(w, r.method);
  text_or_unset(w, r.host);
  text_or_unset(w, r.uri);
  text_or_unset(w, r.referrer);
  text_or_unset(w, r.version);
  text_or_unset(w, r.user_agent);
  text_or_unset(w, r.origin);
  w.count(r.request_body_len);
  w.count(r.response_body_len);
  count_or_unset(w, r.status_code);
  text_or_unset(w, r.status_msg);
  unset(w, 2);  // info_code, info_msg
  w.texts({});  // tags
  // username, password, proxied, and the six file columns.
  unset(w, 9);
  w.end_row();
}

}  // namespace zeekscope::log_writer
