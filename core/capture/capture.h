#pragma once
// What the rules need from a capture, aggregated from its logs: destinations, DNS resolutions,
// TLS sessions, certificates and certificate files, HTTP hosts. Its size follows the number of
// distinct destinations and names, not the length of the logs.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "capture/string_pool.h"
#include "common/ip_address.h"

namespace zeekscope {

// Connection uids kept per destination or TLS session (and per destination view), as evidence.
inline constexpr size_t kEvidenceUids = 5;
// Apps kept per destination (PCAPdroid captures): more than a few apps talking to one
// destination is platform traffic, not the thing a person looks for.
inline constexpr size_t kAppsPerDestination = 8;

// An Android app a PCAPdroid capture attributed connections to (conn.log's app.uid,
// app.package and app.name, as written).
struct App {
  StrId uid = 0;                // the uid's text: "10234", "-1"
  StrId package = 0, name = 0;  // "" when unset
};

// An app's connections to one destination.
struct AppUse {
  uint32_t app = 0;  // in Capture::apps
  uint64_t connections = 0, orig_bytes = 0, resp_bytes = 0;
};

struct TimeRange {
  double first = 0, last = 0;
  bool set = false;
  void add(std::optional<double> t) {
    if (!t) return;
    if (!set || *t < first) first = *t;
    if (!set || *t > last) last = *t;
    set = true;
  }
};

// One connection's start, duration and bytes, kept per destination for the behaviour rules and
// the timeline in 16 bytes. Starts are whole milliseconds from the destination's `time_base`
// (itself a whole millisecond), so states merged from several workers hold the same times as
// one reader would; byte counts saturate at 4 GiB (the totals do not).
struct ConnTime {
  int32_t start_ms = 0;
  float duration = 0;  // seconds, 0 when the log has none
  uint32_t orig_bytes = 0, resp_bytes = 0;
  // Its place among the capture's kept times (their arrival order): a merged state's times are
  // kept again in this order, as one reader reading its files after this capture's would.
  uint32_t order = 0;
};

// A conn.log destination: one per (resp_h, proto, resp_p, service) as written in the log.
// Every conn record finds its destination by key and updates its counters: both sit in the
// first two cache lines, so a record reads one place in memory (the index is a small table of
// hashes; see DestinationIndex).
struct alignas(64) Destination {
  uint64_t connections = 0;
  uint64_t orig_bytes = 0, resp_bytes = 0;
  TimeRange time;
  std::vector<std::string> uids;  // the first few, as evidence

  // Reads the record's two first cache lines (counters, key) so that they come into cache.
  uint64_t touch() const { return connections + key_size_; }

  // The raw "resp_h proto port service" texts it was found by.
  std::string_view key() const {
    return key_size_ <= kInlineKey ? std::string_view(key_inline_, key_size_) : key_long_;
  }
  void set_key(std::string_view key) {
    key_size_ = uint32_t(key.size());
    if (key.size() <= kInlineKey)
      std::copy(key.begin(), key.end(), key_inline_);
    else
      key_long_ = key;
  }

 private:
  static constexpr size_t kInlineKey = 52;  // fills the second line: IPv4 keys and most IPv6 fit
  uint32_t key_size_ = 0;
  char key_inline_[kInlineKey];

 public:
  // Set when the destination is first seen; read by the rules.
  StrId ip_text = 0;
  std::optional<IpAddress> ip;
  StrId proto = 0;
  uint64_t port = 0;
  StrId service = 0;  // raw text ("ssl,http"), "" when unset

  // The times kept, up to the limits max_times_per_destination and max_connection_times, and
  // their durations summed.
  double duration_sum = 0;
  double time_base = 0;  // the first kept connection's start
  std::vector<ConnTime> times;
  // Times not kept: over max_times_per_destination, over max_connection_times. A merged state's
  // are counted again under the limit one reader would have met (Aggregator::merge).
  uint64_t times_over_own_limit = 0, times_over_capture = 0;
  std::vector<AppUse> apps;  // the first kAppsPerDestination apps

  // False when the start is over 24 days from the first kept one (it does not fit).
  bool keep_time(double start, double duration, uint64_t orig, uint64_t resp) {
    if (times.empty()) time_base = std::round(start * 1000) / 1000;
    double ms = std::round((start - time_base) * 1000);
    if (!(std::fabs(ms) <= double(INT32_MAX))) return false;
    auto clamp32 = [](uint64_t v) { return uint32_t(std::min<uint64_t>(v, UINT32_MAX)); };
    times.push_back({int32_t(ms), float(duration), clamp32(orig), clamp32(resp)});
    duration_sum += double(times.back().duration);
    return true;
  }
  double start_of(const ConnTime& t) const { return time_base + double(t.start_ms) / 1000; }

