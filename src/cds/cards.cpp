// SPDX-License-Identifier: MIT
// The card of a patient-view call (handler.hpp card_writer): what the record makes relevant, in
// reader words, with where each answer came from and the catalog's disclaimer and sources.
#include <algorithm>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cds/handler.hpp"
#include "render/markdown.hpp"
#include "util/json_writer.hpp"
#include "util/label_format.hpp"
#include "util/utf8.hpp"

namespace carecompare_cds {

namespace {

/// A card's summary must be shorter than this, in characters (CDS Hooks 2.0, Card.summary).
constexpr std::size_t summary_limit = 140;

std::size_t characters(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) {
    if (!cc::detail::is_utf8_continuation(static_cast<unsigned char>(c))) ++n;
  }
  return n;
}

const std::string& word(const cc::catalog& cat, cc::label_key key) { return cc::label_text(cat.labels(), key); }

/// "A, B and C" with the catalog's `list_and` label.
std::string joined(const cc::catalog& cat, const std::vector<std::string>& items) {
  if (items.empty()) return {};
  std::string head;
  for (std::size_t i = 0; i + 1 < items.size(); ++i) head += (i == 0 ? "" : ", ") + items[i];
  if (items.size() == 1) return items.front();
  return cc::detail::fill_label(word(cat, &cc::catalog_labels::list_and), {{"items", head}, {"item", items.back()}});
}

/**
 * "Care options that may be relevant: A, B and 3 more": as many names as fit under the limit,
 * in the result's order; "5 care options may be relevant" when not even one fits.
 */
std::string summary(const cc::result& r) {
  const auto& shown = r.relevant();
  const std::string lead = "Care options that may be relevant: ";
  for (std::size_t k = shown.size(); k >= 1; --k) {
    std::string text = lead;
    for (std::size_t i = 0; i < k; ++i) {
      if (i != 0) text += (i + 1 == k && k == shown.size()) ? " and " : ", ";
      text += shown[i].strategy->name;
    }
    if (k < shown.size()) text += " and " + std::to_string(shown.size() - k) + " more";
    if (characters(text) < summary_limit) return text;
  }
  return shown.size() == 1 ? std::string("1 care option may be relevant")
                           : std::to_string(shown.size()) + " care options may be relevant";
}

std::string md(std::string_view text) { return cc::detail::markdown_text(text); }

/// An option shown, as the detail names it: its name and purpose.
std::string shown_head(const cc::strategy& s) { return "**" + md(s.name) + "**: " + md(s.purpose) + "\n\n"; }
/// An option that depends on what the record does not say, as the detail names it.
std::string undecided_head(const cc::strategy& s) { return "- **" + md(s.name) + "**"; }

/// The page URL for `cat`: `{catalog}` replaced with its id, any fragment dropped.
std::string page_of(const cc::catalog& cat, std::string_view page_url) {
  std::string url(page_url.substr(0, page_url.find('#')));
  constexpr std::string_view placeholder = "{catalog}";
  for (std::size_t at = url.find(placeholder); at != std::string::npos; at = url.find(placeholder, at)) {
    url.replace(at, placeholder.size(), cat.id());
    at += cat.id().size();
  }
  return url;
}

}  // namespace

card_writer::card_writer(cc::catalog cat) : cat_(std::move(cat)) {
  for (const auto& s : cat_.strategies()) {
    shown_.push_back(shown_head(s));
    undecided_.push_back(undecided_head(s));
  }
  why_shown_ = "- " + md(word(cat_, &cc::catalog_labels::why_shown)) + ": ";
  undecided_title_ = "**" + md(word(cat_, &cc::catalog_labels::undecided)) + "**\n\n";
  depends_on_ = ": " + md(word(cat_, &cc::catalog_labels::depends_on)) + ": ";
  questions_[0] = md(word(cat_, &cc::catalog_labels::question_sites));
  questions_[1] = md(word(cat_, &cc::catalog_labels::question_symptoms));
  questions_[2] = md(word(cat_, &cc::catalog_labels::question_goals));
  for (const auto& rule : cat_.rules()) {
    reasons_.emplace_back(&rule.reason, md(rule.reason));
    if (rule.reasons) {
      for (const auto& r : *rule.reasons) reasons_.emplace_back(&r.reason, md(r.reason));
    }
  }
  std::sort(reasons_.begin(), reasons_.end(),
            [](const auto& x, const auto& y) { return std::less<>()(x.first, y.first); });

  tail_ = "**" + md(word(cat_, &cc::catalog_labels::disclaimer)) + "**: " + md(cat_.disclaimer()) + "\n\n";
  tail_ += "**" + md(word(cat_, &cc::catalog_labels::sources)) + "**\n\n";
  for (const auto& s : cat_.sources()) {
    tail_ += "- " + md(s.title);
    if (s.publisher) tail_ += ", " + md(*s.publisher);
    if (s.url) {
      // An autolink, unless the URL holds what would end one.
      const bool plain = s.url->find_first_of("<> \t\n") == std::string::npos;
      tail_ += ", " + (plain ? "<" + *s.url + ">" : md(*s.url));
    }
    tail_ += '\n';
  }
  const auto& info = cat_.info();
  const std::string version = info.version.to_string(), published = info.published.to_string(),
                    reviewed = info.last_reviewed.to_string();
  tail_ += '\n' + md(cc::detail::fill_label(word(cat_, &cc::catalog_labels::catalog_line),
                                            {{"catalog", info.title + " (" + info.id + ")"},
                                             {"version", version},
                                             {"published", published},
                                             {"last_reviewed", reviewed}}));
}

