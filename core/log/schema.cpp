#include "log/schema.h"

#include <array>
#include <unordered_map>

namespace zeekscope {
namespace {

struct FieldName {
  LogKind kind;
  std::string_view name;
  Field field;
};

// LogKind::kUnknown rows apply to every kind.
constexpr std::array kFieldNames = {
    FieldName{LogKind::kUnknown, "ts", Field::kTs},
    FieldName{LogKind::kUnknown, "uid", Field::kUid},
    FieldName{LogKind::kUnknown, "id.orig_h", Field::kOrigH},
    FieldName{LogKind::kUnknown, "id.resp_h", Field::kRespH},
    FieldName{LogKind::kUnknown, "id.resp_p", Field::kRespP},
    FieldName{LogKind::kConn, "proto", Field::kProto},
    FieldName{LogKind::kConn, "service", Field::kService},
    FieldName{LogKind::kConn, "duration", Field::kDuration},
    FieldName{LogKind::kConn, "orig_bytes", Field::kOrigBytes},
    FieldName{LogKind::kConn, "resp_bytes", Field::kRespBytes},
    // PCAPdroid's app attribution, in conn.logs zeekscope writes from such a capture.
    FieldName{LogKind::kConn, "app.uid", Field::kAppUid},
    FieldName{LogKind::kConn, "app.package", Field::kAppPackage},
    FieldName{LogKind::kConn, "app.name", Field::kAppName},
    FieldName{LogKind::kDns, "proto", Field::kProto},
    FieldName{LogKind::kDns, "query", Field::kQuery},
    FieldName{LogKind::kDns, "qtype_name", Field::kQtypeName},
    FieldName{LogKind::kDns, "rcode_name", Field::kRcodeName},
    FieldName{LogKind::kDns, "answers", Field::kAnswers},
    FieldName{LogKind::kDns, "TTLs", Field::kTtls},
    FieldName{LogKind::kSsl, "server_name", Field::kServerName},
    FieldName{LogKind::kSsl, "established", Field::kEstablished},
    FieldName{LogKind::kSsl, "validation_status", Field::kValidationStatus},
    FieldName{LogKind::kSsl, "issuer", Field::kIssuer},
    FieldName{LogKind::kSsl, "subject", Field::kSubject},
    FieldName{LogKind::kSsl, "cert_chain_fuids", Field::kCertChainFuids},
    FieldName{LogKind::kSsl, "cert_chain_fps", Field::kCertChainFps},
    FieldName{LogKind::kX509, "id", Field::kX509Id},
    FieldName{LogKind::kX509, "fingerprint", Field::kFingerprint},
    FieldName{LogKind::kX509, "certificate.subject", Field::kCertSubject},
    FieldName{LogKind::kX509, "certificate.issuer", Field::kCertIssuer},
    FieldName{LogKind::kX509, "certificate.not_valid_before", Field::kNotValidBefore},
    FieldName{LogKind::kX509, "certificate.not_valid_after", Field::kNotValidAfter},
    FieldName{LogKind::kX509, "san.dns", Field::kSanDns},
    FieldName{LogKind::kX509, "sha1", Field::kSha1},  // zeekscope's own column (from packets)
    FieldName{LogKind::kFiles, "fuid", Field::kFuid},
    FieldName{LogKind::kFiles, "tx_hosts", Field::kTxHosts},
    FieldName{LogKind::kFiles, "rx_hosts", Field::kRxHosts},
    FieldName{LogKind::kFiles, "is_orig", Field::kIsOrig},
    FieldName{LogKind::kFiles, "mime_type", Field::kMimeType},
    FieldName{LogKind::kFiles, "sha1", Field::kSha1},
    FieldName{LogKind::kFiles, "sha256", Field::kSha256},
    FieldName{LogKind::kFiles, "filename", Field::kFilename},
    FieldName{LogKind::kFiles, "conn_uids", Field::kConnUids},
    FieldName{LogKind::kHttp, "host", Field::kHost},
    FieldName{LogKind::kHttp, "user_agent", Field::kUserAgent},
    FieldName{LogKind::kHttp, "uri", Field::kUri},
};

// Field-set signatures: bit per characteristic field name.
// clang-format off
enum SignatureBit : uint32_t {
  kConnState = 1, kQtypeName = 2, kQuery = 4, kCipher = 8, kEstablished = 16,
  kCertVersion = 32, kCertSubject = 64, kFuidBit = 128, kMimeTypeBit = 256, kMethod = 512,
  kUriBit = 1024, kTxHostsBit = 2048, kSourceBit = 4096, kHistory = 8192, kProtoBit = 16384,
};
// clang-format on

}  // namespace

std::string_view log_kind_name(LogKind kind) {
  switch (kind) {
    case LogKind::kConn:
      return "conn";
    case LogKind::kDns:
      return "dns";
    case LogKind::kSsl:
      return "ssl";
    case LogKind::kX509:
      return "x509";
    case LogKind::kFiles:
      return "files";
    case LogKind::kHttp:
      return "http";
    case LogKind::kOther:
      return "other";
    case LogKind::kUnknown:
      break;
  }
  return "unknown";
}

std::optional<Field> field_for(LogKind kind, std::string_view zeek_name) {
  // One lookup table per kind, built once: JSON readers call this for every key of every line.
  static const auto tables = [] {
    std::array<std::unordered_map<std::string_view, Field>, 8> t;
    for (size_t k = 0; k < t.size(); ++k)
      for (const auto& f : kFieldNames)
        if (f.kind == LogKind(k) || f.kind == LogKind::kUnknown) t[k].emplace(f.name, f.field);
    return t;
  }();
  const auto& table = tables[size_t(kind)];
  auto it = table.find(zeek_name);
  if (it == table.end()) return std::nullopt;
  return it->second;
}

bool is_container_field(Field f) {
  switch (f) {
    case Field::kAnswers:
    case Field::kTtls:
    case Field::kCertChainFuids:
    case Field::kCertChainFps:
    case Field::kSanDns:
    case Field::kTxHosts:
    case Field::kRxHosts:
    case Field::kConnUids:
      return true;
    default:
      return false;
  }
}

LogKind kind_from_path(std::string_view path) {
  if (path.starts_with("open_")) path.remove_prefix(5);
  if (path == "conn") return LogKind::kConn;
  if (path == "dns") return LogKind::kDns;
  if (path == "ssl") return LogKind::kSsl;
  if (path == "x509") return LogKind::kX509;
  if (path == "files") return LogKind::kFiles;
  if (path == "http") return LogKind::kHttp;
  return path.empty() ? LogKind::kUnknown : LogKind::kOther;
}

LogKind kind_from_file_name(std::string_view file_name) {
  auto slash = file_name.find_last_of("/\\");
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  if (file_name.starts_with("json_streaming_")) file_name.remove_prefix(15);
  auto end = file_name.find_first_of(".-_");
  // "open_conn.17_32_32-..." keeps its prefix; kind_from_path strips it.
  if (file_name.starts_with("open_")) end = file_name.find_first_of(".-", 5);
  return kind_from_path(file_name.substr(0, end));
}

void FieldSetDetector::add(std::string_view n) {
  if (n == "conn_state")
    seen_ |= kConnState;
  else if (n == "qtype_name")
    seen_ |= kQtypeName;
  else if (n == "query")
    seen_ |= kQuery;
  else if (n == "cipher")
    seen_ |= kCipher;
  else if (n == "established")
    seen_ |= kEstablished;
  else if (n == "certificate.version")
    seen_ |= kCertVersion;
  else if (n == "certificate.subject")
    seen_ |= kCertSubject;
  else if (n == "fuid")
    seen_ |= kFuidBit;
  else if (n == "mime_type")
    seen_ |= kMimeTypeBit;
  else if (n == "method")
    seen_ |= kMethod;
  else if (n == "uri")
    seen_ |= kUriBit;
  else if (n == "tx_hosts")
    seen_ |= kTxHostsBit;
  else if (n == "source")
    seen_ |= kSourceBit;
  else if (n == "history")
    seen_ |= kHistory;
  else if (n == "proto")
    seen_ |= kProtoBit;
}

LogKind FieldSetDetector::kind() const {
  if (seen_ & (kCertVersion | kCertSubject)) return LogKind::kX509;
  if (seen_ & kConnState) return LogKind::kConn;
  if ((seen_ & kQtypeName) || ((seen_ & kQuery) && (seen_ & kProtoBit))) return LogKind::kDns;
  if (seen_ & (kCipher | kEstablished)) return LogKind::kSsl;
  if ((seen_ & kFuidBit) && (seen_ & (kMimeTypeBit | kTxHostsBit | kSourceBit)))
    return LogKind::kFiles;
  if (seen_ & (kMethod | kUriBit)) return LogKind::kHttp;
  if ((seen_ & kProtoBit) && (seen_ & kHistory)) return LogKind::kConn;
  return LogKind::kUnknown;
}

namespace {
enum EraBit : uint32_t {
  kTableTypes = 1,
  kIpProto = 2,
  kOpcode = 4,
  kChainFps = 8,
  kChainFuids = 16,
  kX509Fp = 32,
  kX509Id = 64,
  kFilesTx = 128,
  kFilesUid = 256,
  kSslHistory = 512,
  kRtt = 1024,
};
}

void SchemaEraDetector::add(LogKind kind, std::string_view n, std::string_view type) {
  if (type.starts_with("table[")) flags_ |= kTableTypes;
  switch (kind) {
    case LogKind::kConn:
      if (n == "ip_proto") flags_ |= kIpProto;
      break;
    case LogKind::kDns:
      if (n == "opcode") flags_ |= kOpcode;
      if (n == "rtt") flags_ |= kRtt;
      break;
    case LogKind::kSsl:
      if (n == "cert_chain_fps") flags_ |= kChainFps;
      if (n == "cert_chain_fuids") flags_ |= kChainFuids;
      if (n == "ssl_history") flags_ |= kSslHistory;
      break;
    case LogKind::kX509:
      if (n == "fingerprint") flags_ |= kX509Fp;
      if (n == "id") flags_ |= kX509Id;
      break;
    case LogKind::kFiles:
      if (n == "tx_hosts") flags_ |= kFilesTx;
      if (n == "uid") flags_ |= kFilesUid;
      break;
    default:
      break;
  }
}

std::string SchemaEraDetector::era(LogKind kind) const {
  if (flags_ & kTableTypes) return "Bro 2.0-2.2";
  switch (kind) {
    case LogKind::kConn:
      return (flags_ & kIpProto) ? "Zeek 7.1+" : "Bro 2.x-Zeek 7.0";
    case LogKind::kDns:
      if (flags_ & kOpcode) return "Zeek 8.1+";
      return (flags_ & kRtt) ? "Bro 2.5-Zeek 8.0" : "Bro 2.x";
    case LogKind::kSsl:
      if ((flags_ & kChainFps) || (flags_ & kSslHistory)) return "Zeek 4.1+";
      return (flags_ & kChainFuids) ? "Bro 2.3-Zeek 4.0" : "Bro 2.x";
    case LogKind::kX509:
      if (flags_ & kX509Fp) return "Zeek 4.1+";
      return (flags_ & kX509Id) ? "Bro 2.3-Zeek 4.0" : "unknown";
    case LogKind::kFiles:
      if (flags_ & kFilesTx) return "Bro 2.x-Zeek 5.0";
      return (flags_ & kFilesUid) ? "Zeek 5.1+" : "unknown";
    default:
      return "any";
  }
}

}  // namespace zeekscope
