#pragma once
// The Zeek logs the rules read, the fields they need from each, and how a log's type is
// recognised from its content (#path, _path, or its field set) or, failing that, its file name.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zeekscope {

enum class LogKind : uint8_t { kUnknown, kConn, kDns, kSsl, kX509, kFiles, kHttp, kOther };
std::string_view log_kind_name(LogKind kind);

// Every field any rule reads, across all Zeek versions. Names are Zeek's flattened names.
// One row per log type (clang-format would put one name per line).
// clang-format off
enum class Field : uint8_t {
  kTs, kUid, kOrigH, kRespH, kRespP, kProto, kService, kDuration, kOrigBytes, kRespBytes,
  kQuery, kQtypeName, kRcodeName, kAnswers, kTtls,
  kServerName, kEstablished, kValidationStatus, kIssuer, kSubject, kCertChainFuids,
  kCertChainFps,
  kX509Id, kFingerprint, kCertSubject, kCertIssuer, kNotValidBefore, kNotValidAfter, kSanDns,
  kFuid, kTxHosts, kRxHosts, kIsOrig, kMimeType, kSha1, kSha256, kFilename, kConnUids,
  kHost, kUserAgent, kUri,
  kAppUid, kAppPackage, kAppName,
  kCount
};
// clang-format on
constexpr size_t kFieldCount = size_t(Field::kCount);

// The field a (kind, Zeek field name) pair maps to, if a rule reads it.
std::optional<Field> field_for(LogKind kind, std::string_view zeek_name);
// Fields that hold a set or vector even when a TSV file has no #types line.
bool is_container_field(Field f);

// From a #path / _path value: "conn", "open_conn" (RITA), "dns", ...
LogKind kind_from_path(std::string_view path);
// From a file name: conn.log, conn.00:00:00-01:00:00.log.gz, json_streaming_dns.1.log, ...
LogKind kind_from_file_name(std::string_view file_name);

// Recognises a log from the names of its fields (for JSON without _path).
class FieldSetDetector {
 public:
  void add(std::string_view zeek_name);
  LogKind kind() const;

 private:
  uint32_t seen_ = 0;
};

// Describes the Zeek schema era a field set implies, for the report ("ssl: 4.1+").
class SchemaEraDetector {
 public:
  void add(LogKind kind, std::string_view zeek_name, std::string_view zeek_type);
  std::string era(LogKind kind) const;

 private:
  uint32_t flags_ = 0;
};

}  // namespace zeekscope
