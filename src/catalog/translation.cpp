// SPDX-License-Identifier: MIT
// Translation overlays (translation.hpp): decoding one with the one decoder, applying it to a
// catalog (catalog::with_translation()), choosing one for a locale.
#include <algorithm>
#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>
#include <carecompare/catalog.hpp>
#include <carecompare/parse.hpp>
#include <carecompare/translation.hpp>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <carecompare/parse.hpp>
#include "../codec.hpp"

#include "../parse.hpp"
#include "../util/ascii.hpp"
#include "../util/json_pointer.hpp"
#include "access.hpp"
#include "formats.hpp"
#include "rule_data.hpp"
#include "validate.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// An overlay as the decoder reads it: the texts keyed by id stay JSON here and are decoded
/// entry by entry (translation_decode()), each with the JSON Pointer of its place.
struct translation_wire : catalog_texts {
  std::string format;
  std::string catalog;
  semantic_version catalog_version;
  std::string locale;
  std::optional<bool> reviewed;
  std::optional<nlohmann::json> sources;
  std::optional<nlohmann::json> vocabulary;
  std::optional<nlohmann::json> facts;
  std::optional<nlohmann::json> columns;
  std::optional<nlohmann::json> strategies;
  std::optional<nlohmann::json> rules;
  std::optional<catalog_labels> labels;
};
BOOST_DESCRIBE_STRUCT(translation_wire, (catalog_texts),
                      (format, catalog, catalog_version, locale, reviewed, sources, vocabulary, facts, columns,
                       strategies, rules, labels))

/// An overlay's `vocabulary`: one object per list of rule_data_lists, named by its key (the
/// decoder needs a described struct to report unknown keys and wrong types).
struct translation_vocabulary_wire {
  std::optional<nlohmann::json> sites;
  std::optional<nlohmann::json> symptoms;
  std::optional<nlohmann::json> goals;
};
BOOST_DESCRIBE_STRUCT(translation_vocabulary_wire, (), (sites, symptoms, goals))
/// Whether translation_vocabulary_wire has one member per list of rule_data_lists, named by its key.
constexpr bool vocabulary_wire_has_the_lists() {
  using members = boost::describe::describe_members<translation_vocabulary_wire, boost::describe::mod_public>;
  bool all = boost::mp11::mp_size<members>::value == std::size(rule_data_lists);
  for (const rule_data_list& l : rule_data_lists) {
    bool found = false;
    boost::mp11::mp_for_each<members>([&](auto member) { found = found || l.key == std::string_view(member.name); });
    all = all && found;
  }
  return all;
}
static_assert(vocabulary_wire_has_the_lists(), "an overlay's vocabulary: one member per list, named by its key");

/// The member of `wire` for the list `key` of rule_data_lists.
inline const std::optional<nlohmann::json>& vocabulary_list(const translation_vocabulary_wire& wire,
                                                            std::string_view key) {
  const std::optional<nlohmann::json>* found = nullptr;
  boost::mp11::mp_for_each<boost::describe::describe_members<translation_vocabulary_wire, boost::describe::mod_public>>(
      [&](auto member) {
        if (key == member.name) found = &(wire.*member.pointer);
      });
  return *found;  // every key of rule_data_lists is a member (vocabulary_wire_has_the_lists())
}

inline diagnostic translation_problem(int id, std::string pointer, std::string message,
                                      diagnostic::severity level = diagnostic::severity::error) {
  return diagnostic{id, std::move(pointer), std::move(message), 0, 0, level, {}};
}

/// Decodes an object of texts keyed by id, each entry with the one decoder.
template <class Texts>
void translation_decode_map(const std::optional<nlohmann::json>& j, texts_by_id<Texts>& out, const std::string& pointer,
                            std::vector<diagnostic>& problems, const limits& bounds) {
  if (!j) return;
  if (!j->is_object()) {
    problems.push_back(translation_problem(error_ids::catalog_wrong_type, pointer,
                                           std::string("expected an object keyed by id, got ") + j->type_name()));
    return;
  }
  for (const auto& [key, value] : j->items()) {
    std::string at = pointer;
    pointer_push(at, key);
    Texts texts{};
    sax_decoder(problems, bounds).decode_value(value, texts, at);
    out.emplace(key, std::move(texts));
  }
}

