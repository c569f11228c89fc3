// The Zeek log writer against Zeek's own output: every TSV and JSON log of Zeek's test suite in
// ../shared/data (the btest baselines beside the packet traces, and the logging framework's
// escaping cases) is read back into typed values and written again, and must come out byte for
// byte as Zeek wrote it. Then the edge cases one by one, and a round trip through zeekscope's
// own log reader.
#include "log_writer/zeek_log_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "test_support.h"

namespace zeekscope::log_writer {
namespace {

std::optional<ValueType> type_from_name(std::string_view name) {
  for (ValueType t : {ValueType::kTime, ValueType::kInterval, ValueType::kCount, ValueType::kPort,
                      ValueType::kBool, ValueType::kString, ValueType::kAddr, ValueType::kEnum,
                      ValueType::kStringSet, ValueType::kEnumSet, ValueType::kStringVector,
                      ValueType::kIntervalVector})
    if (type_name(t) == name) return t;
  return std::nullopt;
}

// Zeek's TSV unescaping: \xHH to a byte, \\ to a backslash.
std::string unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '\\') {
      out += '\\';
      ++i;
    } else if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x') {
      out += char(std::stoi(std::string(s.substr(i + 2, 2)), nullptr, 16));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, sep)) out.push_back(item);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

// Btest baselines mask times as XXXXXXXXXX.XXXXXX: such a value is written as 0 and compared
// masked.
bool masked(const std::string& text) { return text.find('X') != std::string::npos; }

// Writes one TSV value of `type` read from Zeek's text `text`.
void write_tsv_value(ZeekLogWriter& w, ValueType type, const std::string& text) {
  if (text == "-") return w.unset();
  switch (type) {
    case ValueType::kTime:
      return w.time(masked(text) ? 0 : std::stod(text));
    case ValueType::kInterval:
      return w.interval(std::stod(text));
    case ValueType::kCount:
      return w.count(std::stoull(text));
    case ValueType::kInt:
      return w.integer(std::stoll(text));
    case ValueType::kPort:
      return w.port(uint16_t(std::stoul(text)));
    case ValueType::kBool:
      return w.flag(text == "T");
    case ValueType::kString:
    case ValueType::kAddr:
    case ValueType::kEnum:
      return w.text(text == "(empty)" ? "" : unescape(text));
    case ValueType::kStringSet:
    case ValueType::kEnumSet:
    case ValueType::kStringVector:
    case ValueType::kAddrVector: {
      std::vector<std::string> items;
      if (text != "(empty)")
        for (const auto& item : split(text, ',')) items.push_back(unescape(item));
      std::vector<std::string_view> views(items.begin(), items.end());
      return w.texts(views);
    }
    case ValueType::kIntervalVector: {
      std::vector<double> values;
      if (text != "(empty)")
        for (const auto& item : split(text, ',')) values.push_back(std::stod(item));
      return w.intervals(values);
    }
  }
}

struct Rewritten {
  size_t files = 0, lines = 0, skipped_files = 0;
};

// Re-writes one Zeek TSV log (default separators) and compares each data line with Zeek's.
void rewrite_tsv(const std::string& path, Rewritten& count) {
  std::string text = test::read_file(path);
  if (text.find("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-") ==
      std::string::npos)
    return;
  std::vector<Column> columns;
  std::vector<std::string> names;  // owns the columns' names
  names.reserve(1024);
  std::istringstream in(text);
  std::string line;
  bool usable = true;
  std::string out;
  std::optional<ZeekLogWriter> writer;
  LogSchema schema{"test", {}};
  size_t lines = 0;
  while (std::getline(in, line)) {
    if (line.rfind("#fields\t", 0) == 0) {
      names.clear();
      for (auto& n : split(line.substr(8), '\t')) names.push_back(n);
    } else if (line.rfind("#types\t", 0) == 0) {
      columns.clear();
      auto types = split(line.substr(7), '\t');
      for (size_t i = 0; i < types.size() && i < names.size(); ++i) {
        auto t = type_from_name(types[i]);
        if (!t) usable = false;
        columns.push_back({names[i], t.value_or(ValueType::kString)});
      }
      schema.columns = columns;
      if (!usable) break;
      writer.emplace(schema, LogFormat::kTsv, out, 0);
    } else if (!line.empty() && line[0] != '#' && writer) {
      auto fields = split(line, '\t');
      ASSERT_EQ(fields.size(), columns.size()) << path << ": " << line;
      out.clear();
      writer->begin_row();
      for (size_t i = 0; i < fields.size(); ++i)
        write_tsv_value(*writer, columns[i].type, fields[i]);
      writer->end_row();
      auto written = split(out.substr(0, out.size() - 1), '\t');
      ASSERT_EQ(written.size(), fields.size()) << path;
      for (size_t i = 0; i < fields.size(); ++i) {
        if (columns[i].type == ValueType::kTime && masked(fields[i])) continue;
        EXPECT_EQ(written[i], fields[i]) << path << " column " << columns[i].name;
      }
      ++lines;
    }
  }
  if (!usable || !writer) {
    ++count.skipped_files;
    return;
  }
  ++count.files;
  count.lines += lines;
}

