// SPDX-License-Identifier: MIT
// The table model: make_table() over the builtin catalog and over filter results, its columns,
// labels, row selection, cells and provenance, and its errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <carecompare/catalog.hpp>
#include <carecompare/filter.hpp>
#include <carecompare/table.hpp>
#include <string>
#include <vector>

namespace cc = carecompare;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

std::vector<std::string> row_ids(const cc::table& t) {
  std::vector<std::string> ids;
  for (const auto& row : t.rows) ids.push_back(row.id);
  return ids;
}

std::vector<std::string> fields(const cc::table& t) {
  std::vector<std::string> out;
  for (const auto& c : t.columns) out.push_back(c.field);
  return out;
}

std::vector<std::string> labels(const cc::table& t) {
  std::vector<std::string> out;
  for (const auto& c : t.columns) out.push_back(c.label);
  return out;
}

/// The cell of row `id` in column `field`; fails the test when there is none.
cc::table_cell cell(const cc::table& t, const std::string& id, const std::string& field) {
  for (const auto& row : t.rows) {
    if (row.id != id) continue;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      if (t.columns[i].field == field) return row.cells.at(i);
    }
  }
  ADD_FAILURE() << "no cell " << id << "/" << field;
  return {};
}

/// Runs `f`, expecting a render_error with `id`; returns its message.
template <class F>
std::string render_error_of(F f, int id) {
  try {
    f();
  } catch (const cc::render_error& e) {
    EXPECT_EQ(e.id(), id) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no render_error thrown";
  return {};
}

cc::circumstances bone_and_pain() {
  cc::circumstances c;
  c.sites = {"bone"};
  c.symptoms = {"pain"};
  return c;
}

}  // namespace

TEST(CatalogTable, DefaultColumnsAreTheArticles) {
  const auto t = cc::make_table(cc::catalog::builtin());
  EXPECT_THAT(fields(t), ElementsAre("name", "purpose", "use_cases"));
  EXPECT_THAT(labels(t), ElementsAre("Care Strategy", "Purpose", "Common Use Cases"));
  EXPECT_THAT(row_ids(t),
              ElementsAre("systemic-therapy", "radiation-therapy", "physical-therapy", "nutrition", "physical-activity",
                          "pain-management", "emotional-support", "monitoring", "clinical-trials"));
  ASSERT_TRUE(t.row_header.has_value());
  EXPECT_EQ(*t.row_header, 0U);
  for (const auto& row : t.rows) EXPECT_EQ(row.cells.size(), t.columns.size()) << row.id;
}

TEST(CatalogTable, CellsCarryTheArticlesWords) {
  const auto t = cc::make_table(cc::catalog::builtin());
  EXPECT_EQ(cell(t, "systemic-therapy", "name"), (cc::table_cell{{"Systemic Therapy"}, false}));
  EXPECT_EQ(cell(t, "radiation-therapy", "purpose"), (cc::table_cell{{"Reduces localized tumors or pain"}, false}));
  // use_cases is a list field: a list cell even with one item.
  EXPECT_EQ(cell(t, "physical-therapy", "use_cases"),
            (cc::table_cell{{"Recommended for patients with bone involvement"}, true}));
  EXPECT_EQ(cell(t, "nutrition", "use_cases").items.size(), 2U);
}

TEST(CatalogTable, CarriesTheCatalogsProvenance) {
  const auto cat = cc::catalog::builtin();
  const auto t = cc::make_table(cat);
  EXPECT_EQ(t.caption, cat.title());
  EXPECT_EQ(t.disclaimer, cat.disclaimer());
  EXPECT_FALSE(t.disclaimer.empty());
  EXPECT_EQ(t.sources, cat.sources());
  EXPECT_EQ(t.catalog_id, "metastatic-breast-cancer");
  EXPECT_EQ(t.catalog_title, cat.title());
  EXPECT_EQ(t.locale, "en");
  EXPECT_EQ(t.version.to_string(), cat.info().version.to_string());
  EXPECT_EQ(t.published, cat.info().published);
  EXPECT_EQ(t.last_reviewed, cat.info().last_reviewed);
}

TEST(CatalogTable, ColumnsTakeFieldsAndLabels) {
  cc::table_options opts;
  opts.columns = {"name=Option", "purpose", "benefits", "care_team", "kind", "scope=Acts on", "sources", "id"};
  const auto t = cc::make_table(cc::catalog::builtin(), opts);
  EXPECT_THAT(fields(t), ElementsAre("name", "purpose", "benefits", "care_team", "kind", "scope", "sources", "id"));
  // An explicit label wins; otherwise the catalog's label, otherwise a default one.
  EXPECT_THAT(labels(t), ElementsAre("Option", "Purpose", "Benefits", "Care team", "Kind", "Acts on", "Sources", "ID"));
  EXPECT_EQ(cell(t, "emotional-support", "care_team"), (cc::table_cell{{"Support groups", "Counselors"}, true}));
  EXPECT_EQ(cell(t, "radiation-therapy", "kind"), (cc::table_cell{{"treatment"}, false}));
  EXPECT_EQ(cell(t, "nutrition", "scope"), (cc::table_cell{{"whole-person"}, false}));
  EXPECT_EQ(cell(t, "clinical-trials", "id"), (cc::table_cell{{"clinical-trials"}, false}));
  // Sources show what is cited, not the source id.
  EXPECT_EQ(cell(t, "monitoring", "sources"),
            (cc::table_cell{{"Understanding Metastatic Breast Cancer: Pathways, Management, and Support"}, true}));
}