inline translation_document translation_decode(const nlohmann::json& value, const load_options& options) {
  std::vector<diagnostic> problems;
  translation_wire wire;
  if (!sax_decoder(problems, options.limits).decode_value(value, wire)) throw catalog_error(problems, options.origin);
  translation_document doc;
  doc.format = wire.format;
  doc.catalog = wire.catalog;
  doc.catalog_version = wire.catalog_version;
  doc.locale = wire.locale;
  doc.reviewed = wire.reviewed;
  doc.labels = wire.labels;
  static_cast<catalog_texts&>(doc) = static_cast<const catalog_texts&>(wire);
  if (doc.labels) check_labels(*doc.labels, "/labels", problems);
  if (!doc.format.empty() && doc.format != translation_format) {
    problems.push_back(
        translation_problem(error_ids::translation_bad_format, "/format",
                            "\"" + doc.format + "\" is not \"" + std::string(translation_format) + "\""));
  }
  if (!doc.locale.empty() && !is_language_tag(doc.locale)) {
    problems.push_back(
        translation_problem(error_ids::catalog_bad_locale, "/locale",
                            "\"" + doc.locale + "\" is not a BCP 47 language tag (e.g. \"es\", \"es-MX\")"));
  }
  if (!doc.catalog.empty() && !is_slug(doc.catalog)) {
    problems.push_back(translation_problem(error_ids::catalog_bad_id, "/catalog",
                                           "\"" + doc.catalog + "\" is not a catalog id (a kebab-case slug)"));
  }
  translation_decode_map(wire.sources, doc.sources, "/sources", problems, options.limits);
  if (wire.vocabulary) {
    translation_vocabulary_wire vocabulary;
    if (sax_decoder(problems, options.limits).decode_value(*wire.vocabulary, vocabulary, "/vocabulary")) {
      for (const rule_data_list& l : rule_data_lists) {
        translation_decode_map(vocabulary_list(vocabulary, l.key), doc.vocabulary.*l.translated,
                               "/vocabulary/" + std::string(l.key), problems, options.limits);
      }
    }
  }
  translation_decode_map(wire.facts, doc.facts, "/facts", problems, options.limits);
  translation_decode_map(wire.columns, doc.columns, "/columns", problems, options.limits);
  translation_decode_map(wire.strategies, doc.strategies, "/strategies", problems, options.limits);
  translation_decode_map(wire.rules, doc.rules, "/rules", problems, options.limits);
  if (!problems.empty()) {
    const std::size_t keep = std::max<std::size_t>(options.limits.max_problems, 1);
    const std::size_t omitted = problems.size() > keep ? problems.size() - keep : 0;
    problems.resize(problems.size() - omitted);
    throw catalog_error(std::move(problems), options.origin, omitted);
  }
  return doc;
}

/// -1, 0, 1 as `a` is older than, the same as or newer than `b` (semver precedence, build ignored).
inline int compare_versions(const semantic_version& a, const semantic_version& b) noexcept {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  if (a.prerelease == b.prerelease) return 0;
  if (a.prerelease.empty()) return 1;  // a release is newer than its pre-releases
  if (b.prerelease.empty()) return -1;
  return a.prerelease < b.prerelease ? -1 : 1;
}

/**
 * Walks every translatable text of a catalog document beside the overlay's texts: replaces
 * each text the overlay translates, counts them, and records what is missing or wrong. The one
 * list of what is translatable: translation_template() writes the texts it walks.
 */
class translation_applier {
 public:
  /// `texts`, when given, receives the JSON Pointer and original of every text, in walk order.
  translation_applier(catalog_document& doc, const translation_document& overlay, translation_report& report,
                      std::vector<diagnostic>& problems,
                      std::vector<std::pair<std::string, std::string>>* texts = nullptr)
      : doc_(doc), overlay_(overlay), report_(report), problems_(problems), texts_(texts) {}

