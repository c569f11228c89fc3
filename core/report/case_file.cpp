#include "report/case_file.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>

#include "common/text.h"
#include "report/report.h"
#include "report/verdict.h"

namespace zeekscope {
namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kLeadHosts = 15;        // findings shown in full
constexpr size_t kTimelineRows = 40;     // connections listed per finding
constexpr size_t kOtherAlertRows = 200;  // alerts beyond the findings, listed in one table

// The report is read defensively: a document given to the page may be anything.
const Json& field(const Json& v, std::string_view key) {
  static const Json kNull;
  if (!v.is_object()) return kNull;
  auto it = v.find(std::string(key));
  return it == v.end() ? kNull : *it;
}
const Json& list(const Json& v, std::string_view key) {
  static const Json kEmpty = Json::array();
  const Json& f = field(v, key);
  return f.is_array() ? f : kEmpty;
}
std::string text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}
std::string text(const Json& v, std::string_view key) { return text(field(v, key)); }
double number(const Json& v, std::string_view key) {
  const Json& f = field(v, key);
  return f.is_number() ? f.get<double>() : 0;
}

// Escaped for HTML text and attribute values; control characters are shown as U+FFFD.
std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
          out += "\xEF\xBF\xBD";
        else
          out += c;
    }
  }
  return out;
}

// "2020-08-07 08:49:24 UTC" from seconds since 1970.
std::string utc_text(double ts) {
  std::string iso = format_iso8601(ts);  // "2020-08-07T08:49:24.509987Z", or "" out of range
  if (iso.size() < 19) return "unknown time";
  iso[10] = ' ';
  return iso.substr(0, 19) + " UTC";
}

// "4 min 58 s", "2 h 5 min", "0.4 s".
std::string duration_text(double s) {
  if (!std::isfinite(s) || s < 0) s = 0;
  char buf[48];
  if (s < 10) {
    std::snprintf(buf, sizeof buf, "%.1f s", s);
    return buf;
  }
  auto two = [&](double big, const char* bu, double small, const char* su) {
    long long b = (long long)(s / big), r = (long long)((s - double(b) * big) / small);
    if (r)
      std::snprintf(buf, sizeof buf, "%lld %s %lld %s", b, bu, r, su);
    else
      std::snprintf(buf, sizeof buf, "%lld %s", b, bu);
    return std::string(buf);
  };
  if (s < 60) return two(1, "s", 1, "s");
  if (s < 3600) return two(60, "min", 1, "s");
  if (s < 86400) return two(3600, "h", 60, "min");
  if (s < 1e12) return two(86400, "d", 3600, "h");
  return "a very long time";
}

// "2.0 KB": bytes in powers of 1000.
std::string bytes_text(double n) {
  if (!std::isfinite(n) || n < 0) n = 0;
  static const char* units[] = {"B", "KB", "MB", "GB", "TB", "PB"};
  size_t i = 0;
  while (n >= 1000 && i < 5) n /= 1000, ++i;
  char buf[40];
  std::snprintf(buf, sizeof buf, i == 0 || n >= 100 ? "%.0f %s" : "%.1f %s", n, units[i]);
  return buf;
}

