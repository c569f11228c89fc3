#include "report/redact.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/ip_address.h"
#include "report/report.h"

namespace zeekscope {
namespace {

using Json = nlohmann::ordered_json;

enum Kind { kAddress, kMac, kName, kApp, kKindCount };

// Each kind's placeholder prefix and how the report's redaction section names it.
struct KindWords {
  std::string_view prefix, what;
};
const KindWords kKinds[kKindCount] = {
    {"local-address-", "the phone's own addresses and other local network addresses"},
    {"mac-address-", "MAC addresses"},
    {"local-name-",
     "device and local network names (mDNS .local names, home network names, reverse names of "
     "local addresses, the phone's own name)"},
    {"app-", "apps that no alert concerns (their name and package)"},
};

// Addresses that never leave the phone's own network: private, shared (carrier NAT),
// loopback, link-local, unique-local. Multicast and broadcast say nothing of the phone.
// (IPv4-mapped IPv6 addresses are read as IPv4: the IPv4 ranges cover them.)
const char* const kLocalRanges[] = {
    "10.0.0.0/8",     "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8",
    "169.254.0.0/16", "0.0.0.0/8",     "::1/128",        "fc00::/7",      "fe80::/10"};

// Name suffixes of home and local networks (mDNS, routers' DHCP names, RFC 8375).
const char* const kLocalSuffixes[] = {
    ".local",    ".lan",     ".home",      ".home.arpa", ".internal",    ".localdomain",
    ".intranet", ".private", ".localhost", ".router",    ".fritz.box",   ".mshome.net",
    ".localnet", ".gateway", ".workgroup", ".domain",    ".speedport.ip"};

const char* const kKept =
    "Not redacted: remote destinations (names and addresses), the indicators that matched, the "
    "alerts (an alert on a local address or name shows its placeholder), times, byte counts and "
    "the names of the input files.";

// Text holding a placeholder of this redaction for an address or a name ("local-name-3",
// "local-name-3/24"), or an app's ("app-2"): never taken for a value to redact again.
bool has_placeholder(std::string_view s, bool app = false) {
  auto followed_by_digit = [&](size_t at, std::string_view prefix) {
    return at + prefix.size() < s.size() &&
           std::isdigit(static_cast<unsigned char>(s[at + prefix.size()]));
  };
  if (app) return s.starts_with(kKinds[kApp].prefix) && followed_by_digit(0, kKinds[kApp].prefix);
  for (Kind k : {kAddress, kMac, kName})
    for (size_t at = s.find(kKinds[k].prefix); at != std::string_view::npos;
         at = s.find(kKinds[k].prefix, at + 1))
      if (followed_by_digit(at, kKinds[k].prefix)) return true;
  return false;
}

// Keys whose values are host names or addresses, replaced whole when they are local.
bool is_name_field(std::string_view key) { return key == "host" || key == "names"; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ||
         c == ':' || c == '%';
}

// "aa:bb:cc:dd:ee:ff" or "aa-bb-cc-dd-ee-ff".
bool is_mac(std::string_view t) {
  if (t.size() != 17) return false;
  char sep = t[2];
  if (sep != ':' && sep != '-') return false;
  for (size_t i = 0; i < 17; ++i) {
    if (i % 3 == 2) {
      if (t[i] != sep) return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(t[i]))) {
      return false;
    }
  }
  return true;
}

// The address a reverse name stands for ("20.1.168.192.in-addr.arpa" -> 192.168.1.20), if any.
std::optional<IpAddress> reverse_name_address(const std::string& name) {
  static constexpr std::string_view kV4 = ".in-addr.arpa", kV6 = ".ip6.arpa";
  std::string_view n = name;
  if (n.ends_with(kV4)) {
    n.remove_suffix(kV4.size());
    std::vector<std::string_view> labels;
    while (!n.empty()) {
      size_t dot = n.find('.');
      labels.push_back(n.substr(0, dot));
      n = dot == std::string_view::npos ? std::string_view() : n.substr(dot + 1);
    }
    if (labels.size() != 4) return std::nullopt;
    std::string text;
    for (size_t i = labels.size(); i-- > 0;) {
      text.append(labels[i]);
      if (i) text.push_back('.');
    }
    return IpAddress::parse(text);
  }
  if (n.ends_with(kV6)) {
    n.remove_suffix(kV6.size());
    std::string hex;
    for (size_t i = 0; i < n.size(); i += 2) {
      if (i + 1 < n.size() && n[i + 1] != '.') return std::nullopt;
      hex.push_back(n[i]);
    }
    if (hex.size() != 32) return std::nullopt;
    std::reverse(hex.begin(), hex.end());
    std::string text;
    for (size_t i = 0; i < 32; i += 4) {
      if (i) text.push_back(':');
      text.append(hex, i, 4);
    }
    return IpAddress::parse(text);
  }
  return std::nullopt;
}

class Redactor {
 public:
  explicit Redactor(const Json& report) {
    for (const char* r : kLocalRanges) local_.push_back(IpNetwork::parse(r).value());
    find_phone(report);
  }

