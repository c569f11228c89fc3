#pragma once
// zeekscope logs CAPTURE... --out DIR [--format tsv|json] [--verify-checksums]: packet captures
// (pcap, pcapng, gzip-compressed or not; folders searched) turned into Zeek's conn, dns, ssl and
// http logs, for analysts who go on with Zeek's tools. A log no record went to is not written,
// as Zeek writes none.
namespace zeekscope::cli {

// Returns the process's exit code: 0 done (problems in a capture are printed and skipped), 2 a
// usage error or nothing readable.
int run_logs_command(int argc, char** argv);

}  // namespace zeekscope::cli
