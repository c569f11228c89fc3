#pragma once
// Folds log records into a Capture. Knows Zeek's field names per log type and the differences
// between versions (files tx_hosts vs id.*, ssl cert_chain_fuids vs cert_chain_fps, x509 id vs
// fingerprint); knows nothing of rules or indicators.
#include <array>
#include <initializer_list>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "capture/capture.h"
#include "capture/destination_index.h"
#include "capture/recent_cache.h"
#include "capture/state_codec.h"
#include "common/flat_key_map.h"
#include "log/conn_fields.h"
#include "log/record.h"

namespace zeekscope {

// How much a capture may hold. Over max_destinations a conn record of a new destination is
// refused; once the string pool holds max_names texts, records of the other logs are refused
// and conn records count only toward destinations already seen.
struct CaptureLimits {
  uint64_t max_destinations = 500000;
  uint64_t max_names = 2000000;
  uint64_t max_connection_times = 250000;      // over the capture
  uint64_t max_times_per_destination = 20000;  // per destination
};

class Aggregator : public RecordSink {
 public:
  // `devices`: when not empty, only connections from these addresses are kept.
  Aggregator(Capture& capture, std::vector<IpAddress> devices, CaptureLimits limits = {});
  Refusal on_record(const Record& record) override;
  bool takes_conn_fields() const override { return true; }
  Refusal on_conn(const ConnFields& conn) override;
  void flush() override;

  // The capture as a self-contained state (its strings as text), and the merge of such a state
  // into this capture, as if its files had been read after this capture's files. merge throws
  // StateError on a damaged state.
  void snapshot(StateWriter& out) const;
  void merge(StateReader& in);

 private:
  static constexpr size_t kConnBatch = 32;
  // A conn record waiting in a batch: its key and uid are copied to pending_bytes_.
  struct PendingConn {
    uint64_t hash = 0;
    size_t key_at = 0, key_size = 0;
    size_t ip_size = 0, proto_size = 0, port_size = 0;  // the key's first three parts
    size_t uid_size = 0;                                // the uid follows the key
    // PCAPdroid's app: its uid, package and name texts follow the connection's uid.
    size_t app_uid_size = 0, app_package_size = 0, app_name_size = 0;
    bool service_set = false, uid_set = false, app_set = false;
    uint32_t guess = 0;  // the index of the destination the hash's first slot names
    uint64_t orig_bytes = 0, resp_bytes = 0;
    double duration = 0;
    std::optional<double> time;
  };
  // Applies the waiting conn records; returns the last one's refusal, if any.
  Refusal flush_conns();
  Refusal apply_conn(const PendingConn& e);
  void clear_pending_conns();
  bool names_full() const { return c_.strings.size() >= limits_.max_names; }
  // Why a new destination may not be added (reading and merging alike); empty when it may.
  Refusal new_destination_refusal() const {
    if (c_.destinations.size() >= limits_.max_destinations)
      return {"max_destinations", destinations_reason_};
    if (names_full()) return {"max_names", names_reason_};
    return {};
  }
  // The index in c_.apps of the app with these texts, added if new.
  uint32_t app_index(std::string_view uid, std::string_view package, std::string_view name);
  static void add_app(Destination& d, const AppUse& use);
  // Keeps a connection's time on its destination, within the limits.
  void keep_time(Destination& d, double start, double duration, uint64_t orig, uint64_t resp);
  void on_dns(const Record& r);
  void on_ssl(const Record& r);
  void on_x509(const Record& r);
  void on_files(const Record& r);
  void on_http(const Record& r);
  // The index of the record's TLS session in c_.tls, added if new.
  uint32_t tls_session(const Record& r);
  // The raw texts of `fields`, each length-prefixed (valid until the next call).
  std::string_view raw_key(std::initializer_list<Field> fields, const Record& r);
  // Adds `name` (or moves its first sighting earlier); returns its position, SIZE_MAX for none.
  size_t add_name(std::vector<SeenName>& names, StrId name, double ts);
  static void seen_again(std::vector<SeenName>& names, size_t at, double ts);
  // Each fills key_ with the identity used to de-duplicate such an entry.
  void tls_key(const TlsSession& s);
  void seed_key(const SeedResolution& r);
  void file_key(const CertificateFile& f);
  StrId intern_joined(std::span<const std::string_view> items);
  StrId intern_norm(std::string_view name);

  Capture& c_;
  std::vector<IpAddress> devices_;
  DestinationIndex destination_index_;
  std::unordered_set<std::string> seed_dns_seen_;
  std::unordered_map<std::string, size_t> tls_index_;
  std::unordered_set<std::string> files_seen_;
  std::unordered_map<std::string, uint32_t> app_index_;  // length-prefixed texts -> c_.apps
  std::string key_;                                      // reused key buffer
  // conn records of the same originator in a row, counted before they reach the capture's map
  std::string last_orig_;
  uint64_t last_orig_count_ = 0;
  void flush_originator();
  std::vector<char> raw_key_;                          // raw_key's buffer: grown, never shrunk
  std::array<PendingConn, kConnBatch> pending_conns_;  // the first pending_count_ wait
  size_t pending_count_ = 0;
  std::vector<char> pending_bytes_;
  size_t pending_used_ = 0;
  uint64_t touch_sink_ = 0;           // keeps the batch's touching loads from being optimised away
  RecentCache<uint32_t> tls_recent_;  // raw ssl identity -> index in c_.tls
  struct TlsName {                    // per TLS session: where its SNI sits in its address's names
    NamesOfIp* names = nullptr;
    size_t at = SIZE_MAX;
  };
  std::vector<TlsName> tls_names_;
  // Where each name sits in a long name list: add_name() scans a list shorter than kScanNames,
  // and a list of kScanNames or more has every entry here (add_name() is the only way names
  // are added). One address can have millions of names: a wildcard domain asked for random
  // names (DNS tunnels, generated domains).
  static constexpr size_t kScanNames = 16;
  struct ListName {
    const std::vector<SeenName>* list;  // a list in c_.names: map nodes do not move
    StrId name;
    bool operator==(const ListName&) const = default;
  };
  struct ListNameHash {
    size_t operator()(const ListName& k) const noexcept {
      return std::hash<const void*>()(k.list) * 0x9E3779B97F4A7C15ULL ^ k.name;
    }
  };
  std::unordered_map<ListName, size_t, ListNameHash> name_positions_;
  // on_dns(): a record's answers, as addresses and as CNAME targets (texts, then interned).
  std::vector<IpAddress> answer_ips_;
  std::vector<std::string_view> cname_texts_;
  std::vector<StrId> cnames_;
  CaptureLimits limits_;
  std::string destinations_reason_, names_reason_;
};

}  // namespace zeekscope