/// Appends a reason's text as Markdown. reason_for() gives a rule's own text, written when the
/// writer was made; any other is escaped now.
void card_writer::append_reason(std::string& out, const std::string& text) const {
  const auto at = std::lower_bound(reasons_.begin(), reasons_.end(), &text,
                                   [](const auto& r, const std::string* p) { return std::less<>()(r.first, p); });
  if (at != reasons_.end() && at->first == &text) {
    out += at->second;
  } else {
    out += md(text);
  }
}

/// Appends `make(*s)`: written when the writer was made (`texts`, shown_ or undecided_) for a
/// strategy of its catalog, as every result filtered with it holds; made now for any other.
void card_writer::append_strategy(std::string& out, const std::vector<std::string>& texts, const cc::strategy* s,
                                  std::string (*make)(const cc::strategy&)) const {
  const auto& all = cat_.strategies();
  if (!all.empty() && s >= all.data() && s < all.data() + all.size()) {
    out += texts[static_cast<std::size_t>(s - all.data())];
  } else {
    out += make(*s);
  }
}

/// The card's detail, in Markdown (see card_writer in handler.hpp).
std::string card_writer::detail(const cc::fhir::record_result& record) const {
  const cc::result& r = record.result;
  std::string out =
      "Care options that may be relevant, from what the patient's record says. "
      "Information, not advice.\n\n";
  for (const auto& option : r.relevant()) {
    append_strategy(out, shown_, option.strategy, shown_head);
    for (std::size_t i = 0; i < option.reasons.size(); ++i) {
      out += why_shown_;
      append_reason(out, option.reasons[i]->reason_for(option.strategy->id));
      out += '\n';
      if (i < option.from_record.size() && !option.from_record[i].empty()) {
        out += "  - " + md(option.from_record[i]) + "\n";
      }
    }
    out += '\n';
  }
  if (!r.undecided().empty()) {
    out += undecided_title_;
    for (const auto& option : r.undecided()) {
      std::vector<std::string> what;
      for (const cc::fact* f : option.facts) what.push_back(md(f->label));
      for (const std::string_view list : option.lists) {
        what.push_back(questions_[list == "sites" ? 0 : list == "symptoms" ? 1 : 2]);
      }
      append_strategy(out, undecided_, option.strategy, undecided_head);
      if (!what.empty()) out += depends_on_ + joined(cat_, what);
      out += '\n';
    }
    out += '\n';
  }
  if (const std::string said = record.record.summary(cat_); !said.empty()) out += md(said) + "\n\n";
  out += tail_;
  return out;
}

std::string card_writer::operator()(const cc::fhir::record_result& record, const options& opts) const {
  const cc::catalog& cat = cat_;
  const cc::result& r = record.result;
  if (r.relevant().empty()) return R"({"cards":[]})";
  const std::string text = detail(record);
  cc::detail::json_writer w(-1, text.size() + 1024);
  const auto ids = [&w](std::string_view name, const auto& options) {
    w.key(name);
    w.begin_array();
    for (const auto& option : options) w.string(option.strategy->id);
    w.end_array();
  };
  // The members in the order of their names, as nlohmann's dump() writes an object.
  w.begin_object();
  w.key("cards");
  w.begin_array();
  w.begin_object();
  w.member("detail", text);
  // The options as ids, for programs (CDS Hooks reserves `extension` for what a service adds).
  w.key("extension");
  w.begin_object();
  w.key("carecompare");
  w.begin_object();
  w.member("catalog", cat.id());
  ids("relevant", r.relevant());
  ids("undecided", r.undecided());
  w.member("version", cat.info().version.to_string());
  w.end_object();
  w.end_object();
  w.member("indicator", "info");
  if (!opts.page_url.empty()) {
    std::string url = page_of(cat, opts.page_url);
    if (const std::string fragment = r.stated().to_fragment(cat); !fragment.empty()) url += '#' + fragment;
    w.key("links");
    w.begin_array();
    w.begin_object();
    w.member("label", "Compare these options");
    w.member("type", "absolute");
    w.member("url", url);
    w.end_object();
    w.end_array();
  }
  w.key("source");
  w.begin_object();
  w.member("label", cat.title());
  // source.url: the first of the catalog's sources that has a URL.
  for (const auto& s : cat.sources()) {
    if (s.url) {
      w.member("url", *s.url);
      break;
    }
  }
  w.end_object();
  w.member("summary", summary(r));
  w.end_object();
  w.end_array();
  w.end_object();
  return w.take();
}

}  // namespace carecompare_cds
