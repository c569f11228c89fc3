#include "packet/ip_reassembly.h"

#include <algorithm>
#include <cstring>

#include "packet/byte_order.h"

namespace zeekscope::packet {
namespace {

constexpr uint32_t kMaxPayload = 65535;  // an IP datagram's length field bounds it

void store_be16(uint8_t* p, uint32_t v) {
  p[0] = uint8_t(v >> 8);
  p[1] = uint8_t(v);
}

}  // namespace

IpReassembler::IpReassembler(const ReassemblyLimits& limits) : limits_(limits) {}

void IpReassembler::drop(Map::iterator it) {
  bytes_held_ -= it->second.held();
  by_age_.erase(it->second.order);
  pending_.erase(it);
}

void IpReassembler::expire(int64_t now_ns) {
  while (!by_age_.empty()) {
    auto it = pending_.find(by_age_.begin()->second);
    // Time may go backwards in a capture: only a later packet expires anything.
    int64_t first = it->second.first_time;
    if (now_ns < first || uint64_t(now_ns) - uint64_t(first) < uint64_t(limits_.timeout_ns)) break;
    ++stats_.dropped_timeout;
    drop(it);
  }
}

void IpReassembler::finish() {
  stats_.incomplete_at_end += pending_.size();
  pending_.clear();
  by_age_.clear();
  bytes_held_ = 0;
}

bool IpReassembler::complete(const Pending& p) const {
  return !p.header.empty() && p.total >= 0 && p.have.size() == 1 && p.have[0].first == 0 &&
         p.have[0].second == uint32_t(p.total);
}

bool IpReassembler::add(const IpHeader& ip, std::span<const uint8_t> datagram, int64_t time_ns,
                        uint64_t offset, std::vector<uint8_t>& out, ProblemList& problems) {
  ++stats_.fragments;
  expire(time_ns);
  uint32_t begin = ip.fragment_offset;
  uint32_t length = uint32_t(ip.payload.size());
  uint32_t end = begin + length;
  auto damaged = [&](const char* reason) {
    ++stats_.damaged;
    problems.add(offset, reason);
    return false;
  };
  if (end > kMaxPayload) return damaged("fragment ends past 65535 bytes");
  if (ip.more_fragments && length % 8)
    return damaged("non-final fragment not a multiple of 8 bytes");
  if (ip.more_fragments && length == 0) return damaged("empty non-final fragment");

  Key key{ip.version, ip.src, ip.dst, ip.fragment_id};
  auto it = pending_.find(key);
  if (it == pending_.end()) {
    it = pending_.emplace(key, Pending{}).first;
    it->second.order = next_order_++;
    it->second.first_time = time_ns;
    by_age_.emplace(it->second.order, key);
  }
  Pending& p = it->second;
  if (!ip.more_fragments) {
    if (p.total >= 0 && p.total != int64_t(end)) {
      return damaged("final fragments disagree on the datagram's length");
    }
    p.total = end;
  }
  if (p.total >= 0 && end > uint64_t(p.total)) return damaged("fragment past the datagram's end");

  // Room: the new bytes this fragment needs, within the limits (oldest datagrams give way).
  size_t growth = (end > p.data.size() ? end - p.data.size() : 0) +
                  (begin == 0 && p.header.empty() ? ip.header_length : 0);
  while (
      (bytes_held_ + growth > limits_.max_bytes_held || pending_.size() > limits_.max_datagrams) &&
      by_age_.begin()->first != p.order) {
    ++stats_.dropped_memory;
    drop(pending_.find(by_age_.begin()->second));
  }
  if (bytes_held_ + growth > limits_.max_bytes_held) {
    ++stats_.dropped_memory;
    problems.add(offset, "fragmented datagram over the reassembly memory limit: dropped");
    drop(it);
    return false;
  }

  if (begin == 0 && p.header.empty()) {
    p.header.assign(datagram.begin(), datagram.begin() + ip.header_length);
    p.next_header_at = ip.next_header_at;
    p.protocol = ip.protocol;
  }
  if (end > p.data.size()) p.data.resize(end);
  bytes_held_ += growth;

  // First data wins: copy only into gaps; compare the overlapping bytes.
  bool overlapped = false, differs = false;
  uint32_t at = begin;
  std::vector<std::pair<uint32_t, uint32_t>> merged;
  for (const auto& [b, e] : p.have) {
    if (e <= begin || b >= end) continue;
    overlapped = true;
    uint32_t ob = std::max(b, begin), oe = std::min(e, end);
    if (std::memcmp(&p.data[ob], &ip.payload[ob - begin], oe - ob) != 0) differs = true;
  }
  for (const auto& [b, e] : p.have) {
    if (e <= at || b >= end) continue;
    if (b > at) std::memcpy(&p.data[at], &ip.payload[at - begin], b - at);
    at = std::max(at, e);
  }
  if (at < end) std::memcpy(&p.data[at], &ip.payload[at - begin], end - at);
  if (overlapped) ++stats_.overlapping;
  if (differs) {
    ++stats_.inconsistent;
    problems.add(offset, "overlapping fragments disagree (the first kept)");
  }
  // Merge the new range into the held ones.
  p.have.push_back({begin, end});
  std::sort(p.have.begin(), p.have.end());
  for (const auto& r : p.have) {
    if (!merged.empty() && r.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  p.have = std::move(merged);

  if (!complete(p)) return false;
  size_t whole = p.header.size() - (key.version == 6 ? 8 : 0) + size_t(p.total);
  if (whole > kMaxPayload + (key.version == 6 ? 40 : 0)) {
    drop(it);
    return damaged("reassembled datagram longer than its length field allows");
  }
  build(key, p, out);
  ++stats_.datagrams;
  drop(it);
  return true;
}

void IpReassembler::build(const Key& key, const Pending& p, std::vector<uint8_t>& out) const {
  out.assign(p.header.begin(), p.header.end());
  out.insert(out.end(), p.data.begin(), p.data.begin() + p.total);
  uint8_t* h = out.data();
  if (key.version == 4) {
    // A whole datagram: total length set, no fragment flags, the header checksum redone.
    store_be16(h + 2, uint32_t(out.size()));
    store_be16(h + 6, load_be16(h + 6) & 0x4000);  // keep DF only
    store_be16(h + 10, 0);
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < p.header.size(); i += 2) sum += load_be16(h + i);
    while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
    store_be16(h + 10, ~sum & 0xFFFF);
  } else {
    // The unfragmentable part without the fragment header, which named the real next header.
    out.erase(out.begin() + (p.header.size() - 8), out.begin() + p.header.size());
    h = out.data();
    h[p.next_header_at] = p.protocol;
    store_be16(h + 4, uint32_t(out.size() - 40));
  }
}

}  // namespace zeekscope::packet