// Re-writes one Zeek JSON log line by line: the schema comes from each object's own members
// (a float is an interval, "ts" a time, an array of numbers a vector of intervals).
void rewrite_json(const std::string& path, Rewritten& count) {
  std::istringstream in(test::read_file(path));
  std::string line;
  size_t lines = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] != '{') continue;
    std::string original = line;
    const std::string mask = "XXXXXXXXXX.XXXXXX";
    for (size_t at; (at = line.find(mask)) != std::string::npos;)
      line.replace(at, mask.size(), "0.0");
    auto object = nlohmann::ordered_json::parse(line);
    std::vector<Column> columns;
    for (auto& [key, value] : object.items()) {
      ValueType t = key == "ts"                             ? ValueType::kTime
                    : value.is_string()                     ? ValueType::kString
                    : value.is_boolean()                    ? ValueType::kBool
                    : value.is_number_unsigned()            ? ValueType::kCount
                    : value.is_number()                     ? ValueType::kInterval
                    : !value.is_array()                     ? ValueType::kString
                    : value.empty() || value[0].is_string() ? ValueType::kStringVector
                                                            : ValueType::kIntervalVector;
      columns.push_back({key, t});
    }
    std::vector<std::string> keys;
    for (auto& [key, value] : object.items()) keys.push_back(key);
    for (size_t i = 0; i < keys.size(); ++i) columns[i].name = keys[i];
    std::string out;
    ZeekLogWriter w(LogSchema{"test", columns}, LogFormat::kJson, out, 0);
    w.begin_row();
    for (size_t i = 0; i < keys.size(); ++i) {
      const auto& v = object[keys[i]];
      switch (columns[i].type) {
        case ValueType::kTime:
          w.time(v.get<double>());
          break;
        case ValueType::kString:
          w.text(v.get<std::string>());
          break;
        case ValueType::kBool:
          w.flag(v.get<bool>());
          break;
        case ValueType::kCount:
          w.count(v.get<uint64_t>());
          break;
        case ValueType::kInterval:
          w.interval(v.get<double>());
          break;
        case ValueType::kStringVector: {
          auto items = v.get<std::vector<std::string>>();
          std::vector<std::string_view> views(items.begin(), items.end());
          w.texts(views);
          break;
        }
        default:
          w.intervals(v.get<std::vector<double>>());
      }
    }
    w.end_row();
    out.pop_back();
    for (size_t at; original.find(mask) != std::string::npos &&
                    (at = out.find("\"ts\":0.0")) != std::string::npos;)
      out.replace(at + 5, 3, mask);
    EXPECT_EQ(out, original) << path;
    ++lines;
  }
  ++count.files;
  count.lines += lines;
}

TEST(ZeekLogWriter, RewritesEveryBtestLogAsZeekWroteIt) {
  std::string traces = test::shared_data() + "/pcap/zeek-btest";
  std::string logging = test::shared_data() + "/zeek/zeek-btest/logging-edge-cases-HEAD";
  ZS_REQUIRE_SHARED(traces);
  ZS_REQUIRE_SHARED(logging);
  Rewritten tsv, json;
  for (const auto& dir : {traces, logging})
    for (const auto& path : test::list_files(dir)) {
      std::string base = path.substr(path.rfind('/') + 1);
      // This case's script sets LogAscii::enable_utf_8 = F (valid UTF-8 escaped too), which
      // the writer does not offer.
      if (path.find("ascii-escape-binary/") != std::string::npos) continue;
      // This one logs vectors with unset elements (each written "-"): nothing zeekscope writes.
      if (path.find("logging.vec/") != std::string::npos) continue;
      if (base.size() > 9 && base.substr(base.size() - 9) == ".log.json")
        rewrite_json(path, json);
      else if (base.size() > 4 && base.substr(base.size() - 4) == ".log")
        rewrite_tsv(path, tsv);
    }
  // Measured on the shared data: the btest baselines of every trace (conn, dns, ssl, http, x509,
  // files) and the logging framework's cases whose types the writer has.
  EXPECT_GE(tsv.files, 129u) << "skipped " << tsv.skipped_files;
  EXPECT_GE(tsv.lines, 510u);
  EXPECT_GE(json.lines, 4u);
  std::printf("rewrote %zu TSV logs (%zu lines; %zu with other types skipped), %zu JSON lines\n",
              tsv.files, tsv.lines, tsv.skipped_files, json.lines);
}

