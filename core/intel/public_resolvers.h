#pragma once
// The built-in list of public DNS resolvers reached over HTTPS or TLS
// (iocs/builtin/public-resolvers.txt): the names a phone looks up to reach them and their
// addresses. An app talking to one resolves its names out of sight of the DNS log. Parsed once.
#include <string_view>

#include "common/ip_address.h"
#include "intel/indicator_set.h"

namespace zeekscope {

const IndicatorSet& public_resolvers();
// `name` normalised (lower case, no trailing dot); true when it or a parent is listed.
bool is_public_resolver_name(std::string_view name);
bool is_public_resolver_address(const IpAddress& ip);

}  // namespace zeekscope
