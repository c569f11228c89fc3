// The engine's state (see state_codec.h for the byte format): the input statistics and the
// capture, and their merge into another session's: several workers can read different files
// and their states are combined, in file order, into the same result one worker would have
// reached.
#include <algorithm>

#include "capture/aggregator.h"
#include "capture/state_codec.h"
#include "common/text.h"
#include "log/input_stats.h"

namespace zeekscope {
namespace {

void write_ids(StateWriter& w, const std::vector<StrId>& ids) {
  w.u64(ids.size());
  for (auto id : ids) w.u64(id);
}

void write_names(StateWriter& w, const std::vector<SeenName>& names) {
  w.u64(names.size());
  for (const auto& n : names) {
    w.u64(n.name);
    w.f64(n.first_ts);
  }
}

void write_uids(StateWriter& w, const std::vector<std::string>& uids) {
  w.u64(uids.size());
  for (const auto& u : uids) w.bytes(u);
}

// The state's string ids, translated into this capture's pool. A string is interned when the
// merge first refers to it, as reading the other files after this capture's would have done
// (the pool's order and its max_names limit see the same sequence).
class IdMap {
 public:
  IdMap(StateReader& in, StringPool& pool) : in_(in), pool_(pool) {
    size_t n = in.count();
    texts_.reserve(n);
    for (size_t i = 0; i < n; ++i) texts_.push_back(in.bytes());
    ids_.assign(n, kUnmapped);
  }
  // This pool's id of the state's id `v`.
  StrId of(uint64_t v) {
    if (v >= texts_.size()) throw StateError("a string id outside the state's table");
    StrId& mapped = ids_[size_t(v)];
    if (mapped == kUnmapped) mapped = pool_.intern(texts_[size_t(v)]);
    return mapped;
  }
  StrId id() { return of(in_.u64()); }
  std::vector<StrId> ids() {
    std::vector<StrId> out(in_.count());
    for (auto& id_of : out) id_of = id();
    return out;
  }

