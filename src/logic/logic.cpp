// SPDX-License-Identifier: MIT
// The public JsonLogic API (logic.hpp) over the engine of src/logic/.
#include <carecompare/logic.hpp>

#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>

#include "../util/hot_path.hpp"
#include "../util/utf8.hpp"
#include "access.hpp"
#include "compiler.hpp"
#include "data.hpp"
#include "evaluator.hpp"
#include "kleene_walk.hpp"
#include "pass_names.hpp"
#include "passes.hpp"
#include "program.hpp"
#include "slots.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace logic {

CARECOMPARE_FUNC std::string_view op_name(op o) noexcept {
  if (o == op::literal || o == op::array) return {};
  return detail::row_of(detail::code_of(o)).name;
}

CARECOMPARE_FUNC std::optional<op> op_from_name(std::string_view name) noexcept {
  detail::code c{};
  if (!detail::find_operator(name, c)) return std::nullopt;
  return detail::public_op(c);
}

// ---- passes by name -----------------------------------------------------------------------------

CARECOMPARE_FUNC std::string detail::pass_list() {
  std::string out;
  for (const auto& [p, name] : pass_names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

CARECOMPARE_FUNC std::string detail::passes_text_problem(std::string_view text) {
  return "\"" + carecompare::detail::printable(text) +
         "\" is not all, none, or names of passes separated by commas: " + pass_list();
}

CARECOMPARE_FUNC std::string_view pass_name(pass p) noexcept {
  for (const auto& [named, name] : detail::pass_names) {
    if (named == p) return name;
  }
  return {};
}

CARECOMPARE_FUNC std::optional<pass> passes_from_text(std::string_view text) noexcept {
  if (text == "all") return pass::all;
  if (text == "none") return pass::none;
  pass out = pass::none;
  while (true) {
    const std::size_t comma = text.find(',');
    const std::string_view name = text.substr(0, comma);
    bool known = false;
    for (const auto& [p, n] : detail::pass_names) {
      if (n == name) {
        out = out | p;
        known = true;
      }
    }
    if (!known) return std::nullopt;
    if (comma == std::string_view::npos) return out;
    text.remove_prefix(comma + 1);
  }
}

// ---- node_view ----------------------------------------------------------------------------------

CARECOMPARE_FUNC logic::op node_view::op() const noexcept {
  return detail::public_op(prog_->nodes_as_written()[index_].c);
}

CARECOMPARE_FUNC std::string_view node_view::name() const noexcept {
  return detail::is_operator(prog_->nodes_as_written()[index_].c)
             ? std::string_view(prog_->meta[index_].src->begin().key())
             : std::string_view();
}

CARECOMPARE_FUNC std::size_t node_view::size() const noexcept { return prog_->nodes_as_written()[index_].argc; }

CARECOMPARE_FUNC node_view node_view::operator[](std::size_t i) const {
  if (i >= size()) throw std::out_of_range("carecompare::logic::node_view: no argument " + std::to_string(i));
  return {prog_, prog_->nodes_as_written()[index_].first + static_cast<std::uint32_t>(i)};
}

CARECOMPARE_FUNC const nlohmann::json& node_view::literal() const noexcept { return *prog_->meta[index_].src; }

CARECOMPARE_FUNC std::string node_view::pointer() const { return prog_->pointer(index_); }

CARECOMPARE_FUNC bool node_view::has_constant_path() const noexcept {
  return prog_->nodes_as_written()[index_].c == detail::code::var_const;
}

CARECOMPARE_FUNC std::span<const std::string> node_view::path() const noexcept {
  if (!has_constant_path()) return {};
  return prog_->paths[prog_->nodes_as_written()[index_].path].keys;
}

CARECOMPARE_FUNC bool node_view::scoped() const noexcept {
  const auto& m = prog_->meta[index_];
  if (m.parent == detail::node_meta::npos || m.index != 1) return false;
  return detail::is_scoped(prog_->nodes_as_written()[m.parent].c);
}

// ---- rule and prepared_data ---------------------------------------------------------------------

CARECOMPARE_FUNC rule::rule() : prog_(detail::compile_program(nullptr, 1)) {}

CARECOMPARE_FUNC const nlohmann::json& rule::source() const noexcept { return prog_->source; }

CARECOMPARE_FUNC std::span<const std::string> rule::keys_read() const noexcept { return prog_->keys_read; }

CARECOMPARE_FUNC bool rule::reads_any_key() const noexcept { return prog_->reads_all; }

CARECOMPARE_FUNC prepared_data::prepared_data() : prepared_data(nlohmann::json()) {}

CARECOMPARE_FUNC prepared_data::prepared_data(nlohmann::json data)
    : state_(std::make_shared<const detail::prepared_state>(std::move(data))) {}

CARECOMPARE_FUNC const nlohmann::json& prepared_data::source() const noexcept { return state_->source; }

CARECOMPARE_FUNC std::size_t prepared_data::prepared_bytes() const noexcept {
  return sizeof(detail::prepared_state) + state_->doc.storage_bytes();
}

// ---- prepared_view and prepared_builder ----------------------------------------------------------

namespace detail {
/// The data `null`, for default-constructed views.
inline const pnode& null_pnode() noexcept {
  static const pnode null;
  return null;
}
}  // namespace detail

CARECOMPARE_FUNC prepared_view::prepared_view() noexcept : root_(&detail::null_pnode()) {}

CARECOMPARE_FUNC prepared_key::prepared_key(std::string_view key) noexcept
    : key_(key), hash_(detail::key_hash(key)), head_(detail::key_head(key)) {}

CARECOMPARE_FUNC prepared_builder::prepared_builder() : parts_(std::make_unique<detail::prepared_parts>()) {}
CARECOMPARE_FUNC prepared_builder::prepared_builder(prepared_builder&&) noexcept = default;
CARECOMPARE_FUNC prepared_builder& prepared_builder::operator=(prepared_builder&&) noexcept = default;
CARECOMPARE_FUNC prepared_builder::~prepared_builder() = default;

CARECOMPARE_HOT_PATH CARECOMPARE_FUNC void prepared_builder::start_object(std::size_t members) {
  detail::prepared_parts& p = *parts_;
  p.doc.clear();
  p.next = p.doc.set_object({}, members);
  p.end = p.next + members;
  p.building = true;
}

namespace detail {
/// The slot of the next member of the object being built, its key set.
inline std::size_t next_member(prepared_parts& p, const prepared_key& key) {
  if (!p.building || p.next == p.end) {
    throw std::logic_error(p.building ? "carecompare::logic::prepared_builder: more members than start_object() said"
                                      : "carecompare::logic::prepared_builder: member() before start_object()");
  }
  detail::access::set_key(p.doc, p.next, key);
  return p.next++;
}
}  // namespace detail

CARECOMPARE_HOT_PATH CARECOMPARE_FUNC void prepared_builder::member_strings(const prepared_key& key,
                                                                            std::span<const std::string> strings) {
  detail::prepared_parts& p = *parts_;
  const std::size_t m = detail::next_member(p, key);
  const std::size_t first = p.doc.set_array(detail::pdoc::member(m), strings.size());
  for (std::size_t i = 0; i < strings.size(); ++i) p.doc.set_string(detail::pdoc::element(first + i), &strings[i]);
}

CARECOMPARE_FUNC void prepared_builder::member(const prepared_key& key, double number) {
  detail::prepared_parts& p = *parts_;
  p.doc.set_number(detail::pdoc::member(detail::next_member(p, key)), number);
}

CARECOMPARE_FUNC void prepared_builder::member(const prepared_key& key, const nlohmann::json& value) {
  detail::prepared_parts& p = *parts_;
  p.doc.set_json(detail::pdoc::member(detail::next_member(p, key)), value);
}

CARECOMPARE_HOT_PATH CARECOMPARE_FUNC prepared_view prepared_builder::finish() {
  detail::prepared_parts& p = *parts_;
  if (!p.building || p.next != p.end) {
    throw std::logic_error(p.building ? "carecompare::logic::prepared_builder: fewer members than start_object() said"
                                      : "carecompare::logic::prepared_builder: finish() before start_object()");
  }
  p.building = false;
  p.doc.finish();
  return detail::access::view(p.doc.root());
}

// ---- compile, apply, test -------------------------------------------------------------------------

CARECOMPARE_FUNC rule compile(const nlohmann::json& logic, const compile_options& options) {
  return detail::access::make(detail::compile_with_passes(logic, options.max_depth, options.passes));
}

CARECOMPARE_FUNC nlohmann::json apply(const rule& r, const nlohmann::json& data) {
  return detail::run(detail::access::of(r), data);
}

CARECOMPARE_FUNC nlohmann::json detail::apply_prepared(const rule& r, const prepared_data& data) {
  return detail::run(detail::access::of(r), detail::access::root(data));
}

CARECOMPARE_FUNC void apply_into(const rule& r, const prepared_data& data, nlohmann::json& result) {
  detail::run_into(detail::access::of(r), detail::access::root(data), result);
}

CARECOMPARE_FUNC nlohmann::json apply(const nlohmann::json& logic, const nlohmann::json& data) {
  return logic::apply(logic::compile(logic), data);
}

CARECOMPARE_FUNC bool test(const rule& r, const nlohmann::json& data) {
  return detail::run_test(detail::access::of(r), data);
}

CARECOMPARE_FUNC bool detail::test_prepared(const rule& r, const prepared_data& data) {
  return detail::run_test(detail::access::of(r), detail::access::root(data));
}

CARECOMPARE_FUNC nlohmann::json apply(const rule& r, prepared_view data) {
  return detail::run(detail::access::of(r), detail::access::root(data));
}

CARECOMPARE_FUNC void apply_into(const rule& r, prepared_view data, nlohmann::json& result) {
  detail::run_into(detail::access::of(r), detail::access::root(data), result);
}

CARECOMPARE_FUNC bool test(const rule& r, prepared_view data) {
  return detail::run_test(detail::access::of(r), detail::access::root(data));
}

CARECOMPARE_LOGIC_ENTRY CARECOMPARE_FUNC void test_each(std::span<const rule> rules, prepared_view data,
                                                        std::span<bool> results) {
  if (results.size() < rules.size()) {
    throw std::invalid_argument("carecompare::logic::test_each: " + std::to_string(results.size()) + " results for " +
                                std::to_string(rules.size()) + " rules");
  }
  const detail::pnode& root = detail::access::root(data);
  const std::size_t n = rules.size();
  for (std::size_t r = 0; r < n; ++r) {
    // Programs are separate heap blocks: start loading the ones a few rules ahead.
    if (r + 8 < n) detail::prefetch_program(&detail::access::of(rules[r + 8]), 1);
    if (r + 4 < n) detail::prefetch_program(&detail::access::of(rules[r + 4]), 2);
    results[r] = detail::run_test(detail::access::of(rules[r]), root);
  }
}

namespace detail {
inline truth test_unknown(const program& p, const value& data, std::span<const std::string_view> unknown,
                          std::span<const open_list> lists) {
  const std::uint64_t mask = unknown_reads(p, unknown, lists);
  if ((p.meta[0].reads & mask) == 0 && (lists.empty() || !may_test_lists(p, lists))) return known(run_test(p, data));
  return kleene_walk(p, data, mask, unknown, lists).of(0);
}
}  // namespace detail

CARECOMPARE_FUNC truth test_unknown(const rule& r, const nlohmann::json& data,
                                    std::span<const std::string_view> unknown) {
  return detail::test_unknown(detail::access::of(r), detail::from_json(data, 0), unknown, {});
}

CARECOMPARE_FUNC truth test_unknown(const rule& r, prepared_view data, std::span<const std::string_view> unknown) {
  return detail::test_unknown(detail::access::of(r), detail::value::prepared(detail::access::root(data)), unknown, {});
}

CARECOMPARE_FUNC truth test_unknown(const rule& r, const nlohmann::json& data,
                                    std::span<const std::string_view> unknown, std::span<const open_list> lists) {
  return detail::test_unknown(detail::access::of(r), detail::from_json(data, 0), unknown, lists);
}

CARECOMPARE_FUNC truth test_unknown(const rule& r, prepared_view data, std::span<const std::string_view> unknown,
                                    std::span<const open_list> lists) {
  return detail::test_unknown(detail::access::of(r), detail::value::prepared(detail::access::root(data)), unknown,
                              lists);
}

CARECOMPARE_FUNC bool truthy(const nlohmann::json& value) { return detail::truthy(detail::from_json(value, 0)); }

CARECOMPARE_FUNC void set_log_sink(std::function<void(std::string_view json_text)> sink) {
  detail::set_sink(std::move(sink));
}

}  // namespace logic
CARECOMPARE_END_NAMESPACE
