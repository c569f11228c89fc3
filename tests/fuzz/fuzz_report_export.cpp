// Reports made to hand over (the page passes the engine any JSON it holds): redaction and the
// case file take any document without failing, redacting twice changes nothing more, and the
// case file's markup never carries an unescaped '<' from the document.
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>

#include "report/case_file.h"
#include "report/redact.h"
#include "report/report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto doc =
      nlohmann::ordered_json::parse(reinterpret_cast<const char*>(data),
                                    reinterpret_cast<const char*>(data) + size, nullptr, false);
  // Deeper documents are refused (as the wasm bindings refuse them): checked elsewhere.
  if (doc.is_discarded() || !zeekscope::nested_within(doc, zeekscope::kMaxReportDepth)) return 0;
  (void)zeekscope::case_file_html(doc);
  zeekscope::add_case_facts(doc, {{{"a", "ab"}, {"b", ""}}, "2026-12-06T00:00:00Z"});
  zeekscope::redact_report(doc);
  if (!doc.is_object()) return 0;
  // Redacting the redacted report again finds nothing more.
  auto again = doc;
  again.erase("redaction");
  zeekscope::redact_report(again);
  if (!again["redaction"]["redacted"].empty()) std::abort();
  again["redaction"] = doc["redaction"];
  if (again != doc) std::abort();
  // Every tag in the case file is one of the page's own: none comes from the document.
  std::string html = zeekscope::case_file_html(doc);
  static const char* const kTags[] = {"<!doctype", "<html",   "<head", "<meta", "<title", "<style",
                                      "<body",     "<h1",     "<h2",   "<h3",   "<p",     "<div",
                                      "<section",  "<table",  "<tr",   "<th",   "<td",    "<ul",
                                      "<li",       "<strong", "<code", "</"};
  for (size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
    bool own = false;
    for (const char* tag : kTags) own = own || html.compare(at, std::strlen(tag), tag) == 0;
    if (!own) std::abort();
  }
  return 0;
}