 private:
  static constexpr StrId kUnmapped = UINT32_MAX;
  StateReader& in_;
  StringPool& pool_;
  std::vector<std::string_view> texts_;  // views into the state, which outlives the merge
  std::vector<StrId> ids_;
};

// A state opens with this tag and the format's version.
constexpr std::string_view kStateTag = "zeekscope-state";
constexpr uint64_t kStateVersion = 9;

}  // namespace

std::string encode_engine_state(const std::vector<InputStats>& inputs, const Aggregator& capture) {
  StateWriter w;
  w.bytes(kStateTag);
  w.u64(kStateVersion);
  w.records(inputs);
  capture.snapshot(w);
  return w.take();
}

void decode_engine_state(std::string_view state, std::vector<InputStats>& inputs,
                         Aggregator& capture) {
  StateReader in(state);
  uint64_t version = 0;
  try {
    if (in.bytes() != kStateTag) throw StateError("");
    version = in.u64();
  } catch (const StateError&) {
    throw StateError("not a zeekscope analysis state");
  }
  if (version != kStateVersion)
    throw StateError("an analysis state of format " + std::to_string(version) +
                     ", where this engine reads format " + std::to_string(kStateVersion));
  try {
    auto read = in.records<InputStats>("input statistics");
    capture.merge(in);
    if (!in.at_end()) throw StateError("bytes after the end of the state");
    inputs.insert(inputs.end(), std::make_move_iterator(read.begin()),
                  std::make_move_iterator(read.end()));
  } catch (const StateError& e) {
    throw StateError(std::string("a damaged analysis state: ") + e.what());
  }
}

void Aggregator::snapshot(StateWriter& w) const {
  const StringPool& st = c_.strings;
  w.u64(st.size());
  for (size_t i = 0; i < st.size(); ++i) w.bytes(st.view(StrId(i)));
  for (uint64_t n :
       {c_.conn_records, c_.dns_records, c_.ssl_records, c_.x509_records, c_.files_records,
        c_.http_records, c_.device_filtered, c_.times_over_destination_limit,
        c_.times_over_capture_limit, c_.times_out_of_span})
    w.u64(n);
  w.u64(c_.merge_limit_hits.size());
  for (const auto& [limit, n] : c_.merge_limit_hits) {
    w.bytes(limit);
    w.u64(n);
  }
  w.u64(c_.originators.size());
  for (const auto& [orig, n] : c_.originators) {
    w.bytes(orig);
    w.u64(n);
  }
  w.u64(c_.apps.size());
  for (const App& a : c_.apps)
    for (StrId id : {a.uid, a.package, a.name}) w.u64(id);
  w.u64(c_.destinations.size());
  for (const auto& d : c_.destinations) {
    w.bytes(d.key());
    for (uint64_t v : {uint64_t(d.ip_text), uint64_t(d.proto), d.port, uint64_t(d.service),
                       d.connections, d.orig_bytes, d.resp_bytes})
      w.u64(v);
    w.flag(d.time.set);
    w.f64(d.time.first);
    w.f64(d.time.last);
    write_uids(w, d.uids);
    w.f64(d.time_base);
    w.u64(d.times.size());
    for (const ConnTime& t : d.times) {
      w.u64(uint64_t(int64_t(t.start_ms)));
      w.f64(t.duration);
      w.u64(t.orig_bytes);
      w.u64(t.resp_bytes);
      w.u64(t.order);
    }
    w.u64(d.times_over_own_limit);
    w.u64(d.times_over_capture);
    w.u64(d.apps.size());
    for (const AppUse& a : d.apps)
      for (uint64_t v : {uint64_t(a.app), a.connections, a.orig_bytes, a.resp_bytes}) w.u64(v);
  }
  w.u64(c_.names.size());
  for (const auto& [ip, n] : c_.names) {
    w.bytes(ip.to_string());
    for (const auto* list : {&n.dns, &n.cname, &n.sni, &n.http}) write_names(w, *list);
  }
  w.u64(c_.seed_dns.size());
  for (const auto& r : c_.seed_dns) {
    w.u64(r.query);
    write_ids(w, r.answers);
  }
  w.u64(c_.queries.size());
  for (const auto& [name, q] : c_.queries) {
    w.u64(name);
    w.u64(q.count);
    w.f64(q.first_ts);
  }
  w.u64(c_.tls.size());
  for (const auto& s : c_.tls) {
    w.u64(s.ip_text);
    w.u64(s.port);
    w.u64(s.server_name);
    w.flag(s.has_validation_status);
    w.u64(s.validation_status);
    w.flag(s.has_issuer);
    w.u64(s.issuer);
    w.u64(s.subject);
    write_ids(w, s.chain_fuids);
    write_ids(w, s.chain_fps);
    w.u64(s.count);
    write_uids(w, s.uids);
  }
  w.u64(c_.certificates.size());
  for (const auto& [key, c] : c_.certificates) {
    for (StrId id : {key, c.subject, c.issuer, c.sha1}) w.u64(id);
    write_ids(w, c.san_dns);
  }
  w.u64(c_.file_hashes.size());
  for (const auto& [fuid, h] : c_.file_hashes)
    for (StrId id : {fuid, h.first, h.second}) w.u64(id);
  w.u64(c_.certificate_files.size());
  for (const auto& f : c_.certificate_files) {
    for (StrId id : {f.fuid, f.mime, f.sha1, f.sha256, f.tx_hosts, f.rx_hosts}) w.u64(id);
    write_ids(w, f.tx_list);
    w.u64(f.orig_h);
    w.u64(f.resp_h);
    w.flag(f.has_is_orig);
    w.flag(f.is_orig);
  }
}

void Aggregator::merge(StateReader& in) {
  StringPool& st = c_.strings;
  IdMap map(in, st);
  auto read_uids = [&](std::vector<std::string>& into) {
    for (size_t n = in.count(), i = 0; i < n; ++i) {
      std::string_view u = in.bytes();
      if (into.size() < kEvidenceUids) into.emplace_back(u);
    }
  };
  for (uint64_t* n :
       {&c_.conn_records, &c_.dns_records, &c_.ssl_records, &c_.x509_records, &c_.files_records,
        &c_.http_records, &c_.device_filtered, &c_.times_over_destination_limit,
        &c_.times_over_capture_limit, &c_.times_out_of_span})
    *n += in.u64();
  for (size_t n = in.count(), i = 0; i < n; ++i) {
    std::string limit(in.bytes());
    c_.merge_limit_hits[limit] += in.u64();
  }
  for (size_t n = in.count(), i = 0; i < n; ++i) {
    std::string_view orig = in.bytes();
    c_.count_originator(orig, in.u64());
  }

  std::vector<uint32_t> apps;  // the state's app -> this capture's
  for (size_t n = in.count(), i = 0; i < n; ++i) {
    StrId uid = map.id(), package = map.id(), name = map.id();
    apps.push_back(app_index(st.view(uid), st.view(package), st.view(name)));
  }
  std::vector<std::string> uids;
  std::vector<ConnTime> times;
  std::vector<AppUse> destination_apps;
  // The state's kept times, kept again here in their arrival order once every destination is
  // merged; and its times over max_connection_times, by destination.
  struct MergedTime {
    uint32_t order, destination;
    double start;
    ConnTime time;
  };
  std::vector<MergedTime> merged_times;
  struct TimesNotKept {
    uint32_t destination;
    uint64_t over_own_limit, over_capture;
  };
  std::vector<TimesNotKept> not_kept;
  for (size_t n = in.count(), i = 0; i < n; ++i) {
    std::string_view key = in.bytes();
    uint64_t ip_text = in.u64(), proto = in.u64(), port = in.u64(), service = in.u64();
    uint64_t connections = in.u64(), orig_bytes = in.u64(), resp_bytes = in.u64();
    bool time_set = in.flag();
    double first = in.f64(), last = in.f64();
    uids.clear();
    read_uids(uids);
    double time_base = in.f64();
    times.clear();
    for (size_t t = in.count(); t > 0; --t) {
      ConnTime c;
      c.start_ms = int32_t(int64_t(in.u64()));
      c.duration = float(in.f64());
      c.orig_bytes = uint32_t(std::min<uint64_t>(in.u64(), UINT32_MAX));
      c.resp_bytes = uint32_t(std::min<uint64_t>(in.u64(), UINT32_MAX));
      c.order = uint32_t(std::min<uint64_t>(in.u64(), UINT32_MAX));
      times.push_back(c);
    }
    uint64_t times_over_own_limit = in.u64(), times_over_capture = in.u64();
    destination_apps.clear();
    for (size_t a = in.count(); a > 0; --a) {
      uint64_t app = in.u64();
      if (app >= apps.size()) throw StateError("a destination names an app the state has not");
      AppUse use{apps[app]};
      use.connections = in.u64();
      use.orig_bytes = in.u64();
      use.resp_bytes = in.u64();
      destination_apps.push_back(use);
    }
    uint64_t hash = hash_bytes(key);
    uint32_t index = destination_index_.find(key, hash, c_.destinations);
    if (index == DestinationIndex::kNone) {
      if (Refusal refused = new_destination_refusal(); !refused.limit.empty()) {
        c_.merge_limit_hits[std::string(refused.limit)] += connections;
        continue;
      }
      Destination d;
      d.set_key(key);
      d.ip_text = map.of(ip_text);
      d.ip = IpAddress::parse(st.view(d.ip_text));
      d.proto = map.of(proto);
      d.port = port;
      d.service = map.of(service);
      d.uids.reserve(kEvidenceUids);
      index = uint32_t(c_.destinations.size());
      destination_index_.insert(hash, index);
      c_.destinations.push_back(std::move(d));
    }
    Destination& into = c_.destinations[index];
    into.connections += connections;
    into.orig_bytes += orig_bytes;
    into.resp_bytes += resp_bytes;
    if (time_set) {
      into.time.add(first);
      into.time.add(last);
    }
    for (auto& u : uids)
      if (into.uids.size() < kEvidenceUids) into.uids.push_back(std::move(u));
    for (const ConnTime& t : times)
      merged_times.push_back({t.order, index, time_base + double(t.start_ms) / 1000, t});
    if (times_over_own_limit + times_over_capture > 0)
      not_kept.push_back({index, times_over_own_limit, times_over_capture});
    for (const AppUse& use : destination_apps) add_app(into, use);
  }
  // One reader would have met the state's times after this capture's, in their arrival order.
  std::sort(merged_times.begin(), merged_times.end(),
            [](const MergedTime& a, const MergedTime& b) { return a.order < b.order; });
  for (const MergedTime& m : merged_times)
    keep_time(c_.destinations[m.destination], m.start, m.time.duration, m.time.orig_bytes,
              m.time.resp_bytes);
  // The state's times over a limit are over one for one reader too (its counts are never
  // lower), and that reader would have found the destination full, or else the capture full
  // from then on: the destination's final count says which.
  for (const TimesNotKept& n : not_kept) {
    Destination& d = c_.destinations[n.destination];
    c_.times_over_destination_limit -= n.over_own_limit;
    c_.times_over_capture_limit -= n.over_capture;
    uint64_t all = n.over_own_limit + n.over_capture;
    if (d.times.size() >= limits_.max_times_per_destination) {
      c_.times_over_destination_limit += all;
      d.times_over_own_limit += all;
    } else {
      c_.times_over_capture_limit += all;
      d.times_over_capture += all;
    }
  }
  for (size_t n = in.count(), i = 0; i < n; ++i) {
    auto ip = IpAddress::parse(in.bytes());
    if (!ip) throw StateError("a name list of an address that does not parse");
    NamesOfIp& into = c_.names[*ip];
    for (auto* list : {&into.dns, &into.cname, &into.sni, &into.http})
      for (size_t m = in.count(), k = 0; k < m; ++k) {
        StrId name = map.id();
        add_name(*list, name, in.f64());
      }
  }
  for (size_t n = in.count(), i = 0; i < n; ++i) {
    SeedResolution seed;
    seed.query = map.id();
    seed.answers = map.ids();
    seed_key(seed);
    if (seed_dns_seen_.insert(key_).second) c_.seed_dns.push_back(std::move(seed));
  }
  for (size_t n = in.count(), i = 0; i < n; ++i) {
    StrId name = map.id();
    uint64_t count = in.u64();
    double ts = in.f64();
    auto [it, inserted] = c_.queries.try_emplace(name, QueryInfo{0, ts});
    it->second.count += count;
    it->second.first_ts = std::min(it->second.first_ts, ts);
  }
  for (size_t n = in.count(), i = 0; i < n; ++i) {
    TlsSession s;
    s.ip_text = map.id();
    s.port = in.u64();
    s.server_name = map.id();
    s.has_validation_status = in.flag();
    s.validation_status = map.id();
    s.has_issuer = in.flag();
    s.issuer = map.id();
    s.subject = map.id();
    s.chain_fuids = map.ids();
    s.chain_fps = map.ids();
    tls_key(s);
    auto [it, inserted] = tls_index_.emplace(key_, c_.tls.size());
    if (inserted) {
      s.ip = IpAddress::parse(st.view(s.ip_text));
      c_.tls.push_back(std::move(s));
    }
    TlsSession& into = c_.tls[it->second];
    into.count += in.u64();
    read_uids(into.uids);
  }
  for (size_t n = in.count(), i = 0; i < n; ++i) {
    StrId key = map.id();
    Certificate cert;
    cert.subject = map.id();
    cert.issuer = map.id();
    cert.sha1 = map.id();
    cert.san_dns = map.ids();
    c_.certificates.try_emplace(key, std::move(cert));
  }
  for (size_t n = in.count(), i = 0; i < n; ++i) {
    StrId fuid = map.id();
    StrId sha1 = map.id();
    c_.file_hashes.try_emplace(fuid, sha1, map.id());
  }
  for (size_t n = in.count(), i = 0; i < n; ++i) {
    CertificateFile file;
    for (StrId* id :
         {&file.fuid, &file.mime, &file.sha1, &file.sha256, &file.tx_hosts, &file.rx_hosts})
      *id = map.id();
    file.tx_list = map.ids();
    file.orig_h = map.id();
    file.resp_h = map.id();
    file.has_is_orig = in.flag();
    file.is_orig = in.flag();
    file_key(file);
    if (files_seen_.insert(key_).second) c_.certificate_files.push_back(std::move(file));
  }
}

}  // namespace zeekscope
