// SPDX-License-Identifier: MIT
/**
 * @file fhir/date.hpp (private)
 * FHIR R4 dates as spans of time, so that the latest of several Observations can be found even
 * when their dates have different precisions or time zones.
 *
 * A FHIR `date`, `dateTime` or `instant` (`2024`, `2024-02`, `2024-02-10`,
 * `2024-02-10T08:15:00-05:00`, `2024-02-10T13:15:00.250Z`) names a span: the whole year, month or
 * day, or the second (or fraction of it) the time gives. parse_fhir_date() reads one as the
 * half-open span [begin, end) in milliseconds since 1970-01-01T00:00:00Z; a date without a time
 * is read in UTC (FHIR gives it no zone). One span is later than another when it begins at or
 * after the other's end; two spans that overlap cannot be ordered (`2024-02` and `2024-02-10`).
 * ```
 * auto a = detail::parse_fhir_date("2024-02-05T23:30:00-05:00");  // 2024-02-06T04:30:00Z, 1 s long
 * auto b = detail::parse_fhir_date("2024-02-06T01:00:00Z");
 * a->after(*b);  // true
 * ```
 */
#ifndef CARECOMPARE_SRC_FHIR_DATE_HPP
#define CARECOMPARE_SRC_FHIR_DATE_HPP

#include <carecompare/config.hpp>
#include <cstdint>
#include <optional>
#include <string_view>

CARECOMPARE_BEGIN_NAMESPACE
namespace fhir::detail {

/// A span of time [begin, end), in milliseconds since 1970-01-01T00:00:00Z.
struct time_span {
  std::int64_t begin = 0;
  std::int64_t end = 0;
  /// Whether this span lies wholly after `other` (it begins at or after other's end).
  [[nodiscard]] constexpr bool after(const time_span& other) const noexcept { return begin >= other.end; }
  friend constexpr bool operator==(const time_span&, const time_span&) = default;
};

/// Days from 1970-01-01 to the given day of the proleptic Gregorian calendar (H. Hinnant's
/// days_from_civil). `month` is 1-12.
constexpr std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

constexpr bool is_leap_year(int year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

constexpr unsigned days_in_month(int year, unsigned month) noexcept {
  constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

/**
 * The span a FHIR R4 `date`, `dateTime` or `instant` names, or nullopt when `text` is not one:
 * the R4 regular expression of dateTime (a year 0001-9999; a month and a day that exist; a time
 * only after a full date, with seconds, an optional fraction and a zone, `Z` or an offset up to
 * 14:00; second 60 is read as the last second of its minute). A fraction beyond milliseconds is
 * read to the millisecond.
 */
constexpr std::optional<time_span> parse_fhir_date(std::string_view text) noexcept {
  std::size_t i = 0;
  const auto digits = [&](std::size_t n, int& out) {
    if (i + n > text.size()) return false;
    out = 0;
    for (std::size_t k = 0; k < n; ++k) {
      const char c = text[i + k];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    i += n;
    return true;
  };
  const auto take = [&](char c) {
    if (i < text.size() && text[i] == c) {
      ++i;
      return true;
    }
    return false;
  };
  constexpr std::int64_t ms_per_day = 86'400'000;
  int year = 0, month = 1, day = 1;
  if (!digits(4, year) || year == 0) return std::nullopt;
  if (i == text.size()) {
    return time_span{days_from_civil(year, 1, 1) * ms_per_day, days_from_civil(year + 1, 1, 1) * ms_per_day};
  }
  if (!take('-') || !digits(2, month) || month < 1 || month > 12) return std::nullopt;
  const auto m = static_cast<unsigned>(month);
  if (i == text.size()) {
    const std::int64_t first = days_from_civil(year, m, 1);
    return time_span{first * ms_per_day, (first + days_in_month(year, m)) * ms_per_day};
  }
  if (!take('-') || !digits(2, day) || day < 1 || static_cast<unsigned>(day) > days_in_month(year, m)) {
    return std::nullopt;
  }
  const std::int64_t days = days_from_civil(year, m, static_cast<unsigned>(day));
  if (i == text.size()) return time_span{days * ms_per_day, (days + 1) * ms_per_day};
  int hour = 0, minute = 0, second = 0;
  if (!take('T') || !digits(2, hour) || hour > 23 || !take(':') || !digits(2, minute) || minute > 59 || !take(':') ||
      !digits(2, second) || second > 60) {
    return std::nullopt;
  }
  if (second == 60) second = 59;  // a leap second: the last second of its minute
  std::int64_t millis = 0, width = 1000;
  if (take('.')) {
    std::size_t fraction = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (fraction < 3) {
        millis = millis * 10 + (text[i] - '0');
        width /= 10;
      }
      ++fraction;
      ++i;
    }
    if (fraction == 0) return std::nullopt;
    for (std::size_t k = fraction; k < 3; ++k) millis *= 10;
  }
  std::int64_t offset_minutes = 0;
  if (take('Z')) {
  } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    const bool minus = text[i] == '-';
    ++i;
    int oh = 0, om = 0;
    if (!digits(2, oh) || !take(':') || !digits(2, om) || om > 59 || oh > 14 || (oh == 14 && om != 0)) {
      return std::nullopt;
    }
    offset_minutes = (minus ? -1 : 1) * (oh * 60 + om);
  } else {
    return std::nullopt;  // a time without a zone
  }
  if (i != text.size()) return std::nullopt;
  const std::int64_t begin = days * ms_per_day + ((hour * 60 + minute - offset_minutes) * 60 + second) * 1000 + millis;
  return time_span{begin, begin + width};
}

}  // namespace fhir::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_FHIR_DATE_HPP