const char* const kStyle =
    "body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:50rem;padding:1rem;"
    "color:#1b1b1b}h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin-top:2rem;"
    "border-bottom:1px solid #bbb}h3{font-size:1.05rem;margin:.25rem 0;word-break:break-word}"
    ".muted{color:#555}.verdict{padding:.75rem 1rem;border-radius:.4rem;margin:1rem 0}"
    ".verdict p{margin:.3rem 0}.headline{font-weight:600;font-size:1.1rem}"
    ".high{background:#fde2e1;border-left:6px solid #b3261e}"
    ".moderate{background:#fff1d6;border-left:6px solid #8a5a00}"
    ".low{background:#e8f0fe;border-left:6px solid #1a56b8}"
    ".clean{background:#e6f4ea;border-left:6px solid #1e6b34}"
    ".unchecked{background:#efedf5;border-left:6px dashed #4f4470}"
    ".finding{border:1px solid #ccc;border-radius:.4rem;padding:.5rem .75rem;margin:1rem 0}"
    ".alert{padding:.4rem .6rem;margin:.5rem 0;border-radius:.3rem}.alert p{margin:.2rem 0}"
    ".scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}"
    "th,td{text-align:left;padding:.25rem .4rem;border-bottom:1px solid #e3e3e3;"
    "vertical-align:top;word-break:break-word}code{font-size:.85rem;word-break:break-all}"
    "@media print{body{max-width:none;font-size:11pt;padding:0}.finding,.alert,tr"
    "{break-inside:avoid}h2{break-after:avoid}.scroll{overflow:visible}}";

