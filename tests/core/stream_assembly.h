#pragma once
// Test-only: the connections of a capture with the in-order payload prefix of each direction,
// for the protocol parsers' comparisons with Zeek's logs. Deliberately simple (the real TCP
// reassembly comes with the flow layer): a TCP connection is a 5-tuple, restarted by a SYN with
// a new sequence number; the originator is the SYN's sender (else the sender of the first
// packet, unless only its source port is below 1024); each direction is its segments put in
// sequence order from the first byte after the SYN (or the lowest sequence number seen) up to
// the first gap. A TCP connection whose SYN and SYN-ACK were both missed gets no streams: Zeek
// analysed no content of such connections in the btests (mpls-in-vlan, writer-path-conflict),
// which the flow layer has to confirm. UDP flows keep their first datagram each way. Packets
// with a bad checksum are left out unless checksums are ignored (Zeek's -C).
#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "btest_support.h"
#include "packet/capture_file_reader.h"
#include "packet/packet_decoder.h"
#include "test_support.h"

namespace zeekscope::test {

struct Endpoint {
  std::string addr;
  uint16_t port = 0;
  // Written out: Emscripten's libc++ has no operator<=> for std::string.
  friend bool operator==(const Endpoint& a, const Endpoint& b) {
    return a.addr == b.addr && a.port == b.port;
  }
  friend bool operator<(const Endpoint& a, const Endpoint& b) {
    return a.addr != b.addr ? a.addr < b.addr : a.port < b.port;
  }
};

struct AssembledFlow {
  bool tcp = true;
  Endpoint orig, resp;
  std::string key() const {
    return orig.addr + " " + std::to_string(orig.port) + " " + resp.addr + " " +
           std::to_string(resp.port);
  }
  // TCP: the in-order prefix per direction; UDP: the first datagram's payload per direction.
  std::string orig_bytes, resp_bytes;
  // Internals of the assembly.
  struct Side {
    bool have_base = false;
    uint32_t base = 0;  // sequence number of the stream's first byte
    std::vector<std::pair<uint32_t, std::string>> segments;
  } sides[2];
  bool syn_seen = false;
  bool handshake_seen = false;  // a SYN or a SYN-ACK
  uint32_t syn_seq = 0;
};

class FlowAssembler : public packet::PacketSink, public packet::PacketViewSink {
 public:
  explicit FlowAssembler(bool ignore_checksums) : ignore_checksums_(ignore_checksums) {}

  void on_packet(const packet::CapturedPacket& p) override { decoder_.on_packet(p); }

  void on_view(const packet::PacketView& v) override {
    using C = packet::PacketView::Checksum;
    if (!ignore_checksums_ && (!v.ip_checksum_ok || v.transport_checksum == C::kBad)) return;
    if (v.transport_truncated || (!v.is_tcp() && !v.is_udp())) return;
    Endpoint src{v.src.to_string(), v.src_port}, dst{v.dst.to_string(), v.dst_port};
    auto key = std::make_tuple(v.is_tcp(), std::min(src, dst), std::max(src, dst));
    bool syn = v.is_tcp() && (v.tcp_flags & packet::tcp_flag::kSyn) &&
               !(v.tcp_flags & packet::tcp_flag::kAck);
    auto it = open_.find(key);
    if (it != open_.end() && syn && it->second->syn_seen && it->second->syn_seq != v.seq &&
        it->second->orig == src) {
      open_.erase(it);  // a new connection on the same 5-tuple
      it = open_.end();
    }
    if (it == open_.end()) {
      auto flow = std::make_shared<AssembledFlow>();
      flow->tcp = v.is_tcp();
      bool flip = !syn && !(v.tcp_flags & packet::tcp_flag::kSyn && v.is_tcp()) &&
                  src.port < 1024 && dst.port >= 1024;
      if (v.is_tcp() && (v.tcp_flags & packet::tcp_flag::kSyn) &&
          (v.tcp_flags & packet::tcp_flag::kAck))
        flip = true;  // a SYN-ACK first: its receiver is the originator
      flow->orig = flip ? dst : src;
      flow->resp = flip ? src : dst;
      flows_.push_back(flow);
      it = open_.emplace(key, flow).first;
    }
    AssembledFlow& f = *it->second;
    int dir = src == f.orig ? 0 : 1;
    std::string payload(reinterpret_cast<const char*>(v.payload.data()), v.payload.size());
    if (!f.tcp) {
      std::string& first = dir == 0 ? f.orig_bytes : f.resp_bytes;
      if (first.empty()) first = payload;
      return;
    }
    AssembledFlow::Side& side = f.sides[dir];
    if (v.tcp_flags & packet::tcp_flag::kSyn) {
      f.handshake_seen = true;
      side.have_base = true;
      side.base = v.seq + 1;
      if (dir == 0 && syn) f.syn_seen = true, f.syn_seq = v.seq;
    }
    if (!payload.empty() && side.segments.size() < 100000)
      side.segments.emplace_back(v.seq, std::move(payload));
  }

