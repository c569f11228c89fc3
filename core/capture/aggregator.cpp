#include "capture/aggregator.h"

#include <algorithm>
#include <cstring>

#include "common/text.h"

namespace zeekscope {
namespace {

void append_id(std::string& key, uint64_t v) {
  key.append(reinterpret_cast<const char*>(&v), sizeof v);
}

std::optional<double> time_of(const Record& r) { return r.time(); }

}  // namespace

Aggregator::Aggregator(Capture& capture, std::vector<IpAddress> devices, CaptureLimits limits)
    : c_(capture),
      devices_(std::move(devices)),
      limits_(limits),
      destinations_reason_("a new destination over the limit of " +
                           std::to_string(limits.max_destinations) +
                           " (max_destinations): record skipped"),
      names_reason_("the capture holds the limit of " + std::to_string(limits.max_names) +
                    " distinct names (max_names): record skipped") {}

Refusal Aggregator::on_record(const Record& r) {
  LogKind kind = r.kind();
  if (kind == LogKind::kConn) return on_conn(ConnFields::from(r));
  flush_conns();  // records are applied in the order they came
  if (kind != LogKind::kOther && kind != LogKind::kUnknown && names_full())
    return {"max_names", names_reason_};
  switch (kind) {
    case LogKind::kDns:
      on_dns(r);
      break;
    case LogKind::kSsl:
      on_ssl(r);
      break;
    case LogKind::kX509:
      on_x509(r);
      break;
    case LogKind::kFiles:
      on_files(r);
      break;
    case LogKind::kHttp:
      on_http(r);
      break;
    default:
      break;
  }
  return {};
}

void Aggregator::flush() {
  flush_conns();
  flush_originator();
}

void Aggregator::flush_originator() {
  c_.count_originator(last_orig_, last_orig_count_);
  last_orig_count_ = 0;
}

StrId Aggregator::intern_joined(std::span<const std::string_view> items) {
  if (items.size() == 1) return c_.strings.intern(items[0]);
  key_.clear();
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) key_.push_back(',');
    key_.append(items[i]);
  }
  return c_.strings.intern(key_);
}

StrId Aggregator::intern_norm(std::string_view name) {
  return c_.strings.intern(normalize_domain(name));
}

size_t Aggregator::add_name(std::vector<SeenName>& names, StrId name, double ts) {
  if (name == 0) return SIZE_MAX;
  if (names.size() < kScanNames) {
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i].name == name) {
        names[i].first_ts = std::min(names[i].first_ts, ts);
        return i;
      }
    names.push_back({name, ts});
    if (names.size() == kScanNames)  // long from now on: its entries go in the index
      for (size_t i = 0; i < names.size(); ++i)
        name_positions_.emplace(ListName{&names, names[i].name}, i);
    return names.size() - 1;
  }
  auto [it, inserted] = name_positions_.emplace(ListName{&names, name}, names.size());
  if (inserted) {
    names.push_back({name, ts});
  } else {
    names[it->second].first_ts = std::min(names[it->second].first_ts, ts);
  }
  return it->second;
}

void Aggregator::seen_again(std::vector<SeenName>& names, size_t at, double ts) {
  if (at != SIZE_MAX) names[at].first_ts = std::min(names[at].first_ts, ts);
}