class Page {
 public:
  Page& raw(std::string_view s) {
    out_ += s;
    return *this;
  }
  Page& text(std::string_view s) {
    out_ += esc(s);
    return *this;
  }
  Page& tag(std::string_view open, std::string_view content, std::string_view close) {
    return raw(open).text(content).raw(close);
  }
  Page& p(std::string_view s, std::string_view cls = "") {
    raw(cls.empty() ? "<p>" : "<p class=\"" + std::string(cls) + "\">");
    return text(s).raw("</p>");
  }
  Page& row(std::initializer_list<std::string> cells, bool header = false) {
    raw("<tr>");
    for (const auto& c : cells) tag(header ? "<th>" : "<td>", c, header ? "</th>" : "</td>");
    return raw("</tr>");
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

const char* level_class(const std::string& level) {
  return level == "High" ? "high" : level == "Moderate" ? "moderate" : "low";
}
int level_rank(const std::string& level) {
  return level == "High" ? 0 : level == "Moderate" ? 1 : level == "Low" ? 2 : 3;
}

void verdict_section(Page& page, const Json& report) {
  const Json& sum = field(report, "summary");
  std::string verdict = text(sum, "verdict");
  static const std::set<std::string> kKnown = {"high", "moderate", "low", "clean", "unchecked"};
  page.raw("<div class=\"verdict ").raw(kKnown.count(verdict) ? verdict : "unchecked").raw("\">");
  page.p(text(sum, "headline"), "headline");
  for (const auto& a : list(sum, "advice")) page.p(text(a));
  for (const auto& n : list(sum, "notes")) page.p("Note: " + text(n));
  page.raw("</div><h2>What this result means</h2>").p(std::string(verdict_meaning(verdict)));
  page.p("The phone contacted " + text(sum, "hosts") + " hosts in this capture.");
}

// First and last time of the capture: the timeline's, else the inputs'.
void span_section(Page& page, const Json& report) {
  page.raw("<h2>The capture</h2>");
  const Json& tl = field(report, "timeline");
  double first = number(tl, "first_ts"), last = number(tl, "last_ts");
  if (first == 0 && last == 0)
    for (const auto& in : list(report, "inputs")) {
      double f = number(in, "first_ts"), l = number(in, "last_ts");
      if (f > 0 && (first == 0 || f < first)) first = f;
      if (l > last) last = l;
    }
  if (first > 0 && last >= first)
    page.p("It runs from " + utc_text(first) + " to " + utc_text(last) + " (" +
           duration_text(last - first) + ").");
  else
    page.p("The capture's time span is not known (no record had a time).");
  const Json& sum = field(report, "summary");
  page.p(text(sum, "files") + " files read, " + text(sum, "records") + " records; " +
         text(sum, "files_skipped") + " files and " + text(sum, "lines_skipped") +
         " lines could not be read (see below).");
}

void alert_box(Page& page, const Json& a) {
  std::string level = text(a, "level");
  page.raw("<div class=\"alert ").raw(level_class(level)).raw("\">");
  page.tag("<p><strong>", level + " - " + text(a, "id") + ": " + text(a, "title"), "</strong></p>");
  page.p(text(a, "description"));
  const Json& ev = field(a, "evidence");
  for (const auto& i : list(ev, "indicators"))
    page.p("Listed: " + text(i, "value") + " (" + text(i, "type") + ", " + text(i, "tag") +
               (text(i, "app").empty() ? "" : ", " + text(i, "app")) + ") in " + text(i, "source"),
           "muted");
  std::string apps;
  for (const auto& app : list(a, "apps"))
    apps += (apps.empty() ? "" : "; ") + app_display_text(app);
  if (!apps.empty()) page.p("App: " + apps, "muted");
  page.raw("</div>");
}

// A finding's connections over time, from the report's timeline.
void timeline_table(Page& page, const Json& strip) {
  const Json& points = list(strip, "points");
  if (points.empty()) return;
  std::vector<const Json*> rows;
  for (const auto& pt : points)
    if (pt.is_array() && !pt.empty() && pt[0].is_number()) rows.push_back(&pt);
  std::sort(rows.begin(), rows.end(), [](const Json* a, const Json* b) {
    return (*a)[0].get<double>() < (*b)[0].get<double>();
  });
  auto count = [&](std::string_view key) {
    double n = number(strip, key);
    return n > 0 && n < 1e15 ? uint64_t(n) : uint64_t(0);
  };
  uint64_t total = count("connections");
  uint64_t shown = std::max<uint64_t>(count("shown"), rows.size());
  std::string which = shown < total ? ", an even sample of " + std::to_string(shown) : "";
  if (rows.size() > kTimelineRows)
    which += (which.empty() ? ", the first " : ", its first ") + std::to_string(kTimelineRows) +
             " listed";
  page.p("Connections over time (" + std::to_string(total) + " in all" + which + "):", "muted");
  page.raw("<div class=\"scroll\"><table>");
  page.row({"Started (UTC)", "Lasted", "Sent by the phone", "Received"}, true);
  auto num = [](const Json& pt, size_t i) {
    return i < pt.size() && pt[i].is_number() ? pt[i].get<double>() : 0.0;
  };
  for (size_t i = 0; i < rows.size() && i < kTimelineRows; ++i) {
    const Json& pt = *rows[i];
    page.row({utc_text(num(pt, 0)).substr(0, 19), duration_text(num(pt, 1)), bytes_text(num(pt, 2)),
              bytes_text(num(pt, 3))});
  }
  page.raw("</table></div>");
}

void findings_section(Page& page, const Json& report) {
  std::map<std::string, std::vector<const Json*>> by_host;
  for (const auto& a : list(report, "alerts")) by_host[text(a, "host")].push_back(&a);
  for (auto& [host, alerts] : by_host)
    std::stable_sort(alerts.begin(), alerts.end(), [](const Json* a, const Json* b) {
      return level_rank(text(*a, "level")) < level_rank(text(*b, "level"));
    });
  std::map<std::string, const Json*> strips;
  for (const auto& s : list(field(report, "timeline"), "hosts")) strips[text(s, "host")] = &s;

  page.raw("<h2>Findings, most important first</h2>");
  std::set<std::string> shown;
  for (const auto& h : list(report, "hosts")) {
    if (shown.size() == kLeadHosts || number(h, "score") <= 0) break;
    std::string host = text(h, "host");
    shown.insert(host);
    page.raw("<section class=\"finding\">").tag("<h3>", host, "</h3>");
    page.p("Score " + text(h, "score") + ". " + text(h, "reason"), "muted");
    for (const Json* a : by_host[host]) alert_box(page, *a);
    if (auto it = strips.find(host); it != strips.end()) timeline_table(page, *it->second);
    page.raw("</section>");
  }
  if (shown.empty()) page.p("No alert was raised.");
  std::vector<const Json*> others;
  for (const auto& a : list(report, "alerts"))
    if (!shown.count(text(a, "host"))) others.push_back(&a);
  if (others.empty()) return;
  std::stable_sort(others.begin(), others.end(), [](const Json* a, const Json* b) {
    return level_rank(text(*a, "level")) < level_rank(text(*b, "level"));
  });
  page.raw("<h2>Other alerts</h2><div class=\"scroll\"><table>");
  page.row({"Level", "Check", "Host", "What"}, true);
  for (size_t i = 0; i < others.size() && i < kOtherAlertRows; ++i)
    page.row({text(*others[i], "level"), text(*others[i], "id"), text(*others[i], "host"),
              text(*others[i], "title")});
  page.raw("</table></div>");
  if (others.size() > kOtherAlertRows)
    page.p(std::to_string(others.size() - kOtherAlertRows) +
               " more alerts are in the report's JSON (the case file's JSON holds them all).",
           "muted");
}

void apps_section(Page& page, const Json& report) {
  std::vector<const Json*> apps;
  for (const auto& app : list(report, "apps"))
    if (!list(app, "alerts").empty()) apps.push_back(&app);
  if (apps.empty()) return;
  page.raw("<h2>Apps behind the alerts</h2>");
  page.p("From the capture app's record of which app opened each connection (PCAPdroid).", "muted");
  page.raw("<ul>");
  for (const Json* app : apps)
    page.tag("<li>",
             app_display_text(*app) + ": " + std::to_string(list(*app, "alerts").size()) +
                 " alerts, " + text(*app, "connections") + " connections",
             "</li>");
  page.raw("</ul>");
}

void blind_spots_section(Page& page, const Json& report) {
  page.raw("<h2>What the check could not see</h2><ul>");
  for (auto s : verdict_blind_spots()) page.tag("<li>", s, "</li>");
  for (const auto& c : list(report, "coverage"))
    if (field(c, "evaluated").is_boolean() && !field(c, "evaluated").get<bool>())
      page.tag("<li>", "Not checked: " + text(c, "rule") + ": " + text(c, "reason"), "</li>");
  for (const auto& in : list(report, "inputs")) {
    const Json& skipped = list(in, "skipped");
    if (skipped.empty()) continue;
    const Json& first = skipped[0];
    std::string where = number(first, "line") > 0 ? "line " + text(first, "line") + ": " : "";
    page.tag("<li>",
             "Not read in " + text(in, "name") + ": " + text(in, "skipped_lines") + " lines (" +
                 where + text(first, "reason") + ")",
             "</li>");
  }
  for (const auto& l : list(report, "limits_reached"))
    page.tag("<li>",
             "A limit was reached (" + text(l, "limit") + "): " + text(l, "skipped") + " " +
                 text(l, "what") + " left out",
             "</li>");
  page.raw("</ul>");
}

void indicators_section(Page& page, const Json& report) {
  page.raw("<h2>Indicator lists used</h2>");
  if (!field(field(report, "summary"), "indicators_checked").is_boolean() ||
      !field(field(report, "summary"), "indicators_checked").get<bool>())
    page.p("No indicator list of known stalkerware, spyware or trackers was used.");
  page.raw("<div class=\"scroll\"><table>");
  page.row({"List", "Used as", "Entries", "Date", "Licence"}, true);
  for (const auto& s : list(report, "indicators")) {
    std::string date = text(s, "date");
    std::string licence = text(s, "licence");
    page.row({text(s, "name"), text(s, "role"), text(s, "total"), date.empty() ? "not known" : date,
              licence.empty() ? "not known" : licence});
  }
  page.raw("</table></div>");
}

void inputs_section(Page& page, const Json& report) {
  page.raw("<h2>The files checked</h2>");
  page.p(
      "The SHA-256 tells whether a file is the same one later: compute it again (sha256sum "
      "FILE on Linux, shasum -a 256 FILE on macOS, Get-FileHash FILE in Windows PowerShell) "
      "and compare.",
      "muted");
  page.raw("<div class=\"scroll\"><table>");
  page.row({"File", "Read as", "Size", "Records", "SHA-256"}, true);
  for (const auto& in : list(report, "inputs")) {
    std::string sha = text(in, "sha256");
    std::string kind = text(in, "log_type");
    if (kind.empty())
      kind = field(in, "skipped_file").is_boolean() && field(in, "skipped_file").get<bool>()
                 ? "not read"
                 : "-";
    page.raw("<tr>").tag("<td>", text(in, "name"), "</td>").tag("<td>", kind, "</td>");
    page.tag("<td>", bytes_text(number(in, "bytes")), "</td>");
    page.tag("<td>", text(in, "records"), "</td>");
    page.tag("<td><code>", sha.empty() ? "not computed" : sha, "</code></td></tr>");
  }
  page.raw("</table></div>");
}

void redaction_section(Page& page, const Json& report) {
  page.raw("<h2>Redaction</h2>");
  const Json& r = field(report, "redaction");
  if (!r.is_object()) {
    page.p(
        "Not redacted: this file shows the phone's own addresses, device names and apps as "
        "they were in the capture.");
    return;
  }
  page.p(
      "Replaced by placeholders before this file was made (the same value has the same "
      "placeholder everywhere):");
  page.raw("<ul>");
  for (const auto& k : list(r, "redacted"))
    page.tag("<li>",
             text(k, "what") + ": " + text(k, "count") + " (" + text(k, "placeholders") + ")",
             "</li>");
  if (list(r, "redacted").empty()) page.tag("<li>", "nothing of that kind was found", "</li>");
  page.raw("</ul>").p(text(r, "kept"), "muted");
}

}  // namespace

void add_case_facts(Json& report, const CaseFacts& facts) {
  if (!report.is_object()) return;
  auto it = report.find("inputs");
  if (it != report.end() && it->is_array()) {
    // In the report's order; a file whose name is not the input's at that place goes to the
    // first input of its name without a digest (never onto another file).
    std::vector<bool> done(it->size(), false);
    for (size_t i = 0; i < facts.inputs.size(); ++i) {
      const auto& [name, sha256] = facts.inputs[i];
      if (sha256.empty()) continue;
      size_t at = i < it->size() && text((*it)[i], "name") == name && !done[i] ? i : it->size();
      for (size_t j = 0; at == it->size() && j < it->size(); ++j)
        if (!done[j] && text((*it)[j], "name") == name && !(*it)[j].contains("sha256")) at = j;
      if (at == it->size() || !(*it)[at].is_object()) continue;
      (*it)[at]["sha256"] = sha256;
      done[at] = true;
    }
  }
  report["case_file"] = Json{{"created", facts.created}};
}

std::string case_file_html(const Json& report) {
  if (!nested_within(report, kMaxReportDepth))
    throw std::invalid_argument("the report is nested too deeply");
  Page page;
  page.raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">");
  page.raw(
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'unsafe-inline'\">");
  page.raw("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
  page.raw("<title>zeekscope case file</title><style>").raw(kStyle).raw("</style></head><body>");
  page.raw("<h1>Phone traffic check: case file</h1>");
  const Json& tool = field(report, "tool");
  std::string created = text(field(report, "case_file"), "created");
  page.p("Made by " + text(tool, "name") + " " + text(tool, "version") + " (" +
             text(tool, "engine") + " engine, profile " + text(report, "profile") + ")" +
             (created.empty() ? "" : ", " + created) +
             ". It lists what a check of a phone's network traffic found, for someone helping the "
             "phone's owner.",
         "muted");
  verdict_section(page, report);
  span_section(page, report);
  findings_section(page, report);
  apps_section(page, report);
  blind_spots_section(page, report);
  indicators_section(page, report);
  inputs_section(page, report);
  redaction_section(page, report);
  page.raw("</body></html>\n");
  return page.take();
}

}  // namespace zeekscope