std::string header_line(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) == 0) return line;
  return "";
}

TEST(ZeekLogWriter, SchemasAreTheBtestBaselinesOwn) {
  std::string traces = test::shared_data() + "/pcap/zeek-btest";
  ZS_REQUIRE_SHARED(traces);
  std::map<std::string, const LogSchema*> schemas{{"conn.log", &conn_log_schema()},
                                                  {"dns.log", &dns_log_schema()},
                                                  {"ssl.log", &ssl_log_schema()},
                                                  {"http.log", &http_log_schema()}};
  std::map<std::string, int> same;
  for (const auto& path : test::list_files(traces)) {
    std::string base = path.substr(path.rfind('/') + 1);
    auto it = schemas.find(base);
    if (it == schemas.end()) continue;
    std::string zeek = test::read_file(path);
    std::string ours;
    ZeekLogWriter(*it->second, LogFormat::kTsv, ours, 0);
    if (header_line(zeek, "#fields") == header_line(ours, "#fields") &&
        header_line(zeek, "#types") == header_line(ours, "#types"))
      ++same[base];
  }
  // Most baselines use the default columns (some tests add or remove some).
  for (const auto& [name, schema] : schemas) EXPECT_GE(same[name], 3) << name;
}

TEST(ZeekLogWriter, TsvHeaderRowsAndClose) {
  std::string out;
  ZeekLogWriter w(ssl_log_schema(), LogFormat::kTsv, out, 1258535660.5);
  EXPECT_EQ(header_line(out, "#path"), "#path\tssl");
  EXPECT_EQ(header_line(out, "#open"), "#open\t2009-11-18-09-14-20");
  EXPECT_EQ(out.rfind("#separator \\x09\n", 0), 0u);
  w.begin_row();
  w.time(1258535660.087664);
  w.text("CHhAvVGS1DHFjwGM9");
  w.text("192.168.1.104");
  w.port(50798);
  w.text("2001:db8::1");
  w.port(443);
  w.text("TLSv12");
  w.unset();
  w.unset();
  w.text("example.com");
  w.flag(false);
  w.unset();
  w.unset();
  w.flag(true);
  for (int i = 0; i < 4; ++i) w.unset();
  w.end_row();
  w.close(1258535700);
  EXPECT_NE(
      out.find("\n1258535660.087664\tCHhAvVGS1DHFjwGM9\t192.168.1.104\t50798\t2001:db8::1\t443\t"
               "TLSv12\t-\t-\texample.com\tF\t-\t-\tT\t-\t-\t-\t-\n#close\t"
               "2009-11-18-09-15-00\n"),
      std::string::npos)
      << out;
  EXPECT_EQ(w.rows(), 1u);
}

// A one-column log of each kind, for the escaping cases.
std::string one_value(ValueType type, LogFormat format,
                      const std::function<void(ZeekLogWriter&)>& write) {
  static std::vector<Column> columns(1);
  columns[0] = {"v", type};
  std::string out;
  ZeekLogWriter w(LogSchema{"t", columns}, format, out, 0);
  size_t header = out.size();
  w.begin_row();
  write(w);
  w.end_row();
  return out.substr(header, out.size() - header - 1);
}

TEST(ZeekLogWriter, TsvEscapesAsZeek) {
  auto tsv = [](std::string_view s) {
    return one_value(ValueType::kString, LogFormat::kTsv, [&](ZeekLogWriter& w) { w.text(s); });
  };
  EXPECT_EQ(tsv(""), "(empty)");
  EXPECT_EQ(tsv("-"), "\\x2d");
  EXPECT_EQ(tsv("(empty)"), "\\x28empty)");
  EXPECT_EQ(tsv("a-b"), "a-b");
  EXPECT_EQ(tsv("#Kaputt"), "\\x23Kaputt");  // a line never starts with the meta prefix
  EXPECT_EQ(tsv("a\tb\nc"), "a\\x09b\\x0ac");
  EXPECT_EQ(tsv("O=VMware\\, Inc"), "O=VMware\\\\, Inc");
  EXPECT_EQ(tsv("caf\xc3\xa9 \xf0\x9f\x98\x84"), "caf\xc3\xa9 \xf0\x9f\x98\x84");  // UTF-8 kept
  EXPECT_EQ(tsv("\xfc\xc3"), "\\xfc\\xc3");                                        // not UTF-8
  EXPECT_EQ(tsv(std::string_view("\0\x7f", 2)), "\\x00\\x7f");
  auto set = [](std::vector<std::string_view> items) {
    return one_value(ValueType::kStringSet, LogFormat::kTsv,
                     [&](ZeekLogWriter& w) { w.texts(items); });
  };
  EXPECT_EQ(set({",", "CC", ",,", "AA"}), "\\x2c,CC,\\x2c\\x2c,AA");
  EXPECT_EQ(set({}), "(empty)");
  EXPECT_EQ(one_value(ValueType::kIntervalVector, LogFormat::kTsv,
                      [](ZeekLogWriter& w) {
                        w.intervals(std::vector<double>{2230, 0.5});
                      }),
            "2230.000000,0.500000");
  EXPECT_EQ(one_value(ValueType::kInterval, LogFormat::kTsv,
                      [](ZeekLogWriter& w) { w.interval(0.00087); }),
            "0.000870");
}

