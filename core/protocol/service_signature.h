#pragma once
// A connection's `service` from its first payload bytes, as Zeek's analyzers would confirm it
// (spec section 5): pure functions of the transport, the ports (Zeek attaches analyzers by the
// responder's port, and by DPD signatures on any port) and the start of each direction.
// Names are Zeek's, in Zeek's confirmation order ("quic,ssl").
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zeekscope::protocol {

enum class Transport : uint8_t { kTcp, kUdp };

struct FirstPayloads {
  Transport transport = Transport::kTcp;
  uint16_t orig_port = 0, resp_port = 0;  // after any originator flip
  // The start of each direction: for TCP the in-order stream (Zeek's DPD looks at up to 1024
  // bytes), for UDP the first datagram's payload. Empty when that side sent nothing.
  std::span<const uint8_t> orig, resp;
};

// Zeek's service names the content would confirm: "ssl", "http", "dns", "quic" then "ssl",
// "dhcp", "ntp", "ssh", "dtls"; empty when none. Protocols not listed here are not recognised.
std::vector<std::string_view> detect_services(const FirstPayloads& p);

// The same joined as conn.log's service field ("" when none).
std::string service_field(const FirstPayloads& p);

// The content checks, one per protocol (each true when that side's bytes start as the protocol
// would).
bool looks_like_tls_client_hello(std::span<const uint8_t> orig);
bool looks_like_tls_server_hello(std::span<const uint8_t> resp);
bool looks_like_http_request(std::span<const uint8_t> orig, bool any_method);
bool looks_like_http_reply(std::span<const uint8_t> resp);
bool looks_like_dns(std::span<const uint8_t> message);  // a UDP payload (no TCP length)
bool looks_like_quic_initial(std::span<const uint8_t> orig);
bool looks_like_dhcp(std::span<const uint8_t> payload);
bool looks_like_ntp(std::span<const uint8_t> payload);
bool looks_like_ssh(std::span<const uint8_t> payload);
bool looks_like_dtls_client_hello(std::span<const uint8_t> orig);

}  // namespace zeekscope::protocol