  void redact_apps(Json& report) {
    std::set<std::string> relevant;
    for (const auto& alert : items(report, "alerts"))
      for (const auto& app : items(alert, "apps")) relevant.insert(app_key(app));
    for (const auto& app : items(report, "apps"))
      if (!items(app, "alerts").empty()) relevant.insert(app_key(app));
    walk_apps(report, relevant);
  }

  // Names from the network may hold spaces, quotes or Zeek's \xNN escapes ("Maria's
  // iPhone._tcp.local"): a local one is first taken whole from the fields that hold names, then
  // replaced whole wherever it appears.
  void find_whole_names(const Json& v, std::string_view key = {}) {
    if (v.is_object()) {
      for (const auto& [k, child] : v.items()) find_whole_names(child, k);
    } else if (v.is_array()) {
      for (const auto& child : v) find_whole_names(child, key);
    } else if (v.is_string() && is_name_field(key)) {
      std::string name = lower(v.get<std::string>());
      if (IpAddress::parse(name) || has_placeholder(name) || !is_local_name(name)) return;
      std::string p = placeholder(kName, name);
      if (std::any_of(name.begin(), name.end(), [](char c) { return !is_token_char(c); }))
        odd_names_.emplace_back(name, p);
    }
  }

  void redact_strings(Json& v, std::string_view key = {}) {
    if (key == "sha256" || key == "uids" || key == "schema") return;
    if (v.is_object()) {
      for (auto& [k, child] : v.items()) redact_strings(child, k);
    } else if (v.is_array()) {
      for (auto& child : v) redact_strings(child, key);
    } else if (v.is_string()) {
      const auto& s = v.get_ref<const std::string&>();
      if (is_name_field(key)) {
        auto it = placeholders_[kName].find(lower(s));
        if (it != placeholders_[kName].end()) {
          v = it->second;
          return;
        }
      }
      std::string out = redact_text(replace_odd_names(s));
      if (out != s) v = std::move(out);
    }
  }

  Json section() const {
    Json redacted = Json::array();
    for (size_t k = 0; k < kKindCount; ++k) {
      if (!counts_[k]) continue;
      std::string prefix(kKinds[k].prefix);
      std::string range =
          counts_[k] == 1 ? prefix + "1" : prefix + "1 to " + prefix + std::to_string(counts_[k]);
      redacted.push_back(
          Json{{"what", kKinds[k].what}, {"count", counts_[k]}, {"placeholders", range}});
    }
    return Json{{"redacted", std::move(redacted)}, {"kept", kKept}};
  }

 private:
  static const Json& items(const Json& v, const char* key) {
    static const Json kEmpty = Json::array();
    if (!v.is_object()) return kEmpty;
    auto it = v.find(key);
    return it != v.end() && it->is_array() ? *it : kEmpty;
  }