TEST(CatalogTable, RowHeaderFollowsTheNameColumn) {
  cc::table_options opts;
  opts.columns = {"purpose", "name"};
  EXPECT_EQ(cc::make_table(cc::catalog::builtin(), opts).row_header, std::optional<std::size_t>(1));
  opts.columns = {"purpose", "use_cases"};
  EXPECT_FALSE(cc::make_table(cc::catalog::builtin(), opts).row_header.has_value());
}

TEST(CatalogTable, AbsentOptionalListIsAnEmptyListCell) {
  auto doc = cc::catalog::builtin().to_json_value();
  doc["strategies"][0].erase("benefits");
  const auto cat = cc::catalog::from_value(doc);
  cc::table_options opts;
  opts.columns = {"name", "benefits"};
  const auto t = cc::make_table(cat, opts);
  EXPECT_EQ(cell(t, "systemic-therapy", "benefits"), (cc::table_cell{{}, true}));
  EXPECT_EQ(cell(t, "radiation-therapy", "benefits").items.size(), 2U);
}

TEST(CatalogTable, OnlyKeepsCatalogOrder) {
  cc::table_options opts;
  opts.only = {"physical-therapy", "systemic-therapy", "radiation-therapy"};
  const auto t = cc::make_table(cc::catalog::builtin(), opts);
  EXPECT_THAT(row_ids(t), ElementsAre("systemic-therapy", "radiation-therapy", "physical-therapy"));
}

TEST(CatalogTable, UnknownFieldIsError601NamingValidFields) {
  cc::table_options opts;
  opts.columns = {"name", "price"};
  const auto message =
      render_error_of([&] { (void)cc::make_table(cc::catalog::builtin(), opts); }, cc::error_ids::render_unknown_field);
  EXPECT_THAT(message, HasSubstr("[carecompare.render.601]"));
  EXPECT_THAT(message, HasSubstr("\"price\""));
  EXPECT_THAT(message, HasSubstr("purpose"));
  EXPECT_THAT(message, HasSubstr("use_cases"));
  EXPECT_THAT(message, HasSubstr("care_team"));
  // Result-only fields are unknown for a catalog table.
  opts.columns = {"why_shown"};
  render_error_of([&] { (void)cc::make_table(cc::catalog::builtin(), opts); }, cc::error_ids::render_unknown_field);
  opts.columns = {"score=Score"};
  render_error_of([&] { (void)cc::make_table(cc::catalog::builtin(), opts); }, cc::error_ids::render_unknown_field);
}

TEST(CatalogTable, UnknownStrategyIsError602NamingKnownIds) {
  cc::table_options opts;
  opts.only = {"systemic-therapy", "homeopathy"};
  const auto message = render_error_of([&] { (void)cc::make_table(cc::catalog::builtin(), opts); },
                                       cc::error_ids::render_unknown_strategy);
  EXPECT_THAT(message, HasSubstr("\"homeopathy\""));
  EXPECT_THAT(message, HasSubstr("clinical-trials"));
}

TEST(CatalogTable, FieldTwiceIsError604) {
  cc::table_options opts;
  opts.columns = {"name", "purpose", "name=Again"};
  const auto message =
      render_error_of([&] { (void)cc::make_table(cc::catalog::builtin(), opts); }, cc::error_ids::render_bad_option);
  EXPECT_THAT(message, HasSubstr("\"name\""));
}

TEST(ResultTable, DefaultColumnsAddWhyShown) {
  const auto cat = cc::catalog::builtin();
  const auto t = cc::make_table(cat.filter(bone_and_pain()));
  EXPECT_THAT(fields(t), ElementsAre("name", "purpose", "use_cases", "why_shown"));
  EXPECT_THAT(labels(t), ElementsAre("Care Strategy", "Purpose", "Common Use Cases", "Why shown"));
  EXPECT_THAT(t.caption, HasSubstr(cat.title()));
  EXPECT_EQ(t.disclaimer, cat.disclaimer());
}

TEST(ResultTable, RowsFollowTheRankingWithScoresAndReasons) {
  const auto cat = cc::catalog::builtin();
  cc::table_options opts;
  opts.columns = {"name", "score", "why_shown=Why"};
  const auto t = cc::make_table(cat.filter(bone_and_pain()), opts);
  // bone-or-brain-site (2) + pain (1); bone-involvement (2); pain (1); regular-monitoring (1),
  // ties in catalog order.
  EXPECT_THAT(row_ids(t), ElementsAre("radiation-therapy", "physical-therapy", "pain-management", "monitoring"));
  EXPECT_EQ(cell(t, "radiation-therapy", "score"), (cc::table_cell{{"3"}, false}));
  EXPECT_EQ(cell(t, "monitoring", "score"), (cc::table_cell{{"1"}, false}));
  const auto why = cell(t, "radiation-therapy", "why_shown");
  EXPECT_TRUE(why.is_list);
  ASSERT_EQ(why.items.size(), 2U);
  EXPECT_EQ(why.items[0], "The cancer is in the bones or the brain. Radiation therapy is used on such sites.");
  EXPECT_THAT(why.items[1], HasSubstr("You said you have pain"));
  EXPECT_EQ(labels(t).back(), "Why");
  EXPECT_EQ(t.row_header, std::optional<std::size_t>(0));
}

TEST(ResultTable, OnlyFiltersRelevantRows) {
  cc::table_options opts;
  opts.only = {"monitoring", "systemic-therapy"};  // systemic therapy is not relevant here
  const auto t = cc::make_table(cc::catalog::builtin().filter(bone_and_pain()), opts);
  EXPECT_THAT(row_ids(t), ElementsAre("monitoring"));
  opts.only = {"nonsense"};
  render_error_of([&] { (void)cc::make_table(cc::catalog::builtin().filter(bone_and_pain()), opts); },
                  cc::error_ids::render_unknown_strategy);
}
