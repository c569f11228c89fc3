#pragma once
// What a reader saw in one input file, for the report's `inputs` section.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zeekscope {

struct SkippedLine {
  uint64_t line = 0;  // 1-based; 0 for the whole file
  std::string reason;

  // The fields by name, for the engine's state (capture/state_codec.h).
  template <typename Self, typename Visit>
  static void fields(Self& s, Visit&& visit) {
    visit("line", s.line);
    visit("reason", s.reason);
  }
};

// The note a log with a header and no record gets (LogReader::finish).
inline constexpr std::string_view kHeaderOnlyNote = "header only: the log has no records";

struct InputStats {
  static constexpr size_t kMaxReasons = 10;

  std::string name;
  std::string format;    // "tsv", "json", "tsv+json", or "" when no record was read
  std::string log_type;  // "conn", ..., "other:<path>", "mixed", or "" when unknown
  std::string schema_era;
  uint64_t bytes = 0;
  uint64_t lines = 0;
  uint64_t records = 0;
  uint64_t records_used = 0;  // records of a log type the rules read
  uint64_t meta_lines = 0;
  uint64_t blank_lines = 0;
  uint64_t skipped_lines = 0;
  uint64_t header_blocks = 0;
  bool last_line_unterminated = false;
  bool not_a_log = false;                  // the whole file was skipped
  std::vector<SkippedLine> skipped;        // the first reasons
  std::map<std::string, uint64_t> limits;  // items skipped because of a limit, by its name
  std::optional<double> first_ts, last_ts;
  // Packet captures (log_type "capture") only: what the packets gave.
  uint64_t packets = 0;
  uint64_t packets_not_ip = 0;   // well-formed frames carrying no IP (ARP, ...)
  uint64_t packets_skipped = 0;  // damaged, truncated or of an unread link type
  std::vector<std::string> link_types;
  std::map<std::string, uint64_t> records_made;     // by log type: conn, dns, ssl, http
  std::optional<double> dns_first_ts, dns_last_ts;  // the span of the dns records made
  // PCAPdroid's app attribution: packets that named their app (a pcapng comment or a trailer),
  // trailers ignored (their CRC did not match), and apps the file named.
  uint64_t app_packets = 0, app_trailers_ignored = 0, apps_named = 0;
  // A later part of the previous input's file, read by another session (one large log read by
  // several workers): merged into that input, never reported on its own.
  bool continues = false;

  // The fields by name, for the engine's state (capture/state_codec.h): a new field is added
  // here to travel between workers.
  template <typename Self, typename Visit>
  static void fields(Self& s, Visit&& visit) {
    visit("name", s.name);
    visit("format", s.format);
    visit("log_type", s.log_type);
    visit("schema_era", s.schema_era);
    visit("bytes", s.bytes);
    visit("lines", s.lines);
    visit("records", s.records);
    visit("records_used", s.records_used);
    visit("meta_lines", s.meta_lines);
    visit("blank_lines", s.blank_lines);
    visit("skipped_lines", s.skipped_lines);
    visit("header_blocks", s.header_blocks);
    visit("last_line_unterminated", s.last_line_unterminated);
    visit("not_a_log", s.not_a_log);
    visit("skipped", s.skipped);
    visit("limits", s.limits);
    visit("first_ts", s.first_ts);
    visit("last_ts", s.last_ts);
    visit("packets", s.packets);
    visit("packets_not_ip", s.packets_not_ip);
    visit("packets_skipped", s.packets_skipped);
    visit("link_types", s.link_types);
    visit("records_made", s.records_made);
    visit("dns_first_ts", s.dns_first_ts);
    visit("dns_last_ts", s.dns_last_ts);
    visit("app_packets", s.app_packets);
    visit("app_trailers_ignored", s.app_trailers_ignored);
    visit("apps_named", s.apps_named);
    visit("continues", s.continues);
  }

  void skip(uint64_t line, std::string reason) {
    ++skipped_lines;
    if (skipped.size() < kMaxReasons) skipped.push_back({line, std::move(reason)});
  }
  void skip_over_limit(uint64_t line, std::string_view limit, std::string reason) {
    ++limits[std::string(limit)];
    skip(line, std::move(reason));
  }
  // Adds a later part of this log file, read by another session (`part.continues`): the
  // statistics become those of one reader reading both, its lines numbered after these.
  void append_part(const InputStats& part);
};

}  // namespace zeekscope