  static std::string text_of(const Json& v, const char* key) {
    if (!v.is_object()) return "";
    auto it = v.find(key);
    return it != v.end() && it->is_string() ? it->get<std::string>() : "";
  }

  static std::string app_key(const Json& app) {
    return (app.is_object() && app.contains("uid") ? app["uid"].dump() : "") + "\n" +
           text_of(app, "package") + "\n" + text_of(app, "name");
  }

  // The phone's own addresses: those the engine took for the phone (report.phone, from
  // config.device or the capture's main originator), and the names those addresses had in
  // inbound entries (a DHCP-given reverse name) unless the phone contacted that name itself.
  // Names of one label can only be local.
  void find_phone(const Json& report) {
    static const Json kNone;
    for (const char* key : {"phone", "config"}) {
      const Json& part = report.contains(key) ? report[key] : kNone;
      for (const auto& a : items(part, key == std::string_view("phone") ? "addresses" : "device"))
        if (a.is_string())
          if (auto ip = IpAddress::parse(a.get<std::string>())) phone_ips_.insert(*ip);
    }
    const Json& buckets = report.contains("destinations") ? report["destinations"] : kNone;
    std::set<std::string> outbound_names;
    for (const char* bucket : {"suspect", "uncategorized", "whitelisted"})
      for (const auto& d : items(buckets, bucket)) {
        outbound_names.insert(lower(text_of(d, "host")));
        for (const auto& n : items(d, "names"))
          if (n.is_string()) outbound_names.insert(lower(n.get<std::string>()));
      }
    for (const auto& d : items(buckets, "inbound")) {
      auto ip = IpAddress::parse(text_of(d, "ip"));
      std::string host = lower(text_of(d, "host"));
      if (ip && phone_ips_.count(*ip) && !host.empty() && !IpAddress::parse(host) &&
          !outbound_names.count(host))
        phone_names_.insert(host);
    }
    for (const char* bucket : {"suspect", "uncategorized", "whitelisted", "inbound"})
      for (const auto& d : items(buckets, bucket))
        for (const auto& n : items(d, "names"))
          if (n.is_string()) {
            std::string name = lower(n.get<std::string>());
            if (!name.empty() && name.find('.') == std::string::npos && !IpAddress::parse(name) &&
                !has_placeholder(name))
              phone_names_.insert(name);
          }
  }

  void walk_apps(Json& v, const std::set<std::string>& relevant) {
    if (v.is_object()) {
      for (auto& [k, child] : v.items()) {
        if (k == "apps" && child.is_array())
          for (auto& app : child)
            if (app.is_object() && app.contains("uid") &&
                (app.contains("package") || app.contains("name")) &&
                !relevant.count(app_key(app)) &&
                !has_placeholder(text_of(app, app.contains("package") ? "package" : "name"),
                                 true)) {
              std::string p = placeholder(kApp, app_key(app));
              for (const char* field : {"package", "name"})
                if (app.contains(field)) app[field] = p;
            }
        walk_apps(child, relevant);
      }
    } else if (v.is_array()) {
      for (auto& child : v) walk_apps(child, relevant);
    }
  }

  std::string placeholder(Kind kind, const std::string& value) {
    auto [it, added] = placeholders_[kind].try_emplace(value);
    if (added) it->second = std::string(kKinds[kind].prefix) + std::to_string(++counts_[kind]);
    return it->second;
  }

  // Local ranges, the phone's addresses, an IPv6 address in the /64 of one of the phone's (its
  // other addresses on the same network), and an IPv6 address whose interface identifier is
  // made from a MAC address (EUI-64: ff:fe in its middle).
  bool is_local(const IpAddress& ip) const {
    if (phone_ips_.count(ip)) return true;
    if (!ip.is_v4()) {
      const auto& b = ip.bytes();
      if (b[11] == 0xff && b[12] == 0xfe) return true;
      for (const auto& phone : phone_ips_)
        if (!phone.is_v4() && phone.masked(64) == ip.masked(64)) return true;
    }
    return std::any_of(local_.begin(), local_.end(),
                       [&](const IpNetwork& n) { return n.contains(ip); });
  }

