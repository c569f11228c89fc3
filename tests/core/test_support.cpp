#include "test_support.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/text.h"
#include "log/log_reader.h"
#ifdef ZS_HAVE_ZLIB
#include <zlib.h>
#endif

namespace fs = std::filesystem;

namespace zeekscope::test {

std::string source_dir() { return ZS_SOURCE_DIR; }

std::string shared_data() { return source_dir() + "/../shared/data"; }

bool exists(const std::string& path) { return fs::exists(path); }

bool can_read_gzip() {
#ifdef ZS_HAVE_ZLIB
  return true;
#else
  return false;
#endif
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string data = ss.str();
  if (data.size() < 2 || static_cast<unsigned char>(data[0]) != 0x1f ||
      static_cast<unsigned char>(data[1]) != 0x8b)
    return data;
#ifdef ZS_HAVE_ZLIB
  std::string out;
  z_stream z{};
  inflateInit2(&z, 15 + 32);
  z.next_in = reinterpret_cast<Bytef*>(data.data());
  z.avail_in = unsigned(data.size());
  char buf[1 << 16];
  while (z.avail_in > 0) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    int rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
    if (rc == Z_STREAM_END) {
      inflateReset(&z);
      continue;
    }
    if (rc != Z_OK) break;
  }
  inflateEnd(&z);
  return out;
#else
  throw std::runtime_error("gzip input needs zlib: " + path);
#endif
}

