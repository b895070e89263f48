// Internal to the PII detector: the checks that turn a pattern match into a finding — Luhn and
// issuer prefixes for card numbers, ISO 13616 lengths and mod-97 for IBANs, SSA rules for US
// SSNs, address syntax for IPv4/IPv6. Arguments are the candidate text without context.
// Thread-safety: pure functions.
#pragma once

#include <string_view>

namespace strata::process::pii {

/// True when `digits` (ASCII digits only) passes the Luhn check.
bool LuhnValid(std::string_view digits);
/// True when `digits` starts with an issuer prefix (IIN) whose card numbers have that length:
/// Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay, Maestro.
bool KnownCardIssuer(std::string_view digits);
/// The IBAN length of ISO country `country` (two upper-case letters), or 0 when it has none.
int IbanLength(std::string_view country);
/// True when `iban` (upper-case, no spaces) has its country's length and mod-97 == 1.
bool IbanValid(std::string_view iban);
/// True for "AAA-GG-SSSS" with area not 000, 666 or 9xx, group not 00 and serial not 0000.
bool UsSsnValid(std::string_view ssn);
/// True for dotted-quad IPv4 with octets 0-255 and no leading zeros.
bool Ipv4Valid(std::string_view text);
/// True for a textual IPv6 address (RFC 4291 §2.2: eight groups, "::" compression, optional
/// trailing dotted quad), other than the unspecified address "::".
bool Ipv6Valid(std::string_view text);

}  // namespace strata::process::pii
