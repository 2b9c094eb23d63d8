// SPDX-License-Identifier: MIT
// The public codec (codec.hpp): encode, decode and the nlohmann ADL hooks of every model type,
// each a thin call of the generic encoder and of the one decoder (sax_decoder, fed the value's
// events) of the private codec.hpp; encode and to_json of every report, through the same encoder.
#include "codec.hpp"

#include <carecompare/codec.hpp>
#include <utility>

CARECOMPARE_BEGIN_NAMESPACE

template <class T>
CARECOMPARE_FUNC void decoder::decode(const nlohmann::json& j, T& out, const std::string& pointer) {
  // A value nested deeper than limits::max_json_depth is reported (catalog_too_deep), not decoded.
  detail::sax_decoder(problems_, limits_).decode_value(j, out, pointer);
}

template <class T>
CARECOMPARE_FUNC T decode(const nlohmann::json& j, const limits& bounds) {
  std::vector<diagnostic> problems;
  T out{};
  decoder(problems, bounds).decode(j, out);
  if (!problems.empty()) throw catalog_error(std::move(problems));
  return out;
}

#define CARECOMPARE_DEFINE_CODEC(T)                                                                     \
  CARECOMPARE_FUNC nlohmann::json encode(const T& value) { return detail::encode_value(value); }        \
  CARECOMPARE_FUNC void to_json(nlohmann::json& j, const T& value) { j = detail::encode_value(value); } \
  CARECOMPARE_FUNC void from_json(const nlohmann::json& j, T& value) { value = decode<T>(j); }
CARECOMPARE_MODEL_TYPES(CARECOMPARE_DEFINE_CODEC)
#undef CARECOMPARE_DEFINE_CODEC

#define CARECOMPARE_DEFINE_ENCODE(T)                                                             \
  CARECOMPARE_FUNC nlohmann::json encode(const T& value) { return detail::encode_value(value); } \
  CARECOMPARE_FUNC void to_json(nlohmann::json& j, const T& value) { j = detail::encode_value(value); }
CARECOMPARE_REPORT_TYPES(CARECOMPARE_DEFINE_ENCODE)
#undef CARECOMPARE_DEFINE_ENCODE

#if !defined(CARECOMPARE_HEADER_ONLY)
#define CARECOMPARE_INSTANTIATE_DECODE(T)                                          \
  template void decoder::decode<T>(const nlohmann::json&, T&, const std::string&); \
  template T decode<T>(const nlohmann::json&, const limits&);
CARECOMPARE_MODEL_TYPES(CARECOMPARE_INSTANTIATE_DECODE)
#undef CARECOMPARE_INSTANTIATE_DECODE
#endif

CARECOMPARE_END_NAMESPACE