std::vector<std::string> list_files(const std::string& dir, bool recursive) {
  std::vector<std::string> out;
  if (recursive) {
    for (auto& e : fs::recursive_directory_iterator(dir))
      if (e.is_regular_file()) out.push_back(e.path().string());
  } else {
    for (auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file()) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

nlohmann::ordered_json analyze(const std::vector<Log>& logs, const std::vector<Feed>& feeds,
                               const std::string& config, size_t chunk,
                               const std::map<std::string, std::vector<std::string>>* ns) {
  Session s(config, ToolInfo{"zeekscope", "test", "native"});
  for (const auto& f : feeds) {
    std::string error = s.add_indicators(f.content, f.name, f.format, f.whitelist).error;
    if (f.error_expected) {
      EXPECT_NE(error, "") << "feed " << f.name << " was expected to fail";
    } else {
      EXPECT_EQ(error, "") << "feed " << f.name;
    }
  }
  for (const auto& log : logs) {
    s.begin_file(log.name);
    if (chunk == 0) {
      s.feed(log.content);
    } else {
      for (size_t i = 0; i < log.content.size(); i += chunk)
        s.feed(std::string_view(log.content).substr(i, chunk));
    }
    s.end_file();
  }
  if (ns) {
    s.nameserver_queries();
    for (const auto& [d, list] : *ns) s.set_nameservers(d, list);
    s.nameservers_done();
  }
  return s.finish();
}

std::string without_tool(nlohmann::ordered_json report) {
  report.erase("tool");
  return report.dump();
}

InputStats read_log(const std::string& name, const std::string& text, RecordCollector& out) {
  LogReader reader(name, out);
  reader.feed(text);
  reader.finish();
  return reader.stats();
}

Refusal RecordCollector::on_record(const Record& r) {
  Collected c{r.kind(), {}};
  for (size_t f = 0; f < kFieldCount; ++f) {
    auto v = r.get(Field(f));
    if (!v.set) continue;
    auto& list = c.values[Field(f)];
    for (auto item : v.items) list.emplace_back(item);
  }
  records.push_back(std::move(c));
  return {};
}

std::vector<std::tuple<std::string, std::string, std::string>> alert_triples(
    const nlohmann::ordered_json& r) {
  std::vector<std::tuple<std::string, std::string, std::string>> out;
  for (const auto& a : r["alerts"])
    out.emplace_back(a["id"].get<std::string>(), a["level"].get<std::string>(),
                     a["host"].get<std::string>());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool has_alert(const nlohmann::ordered_json& r, const std::string& id, const std::string& host,
               const std::string& level) {
  for (const auto& a : r["alerts"])
    if (a["id"] == id && a["host"] == host && (level.empty() || a["level"] == level)) return true;
  return false;
}

const nlohmann::ordered_json& coverage_of(const nlohmann::ordered_json& r,
                                          const std::string& rule) {
  for (const auto& c : r["coverage"])
    if (c["rule"] == rule) return c;
  static const nlohmann::ordered_json none;
  return none;
}

std::string tsv(const std::string& path, const std::vector<std::string>& fields,
                const std::vector<std::string>& types, const std::vector<std::string>& rows) {
  std::string out = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n";
  out += "#path\t" + path + "\n#open\t2020-01-01-00-00-00\n#fields";
  for (const auto& f : fields) out += "\t" + f;
  out += "\n#types";
  for (const auto& t : types) out += "\t" + t;
  out += "\n";
  for (const auto& r : rows) out += r + "\n";
  out += "#close\t2020-01-01-01-00-00\n";
  return out;
}

namespace {
std::string join_tabs(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) out += (i ? "\t" : "") + cells[i];
  return out;
}
std::vector<std::string> pipes(const std::string& row) {
  std::vector<std::string> out;
  for (auto p : split(row, '|')) out.emplace_back(p);
  return out;
}
}  // namespace

std::string conn_log_bytes(const std::vector<std::string>& rows) {
  std::vector<std::string> lines;
  for (const auto& r : rows) {
    auto c = pipes(r);  // ts|uid|orig_h|resp_h|resp_p|proto|service|orig_bytes|resp_bytes
    lines.push_back(
        join_tabs({c[0], c[1], c[2], "51000", c[3], c[4], c[5], c[6], "1.0", c[7], c[8]}));
  }
  return tsv("conn",
             {"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service",
              "duration", "orig_bytes", "resp_bytes"},
             {"time", "string", "addr", "port", "addr", "port", "enum", "string", "interval",
              "count", "count"},
             lines);
}

std::string conn_log(const std::vector<std::string>& rows) {
  std::vector<std::string> lines;
  for (const auto& r : rows) {
    auto c = pipes(r);  // ts|uid|orig_h|resp_h|resp_p|proto|service
    lines.push_back(join_tabs({c[0], c[1],       c[2],  "51000", c[3], c[4],  c[5],
                               c[6], "1.000000", "100", "200",   "SF", "-",   "-",
                               "0",  "ShADadFf", "5",   "400",   "5",  "500", "(empty)"}));
  }
  return tsv(
      "conn",
      {"ts",         "uid",           "id.orig_h",     "id.orig_p",  "id.resp_h",  "id.resp_p",
       "proto",      "service",       "duration",      "orig_bytes", "resp_bytes", "conn_state",
       "local_orig", "local_resp",    "missed_bytes",  "history",    "orig_pkts",  "orig_ip_bytes",
       "resp_pkts",  "resp_ip_bytes", "tunnel_parents"},
      {"time",   "string",   "addr",  "port",  "addr",   "port",  "enum",
       "string", "interval", "count", "count", "string", "bool",  "bool",
       "count",  "string",   "count", "count", "count",  "count", "set[string]"},
      lines);
}

std::string dns_log(const std::vector<std::string>& rows) {
  std::vector<std::string> lines;
  for (const auto& r : rows) {
    auto c = pipes(r);  // ts|query|qtype_name|answers
    std::string qtype = c[2] == "A" ? "1" : c[2] == "AAAA" ? "28" : c[2] == "NS" ? "2" : "16";
    lines.push_back(join_tabs({c[0],
                               "CDns1",
                               "10.0.0.2",
                               "53000",
                               "10.0.0.1",
                               "53",
                               "udp",
                               "1234",
                               "0.010000",
                               c[1],
                               "1",
                               "C_INTERNET",
                               qtype,
                               c[2],
                               "0",
                               "NOERROR",
                               "F",
                               "F",
                               "T",
                               "T",
                               "0",
                               c[3],
                               c[3] == "-" ? "-" : "300.000000",
                               "F"}));
  }
  return tsv("dns", {"ts",    "uid",        "id.orig_h", "id.orig_p",  "id.resp_h", "id.resp_p",
                     "proto", "trans_id",   "rtt",       "query",      "qclass",    "qclass_name",
                     "qtype", "qtype_name", "rcode",     "rcode_name", "AA",        "TC",
                     "RD",    "RA",         "Z",         "answers",    "TTLs",      "rejected"},
             {"time",           "string",           "addr",   "port",  "addr",   "port",  "enum",
              "count",          "interval",         "string", "count", "string", "count", "string",
              "count",          "string",           "bool",   "bool",  "bool",   "bool",  "count",
              "vector[string]", "vector[interval]", "bool"},
             lines);
}

std::string ssl_log(const std::vector<std::string>& rows) {
  std::vector<std::string> lines;
  for (const auto& r : rows) {
    auto c = pipes(r);  // ts|resp_h|resp_p|server_name|issuer|subject|validation_status
    lines.push_back(
        join_tabs({c[0],        "CSsl1", "10.0.0.2", "52000",
                   c[1],        c[2],    "TLSv12",   "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                   "secp256r1", c[3],    "F",        "-",
                   "h2",        "T",     "FCert1",   "(empty)",
                   c[5],        c[4],    "-",        "-",
                   c[6]}));
  }
  return tsv("ssl",
             {"ts",
              "uid",
              "id.orig_h",
              "id.orig_p",
              "id.resp_h",
              "id.resp_p",
              "version",
              "cipher",
              "curve",
              "server_name",
              "resumed",
              "last_alert",
              "next_protocol",
              "established",
              "cert_chain_fuids",
              "client_cert_chain_fuids",
              "subject",
              "issuer",
              "client_subject",
              "client_issuer",
              "validation_status"},
             {"time",           "string",         "addr",   "port",   "addr",   "port",   "string",
              "string",         "string",         "string", "bool",   "string", "string", "bool",
              "vector[string]", "vector[string]", "string", "string", "string", "string", "string"},
             lines);
}

}  // namespace zeekscope::test