  void run() {
    text("/title", doc_.title, overlay_.title);
    text("/condition", doc_.condition, overlay_.condition);
    text("/disclaimer", doc_.disclaimer, overlay_.disclaimer);
    optional_text("/funding", doc_.funding, overlay_.funding);
    optional_text("/conflicts_of_interest", doc_.conflicts_of_interest, overlay_.conflicts_of_interest);
    optional_text("/update_policy", doc_.update_policy, overlay_.update_policy);
    author_roles();
    entries("/sources", doc_.sources, overlay_.sources, [&](const std::string& at, source& s, const source_texts* t) {
      text(at + "/title", s.title, t ? t->title : std::nullopt);
    });
    for (const rule_data_list& l : rule_data_lists) {
      entries("/vocabulary/" + std::string(l.key), doc_.vocabulary.*l.vocabulary, overlay_.vocabulary.*l.translated,
              [&](const std::string& p, vocabulary_entry& e, const label_texts* t) {
                text(p + "/label", e.label, t ? t->label : std::nullopt);
              });
    }
    std::vector<fact> no_facts;
    entries("/facts", doc_.facts ? *doc_.facts : no_facts, overlay_.facts,
            [&](const std::string& at, fact& f, const fact_texts* t) {
              text(at + "/label", f.label, t ? t->label : std::nullopt);
              text(at + "/description", f.description, t ? t->description : std::nullopt);
            });
    entries("/columns", doc_.columns, overlay_.columns, [&](const std::string& at, column& c, const label_texts* t) {
      text(at + "/label", c.label, t ? t->label : std::nullopt);
    });
    entries("/strategies", doc_.strategies, overlay_.strategies,
            [&](const std::string& at, strategy& s, const strategy_texts* t) {
              text(at + "/name", s.name, t ? t->name : std::nullopt);
              text(at + "/purpose", s.purpose, t ? t->purpose : std::nullopt);
              list(at + "/use_cases", &s.use_cases, t ? &t->use_cases : nullptr);
              list(at + "/benefits", s.benefits ? &*s.benefits : nullptr, t ? &t->benefits : nullptr);
              list(at + "/considerations", s.considerations ? &*s.considerations : nullptr,
                   t ? &t->considerations : nullptr);
              list(at + "/care_team", s.care_team ? &*s.care_team : nullptr, t ? &t->care_team : nullptr);
            });
    entries("/rules", doc_.rules, overlay_.rules, [&](const std::string& at, rule& r, const rule_texts* t) {
      text(at + "/description", r.description, t ? t->description : std::nullopt);
      text(at + "/reason", r.reason, t ? t->reason : std::nullopt);
      if (r.reasons) {
        std::vector<std::string> texts;
        for (const option_reason& o : *r.reasons) texts.push_back(o.reason);
        list(at + "/reasons", &texts, t ? &t->reasons : nullptr);
        for (std::size_t k = 0; k < texts.size(); ++k) (*r.reasons)[k].reason = std::move(texts[k]);
      }
    });
    labels();
  }

 private:
  /// One text: the overlay's when it gives one that differs from the original, else missing.
  void text(const std::string& at, std::string& target, const std::optional<std::string>& given) {
    ++report_.texts;
    if (texts_ != nullptr) texts_->emplace_back(at, target);
    if (given && *given != target) {
      target = *given;
      ++report_.translated;
      return;
    }
    report_.missing.push_back(at);
    report_.warnings.push_back(
        translation_problem(error_ids::translation_missing_text, at,
                            given ? "not translated (the same as the original): the original is shown"
                                  : "no translation: the original is shown",
                            diagnostic::severity::warning));
  }

  /// A text the catalog may leave out: translated when the catalog has it; an overlay that
  /// translates a text the catalog does not have is an error.
  void optional_text(const std::string& at, std::optional<std::string>& target,
                     const std::optional<std::string>& given) {
    if (target) {
      text(at, *target, given);
    } else if (given) {
      problems_.push_back(translation_problem(error_ids::translation_unknown_id, at,
                                              "the catalog has no \"" + at.substr(1) + "\" to translate"));
    }
  }

  /// The roles of the authors, as one list (an overlay gives as many as the catalog has).
  void author_roles() {
    std::vector<std::string> roles;
    if (doc_.authors) {
      for (const auto& a : *doc_.authors) roles.push_back(a.role);
    }
    list("/author_roles", doc_.authors ? &roles : nullptr, &overlay_.author_roles);
    for (std::size_t i = 0; doc_.authors && i < roles.size(); ++i) (*doc_.authors)[i].role = std::move(roles[i]);
  }