  // Puts every direction together; call once after the trace is read.
  std::vector<std::shared_ptr<AssembledFlow>> finish() {
    decoder_.finish();
    for (auto& f : flows_) {
      if (!f->tcp) continue;
      for (int dir = 0; dir < 2 && !f->handshake_seen; ++dir) f->sides[dir].segments.clear();
      for (int dir = 0; dir < 2; ++dir) {
        AssembledFlow::Side& s = f->sides[dir];
        if (s.segments.empty()) continue;
        uint32_t base = s.base;
        if (!s.have_base) {  // the lowest sequence number (modulo wrap, relative to the first)
          base = s.segments[0].first;
          for (auto& [seq, _] : s.segments)
            if (int32_t(seq - base) < 0) base = seq;
        }
        std::stable_sort(s.segments.begin(), s.segments.end(), [&](const auto& a, const auto& b) {
          return int64_t(int32_t(a.first - base)) < int64_t(int32_t(b.first - base));
        });
        std::string& out = dir == 0 ? f->orig_bytes : f->resp_bytes;
        for (auto& [seq, data] : s.segments) {
          int64_t at = int32_t(seq - base);
          if (at < 0) {
            if (int64_t(data.size()) + at <= 0) continue;
            data.erase(0, size_t(-at));
            at = 0;
          }
          if (size_t(at) > out.size()) break;  // a gap: the prefix ends
          if (size_t(at) + data.size() > out.size()) out.append(data, out.size() - size_t(at));
          if (out.size() > kMaxStream) break;
        }
        s.segments.clear();
      }
    }
    return flows_;
  }

  static constexpr size_t kMaxStream = 16 << 20;

 private:
  bool ignore_checksums_;
  packet::PacketDecoder decoder_{*this};
  std::map<std::tuple<bool, Endpoint, Endpoint>, std::shared_ptr<AssembledFlow>> open_;
  std::vector<std::shared_ptr<AssembledFlow>> flows_;
};

// The btest folders and their traces: (folder, trace path, -C).
struct BtestTrace {
  std::string folder, name, path;
  bool ignore_checksums = false;
};
inline std::vector<BtestTrace> btest_traces_with(const std::string& log) {
  std::vector<BtestTrace> out;
  for (const auto& path : list_files(btest_dir())) {
    if (!path.ends_with("/" + log)) continue;
    std::string folder = path.substr(0, path.rfind('/'));
    BtestTrace t;
    t.folder = folder.substr(folder.rfind('/') + 1);
    std::string cmd = read_file(folder + "/CMD.txt");
    t.ignore_checksums = cmd.find("Checksum validation disabled (-C): yes") != std::string::npos;
    for (const auto& f : list_files(folder, false)) {
      std::string name = f.substr(f.rfind('/') + 1);
      if (name.ends_with(".pcap") || name.ends_with(".pcapng") || name.ends_with(".pcap.gz")) {
        t.path = f;
        t.name = name;
      }
    }
    if (!t.path.empty()) out.push_back(t);
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.folder < b.folder; });
  return out;
}

inline std::vector<std::shared_ptr<AssembledFlow>> assemble(const BtestTrace& t) {
  FlowAssembler flows(t.ignore_checksums);
  packet::CaptureFileReader reader(flows);
  reader.feed(read_file(t.path));
  reader.finish();
  return flows.finish();
}

// A Zeek TSV log's records as field name -> value.
inline std::vector<std::map<std::string, std::string>> zeek_records(const std::string& path) {
  std::vector<std::map<std::string, std::string>> out;
  std::vector<std::string> fields;
  std::string text = read_file(path);
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(at, end - at);
    at = end + 1;
    std::vector<std::string> cells;
    size_t c = 0;
    while (true) {
      size_t tab = line.find('\t', c);
      cells.push_back(line.substr(c, tab == std::string::npos ? std::string::npos : tab - c));
      if (tab == std::string::npos) break;
      c = tab + 1;
    }
    if (line.rfind("#fields", 0) == 0) {
      fields.assign(cells.begin() + 1, cells.end());
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    std::map<std::string, std::string> r;
    for (size_t i = 0; i < fields.size() && i < cells.size(); ++i) r[fields[i]] = cells[i];
    out.push_back(std::move(r));
  }
  return out;
}

inline std::string zeek_key(const std::map<std::string, std::string>& r) {
  auto get = [&](const char* k) {
    auto it = r.find(k);
    return it == r.end() ? std::string() : it->second;
  };
  return get("id.orig_h") + " " + get("id.orig_p") + " " + get("id.resp_h") + " " +
         get("id.resp_p");
}

// A Zeek log value, "" for unset ("-") and empty ("(empty)").
inline std::string zeek_value(const std::map<std::string, std::string>& r, const std::string& k) {
  auto it = r.find(k);
  if (it == r.end() || it->second == "-" || it->second == "(empty)") return "";
  return it->second;
}

}  // namespace zeekscope::test
