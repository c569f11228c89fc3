#include <string>

#include "report/report.h"

namespace zeekscope {
namespace {
// Log content may carry terminal escape sequences: control bytes are shown as \xHH.
std::string s(const nlohmann::ordered_json& v) {
  if (v.is_null()) return "";
  std::string raw = v.is_string()
                        ? v.get<std::string>()
                        : v.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::string out;
  for (char c : raw) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 15];
    } else {
      out += c;
    }
  }
  return out;
}

std::string app_list(const nlohmann::ordered_json& apps) {
  std::string out;
  for (const auto& a : apps) out += (out.empty() ? "" : "; ") + app_display_text(a);
  return out;
}
}  // namespace

std::string app_display_text(const nlohmann::ordered_json& a) {
  if (!a.is_object()) return "unnamed app";
  auto get = [&](const char* key) { return a.contains(key) ? s(a[key]) : std::string(); };
  std::string name = get("name"), package = get("package");
  std::string shown = !name.empty() ? name : !package.empty() ? package : "unnamed app";
  std::string detail = package.empty() || package == shown ? "" : package + ", ";
  return shown + " (" + detail + "uid " + get("uid") + ")";
}

std::string text_report(const nlohmann::ordered_json& r) {
  std::string out;
  const auto& sum = r["summary"];
  std::string verdict = s(sum["verdict"]);
  out += "zeekscope " + s(r["tool"]["version"]) + " - profile " + s(r["profile"]) + "\n\n";
  // The verdict in the engine's words (report/verdict.cpp), as every renderer shows it.
  out += "Verdict: " + verdict + "\n" + s(sum["headline"]) + "\n";
  if (sum.contains("advice"))
    for (const auto& paragraph : sum["advice"]) out += "  " + s(paragraph) + "\n";
  if (sum.contains("notes"))  // how the inputs were read, where it matters
    for (const auto& note : sum["notes"]) out += "  Note: " + s(note) + "\n";
  // The hosts the report leads with: those with alerts, highest score first.
  bool lead = false;
  size_t shown = 0;
  for (const auto& h : r["hosts"]) {
    if (shown == 5 || !h.contains("score") || h["score"].get<uint64_t>() == 0) break;
    if (!lead) out += "\nLook at these first:\n";
    lead = true;
    ++shown;
    out += "  " + s(h["host"]) + " (score " + s(h["score"]) + "): " + s(h["reason"]) + "\n";
  }
  for (const char* level : {"High", "Moderate", "Low"}) {
    bool header = false;
    for (const auto& a : r["alerts"]) {
      if (s(a["level"]) != level) continue;
      if (!header) out += std::string("\n") + level + "\n";
      header = true;
      out += "  [" + s(a["id"]) + "] " + s(a["title"]) + "\n      " + s(a["description"]) + "\n";
      if (a.contains("apps") && !a["apps"].empty())
        out += "      Apps: " + app_list(a["apps"]) + "\n";
    }
  }
  // PCAPdroid captures: the apps behind the alerts.
  bool apps_header = false;
  if (r.contains("apps"))
    for (const auto& app : r["apps"]) {
      if (app["alerts"].empty()) continue;
      if (!apps_header) out += "\nApps with alerts (PCAPdroid's attribution):\n";
      apps_header = true;
      out += "  " + app_display_text(app) + ": " + s(app["alerts"].size()) + " alerts, " +
             s(app["connections"]) + " connections\n";
    }
  out += "\nInputs: " + s(sum["files"]) + " files, " + s(sum["records"]) + " records";
  out +=
      ", " + s(sum["files_skipped"]) + " files and " + s(sum["lines_skipped"]) + " lines skipped\n";
  for (const auto& in : r["inputs"]) {
    if (in["skipped"].empty()) continue;
    out += "  " + s(in["name"]) + ": " + s(in["skipped_lines"]) + " lines skipped";
    const auto& first = in["skipped"][0];
    out += " (" + (first["line"].get<uint64_t>() ? "line " + s(first["line"]) + ": " : "") +
           s(first["reason"]) + ")\n";
  }
  if (r.contains("limits_reached") && !r["limits_reached"].empty()) {
    out += "\nLimits reached (the rest was analysed; raise them in the configuration):\n";
    for (const auto& l : r["limits_reached"])
      out += "  " + s(l["limit"]) + (l.contains("value") ? " = " + s(l["value"]) : "") + ": " +
             s(l["skipped"]) + " " + s(l["what"]) + "\n";
  }
  bool header = false;
  for (const auto& c : r["coverage"]) {
    if (c["evaluated"].get<bool>()) continue;
    if (!header) out += "\nNot evaluated:\n";
    header = true;
    out += "  " + s(c["rule"]) + ": " + s(c["reason"]) + "\n";
  }
  if (r.contains("redaction")) {
    out += "\nRedacted (replaced by placeholders):\n";
    for (const auto& k : r["redaction"]["redacted"])
      out += "  " + s(k["what"]) + ": " + s(k["count"]) + " (" + s(k["placeholders"]) + ")\n";
  }
  out += "\nIndicators:\n";
  for (const auto& src : r["indicators"])
    out += "  " + s(src["name"]) + " (" + s(src["role"]) + ", " + s(src["format"]) +
           "): " + s(src["total"]) + " loaded, " + s(src["skipped"]) + " skipped\n";
  return out;
}

}  // namespace zeekscope