  /// Every label (catalog_labels): the catalog's words, or the English default, are the
  /// original; a translated label becomes the catalog's.
  void labels() {
    boost::mp11::mp_for_each<boost::describe::describe_members<catalog_labels, boost::describe::mod_public>>(
        [&](auto member) {
          const std::string original = label_text(doc_.labels ? *doc_.labels : catalog_labels{}, member.pointer);
          std::string target = original;
          text(std::string("/labels/") + member.name, target,
               overlay_.labels ? (*overlay_.labels).*member.pointer : std::nullopt);
          if (target != original) {
            if (!doc_.labels) doc_.labels.emplace();
            (*doc_.labels).*member.pointer = std::move(target);
          }
        });
  }

  /// A list of texts: item by item, and only with the original's number of items.
  void list(const std::string& at, std::vector<std::string>* target,
            const std::optional<std::vector<std::string>>* given) {
    const std::size_t original = target ? target->size() : 0;
    if (given && *given && (*given)->size() != original) {
      problems_.push_back(translation_problem(
          error_ids::translation_item_count, at,
          "has " + std::to_string((*given)->size()) + " items; the original has " + std::to_string(original)));
      return;
    }
    for (std::size_t i = 0; i < original; ++i) {
      std::string item = at;
      pointer_push(item, i);
      text(item, (*target)[i], given && *given ? std::optional<std::string>((**given)[i]) : std::nullopt);
    }
  }

  /// The entries of a catalog list, each with the overlay's texts for its id (or field); an id
  /// of the overlay that the catalog does not have is an error.
  template <class Entry, class Texts, class Each>
  void entries(const std::string& at, std::vector<Entry>& list, const texts_by_id<Texts>& given, Each each) {
    const auto key_of = [](const Entry& e) -> const std::string& {
      if constexpr (std::is_same_v<Entry, column>) {
        return e.field;
      } else {
        return e.id;
      }
    };
    for (const auto& [key, texts] : given) {
      bool known = false;
      for (const Entry& e : list) known = known || key_of(e) == key;
      if (!known) {
        std::string p = at;
        pointer_push(p, key);
        problems_.push_back(translation_problem(error_ids::translation_unknown_id, p,
                                                "\"" + key + "\" is not " +
                                                    (std::is_same_v<Entry, column> ? "a column field" : "an id") +
                                                    " of the catalog's " + at.substr(at.rfind('/') + 1)));
      }
    }
    for (Entry& e : list) {
      std::string p = at;
      pointer_push(p, key_of(e));
      const auto it = given.find(key_of(e));
      each(p, e, it == given.end() ? nullptr : &it->second);
    }
  }

  catalog_document& doc_;
  const translation_document& overlay_;
  translation_report& report_;
  std::vector<diagnostic>& problems_;
  std::vector<std::pair<std::string, std::string>>* texts_;
};

/// The catalog a translated catalog was made from (itself for an untranslated one).
inline std::shared_ptr<const catalog_state> untranslated_state(const catalog_state& state,
                                                               std::shared_ptr<const catalog_state> self) {
  return state.original ? state.original : std::move(self);
}

}  // namespace detail

CARECOMPARE_FUNC translation translation::from_value(const nlohmann::json& value, const load_options& options) {
  return translation(detail::translation_decode(value, options), options.origin);
}

CARECOMPARE_FUNC translation translation::from_json(std::string_view text, const load_options& options) {
  nlohmann::json value;
  try {
    value = parse_json(text, options.limits);
  } catch (const parse_error& e) {
    throw catalog_error({detail::translation_problem(e.id() + 100, "", e.reason())}, options.origin);
  }
  return from_value(value, options);
}

CARECOMPARE_FUNC translation translation::from_file(const std::filesystem::path& path, const load_options& options) {
  load_options with_origin = options;
  if (with_origin.origin.empty()) with_origin.origin = path.string();
  std::string text, reason;
  if (!detail::read_file(path, text, reason, options.limits.max_document_bytes)) {
    throw catalog_error({detail::translation_problem(error_ids::catalog_io, "", "cannot read the file: " + reason)},
                        with_origin.origin);
  }
  return from_json(text, with_origin);
}