Refusal Aggregator::on_conn(const ConnFields& r) {
  ++c_.conn_records;
  if (!r.resp_h_set) return {};
  if (!devices_.empty()) {
    auto orig = IpAddress::parse(r.orig_h);
    if (!orig || std::find(devices_.begin(), devices_.end(), *orig) == devices_.end()) {
      ++c_.device_filtered;
      return {};
    }
  }
  if (!bytes_equal(r.orig_h, last_orig_)) {
    flush_originator();
    last_orig_.assign(r.orig_h);
  }
  ++last_orig_count_;
  // A record that might be refused (its destination, if new, could pass a limit) is not left
  // waiting: the reader counts a refusal against the record's own line.
  size_t waiting = pending_count_ + 1;
  bool may_be_refused = c_.destinations.size() + waiting > limits_.max_destinations ||
                        c_.strings.size() + 3 * waiting > limits_.max_names;
  // The destination's key from the raw texts, "resp_h TAB proto TAB port" then TAB and the
  // service items joined by commas, or a newline for no service; a new destination takes its
  // strings from it.
  PendingConn& e = pending_conns_[pending_count_++];
  e.key_at = pending_used_;
  e.ip_size = r.resp_h.size();
  e.proto_size = r.proto.size();
  e.port_size = r.resp_p.size();
  e.service_set = r.service_set;
  e.app_set = r.app_uid_set;
  e.app_uid_size = e.app_set ? r.app_uid.size() : 0;
  e.app_package_size = e.app_set ? r.app_package.size() : 0;
  e.app_name_size = e.app_set ? r.app_name.size() : 0;
  size_t size = e.ip_size + e.proto_size + e.port_size + 3 + r.uid.size() + e.app_uid_size +
                e.app_package_size + e.app_name_size;
  for (auto item : r.service) size += item.size() + 1;
  // Grown, never shrunk or cleared: the batch's bytes are written over from the start.
  if (pending_used_ + size > pending_bytes_.size())
    pending_bytes_.resize(std::max(pending_used_ + size, 2 * pending_bytes_.size()));
  char* p = pending_bytes_.data() + e.key_at;
  p = copy_text(p, r.resp_h);
  *p++ = '\t';
  p = copy_text(p, r.proto);
  *p++ = '\t';
  p = copy_text(p, r.resp_p);
  *p++ = r.service_set ? '\t' : '\n';
  for (size_t i = 0; i < r.service.size(); ++i) {
    if (i) *p++ = ',';
    p = copy_text(p, r.service[i]);
  }
  e.key_size = size_t(p - (pending_bytes_.data() + e.key_at));
  e.uid_set = r.uid_set;
  e.uid_size = r.uid.size();
  p = copy_text(p, r.uid);
  if (e.app_set) {
    p = copy_text(p, r.app_uid);
    p = copy_text(p, r.app_package);
    p = copy_text(p, r.app_name);
  }
  pending_used_ = size_t(p - pending_bytes_.data());
  e.hash = hash_bytes({pending_bytes_.data() + e.key_at, e.key_size});
  e.orig_bytes = parse_uint(r.orig_bytes).value_or(0);
  e.resp_bytes = parse_uint(r.resp_bytes).value_or(0);
  // Read only while times are kept: past the limit a duration is not used.
  e.duration = r.duration.empty() || c_.connection_times >= limits_.max_connection_times
                   ? 0
                   : parse_interval(r.duration).value_or(0);
  e.time = r.time;
  if (may_be_refused) return flush_conns();
  if (pending_count_ == kConnBatch) flush_conns();
  return {};
}

Refusal Aggregator::flush_conns() {
  // The batch's index slots, then the destinations they point to, are read in loops of
  // independent loads, so the trips to memory overlap (WebAssembly has no prefetch); the
  // records are then applied in order, their data now in cache.
  uint64_t touched = 0;
  std::span<PendingConn> batch(pending_conns_.data(), pending_count_);
  for (auto& e : batch) e.guess = destination_index_.first_candidate(e.hash);
  for (const auto& e : batch)
    if (e.guess != DestinationIndex::kNone) touched += c_.destinations[e.guess].touch();
  touch_sink_ += touched;
  Refusal refused;
  try {
    for (const auto& e : batch) refused = apply_conn(e);
  } catch (...) {
    // Out of memory: the session cuts the file here; the batch's other records are dropped,
    // never applied twice.
    clear_pending_conns();
    throw;
  }
  clear_pending_conns();
  return refused;
}

void Aggregator::clear_pending_conns() {
  pending_count_ = 0;
  pending_used_ = 0;
}