 private:
  std::string key_long_;  // a key over kInlineKey bytes
};

// A name seen for an address, with the first time it was seen (display names prefer the earliest).
struct SeenName {
  StrId name = 0;  // normalised (lower case, no trailing dot)
  double first_ts = 0;
};

struct NamesOfIp {
  std::vector<SeenName> dns;    // A/AAAA queries answered with the address
  std::vector<SeenName> cname;  // CNAME targets in those answers
  std::vector<SeenName> sni;    // TLS server_name on sessions to the address
  std::vector<SeenName> http;   // HTTP Host on requests to the address
};

// The seed's view of dns.log: A/AAAA records deduplicated on (query, answers), in file order.
struct SeedResolution {
  StrId query = 0;  // raw
  std::vector<StrId> answers;
};

struct TlsSession {
  StrId ip_text = 0;
  std::optional<IpAddress> ip;
  uint64_t port = 0;
  StrId server_name = 0;  // normalised, "" when unset
  bool has_validation_status = false;
  StrId validation_status = 0;
  bool has_issuer = false;  // pre-4.1 ssl.log issuer/subject
  StrId issuer = 0, subject = 0;
  std::vector<StrId> chain_fuids;  // pre-4.1
  std::vector<StrId> chain_fps;    // 4.1+: SHA-256 fingerprints
  uint64_t count = 0;
  std::vector<std::string> uids;
};

struct Certificate {
  StrId subject = 0, issuer = 0;
  StrId sha1 = 0;  // x509.log's sha1 column (zeekscope's logs from packets), 0 when absent
  std::vector<StrId> san_dns;
};

// A files.log row carrying an X.509 certificate.
struct CertificateFile {
  StrId fuid = 0;
  StrId mime = 0;
  StrId sha1 = 0, sha256 = 0;        // lower case, "" when unset
  StrId tx_hosts = 0, rx_hosts = 0;  // pre-5.1, raw comma-joined text as the seed read it
  std::vector<StrId> tx_list;
  StrId orig_h = 0, resp_h = 0;  // 5.1+
  bool has_is_orig = false, is_orig = false;
};

struct QueryInfo {
  uint64_t count = 0;
  double first_ts = 0;
};

struct Capture {
  StringPool strings;
  std::vector<Destination> destinations;
  std::vector<App> apps;
  std::unordered_map<IpAddress, NamesOfIp, IpAddressHash> names;
  std::vector<SeedResolution> seed_dns;
  std::unordered_map<StrId, QueryInfo> queries;  // every dns.log query name, normalised
  std::vector<TlsSession> tls;
  std::unordered_map<StrId, Certificate> certificates;  // by fingerprint (4.1+) or fuid (pre-4.1)
  std::unordered_map<StrId, std::pair<StrId, StrId>> file_hashes;  // fuid -> (sha1, sha256)
  std::vector<CertificateFile> certificate_files;

  uint64_t conn_records = 0, dns_records = 0, ssl_records = 0, x509_records = 0, files_records = 0,
           http_records = 0;
  uint64_t device_filtered = 0;  // conn records dropped by the `device` option
  // What a limit left out besides the records a reader refused (it counts those per input
  // file): connections of a merged state over max_destinations, connection times not kept.
  std::map<std::string, uint64_t> merge_limit_hits;
  uint64_t connection_times = 0;  // kept over all destinations
  // Connection times not kept: over max_times_per_destination, over max_connection_times, over
  // 24 days from their destination's first.
  uint64_t times_over_destination_limit = 0, times_over_capture_limit = 0, times_out_of_span = 0;
  // conn records per originator address (as written), the first kMaxOriginators addresses:
  // the capture's main originator is taken for the phone when `device` is not given.
  static constexpr size_t kMaxOriginators = 4096;
  std::map<std::string, uint64_t, std::less<>> originators;
  void count_originator(std::string_view orig, uint64_t n) {
    if (orig.empty() || n == 0) return;
    auto it = originators.find(orig);
    if (it != originators.end())
      it->second += n;
    else if (originators.size() < kMaxOriginators)
      originators.emplace(std::string(orig), n);
  }
};

}  // namespace zeekscope
