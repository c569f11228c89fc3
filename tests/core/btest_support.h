#pragma once
// Helpers for the tests that compare zeekscope with Zeek's btest traces and baseline logs in
// ../shared/data/pcap/zeek-btest.
#include <map>
#include <string>
#include <vector>

namespace zeekscope::test {

// The folder of btest cases (whether it exists or not).
std::string btest_dir();
// Whether the case's Zeek command ignored checksums (-C), from its CMD.txt.
bool btest_ignores_checksums(const std::string& case_dir);

// Runs a shell command and collects its standard output; false when it could not run or
// failed (always false in the wasm tests, which start no other program).
bool run_command(const std::string& cmd, std::string& out);
// Whether tshark (the second reference for the packet readers) can be run here.
bool tshark_available();

// One row of a Zeek TSV log: column name -> text as written.
using ZeekRow = std::map<std::string, std::string>;
// The data rows of a Zeek TSV log; the names come from each #fields line (or, for zeek-cut
// output, from the first line). `unescaped`: each value with its \xHH escapes decoded.
std::vector<ZeekRow> zeek_tsv_rows(const std::string& text, bool unescaped = false);

}  // namespace zeekscope::test
