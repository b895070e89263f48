// Time helpers: wall-clock and monotonic readings, and ISO-8601 / RFC 3339 formatting in UTC.
// All functions are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace strata {

/// Microseconds since the Unix epoch (wall clock).
int64_t NowMicros();
/// Milliseconds since the Unix epoch (wall clock).
int64_t NowMillis();
/// Nanoseconds from a monotonic clock, for measuring durations.
int64_t MonotonicNanos();

/// Format micros since the epoch as "2026-11-24T20:48:57.123456Z", or with `iso` false as the
/// zone-less "2026-11-24 20:48:57.123456".
std::string FormatTimestampMicros(int64_t micros, bool iso = true);
/// Format days since the epoch as "2026-11-24".
std::string FormatDate(int64_t days);
/// Parse RFC 3339 ("2026-11-24T20:48:57Z", fractional seconds and offsets allowed) or a bare
/// date ("2026-11-24") into micros since the epoch.
Result<int64_t> ParseTimestampMicros(std::string_view text);

/// Days since 1970-01-01 for a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
/// The proleptic Gregorian date of `days` since 1970-01-01.
void CivilFromDays(int64_t days, int64_t* y, unsigned* m, unsigned* d);

}  // namespace strata
