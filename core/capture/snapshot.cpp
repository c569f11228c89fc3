// The capture as a self-contained document, and its merge into another capture: several
// workers can read different files and their states are combined, in file order, into the
// same result one worker would have reached.
#include <algorithm>

#include "capture/aggregator.h"
#include "common/text.h"

namespace zeekscope {
namespace {

using json = nlohmann::json;

json names_json(const StringPool& strings, const std::vector<SeenName>& names) {
  json out = json::array();
  for (const auto& n : names) out.push_back(json::array({strings.view(n.name), n.first_ts}));
  return out;
}

json ids_json(const StringPool& strings, const std::vector<StrId>& ids) {
  json out = json::array();
  for (auto id : ids) out.push_back(strings.view(id));
  return out;
}

}  // namespace

json Aggregator::snapshot() const {
  const StringPool& st = c_.strings;
  auto text = [&](StrId id) { return std::string(st.view(id)); };
  json j;
  j["counts"] = {c_.conn_records,  c_.dns_records,  c_.ssl_records,    c_.x509_records,
                 c_.files_records, c_.http_records, c_.device_filtered};
  j["merge_limit_hits"] = c_.merge_limit_hits;
  json& dests = j["destinations"] = json::array();
  for (const auto& d : c_.destinations)
    dests.push_back({d.key, text(d.ip_text), text(d.proto), d.port, text(d.service), d.connections,
                     d.orig_bytes, d.resp_bytes, d.time.set, d.time.first, d.time.last, d.uids});
  json& names = j["names"] = json::array();
  for (const auto& [ip, n] : c_.names)
    names.push_back({ip.to_string(), names_json(st, n.dns), names_json(st, n.cname),
                     names_json(st, n.sni), names_json(st, n.http)});
  json& seed = j["seed_dns"] = json::array();
  for (const auto& r : c_.seed_dns) seed.push_back({text(r.query), ids_json(st, r.answers)});
  json& queries = j["queries"] = json::array();
  for (const auto& [name, q] : c_.queries) queries.push_back({text(name), q.count, q.first_ts});
  json& tls = j["tls"] = json::array();
  for (const auto& s : c_.tls)
    tls.push_back({text(s.ip_text), s.port, text(s.server_name), s.has_validation_status,
                   text(s.validation_status), s.has_issuer, text(s.issuer), text(s.subject),
                   ids_json(st, s.chain_fuids), ids_json(st, s.chain_fps), s.count, s.uids});
  json& certs = j["certificates"] = json::array();
  for (const auto& [key, c] : c_.certificates)
    certs.push_back({text(key), text(c.subject), text(c.issuer), ids_json(st, c.san_dns)});
  json& hashes = j["file_hashes"] = json::array();
  for (const auto& [fuid, h] : c_.file_hashes)
    hashes.push_back({text(fuid), text(h.first), text(h.second)});
  json& files = j["certificate_files"] = json::array();
  for (const auto& f : c_.certificate_files)
    files.push_back({text(f.fuid), text(f.mime), text(f.sha1), text(f.sha256), text(f.tx_hosts),
                     text(f.rx_hosts), ids_json(st, f.tx_list), text(f.orig_h), text(f.resp_h),
                     f.has_is_orig, f.is_orig});
  return j;
}

void Aggregator::merge(const json& j) {
  StringPool& st = c_.strings;
  auto id = [&](const json& v) { return st.intern(v.get_ref<const std::string&>()); };
  auto ids = [&](const json& list) {
    std::vector<StrId> out;
    for (const auto& v : list) out.push_back(id(v));
    return out;
  };
  const json& counts = j.at("counts");
  c_.conn_records += counts.at(0).get<uint64_t>();
  c_.dns_records += counts.at(1).get<uint64_t>();
  c_.ssl_records += counts.at(2).get<uint64_t>();
  c_.x509_records += counts.at(3).get<uint64_t>();
  c_.files_records += counts.at(4).get<uint64_t>();
  c_.http_records += counts.at(5).get<uint64_t>();
  c_.device_filtered += counts.at(6).get<uint64_t>();
  for (const auto& [limit, n] : j.at("merge_limit_hits").items())
    c_.merge_limit_hits[limit] += n.get<uint64_t>();

  for (const auto& d : j.at("destinations")) {
    const std::string& key = d.at(0).get_ref<const std::string&>();
    uint64_t hash = hash_bytes(key);
    uint32_t index = destination_index_.find(key, hash);
    if (index == InlineKeyMap::kNone) {
      if (Refusal refused = new_destination_refusal(); !refused.limit.empty()) {
        c_.merge_limit_hits[std::string(refused.limit)] += d.at(5).get<uint64_t>();
        continue;
      }
      Destination n;
      n.key = key;
      n.ip_text = id(d.at(1));
      n.ip = IpAddress::parse(st.view(n.ip_text));
      n.proto = id(d.at(2));
      n.port = d.at(3).get<uint64_t>();
      n.service = id(d.at(4));
      index = uint32_t(c_.destinations.size());
      destination_index_.insert(key, hash, index);
      c_.destinations.push_back(std::move(n));
    }
    Destination& into = c_.destinations[index];
    into.connections += d.at(5).get<uint64_t>();
    into.orig_bytes += d.at(6).get<uint64_t>();
    into.resp_bytes += d.at(7).get<uint64_t>();
    if (d.at(8).get<bool>()) {
      into.time.add(d.at(9).get<double>());
      into.time.add(d.at(10).get<double>());
    }
    for (const auto& u : d.at(11))
      if (into.uids.size() < 5) into.uids.push_back(u.get<std::string>());
  }
  for (const auto& n : j.at("names")) {
    auto ip = IpAddress::parse(n.at(0).get_ref<const std::string&>());
    if (!ip) continue;
    NamesOfIp& into = c_.names[*ip];
    std::vector<SeenName>* lists[] = {&into.dns, &into.cname, &into.sni, &into.http};
    for (size_t k = 0; k < 4; ++k)
      for (const auto& seen : n.at(k + 1))
        add_name(*lists[k], id(seen.at(0)), seen.at(1).get<double>());
  }
  for (const auto& r : j.at("seed_dns")) {
    SeedResolution seed{id(r.at(0)), ids(r.at(1))};
    seed_key(seed);
    if (seed_dns_seen_.insert(key_).second) c_.seed_dns.push_back(std::move(seed));
  }
  for (const auto& q : j.at("queries")) {
    double ts = q.at(2).get<double>();
    auto [it, inserted] = c_.queries.try_emplace(id(q.at(0)), QueryInfo{0, ts});
    it->second.count += q.at(1).get<uint64_t>();
    it->second.first_ts = std::min(it->second.first_ts, ts);
  }
  for (const auto& t : j.at("tls")) {
    TlsSession s;
    s.ip_text = id(t.at(0));
    s.port = t.at(1).get<uint64_t>();
    s.server_name = id(t.at(2));
    s.has_validation_status = t.at(3).get<bool>();
    s.validation_status = id(t.at(4));
    s.has_issuer = t.at(5).get<bool>();
    s.issuer = id(t.at(6));
    s.subject = id(t.at(7));
    s.chain_fuids = ids(t.at(8));
    s.chain_fps = ids(t.at(9));
    tls_key(s);
    auto [it, inserted] = tls_index_.emplace(key_, c_.tls.size());
    if (inserted) {
      s.ip = IpAddress::parse(st.view(s.ip_text));
      c_.tls.push_back(std::move(s));
    }
    TlsSession& into = c_.tls[it->second];
    into.count += t.at(10).get<uint64_t>();
    for (const auto& u : t.at(11))
      if (into.uids.size() < 5) into.uids.push_back(u.get<std::string>());
  }
  for (const auto& c : j.at("certificates"))
    c_.certificates.try_emplace(id(c.at(0)), Certificate{id(c.at(1)), id(c.at(2)), ids(c.at(3))});
  for (const auto& h : j.at("file_hashes"))
    c_.file_hashes.try_emplace(id(h.at(0)), id(h.at(1)), id(h.at(2)));
  for (const auto& f : j.at("certificate_files")) {
    CertificateFile file;
    file.fuid = id(f.at(0));
    file.mime = id(f.at(1));
    file.sha1 = id(f.at(2));
    file.sha256 = id(f.at(3));
    file.tx_hosts = id(f.at(4));
    file.rx_hosts = id(f.at(5));
    file.tx_list = ids(f.at(6));
    file.orig_h = id(f.at(7));
    file.resp_h = id(f.at(8));
    file.has_is_orig = f.at(9).get<bool>();
    file.is_orig = f.at(10).get<bool>();
    file_key(file);
    if (files_seen_.insert(key_).second) c_.certificate_files.push_back(std::move(file));
  }
}

}  // namespace zeekscope