Refusal Aggregator::apply_conn(const PendingConn& e) {
  std::string_view key(pending_bytes_.data() + e.key_at, e.key_size);
  uint32_t index = destination_index_.find(key, e.hash, c_.destinations);
  if (index == DestinationIndex::kNone) {
    if (Refusal refused = new_destination_refusal(); !refused.limit.empty()) return refused;
    std::string_view resp_h = key.substr(0, e.ip_size);
    Destination d;
    d.set_key(key);
    d.ip_text = c_.strings.intern(resp_h);
    d.ip = IpAddress::parse(resp_h);
    d.proto = c_.strings.intern(key.substr(e.ip_size + 1, e.proto_size));
    d.port = parse_uint(key.substr(e.ip_size + e.proto_size + 2, e.port_size)).value_or(0);
    d.service = e.service_set
                    ? c_.strings.intern(key.substr(e.ip_size + e.proto_size + e.port_size + 3))
                    : 0;
    d.uids.reserve(kEvidenceUids);  // grown once, not 1, 2, 4, 8
    index = uint32_t(c_.destinations.size());
    destination_index_.insert(e.hash, index);
    c_.destinations.push_back(std::move(d));
  }
  Destination& d = c_.destinations[index];
  ++d.connections;
  d.orig_bytes += e.orig_bytes;
  d.resp_bytes += e.resp_bytes;
  d.time.add(e.time);
  // A negative, infinite or NaN duration (damaged logs) counts as none.
  double duration = e.duration > 0 && e.duration < 1e9 ? e.duration : 0;
  if (e.time) keep_time(d, *e.time, duration, e.orig_bytes, e.resp_bytes);
  if (e.uid_set && d.uids.size() < kEvidenceUids)
    d.uids.emplace_back(pending_bytes_.data() + e.key_at + e.key_size, e.uid_size);
  if (e.app_set) {
    std::string_view app(pending_bytes_.data() + e.key_at + e.key_size + e.uid_size,
                         e.app_uid_size + e.app_package_size + e.app_name_size);
    uint32_t index =
        app_index(app.substr(0, e.app_uid_size), app.substr(e.app_uid_size, e.app_package_size),
                  app.substr(e.app_uid_size + e.app_package_size));
    add_app(d, {index, 1, e.orig_bytes, e.resp_bytes});
  }
  return {};
}

uint32_t Aggregator::app_index(std::string_view uid, std::string_view package,
                               std::string_view name) {
  // Length-prefixed: names come from the phone and may hold any byte.
  key_.clear();
  for (std::string_view text : {uid, package, name}) {
    key_.append(std::to_string(text.size())).push_back(':');
    key_.append(text);
  }
  auto [it, added] = app_index_.try_emplace(key_, uint32_t(c_.apps.size()));
  if (added)
    c_.apps.push_back(
        {c_.strings.intern(uid), c_.strings.intern(package), c_.strings.intern(name)});
  return it->second;
}

void Aggregator::add_app(Destination& d, const AppUse& use) {
  for (AppUse& a : d.apps)
    if (a.app == use.app) {
      a.connections += use.connections;
      a.orig_bytes += use.orig_bytes;
      a.resp_bytes += use.resp_bytes;
      return;
    }
  if (d.apps.size() < kAppsPerDestination) d.apps.push_back(use);
}

void Aggregator::keep_time(Destination& d, double start, double duration, uint64_t orig,
                           uint64_t resp) {
  if (d.times.size() >= limits_.max_times_per_destination) {
    ++c_.times_over_destination_limit;
    ++d.times_over_own_limit;
    return;
  }
  if (c_.connection_times >= limits_.max_connection_times) {
    ++c_.times_over_capture_limit;
    ++d.times_over_capture;
    return;
  }
  if (!d.keep_time(start, duration, orig, resp)) {
    ++c_.times_out_of_span;
    return;
  }
  d.times.back().order = uint32_t(std::min<uint64_t>(c_.connection_times, UINT32_MAX));
  ++c_.connection_times;
}

std::string_view Aggregator::raw_key(std::initializer_list<Field> fields, const Record& r) {
  // Length-prefixed, so no text (log content may hold any byte) can make two keys equal. Sized
  // first, then written with plain stores: std::string's appends are calls in wasm, and an ssl
  // record's key holds eight fields.
  size_t size = 0;
  for (Field f : fields) {
    size += 1 + sizeof(uint64_t);
    for (auto item : r.get(f).items) size += sizeof(uint64_t) + item.size();
  }
  if (raw_key_.size() < size) raw_key_.resize(std::max(size, 2 * raw_key_.size()));
  char* p = raw_key_.data();
  auto put_count = [&p](uint64_t n) {
    std::memcpy(p, &n, sizeof n);
    p += sizeof n;
  };
  for (Field f : fields) {
    auto v = r.get(f);
    *p++ = v.set ? '\1' : '\0';
    put_count(v.items.size());
    for (auto item : v.items) {
      put_count(item.size());
      p = copy_text(p, item);
    }
  }
  return {raw_key_.data(), size};
}