TEST(ZeekLogWriter, JsonAsZeek) {
  auto json = [](ValueType type, const std::function<void(ZeekLogWriter&)>& write) {
    return one_value(type, LogFormat::kJson, write);
  };
  EXPECT_EQ(json(ValueType::kString, [](ZeekLogWriter& w) { w.text("a\"b\\c\nd\x07\xfc"); }),
            "{\"v\":\"a\\\"b\\\\c\\nd\\\\x07\\\\xfc\"}");
  EXPECT_EQ(json(ValueType::kString, [](ZeekLogWriter& w) { w.unset(); }), "{}");
  EXPECT_EQ(json(ValueType::kInterval, [](ZeekLogWriter& w) { w.interval(2230); }),
            "{\"v\":2230.0}");
  EXPECT_EQ(json(ValueType::kInterval, [](ZeekLogWriter& w) { w.interval(0.0008699893951416016); }),
            "{\"v\":0.0008699893951416016}");
  EXPECT_EQ(json(ValueType::kInterval, [](ZeekLogWriter& w) { w.interval(NAN); }), "{\"v\":null}");
  EXPECT_EQ(json(ValueType::kTime, [](ZeekLogWriter& w) { w.time(1591367999.305988); }),
            "{\"v\":1591367999.305988}");
  EXPECT_EQ(json(ValueType::kStringSet, [](ZeekLogWriter& w) { w.texts({}); }), "{\"v\":[]}");
  EXPECT_EQ(json(ValueType::kBool, [](ZeekLogWriter& w) { w.flag(true); }), "{\"v\":true}");

  // Unset members leave no stray comma.
  std::string out;
  ZeekLogWriter w(conn_log_schema(), LogFormat::kJson, out, 0);
  EXPECT_EQ(out, "");  // JSON logs have no header
  w.begin_row();
  w.unset();  // ts
  w.text("C1");
  for (size_t i = 2; i < conn_log_schema().columns.size(); ++i) w.unset();
  w.end_row();
  EXPECT_EQ(out, "{\"uid\":\"C1\"}\n");
}

TEST(ZeekLogWriter, MisuseThrows) {
  std::string out;
  ZeekLogWriter w(conn_log_schema(), LogFormat::kTsv, out, 0);
  EXPECT_THROW(w.time(1), std::logic_error);  // outside a row
  w.begin_row();
  EXPECT_THROW(w.text("x"), std::logic_error);  // ts is a time
  w.time(1);
  EXPECT_THROW(w.end_row(), std::logic_error);  // columns left
}

TEST(ZeekLogWriter, ReadsBackThroughZeekscopesReader) {
  for (LogFormat format : {LogFormat::kTsv, LogFormat::kJson}) {
    std::string out;
    ZeekLogWriter w(dns_log_schema(), format, out, 1600000000);
    w.begin_row();
    w.time(1600000000.25);
    w.text("CuidDns1");
    w.text("10.0.0.2");
    w.port(5353);
    w.text("10.0.0.1");
    w.port(53);
    w.text("udp");
    w.count(4711);
    w.interval(0.012);
    w.text("tracker.example\tcom");
    w.count(1);
    w.text("C_INTERNET");
    w.count(1);
    w.text("A");
    w.count(0);
    w.text("NOERROR");
    w.flag(false);
    w.flag(false);
    w.flag(true);
    w.flag(true);
    w.count(0);
    std::vector<std::string_view> answers{"198.51.100.7", "a,b"};
    w.texts(answers);
    w.intervals(std::vector<double>{60, 60});
    w.flag(false);
    w.count(0);
    w.text("query");
    w.end_row();
    if (format == LogFormat::kTsv) w.close(1600000001);

    test::RecordCollector records;
    InputStats stats = test::read_log("dns.log", out, records);
    ASSERT_EQ(records.records.size(), 1u) << out;
    auto& values = records.records[0].values;
    EXPECT_EQ(values[Field::kQuery], std::vector<std::string>{"tracker.example\tcom"});
    EXPECT_EQ(values[Field::kAnswers], (std::vector<std::string>{"198.51.100.7", "a,b"}));
    EXPECT_EQ(stats.skipped_lines, 0u);
  }
}

}  // namespace
}  // namespace zeekscope::log_writer
