#include "btest_support.h"

#include <cstdio>
#include <sstream>

#include "test_support.h"

namespace zeekscope::test {

std::string btest_dir() { return shared_data() + "/pcap/zeek-btest"; }

bool run_command(const std::string& cmd, std::string& out) {
#ifdef __EMSCRIPTEN__
  (void)cmd;
  (void)out;
  return false;
#else
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return false;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  return pclose(p) == 0;
#endif
}

bool tshark_available() {
  static int have = -1;
  if (have < 0) {
    std::string out;
    have = run_command("tshark -v 2>/dev/null", out) ? 1 : 0;
  }
  return have == 1;
}

bool btest_ignores_checksums(const std::string& case_dir) {
  return read_file(case_dir + "/CMD.txt").find("Checksum validation disabled (-C): yes") !=
         std::string::npos;
}

namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> cells;
  std::istringstream in(line);
  std::string cell;
  while (std::getline(in, cell, '\t')) cells.push_back(cell);
  if (!line.empty() && line.back() == '\t') cells.emplace_back();
  return cells;
}

std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x') {
      out.push_back(char(std::stoi(s.substr(i + 2, 2), nullptr, 16)));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

std::vector<ZeekRow> zeek_tsv_rows(const std::string& text, bool unescaped) {
  std::vector<ZeekRow> rows;
  std::vector<std::string> names;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("#fields\t", 0) == 0) {
      names = split_tabs(line.substr(8));
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    auto cells = split_tabs(line);
    if (names.empty()) {  // zeek-cut output: its first line names the columns
      names = cells;
      continue;
    }
    ZeekRow row;
    for (size_t i = 0; i < names.size() && i < cells.size(); ++i)
      row[names[i]] = unescaped ? unescape(cells[i]) : cells[i];
    rows.push_back(row);
  }
  return rows;
}

}  // namespace zeekscope::test