CARECOMPARE_FUNC nlohmann::json translation::to_json_value() const {
  const auto& d = document_;
  nlohmann::json out = detail::encode_value(static_cast<const catalog_texts&>(d));
  out["format"] = d.format;
  out["catalog"] = d.catalog;
  out["catalog_version"] = d.catalog_version.to_string();
  out["locale"] = d.locale;
  if (d.reviewed) out["reviewed"] = *d.reviewed;
  const auto put = [&](nlohmann::json& parent, std::string_view key, const auto& map) {
    if (map.empty()) return;
    nlohmann::json& o = parent[std::string(key)] = nlohmann::json::object();
    for (const auto& [id, texts] : map) o[id] = detail::encode_value(texts);
  };
  put(out, "sources", d.sources);
  for (const detail::rule_data_list& l : detail::rule_data_lists) {
    if ((d.vocabulary.*l.translated).empty()) continue;
    if (!out.contains("vocabulary")) out["vocabulary"] = nlohmann::json::object();
    put(out["vocabulary"], l.key, d.vocabulary.*l.translated);
  }
  put(out, "facts", d.facts);
  put(out, "columns", d.columns);
  put(out, "strategies", d.strategies);
  put(out, "rules", d.rules);
  if (d.labels) out["labels"] = encode(*d.labels);
  return out;
}

CARECOMPARE_FUNC int translation_report::percent() const noexcept {
  if (texts == 0 || translated >= texts) return 100;
  return static_cast<int>((translated * 100) / texts);
}

