#pragma once
// The rules, by name; rule_table.h declares what each one is.
#include <cstdint>

namespace zeekscope {

enum class RuleId : uint8_t {
  kProto01,
  kProto02,
  kProto03,
  kProto04,
  kProto05,
  kIoc01,
  kIoc02,
  kIoc03,
  kIoc04,
  kIoc05,
  kIoc06,
  kIoc07,
  kSsl01,
  kSsl02,
  kSsl03,
  kBeh01,
  kBeh02,
  kBeh03,
  kBeh04,
  kBeh05,
  kBeh06,
  kAdv01,
};

}  // namespace zeekscope