void Aggregator::on_dns(const Record& r) {
  ++c_.dns_records;
  auto query = r.get(Field::kQuery);
  if (!query.set || query.text().empty()) return;
  double ts = time_of(r).value_or(0);
  StrId norm = intern_norm(query.text());
  auto [q, inserted] = c_.queries.try_emplace(norm, QueryInfo{0, ts});
  ++q->second.count;
  q->second.first_ts = std::min(q->second.first_ts, ts);

  std::string_view qtype = r.get(Field::kQtypeName).text();
  if (qtype != "A" && qtype != "AAAA") return;
  auto answers = r.get(Field::kAnswers);
  // The seed's list: (query, answers) pairs in file order, each once.
  SeedResolution seed{c_.strings.intern(query.text()), {}};
  for (auto a : answers.items) seed.answers.push_back(c_.strings.intern(a));
  seed_key(seed);
  if (seed_dns_seen_.insert(key_).second) c_.seed_dns.push_back(std::move(seed));

  // Each answer parsed once; the CNAME targets interned once, not once per address (a hostile
  // record can hold hundreds of each), and only when the record has an address.
  answer_ips_.clear();
  cname_texts_.clear();
  for (auto a : answers.items) {
    if (auto ip = IpAddress::parse(a))
      answer_ips_.push_back(*ip);
    else
      cname_texts_.push_back(a);
  }
  if (answer_ips_.empty()) return;
  cnames_.clear();
  for (auto cname : cname_texts_) cnames_.push_back(intern_norm(cname));
  for (const auto& ip : answer_ips_) {
    NamesOfIp& names = c_.names[ip];
    add_name(names.dns, norm, ts);
    for (StrId cname : cnames_) add_name(names.cname, cname, ts);
  }
}

void Aggregator::on_ssl(const Record& r) {
  ++c_.ssl_records;
  auto resp_h = r.get(Field::kRespH);
  if (!resp_h.set) return;
  // A session's identity from the raw texts first: strings are interned only when it is new.
  std::string_view raw =
      raw_key({Field::kRespH, Field::kRespP, Field::kServerName, Field::kValidationStatus,
               Field::kIssuer, Field::kSubject, Field::kCertChainFuids, Field::kCertChainFps},
              r);
  uint64_t raw_hash = hash_bytes(raw);
  uint32_t index;
  if (const uint32_t* recent = tls_recent_.find(raw, raw_hash)) {
    index = *recent;
  } else {
    uint32_t& slot = tls_recent_.put(raw, raw_hash);
    slot = index = tls_session(r);
  }
  TlsSession& session = c_.tls[index];
  ++session.count;
  auto uid = r.get(Field::kUid);
  if (uid.set && session.uids.size() < kEvidenceUids) session.uids.emplace_back(uid.text());
  if (session.server_name != 0 && session.ip) {
    if (tls_names_.size() <= index) tls_names_.resize(c_.tls.size());
    TlsName& n = tls_names_[index];
    double ts = time_of(r).value_or(0);
    if (n.names) {
      seen_again(n.names->sni, n.at, ts);
    } else {
      n.names = &c_.names[*session.ip];  // map nodes do not move
      n.at = add_name(n.names->sni, session.server_name, ts);
    }
  }
}

uint32_t Aggregator::tls_session(const Record& r) {
  auto resp_h = r.get(Field::kRespH);
  TlsSession s;
  s.ip_text = c_.strings.intern(resp_h.text());
  s.port = parse_uint(r.get(Field::kRespP).text()).value_or(0);
  auto sni = r.get(Field::kServerName);
  s.server_name = sni.set ? intern_norm(sni.text()) : 0;
  auto vs = r.get(Field::kValidationStatus);
  s.has_validation_status = vs.set;
  s.validation_status = vs.set ? c_.strings.intern(vs.text()) : 0;
  auto issuer = r.get(Field::kIssuer);
  s.has_issuer = issuer.set;
  s.issuer = issuer.set ? c_.strings.intern(issuer.text()) : 0;
  auto subject = r.get(Field::kSubject);
  s.subject = subject.set ? c_.strings.intern(subject.text()) : 0;
  for (auto f : r.get(Field::kCertChainFuids).items) s.chain_fuids.push_back(c_.strings.intern(f));
  for (auto f : r.get(Field::kCertChainFps).items)
    s.chain_fps.push_back(c_.strings.intern(to_lower(f)));

  // Raw texts that differ (case, a trailing dot) may still be the same session.
  tls_key(s);
  auto [it, inserted] = tls_index_.emplace(key_, c_.tls.size());
  if (inserted) {
    s.ip = IpAddress::parse(resp_h.text());
    c_.tls.push_back(std::move(s));
  }
  return uint32_t(it->second);
}