CARECOMPARE_FUNC std::string translation_report::summary(std::size_t max_missing) const {
  std::string out = locale + ": " + std::to_string(percent()) + "% of " + std::to_string(texts) + " texts";
  if (!missing.empty()) {
    out += "; missing: ";
    const std::size_t shown = std::min(missing.size(), std::max<std::size_t>(max_missing, 1));
    for (std::size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + missing[i];
    if (shown < missing.size()) out += " and " + std::to_string(missing.size() - shown) + " more";
  }
  if (!reviewed) out += "; not reviewed";
  return out;
}

CARECOMPARE_FUNC catalog catalog::with_translation(const translation& overlay) const {
  const auto base = detail::untranslated_state(*state_, state_);
  const auto& t = overlay.document();
  std::vector<diagnostic> problems;
  if (t.catalog != base->document.id) {
    problems.push_back(
        detail::translation_problem(error_ids::translation_wrong_catalog, "/catalog",
                                    "translates the catalog \"" + t.catalog + "\", not \"" + base->document.id + "\""));
    throw catalog_error(std::move(problems), overlay.origin());
  }
  auto state = std::make_shared<detail::catalog_state>();
  state->document = base->document;
  translation_report report;
  report.locale = t.locale;
  report.catalog_locale = base->document.locale;
  report.catalog_version = t.catalog_version;
  report.reviewed = t.reviewed.value_or(false);
  detail::translation_applier(state->document, t, report, problems).run();
  if (!problems.empty()) throw catalog_error(std::move(problems), overlay.origin());
  if (detail::compare_versions(t.catalog_version, base->document.version) < 0) {
    report.warnings.insert(
        report.warnings.begin(),
        detail::translation_problem(error_ids::translation_older_version, "/catalog_version",
                                    "made from version " + t.catalog_version.to_string() +
                                        " of the catalog, which is now at " + base->document.version.to_string(),
                                    diagnostic::severity::warning));
  }
  state->document.locale = t.locale;
  state->translation = std::move(report);
  state->original = base;
  load_options options;
  options.origin = overlay.origin();
  return detail::catalog_access::finish(std::move(state), {}, options);
}

CARECOMPARE_FUNC const translation_report* catalog::applied_translation() const noexcept {
  return state_->translation ? &*state_->translation : nullptr;
}

CARECOMPARE_FUNC catalog detail::catalog_access::translate_on_load(const catalog& loaded, const load_options& options) {
  if (options.translations.empty()) return loaded;
  load_options overlay_options;
  overlay_options.limits = options.limits;
  std::vector<translation> overlays;
  overlays.reserve(options.translations.size());
  for (const auto& path : options.translations) overlays.push_back(translation::from_file(path, overlay_options));
  return in_locale(loaded, overlays, options.locale);
}

CARECOMPARE_FUNC catalog in_locale(const catalog& cat, const std::vector<translation>& loaded,
                                   std::string_view locale) {
  const translation* chosen = nullptr;
  if (locale.empty()) {
    if (loaded.size() == 1) chosen = &loaded.front();
  } else {
    chosen = find_translation(loaded, locale, cat.info().locale);
  }
  std::optional<catalog> result;
  for (const auto& overlay : loaded) {
    catalog translated = cat.with_translation(overlay);
    if (&overlay == chosen) result = std::move(translated);
  }
  return result ? *result : cat;
}

CARECOMPARE_FUNC const translation* find_translation(const std::vector<translation>& loaded, std::string_view tag,
                                                     std::string_view catalog_locale) {
  std::string_view want = tag;
  while (!want.empty()) {
    if (detail::equal_ignoring_ascii_case(want, catalog_locale)) return nullptr;
    for (const auto& t : loaded) {
      if (detail::equal_ignoring_ascii_case(t.locale(), want)) return &t;
    }
    const auto dash = want.rfind('-');
    if (dash == std::string_view::npos) break;
    want = want.substr(0, dash);
    // A single-letter subtag (an extension or private-use marker) goes with the one after it.
    if (const auto d = want.rfind('-'); d != std::string_view::npos && want.size() - d == 2) want = want.substr(0, d);
  }
  return nullptr;
}

CARECOMPARE_FUNC bool is_right_to_left(std::string_view locale) noexcept {
  const std::string_view language = locale.substr(0, locale.find('-'));
  // The script subtag, if any, decides: four letters after the language (and its extlangs),
  // before the region, variants, extensions and private use.
  for (std::size_t start = language.size(); start < locale.size();) {
    const std::size_t end = std::min(locale.find('-', start + 1), locale.size());
    const std::string_view subtag = locale.substr(start + 1, end - start - 1);
    start = end;
    if (subtag.size() == 3 && (subtag[0] < '0' || subtag[0] > '9')) continue;  // an extlang
    if (subtag.size() != 4 || (subtag[0] >= '0' && subtag[0] <= '9')) break;   // no script subtag
    for (std::string_view rtl : {"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"}) {
      if (detail::equal_ignoring_ascii_case(subtag, rtl)) return true;
    }
    return false;
  }
  // Else the language's usual script.
  for (std::string_view rtl : {"ar", "he", "iw", "fa", "ur", "ps", "sd", "yi", "dv", "ug", "ckb", "ku", "syr"}) {
    if (detail::equal_ignoring_ascii_case(language, rtl)) return true;
  }
  return false;
}

CARECOMPARE_FUNC nlohmann::json translation_template(const catalog& cat, std::string_view locale) {
  catalog_document doc = cat.applied_translation() ? detail::catalog_access::original(cat) : cat.document();
  // The applier walks every text with an overlay that translates none, collecting each.
  translation_document none;
  translation_report report;
  std::vector<diagnostic> problems;
  std::vector<std::pair<std::string, std::string>> texts;
  detail::translation_applier(doc, none, report, problems, &texts).run();
  nlohmann::json out = nlohmann::json::object();
  out["format"] = std::string(translation_format);
  out["catalog"] = doc.id;
  out["catalog_version"] = doc.version.to_string();
  out["locale"] = std::string(locale);
  // No `reviewed`: absent is false, and json2po (translate-toolkit) reads strings only.
  // The objects keyed by id exist first, so that an id such as "0" stays an object key (a
  // JSON Pointer creates an array for "0" under null); list items, "0" and on, make arrays.
  for (const char* key : {"sources", "facts", "columns", "strategies", "rules"}) out[key] = nlohmann::json::object();
  out["vocabulary"] = nlohmann::json::object();
  for (const detail::rule_data_list& l : detail::rule_data_lists)
    out["vocabulary"][std::string(l.key)] = nlohmann::json::object();
  for (auto& [pointer, original] : texts) out[nlohmann::json::json_pointer(pointer)] = std::move(original);
  for (const char* key : {"sources", "facts", "columns", "strategies", "rules"}) {
    if (out[key].empty()) out.erase(key);
  }
  return out;
}

CARECOMPARE_END_NAMESPACE
