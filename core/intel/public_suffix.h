#pragma once
// Registrable domains ("eTLD+1") from the Public Suffix List's ICANN section, compiled into the
// core from Debian's publicsuffix package at build time. The private section (appspot.com,
// github.io, ...) is left out on purpose: nameservers are delegated at the ICANN level.
#include <optional>
#include <string>
#include <string_view>

namespace zeekscope {

// "a.b.example.co.uk" -> "example.co.uk"; nullopt for a public suffix itself or an empty name.
std::optional<std::string> registrable_domain(std::string_view normalized_name);
// The same as a view into the name (of which it is a suffix), with nothing allocated.
std::optional<std::string_view> registrable_suffix(std::string_view normalized_name);

}  // namespace zeekscope
