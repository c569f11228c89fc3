#pragma once
// Reading X.509 distinguished names as Zeek logs them ("CN=x,O=Let's Encrypt,C=US", commas
// inside values escaped as "\,").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zeekscope {

// The value of the first attribute `key` (e.g. "O") of a DN, if present.
std::optional<std::string> dn_attribute(std::string_view dn, std::string_view key);
// A free_issuers entry matches when it is "O=<organisation>" and equals the issuer's O attribute,
// or when it equals the whole issuer DN.
bool issuer_matches(std::string_view issuer, const std::vector<std::string>& entries);

}  // namespace zeekscope
