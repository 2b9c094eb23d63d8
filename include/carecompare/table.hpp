// SPDX-License-Identifier: MIT
/**
 * @file table.hpp
 * The comparison table: rows are options, columns are chosen fields. Renderers (render.hpp)
 * turn it into Markdown, HTML, plain text, CSV or JSON; they never look at the catalog.
 *
 * ```
 * auto cat = carecompare::catalog::builtin();
 * carecompare::table_options opts;
 * opts.only = {"systemic-therapy", "radiation-therapy", "physical-therapy"};
 * carecompare::table t = carecompare::make_table(cat, opts);  // the catalog's default columns
 * std::cout << carecompare::render(t, {carecompare::table_format::markdown});
 * ```
 *
 * Every table carries what must travel with it: the catalog's disclaimer, its sources, its
 * version and its publication and last-reviewed dates.
 *
 * @threadsafety A table is a plain value: any number of threads may read or render one at
 * once. make_table() is safe from any number of threads at once, on one catalog or result too.
 */
#ifndef CARECOMPARE_TABLE_HPP
#define CARECOMPARE_TABLE_HPP

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.hpp"
#include "config.hpp"
#include "error.hpp"
#include "filter.hpp"
#include "model.hpp"

CARECOMPARE_BEGIN_NAMESPACE

/// One column of a table: the field it shows and its heading.
struct table_column {
  std::string field;  ///< a strategy field, or "score" / "why_shown" for filter results
  std::string label;  ///< the heading
  /// Equal when every member is.
  friend bool operator==(const table_column&, const table_column&) = default;
};

/// One cell: a single text, or a list (list fields, such as use cases).
struct table_cell {
  std::vector<std::string> items;  ///< the text (one item) or the list items
  bool is_list = false;            ///< true for list fields, even with zero or one item
  /// Equal when every member is.
  friend bool operator==(const table_cell&, const table_cell&) = default;
};

/// One row: an option and its cells, one per column.
struct table_row {
  std::string id;                 ///< the strategy id
  std::vector<table_cell> cells;  ///< one per column, in column order
  /// Equal when every member is.
  friend bool operator==(const table_row&, const table_row&) = default;
};

/// The translation a table's texts come from (catalog::with_translation()).
struct table_translation {
  std::string locale;                ///< the overlay's BCP 47 tag
  semantic_version catalog_version;  ///< the catalog version the overlay was made from
  bool reviewed = false;             ///< false: renderers say the translation is not reviewed
  /// Equal when every member is.
  friend bool operator==(const table_translation&, const table_translation&) = default;
};

/// A comparison table with everything that must be shown beside it.
struct table {
  std::string caption;                ///< what the table compares (the catalog title, or the query)
  std::vector<table_column> columns;  ///< the columns, in order
  std::vector<table_row> rows;        ///< one per option, in order
  /// Index of the column whose cells name their row (the `name` field), if any: HTML makes
  /// those cells `<th scope="row">`.
  std::optional<std::size_t> row_header;

  std::string disclaimer;       ///< the catalog's disclaimer
  std::vector<source> sources;  ///< the catalog's sources
  std::string catalog_id;       ///< the catalog's id
  std::string catalog_title;    ///< the catalog's title
  std::string locale;           ///< the catalog's BCP 47 language tag (HTML `lang`)
  semantic_version version;     ///< the catalog's version
  iso_date published;           ///< when the catalog was published
  iso_date last_reviewed;       ///< when its content was last reviewed
  /// Set when the catalog is a translation: which one, and whether it was reviewed.
  std::optional<table_translation> translation;
  // What the catalog says about itself as a decision aid (empty when it does not say).
  std::vector<author> authors;          ///< who wrote and reviewed it
  std::string funding;                  ///< who paid for it
  std::string conflicts_of_interest;    ///< its authors' conflicts of interest
  std::string update_policy;            ///< how and when it is updated
  std::optional<iso_date> next_review;  ///< when its content is next reviewed
  /// The fixed words renderers write (headings of the footer, status words...): the catalog's
  /// labels; each label left out is the English default (label_text()).
  catalog_labels labels;
  /// Equal when every member is.
  friend bool operator==(const table&, const table&) = default;
};

/// Which rows and columns a table holds.
struct table_options {
  /// Column fields, in order; each either `field` or `field=Label`. Empty: the catalog's
  /// default columns (for filter results, those plus "why_shown").
  std::vector<std::string> columns;
  /// Strategy ids to keep, in catalog order; empty keeps all.
  std::vector<std::string> only;
  /// Filter results only: also list the options not shown (after the relevant ones), with
  /// `status` and `why_not_shown` columns in the default set.
  bool include_not_shown = false;
};

/**
 * The comparison table of a catalog's strategies.
 * @param cat     the catalog.
 * @param options which columns and rows; `include_not_shown` does not apply.
 * @return the table, in catalog order.
 * @throws render_error for a column field strategies do not have (601) or an id in `only` the
 *         catalog does not have (602).
 */
[[nodiscard]] CARECOMPARE_CXX_API table make_table(const catalog& cat, const table_options& options = {});

/**
 * The table of a filter result: its relevant options, in rank order, then the options that
 * depend on facts not answered (result::undecided()), and, with `include_not_shown`, the others
 * after them. Besides strategy fields, columns may show `score`, `status` ("Shown (score 3)" /
 * "Depends on what you have not answered" / "Not shown"), `why_shown` (the reasons, as a list),
 * `depends_on` (the labels of the facts not answered that decide an undecided option) and
 * `why_not_shown` (an explanation, then each rule that could have shown the option and did not
 * match, or the rule that hid it). By default: the catalog's columns plus `why_shown`, with
 * `status` and `depends_on` when some options are undecided, and `status` and `why_not_shown`
 * with `include_not_shown`.
 * @param r       a filter result.
 * @param options which columns and rows.
 * @return the table; it copies what it shows and does not refer to `r`.
 * @throws render_error as make_table(const catalog&, const table_options&).
 */
[[nodiscard]] CARECOMPARE_CXX_API table make_table(const result& r, const table_options& options = {});

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_TABLE_HPP
