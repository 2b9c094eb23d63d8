// SPDX-License-Identifier: MIT
// A render request (render.hpp): its JSON form read strictly, and the table it asks of a catalog,
// rendered, with every error pointing into that JSON form: what the C ABI's carecompare_render()
// does, and any face that takes a table's options as JSON. The keys of the JSON form are
// render_request_options, one row each.
#include <carecompare/catalog.hpp>
#include <carecompare/error.hpp>
#include <carecompare/filter.hpp>
#include <carecompare/render.hpp>
#include <carecompare/table.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codec.hpp"
#include "render/format_names.hpp"
#include "util/json_pointer.hpp"

CARECOMPARE_BEGIN_NAMESPACE

namespace detail {

/// render_error 604 at `pointer` unless `ok`: "expected <expected>, got <what the value is>".
inline void expect_option(bool ok, const nlohmann::json& value, const std::string& pointer, const char* expected) {
  if (!ok) {
    throw render_error(error_ids::render_bad_option, pointer,
                       std::string("expected ") + expected + ", got " + json_kind(value));
  }
}

/// An array of strings, at `pointer`.
inline std::vector<std::string> option_strings(const nlohmann::json& value, const std::string& pointer) {
  expect_option(value.is_array(), value, pointer, "an array of strings");
  std::vector<std::string> out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    expect_option(value[i].is_string(), value[i], pointer + "/" + std::to_string(i), "a string");
    out.push_back(value[i].get<std::string>());
  }
  return out;
}

/// Circumstances error `e` said again where the circumstances are in a request's JSON form.
inline circumstances_error circumstances_in_request(const circumstances_error& e) {
  return circumstances_error(e.id(), "/circumstances" + e.path(), std::string(e.description()));
}

/// One key of the JSON form: its name, and what reads its value (at `pointer`) into `r`.
struct render_request_option {
  std::string_view key;
  void (*read)(render_request& r, const nlohmann::json& value, const std::string& pointer);
};

// What reads the value of each key, at `pointer`.
inline void read_format(render_request& r, const nlohmann::json& value, const std::string& pointer) {
  expect_option(value.is_string(), value, pointer, "a format name");
  const auto format = parse_table_format(value.get_ref<const std::string&>());
  if (!format) {
    throw render_error(error_ids::render_unknown_format, pointer,
                       "unknown format \"" + value.get<std::string>() + "\"; formats: " + table_format_list());
  }
  r.render.format = *format;
}
inline void read_columns(render_request& r, const nlohmann::json& value, const std::string& pointer) {
  r.table.columns = option_strings(value, pointer);
}
inline void read_only(render_request& r, const nlohmann::json& value, const std::string& pointer) {
  r.table.only = option_strings(value, pointer);
}
inline void read_full_page(render_request& r, const nlohmann::json& value, const std::string& pointer) {
  expect_option(value.is_boolean(), value, pointer, "true or false");
  r.render.full_page = value.get<bool>();
}
inline void read_width(render_request& r, const nlohmann::json& value, const std::string& pointer) {
  expect_option(value.is_number_unsigned(), value, pointer, "a non-negative integer");
  const auto width = value.get<std::uint64_t>();
  r.render.width = width > std::numeric_limits<std::size_t>::max() ? std::numeric_limits<std::size_t>::max()
                                                                   : static_cast<std::size_t>(width);
}
inline void read_circumstances(render_request& r, const nlohmann::json& value, const std::string&) {
  try {
    r.circumstances = circumstances::from_json(value);
  } catch (const circumstances_error& e) {
    throw circumstances_in_request(e);
  }
}
inline void read_include_not_shown(render_request& r, const nlohmann::json& value, const std::string& pointer) {
  expect_option(value.is_boolean(), value, pointer, "true or false");
  r.table.include_not_shown = value.get<bool>();
}

/// The keys of the JSON form, in the order messages list them.
inline constexpr render_request_option render_request_options[] = {
    {"format", read_format},
    {"columns", read_columns},
    {"only", read_only},
    {"full_page", read_full_page},
    {"width", read_width},
    {"circumstances", read_circumstances},
    {"include_not_shown", read_include_not_shown},
};

}  // namespace detail

CARECOMPARE_FUNC render_request render_request::from_json(const nlohmann::json& j) {
  detail::expect_option(j.is_object(), j, "", "an object of render options");
  render_request r;
  for (const auto& [key, value] : j.items()) {
    std::string pointer;
    detail::pointer_push(pointer, key);
    const detail::render_request_option* option = nullptr;
    for (const auto& o : detail::render_request_options) {
      if (key == o.key) option = &o;
    }
    if (option == nullptr) {
      std::string keys;
      for (const auto& o : detail::render_request_options) keys.append(keys.empty() ? "" : ", ").append(o.key);
      throw render_error(error_ids::render_bad_option, pointer, "unknown option \"" + key + "\"; options: " + keys);
    }
    option->read(r, value, pointer);
  }
  if (r.table.include_not_shown && !r.circumstances) {
    throw render_error(error_ids::render_bad_option, "/include_not_shown",
                       "include_not_shown applies to the table of a filter result: give circumstances too");
  }
  return r;
}

CARECOMPARE_FUNC std::string render(const catalog& cat, const render_request& request) {
  table t;
  try {
    if (request.circumstances) {
      const result filtered = [&] {
        try {
          return cat.filter(*request.circumstances);
        } catch (const circumstances_error& e) {
          throw detail::circumstances_in_request(e);
        }
      }();
      t = make_table(filtered, request.table);
    } else {
      t = make_table(cat, request.table);
    }
  } catch (const render_error& e) {
    // make_table() refuses `columns` (601, an unknown field; 604, a field twice) and `only`
    // (602, an unknown strategy id: the first one).
    std::string pointer = "/columns";
    if (e.id() == error_ids::render_unknown_strategy) {
      pointer = "/only";
      for (std::size_t i = 0; i < request.table.only.size(); ++i) {
        if (cat.find_strategy(request.table.only[i]) == nullptr) {
          pointer += "/" + std::to_string(i);
          break;
        }
      }
    }
    throw render_error(e.id(), std::move(pointer), std::string(e.description()));
  }
  try {
    return render(t, request.render);
  } catch (const render_error& e) {
    // render() refuses a text width that is too small (604); the table itself is well formed.
    const bool width = request.render.format == table_format::text;
    throw render_error(e.id(), width ? "/width" : "", std::string(e.description()));
  }
}

CARECOMPARE_END_NAMESPACE