  bool is_local_name(const std::string& name) const {
    if (phone_names_.count(name)) return true;
    for (const char* suffix : kLocalSuffixes) {
      std::string_view s = suffix;
      if (name.size() > s.size() && name.ends_with(s)) return true;
    }
    auto reverse = reverse_name_address(name);
    return reverse && is_local(*reverse);
  }

  std::string replace_odd_names(const std::string& s) const {
    if (odd_names_.empty()) return s;
    std::string out = s, low = lower(s);
    for (const auto& [name, p] : odd_names_)
      for (size_t at = low.find(name); at != std::string::npos;
           at = low.find(name, at + p.size())) {
        out.replace(at, name.size(), p);
        low.replace(at, name.size(), p);
      }
    return out;
  }

  // The placeholder for one token of text, or "" to keep it.
  std::string replace_token(std::string_view token) {
    if (is_mac(token)) {
      std::string key = lower(token);
      std::replace(key.begin(), key.end(), '-', ':');
      return placeholder(kMac, key);
    }
    if (auto ip = IpAddress::parse(token))
      return is_local(*ip) ? placeholder(kAddress, ip->to_string()) : "";
    // address:port
    size_t colon = token.rfind(':');
    if (colon != std::string_view::npos && token.find(':') == colon && colon + 1 < token.size() &&
        std::all_of(token.begin() + long(colon) + 1, token.end(), ::isdigit)) {
      std::string left = replace_token(token.substr(0, colon));
      return left.empty() ? "" : left + std::string(token.substr(colon));
    }
    std::string name = lower(token);
    if (token.find('.') == std::string_view::npos) {
      // A name of one label in running text: only one that cannot be a common word.
      bool distinct = name.size() >= 6 || std::any_of(name.begin(), name.end(), [](char c) {
                        return c == '-' || std::isdigit(static_cast<unsigned char>(c));
                      });
      return distinct && phone_names_.count(name) ? placeholder(kName, name) : "";
    }
    if (is_local_name(name)) return placeholder(kName, name);
    return "";
  }

  std::string redact_text(const std::string& s) {
    std::string out;
    size_t i = 0, copied = 0;
    while (i < s.size()) {
      if (!is_token_char(s[i])) {
        ++i;
        continue;
      }
      size_t start = i;
      while (i < s.size() && is_token_char(s[i])) ++i;
      std::string_view token(s.data() + start, i - start);
      // A sentence's full stop or a label's colon is not part of the value (unless the whole is
      // an address: "fe80::").
      if (!IpAddress::parse(token))
        while (!token.empty() && (token.back() == '.' || token.back() == ':'))
          token.remove_suffix(1);
      if (token.empty()) continue;
      std::string replacement = replace_token(token);
      if (replacement.empty()) continue;
      out.append(s, copied, start - copied);
      out += replacement;
      copied = start + token.size();
    }
    if (copied == 0) return s;
    out.append(s, copied, std::string::npos);
    return out;
  }

  std::vector<IpNetwork> local_;
  std::set<IpAddress> phone_ips_;
  std::set<std::string> phone_names_;
  std::vector<std::pair<std::string, std::string>> odd_names_;  // lower-case name, placeholder
  std::array<std::map<std::string, std::string>, kKindCount> placeholders_;
  std::array<size_t, kKindCount> counts_{};
};

}  // namespace

void redact_report(Json& report) {
  if (!report.is_object() || report.contains("redaction")) return;
  if (!nested_within(report, kMaxReportDepth))
    throw std::invalid_argument("the report is nested too deeply");
  Redactor redactor(report);
  redactor.redact_apps(report);
  redactor.find_whole_names(report);
  redactor.redact_strings(report);
  report["redaction"] = redactor.section();
}

}  // namespace zeekscope
