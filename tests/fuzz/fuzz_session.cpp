// A whole analysis: part 0 is a configuration, part 1 an indicator file (auto-or-domains), the
// rest are logs; through the state's round trip and nameserver answers to the report.
#include "fuzz_support.h"
#include "rules/config.h"
#include "session/session.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parts = zeekscope::fuzz::parts(data, size, 6);
  std::unique_ptr<zeekscope::Session> session;
  try {
    session =
        std::make_unique<zeekscope::Session>(parts.size() > 1 ? parts[0] : std::string_view());
  } catch (const zeekscope::ConfigError&) {
    session = std::make_unique<zeekscope::Session>();
  }
  if (parts.size() > 1) (void)session->add_indicators(parts[1], "fuzz-feed", "auto-or-domains");
  for (size_t i = 2; i < parts.size() || (i == 2 && parts.size() == 1); ++i) {
    session->begin_file("log" + std::to_string(i));
    zeekscope::fuzz::in_chunks(parts.size() == 1 ? parts[0] : parts[i],
                               [&](std::string_view c) { session->feed(c); });
    session->end_file();
    if (parts.size() == 1) break;
  }
  // The last log again, as one large log read in two parts by two sessions (begin_file_part),
  // cut at the line end nearest its middle, the second part given the first's leading header.
  if (parts.size() > 2) {
    std::string_view log = parts.back();
    size_t cut = log.find('\n', log.size() / 2);
    size_t header_end = 0;
    while (header_end < log.size() && log[header_end] == '#') {
      size_t newline = log.find('\n', header_end);
      if (newline == std::string_view::npos) break;
      header_end = newline + 1;
    }
    if (cut != std::string_view::npos) {
      zeekscope::Session start, rest;
      start.begin_file("large.log");
      start.feed(log.substr(0, cut + 1));
      bool apart = start.file_parts_can_follow();
      start.end_file();
      rest.begin_file_part("large.log", log.substr(0, std::min(header_end, cut + 1)));
      rest.feed(log.substr(cut + 1));
      apart = rest.file_parts_can_follow() && apart;
      rest.end_file();
      if (apart) start.merge_state(rest.export_state());
      (void)start.finish_json();
    }
  }
  // What was read travels as a state (input statistics of any bytes included) into another
  // session, which must take it back.
  zeekscope::Session other;
  other.merge_state(session->export_state());
  (void)other.finish_json();
  for (const auto& domain : session->nameserver_queries())
    session->set_nameservers(domain, {"ns1." + domain});
  (void)session->finish_json();
  return 0;
}