void Aggregator::tls_key(const TlsSession& s) {
  key_.clear();
  for (uint64_t v : {uint64_t(s.ip_text), s.port, uint64_t(s.server_name),
                     uint64_t(s.has_validation_status), uint64_t(s.validation_status),
                     uint64_t(s.has_issuer), uint64_t(s.issuer), uint64_t(s.subject)})
    append_id(key_, v);
  for (auto f : s.chain_fuids) append_id(key_, f);
  key_.push_back('|');
  for (auto f : s.chain_fps) append_id(key_, f);
}

void Aggregator::seed_key(const SeedResolution& r) {
  key_.clear();
  append_id(key_, r.query);
  for (auto a : r.answers) append_id(key_, a);
}

void Aggregator::file_key(const CertificateFile& f) {
  key_.clear();
  for (uint64_t v : {f.fuid, f.mime, f.sha1, f.sha256, f.tx_hosts, f.rx_hosts, f.orig_h, f.resp_h,
                     StrId(f.is_orig)})
    append_id(key_, v);
}

void Aggregator::on_x509(const Record& r) {
  ++c_.x509_records;
  auto fp = r.get(Field::kFingerprint);
  auto id = r.get(Field::kX509Id);
  StrId key = fp.set   ? c_.strings.intern(to_lower(fp.text()))
              : id.set ? c_.strings.intern(id.text())
                       : 0;
  if (key == 0) return;
  Certificate cert;
  cert.subject = c_.strings.intern(r.get(Field::kCertSubject).text());
  cert.issuer = c_.strings.intern(r.get(Field::kCertIssuer).text());
  auto sha1 = r.get(Field::kSha1);
  cert.sha1 = sha1.set ? c_.strings.intern(to_lower(sha1.text())) : 0;
  for (auto s : r.get(Field::kSanDns).items) cert.san_dns.push_back(intern_norm(s));
  c_.certificates.try_emplace(key, std::move(cert));
}

void Aggregator::on_files(const Record& r) {
  ++c_.files_records;
  std::string_view mime = r.get(Field::kMimeType).text();
  if (mime != "application/x-x509-user-cert" && mime != "application/x-x509-ca-cert") return;
  CertificateFile f;
  f.fuid = c_.strings.intern(r.get(Field::kFuid).text());
  f.mime = c_.strings.intern(mime);
  f.sha1 = c_.strings.intern(to_lower(r.get(Field::kSha1).text()));
  f.sha256 = c_.strings.intern(to_lower(r.get(Field::kSha256).text()));
  auto tx = r.get(Field::kTxHosts);
  auto rx = r.get(Field::kRxHosts);
  f.tx_hosts = tx.set ? intern_joined(tx.items) : 0;
  f.rx_hosts = rx.set ? intern_joined(rx.items) : 0;
  for (auto h : tx.items) f.tx_list.push_back(c_.strings.intern(h));
  f.orig_h = c_.strings.intern(r.get(Field::kOrigH).text());
  f.resp_h = c_.strings.intern(r.get(Field::kRespH).text());
  auto is_orig = r.get(Field::kIsOrig);
  f.has_is_orig = is_orig.set;
  f.is_orig = is_orig.text() == "T";
  if (f.fuid != 0) c_.file_hashes.try_emplace(f.fuid, f.sha1, f.sha256);
  file_key(f);
  if (files_seen_.insert(key_).second) c_.certificate_files.push_back(std::move(f));
}

void Aggregator::on_http(const Record& r) {
  ++c_.http_records;
  auto host = r.get(Field::kHost);
  auto resp_h = r.get(Field::kRespH);
  if (!host.set || !resp_h.set || host.text().empty()) return;
  auto ip = IpAddress::parse(resp_h.text());
  if (!ip) return;
  std::string_view h = host.text();
  // Host headers may carry a port ("example.com:8080"); IPv6 literals are bracketed.
  if (auto colon = h.rfind(':'); colon != std::string_view::npos &&
                                 h.find(']') == std::string_view::npos && h.find(':') == colon)
    h = h.substr(0, colon);
  add_name(c_.names[*ip].http, intern_norm(h), time_of(r).value_or(0));
}

}  // namespace zeekscope
