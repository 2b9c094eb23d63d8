// SPDX-License-Identifier: MIT
/**
 * @file fwd.hpp
 * Forward declarations of carecompare's main types, for headers that only name them.
 */
#ifndef CARECOMPARE_FWD_HPP
#define CARECOMPARE_FWD_HPP

#include "config.hpp"

CARECOMPARE_BEGIN_NAMESPACE

struct limits;
struct diagnostic;
class error;
class parse_error;
class catalog_error;
class circumstances_error;
class logic_error;
class render_error;

struct iso_date;
struct semantic_version;
struct source;
struct vocabulary_entry;
struct catalog_vocabulary;
struct fact;
struct column;
struct strategy;
struct rule;
struct catalog_info;
struct catalog_document;

struct load_options;
class catalog;
struct circumstances;
struct relevant_option;
struct not_shown_option;
class result;

struct table_column;
struct table_cell;
struct table_row;
struct table;
struct table_options;
struct render_options;
struct table_translation;

struct catalog_texts;
struct strategy_texts;
struct rule_texts;
struct label_texts;
struct fact_texts;
struct source_texts;
struct vocabulary_texts;
struct translation_document;
class translation;
struct translation_report;

namespace logic {
class rule;
struct compile_options;
}  // namespace logic

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_FWD_HPP
