// SPDX-License-Identifier: MIT
/**
 * @file logic/pass_names.hpp (private)
 * The name of each pass of logic::pass, once, and the faces' one sentence about a text that
 * names no passes. logic::pass_name() and logic::passes_from_text() read the list; the command
 * line (`carecompare logic --passes`), the Python module (`logic.compile(passes=...)`) and the C
 * ABI (`carecompare_logic_apply_passes()`) take their help and their error from here.
 */
#ifndef CARECOMPARE_SRC_LOGIC_PASS_NAMES_HPP
#define CARECOMPARE_SRC_LOGIC_PASS_NAMES_HPP

#include <carecompare/config.hpp>
#include <carecompare/logic.hpp>
#include <string>
#include <string_view>
#include <utility>

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

/// Each pass and its name, in the order faces list them.
inline constexpr std::pair<pass, std::string_view> pass_names[] = {
    {pass::constant_fold, "constant_fold"},
    {pass::text_set, "text_set"},
    {pass::var_slots, "var_slots"},
    {pass::bind, "bind"},
};

constexpr bool names_every_pass() noexcept {
  pass named = pass::none;
  for (const auto& [p, name] : pass_names) named = named | p;
  return named == pass::all;
}
static_assert(names_every_pass(), "a pass of pass::all has no name in pass_names");

/// "constant_fold, text_set, var_slots, bind": the names of the passes, for help and messages.
CARECOMPARE_CXX_API std::string pass_list();

/**
 * Why passes_from_text() refused `text`, in a sentence every face shows as it is:
 * `"x" is not all, none, or names of passes separated by commas: constant_fold, text_set, var_slots, bind`.
 */
CARECOMPARE_CXX_API std::string passes_text_problem(std::string_view text);

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_PASS_NAMES_HPP
