// SPDX-License-Identifier: MIT
// carecompare._core: the Python face of the C++ library (docs/design.md, "Faces").
//
// Everything here binds the C++ API; no carecompare logic is re-implemented. Python values go
// in and come out (dicts, lists, str...): JSON text appears only where a user asks for it
// (`Catalog.to_json()`, a table rendered as JSON). The GIL is released around loading,
// filtering, rendering and JsonLogic evaluation, which touch no Python object.
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <array>
#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>
#include <carecompare/carecompare.hpp>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "catalog/rule_data.hpp"  // the lists circumstances state, each a filter() argument
#include "codec.hpp"              // the core's Describe-driven helpers (src/): model types to Python
#include "json_convert.hpp"
#include "logic/pass_names.hpp"     // the pass names, for messages
#include "model_docs.hpp"           // the one description of each model member (src/): Strategy's docstrings
#include "render/format_names.hpp"  // the format names, for messages
#include "result_json.hpp"          // score_json(): a score as the result document writes it

namespace py = pybind11;
namespace cc = carecompare;
using carecompare_python::conversion_error;
using carecompare_python::to_json;
using carecompare_python::to_python;

namespace {

// ---- Exceptions ---------------------------------------------------------------------------

/// The exception classes, created once at import (owned references, never released: they
/// live as long as the interpreter).
struct exception_types {
  PyObject* error = nullptr;
  PyObject* parse = nullptr;
  PyObject* catalog = nullptr;
  PyObject* circumstances = nullptr;
  PyObject* logic = nullptr;
  PyObject* render = nullptr;
  PyObject* record = nullptr;
};
exception_types exceptions;

PyObject* new_exception(py::module_& m, const char* name, PyObject* base, const char* doc, const py::dict& defaults) {
  const std::string qualified = std::string("carecompare.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, base, defaults.ptr());
  if (type == nullptr) throw py::error_already_set();
  m.add_object(name, type);
  return type;
}

/// Sets the Python error `type(message)` with the given attributes.
void set_error(PyObject* type, std::string_view message, const std::vector<std::pair<const char*, py::object>>& attrs) {
  const py::object text = to_python(message);
  py::object instance = py::reinterpret_steal<py::object>(PyObject_CallFunctionObjArgs(type, text.ptr(), nullptr));
  if (!instance) throw py::error_already_set();
  for (const auto& [name, value] : attrs) instance.attr(name) = value;
  PyErr_SetObject(type, instance.ptr());
}

py::object problem_list(const std::vector<cc::diagnostic>& problems) {
  py::list out(problems.size());
  for (std::size_t i = 0; i < problems.size(); ++i) out[i] = py::cast(problems[i]);
  return out;
}

void translate(std::exception_ptr p) {
  try {
    std::rethrow_exception(p);
  } catch (const cc::catalog_error& e) {
    set_error(exceptions.catalog, e.what(),
              {{"path", to_python(std::string_view(e.path()))},
               {"id", py::int_(e.id())},
               {"kind", py::str(e.kind())},
               {"problems", problem_list(e.problems())}});
  } catch (const cc::circumstances_error& e) {
    set_error(exceptions.circumstances, e.what(),
              {{"path", to_python(std::string_view(e.path()))}, {"id", py::int_(e.id())}, {"kind", py::str(e.kind())}});
  } catch (const cc::logic_error& e) {
    set_error(exceptions.logic, e.what(),
              {{"path", to_python(std::string_view(e.path()))}, {"id", py::int_(e.id())}, {"kind", py::str(e.kind())}});
  } catch (const cc::render_error& e) {
    set_error(exceptions.render, e.what(), {{"id", py::int_(e.id())}, {"kind", py::str(e.kind())}});
  } catch (const cc::record_error& e) {
    set_error(exceptions.record, e.what(),
              {{"path", to_python(std::string_view(e.path()))},
               {"id", py::int_(e.id())},
               {"kind", py::str(e.kind())},
               {"line", py::int_(e.line())},
               {"column", py::int_(e.column())}});
  } catch (const cc::parse_error& e) {
    set_error(exceptions.parse, e.what(),
              {{"id", py::int_(e.id())},
               {"kind", py::str(e.kind())},
               {"line", py::int_(e.line())},
               {"column", py::int_(e.column())}});
  } catch (const cc::error& e) {
    set_error(exceptions.error, e.what(), {{"id", py::int_(e.id())}, {"kind", py::str(e.kind())}});
  } catch (const conversion_error& e) {
    // Not reached through the public API (each entry point names its own error); kept as a net.
    set_error(e.is_type_error() ? PyExc_TypeError : PyExc_ValueError, e.what(),
              {{"path", to_python(std::string_view(e.path()))}});
  } catch (const nlohmann::json::exception& e) {
    PyErr_SetString(PyExc_ValueError, e.what());
  }
}

// ---- Small conversions --------------------------------------------------------------------

py::list str_list(const std::vector<std::string>& items) {
  py::list out(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) out[i] = to_python(std::string_view(items[i]));
  return out;
}

template <class T>
inline constexpr bool always_false = false;

/**
 * A value of a described type (a strategy's fields, a report) as Python values, walking what
 * Boost.Describe lists, as the codec does for JSON: described structs as dicts of their members
 * in declaration order (computed members too, as encode() writes them), lists as lists, None for
 * an empty optional, enums by their JSON name, dates and versions as their text; but
 * diagnostics as Problem objects.
 */
template <class T>
py::object value_to_python(const T& value) {
  if constexpr (std::is_same_v<T, std::string>) {
    return to_python(std::string_view(value));
  } else if constexpr (std::is_same_v<T, bool>) {
    return py::bool_(value);
  } else if constexpr (std::is_integral_v<T>) {
    return py::int_(value);
  } else if constexpr (std::is_floating_point_v<T>) {
    return py::float_(value);
  } else if constexpr (std::is_same_v<T, cc::semantic_version> || std::is_same_v<T, cc::iso_date>) {
    return py::str(value.to_string());
  } else if constexpr (std::is_same_v<T, cc::diagnostic>) {
    return py::cast(value);
  } else if constexpr (cc::detail::is_optional<T>::value) {
    return value ? value_to_python(*value) : py::none();
  } else if constexpr (cc::detail::is_described_enum<T>) {
    return to_python(std::string_view(cc::detail::enum_json_name(value)));
  } else if constexpr (cc::detail::is_vector<T>::value) {
    py::list out(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) out[i] = value_to_python(value[i]);
    return out;
  } else if constexpr (cc::detail::is_described_struct<T>) {
    py::dict out;
    boost::mp11::mp_for_each<
        boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_any_member>>(
        [&](auto member) {
          if constexpr (std::is_member_function_pointer_v<decltype(member.pointer)>) {
            out[member.name] = value_to_python((value.*member.pointer)());
          } else {
            out[member.name] = value_to_python(value.*member.pointer);
          }
        });
    return out;
  } else {
    static_assert(always_false<T>, "a value the binding cannot show");
  }
}

/// A list of ids (sites, columns...) given as a list or tuple of str: fast path, no JSON.
bool read_str_sequence(py::handle h, std::vector<std::string>& out) {
  PyObject* o = h.ptr();
  const bool is_list = PyList_Check(o);
  if (!is_list && !PyTuple_Check(o)) return false;
  const Py_ssize_t size = is_list ? PyList_GET_SIZE(o) : PyTuple_GET_SIZE(o);
  out.clear();
  out.reserve(static_cast<std::size_t>(size));
  for (Py_ssize_t i = 0; i < size; ++i) {
    PyObject* item = is_list ? PyList_GET_ITEM(o, i) : PyTuple_GET_ITEM(o, i);
    if (!PyUnicode_Check(item)) return false;
    Py_ssize_t length = 0;
    const char* data = PyUnicode_AsUTF8AndSize(item, &length);
    if (data == nullptr) {
      PyErr_Clear();
      return false;
    }
    out.emplace_back(data, static_cast<std::size_t>(length));
  }
  return true;
}

/// An optional list of names (table columns, strategy ids): None, or an iterable of str.
std::vector<std::string> name_list(py::handle h, const char* what) {
  std::vector<std::string> out;
  if (h.is_none() || read_str_sequence(h, out)) return out;
  if (PyUnicode_Check(h.ptr()) || PyBytes_Check(h.ptr())) {
    throw py::type_error(std::string(what) + " must be a list of str, not a single " + Py_TYPE(h.ptr())->tp_name +
                         " (write [\"name\"], not \"name\")");
  }
  std::size_t i = 0;
  for (const py::handle item : py::iter(h)) {
    if (!PyUnicode_Check(item.ptr())) {
      throw py::type_error(std::string(what) + "[" + std::to_string(i) + "] must be a str, got " +
                           Py_TYPE(item.ptr())->tp_name);
    }
    out.emplace_back(carecompare_python::utf8_of(item, ""));
    ++i;
  }
  return out;
}

// ---- Wrappers that keep the catalog alive -------------------------------------------------

/// A strategy of a catalog. Holding the catalog handle keeps the strategy's storage alive.
struct strategy_ref {
  cc::catalog cat;
  const cc::strategy* s;
};

/// A filter result, shared by the items taken from it.
using shared_result = std::shared_ptr<const cc::result>;

struct result_ref {
  shared_result r;
  py::object catalog;  ///< the Python Catalog it came from (`result.catalog is cat`)
  /// For a result of filter(fhir=...): the reading and its summary (fhir::record_result's
  /// "record"), else None.
  py::object record = py::none();
};

struct relevant_ref {
  shared_result r;
  std::size_t i;
  [[nodiscard]] const cc::relevant_option& option() const { return r->relevant()[i]; }
};

struct not_shown_ref {
  shared_result r;
  std::size_t i;
  [[nodiscard]] const cc::not_shown_option& option() const { return r->not_shown()[i]; }
  /// Why the option is not shown, in the words of the result's catalog.
  [[nodiscard]] const std::string& explanation() const { return option().explanation(r->source_catalog().labels()); }
};

struct undecided_ref {
  shared_result r;
  std::size_t i;
  [[nodiscard]] const cc::undecided_option& option() const { return r->undecided()[i]; }
};

/// The options of one list of a result, each as a Ref{result, index} that keeps the result alive.
template <class Ref, class List>
py::list option_refs(const shared_result& r, const List& list) {
  py::list out(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) out[i] = py::cast(Ref{r, i});
  return out;
}

/// A declared fact as a dict: {id, label, description, type, values?}, as the result's JSON has it.
py::dict fact_dict(const cc::fact& f) {
  py::dict out;
  out["id"] = f.id;
  out["label"] = f.label;
  out["description"] = f.description;
  out["type"] = to_python(cc::encode(f.type));
  if (f.values) {
    py::list values;
    for (const std::string& v : *f.values) values.append(to_python(std::string_view(v)));
    out["values"] = values;
  }
  return out;
}

/// Rule ids as a list of str.
py::list rule_ids(cc::rule_list rules) {
  py::list out;
  for (const cc::rule* r : rules) out.append(to_python(std::string_view(r->id)));
  return out;
}

/// Why an option is shown: the matching rule's id and its reason text.
struct reason {
  std::string rule;
  std::string text;
  std::string from_record;  ///< where its answers came from in a health record, "" for none
  friend bool operator==(const reason&, const reason&) = default;
};

/// One rule that names a not-shown option, as `result.to_dict()["not_shown"][i]["rules"]`.
struct rule_outcome {
  std::string rule;
  std::string effect;  ///< "show" or "hide"
  bool matched = false;
  std::string text;  ///< the rule's description
  friend bool operator==(const rule_outcome&, const rule_outcome&) = default;
};

py::object strategy_object(const cc::catalog& cat, const cc::strategy* s) { return py::cast(strategy_ref{cat, s}); }

// ---- Catalog loading, filtering, tables ---------------------------------------------------

cc::load_options load_options_of(bool strict) {
  cc::load_options options;
  options.strict = strict;
  return options;
}

/// Python values as a catalog document. A value with no JSON form is a catalog problem at its
/// spot, as it would be in a JSON text (e.g. a datetime.date a YAML loader made of a date).
nlohmann::json catalog_json(py::handle source, std::size_t max_depth) {
  try {
    return to_json(source, "", max_depth);
  } catch (const conversion_error& e) {
    using why = conversion_error::reason;
    const int id = e.is_type_error()          ? cc::error_ids::catalog_wrong_type
                   : e.why() == why::bad_text ? cc::error_ids::catalog_bad_text
                   : e.why() == why::too_deep ? cc::error_ids::catalog_too_deep
                                              : cc::error_ids::catalog_bad_number;
    throw cc::catalog_error({cc::diagnostic{id, e.path(), e.message(), 0, 0, cc::diagnostic::severity::error, {}}});
  }
}

/// Python values as (part of) circumstances; no JSON form is a CircumstancesError at the spot.
nlohmann::json circumstances_json(py::handle value, std::string path) {
  try {
    return to_json(value, std::move(path));
  } catch (const conversion_error& e) {
    throw cc::circumstances_error(cc::error_ids::circumstances_wrong_type, e.path(), e.message());
  }
}

/// The JSON text of a str (its UTF-8) or bytes, borrowed from `source`; nullopt for any other
/// object.
std::optional<std::string_view> json_text_of(const py::object& source) {
  if (PyBytes_Check(source.ptr())) {
    return std::string_view(PyBytes_AS_STRING(source.ptr()), static_cast<std::size_t>(PyBytes_GET_SIZE(source.ptr())));
  }
  if (PyUnicode_Check(source.ptr())) return carecompare_python::utf8_of(source, "");
  return std::nullopt;
}

/// What Catalog.check() says of `source`, JSON text (str or bytes): check_catalog()'s report.
py::object catalog_check(const py::object& source, bool strict, bool readability, double max_grade) {
  const auto text = json_text_of(source);
  if (!text) throw py::type_error("source must be JSON text (str or bytes)");
  cc::check_options options;
  options.strict = strict;
  if (readability) options.readability.emplace().max_grade = max_grade;
  nlohmann::json report;
  {
    // `source` stays referenced by the caller's frame: its buffer is valid without the GIL.
    py::gil_scoped_release release;
    report = cc::encode(cc::check_catalog(*text, options));
  }
  return to_python(report);
}

/// A catalog or a translation overlay (`Document::from_json` / `from_value`) from JSON text
/// (str or bytes) or Python values.
template <class Document>
Document document_from(const py::object& source, const cc::load_options& options) {
  if (const auto text = json_text_of(source)) {
    // `source` stays referenced by the caller's frame: its buffer is valid without the GIL.
    py::gil_scoped_release release;
    return Document::from_json(*text, options);
  }
  const nlohmann::json value = catalog_json(source, options.limits.max_json_depth);
  py::gil_scoped_release release;
  return Document::from_value(value, options);
}

cc::catalog catalog_from_json(const py::object& source, bool strict) {
  return document_from<cc::catalog>(source, load_options_of(strict));
}

/// A translation overlay from a path (os.PathLike), JSON text (str or bytes) or Python values.
cc::translation translation_of(const py::object& source) {
  const cc::load_options options = load_options_of(false);
  if (py::isinstance(source, py::module_::import("os").attr("PathLike"))) {
    const auto path = source.cast<std::filesystem::path>();
    py::gil_scoped_release release;
    return cc::translation::from_file(path, options);
  }
  return document_from<cc::translation>(source, options);
}

/// What a translation gave, as Python values (None for a catalog in its own texts).
py::object translation_report_of(const cc::catalog& c) {
  const cc::translation_report* r = c.applied_translation();
  return r == nullptr ? py::none() : value_to_python(*r);
}

/// A health record given to Python: a path (os.PathLike), JSON text (str or bytes) or Python
/// values (a dict or list), read in the words of `cat`. Python values that have no JSON form are a
/// RecordError at their spot.
cc::fhir::reading reading_of(const cc::catalog& cat, const py::object& record) {
  const cc::fhir::read_options options;
  if (py::isinstance(record, py::module_::import("os").attr("PathLike"))) {
    const auto path = record.cast<std::filesystem::path>();
    py::gil_scoped_release release;
    return cc::fhir::read_file(cat, path, options);
  }
  if (PyUnicode_Check(record.ptr()) || PyBytes_Check(record.ptr())) {
    std::string_view text;
    if (PyBytes_Check(record.ptr())) {
      text =
          std::string_view(PyBytes_AS_STRING(record.ptr()), static_cast<std::size_t>(PyBytes_GET_SIZE(record.ptr())));
    } else {
      text = carecompare_python::utf8_of(record, "");
    }
    py::gil_scoped_release release;
    return cc::fhir::read(cat, text, options);
  }
  nlohmann::json value;
  try {
    value = to_json(record, "", options.limits.max_json_depth);
  } catch (const conversion_error& e) {
    const int id =
        e.why() == conversion_error::reason::too_deep ? cc::error_ids::fhir_too_deep : cc::error_ids::fhir_not_fhir;
    throw cc::record_error(id, e.path(), e.message());
  }
  py::gil_scoped_release release;
  return cc::fhir::read_value(cat, value, options);
}

/// The reading's JSON with its summary in the words of `cat`, as Python values.
py::object reading_dict(const cc::catalog& cat, const cc::fhir::reading& r) {
  nlohmann::json doc = r.to_json();
  doc["summary"] = r.summary(cat);
  return to_python(doc);
}

/// The lists of the rule data object, each a filter() argument named by its key, in its order.
constexpr std::size_t list_count = std::size(cc::detail::rule_data_lists);

/// The circumstances of filter(): `lists` one argument per list of rule_data_lists, then facts.
cc::circumstances circumstances_of(const std::array<py::handle, list_count>& lists, py::handle facts) {
  cc::circumstances c;
  // Fast path: lists or tuples of str, and facts None or a dict, go straight into the C++ struct.
  bool fast = true;
  for (std::size_t l = 0; l < list_count && fast; ++l) {
    fast = read_str_sequence(lists[l], c.*cc::detail::rule_data_lists[l].stated);
  }
  if (fast && (facts.is_none() || PyDict_Check(facts.ptr()))) {
    if (!facts.is_none()) {
      c.facts = circumstances_json(facts, "/facts");
    }
    return c;
  }
  // Anything else goes through circumstances::from_json, which names the spot of a wrong type
  // ("/sites/1: expected an id string, got a number"). Iterables (sets, generators, dict views)
  // are taken as lists first; a str stays a str, which is a type error there.
  py::dict doc;
  for (std::size_t l = 0; l < list_count; ++l) {
    const std::string_view key = cc::detail::rule_data_lists[l].key;
    const py::handle value = lists[l];
    PyObject* o = value.ptr();
    const bool plain = PyUnicode_Check(o) || PyBytes_Check(o) || PyDict_Check(o) || PyList_Check(o) || PyTuple_Check(o);
    if (!plain && (PyIter_Check(o) || py::hasattr(value, "__iter__"))) {
      doc[py::str(key.data(), key.size())] = py::list(py::reinterpret_borrow<py::object>(value));
    } else {
      doc[py::str(key.data(), key.size())] = value;
    }
  }
  if (!facts.is_none()) doc["facts"] = facts;
  return cc::circumstances::from_json(circumstances_json(doc, ""));
}

/// How the lists of `c` answer, from filter()'s `open` and `not_answered` (None, or iterables of
/// list names), read as circumstances' JSON reads them (the same checks and errors).
void read_answers(cc::circumstances& c, const py::object& open, const py::object& not_answered) {
  if (open.is_none() && not_answered.is_none()) return;
  py::dict doc;
  const auto names = [&](const char* key, const py::object& value) {
    if (value.is_none()) return;
    PyObject* o = value.ptr();
    const bool plain = PyUnicode_Check(o) || PyBytes_Check(o) || PyDict_Check(o);
    doc[key] = !plain && py::hasattr(value, "__iter__") ? py::list(value) : value;
  };
  names("open", open);
  names("not_answered", not_answered);
  const cc::circumstances answers = cc::circumstances::from_json(circumstances_json(doc, ""));
  for (const auto& l : cc::detail::rule_data_lists) c.*l.answer = answers.*l.answer;
}

cc::render_options render_options_of(const std::string& format, bool full_page, std::size_t width) {
  const auto parsed = cc::parse_table_format(format);
  if (!parsed) {
    throw cc::render_error(cc::error_ids::render_unknown_format,
                           "unknown table format \"" + format + "\"; formats: " + cc::detail::table_format_list(true));
  }
  cc::render_options options;
  options.format = *parsed;
  options.full_page = full_page;
  options.width = width;
  return options;
}

template <class Source>
std::string render_table(const Source& source, const cc::table_options& table_options,
                         const cc::render_options& options) {
  py::gil_scoped_release release;
  return cc::render(cc::make_table(source, table_options), options);
}

// ---- JsonLogic ----------------------------------------------------------------------------

/// A rule or data as JSON; no JSON form is a LogicError (502) with the path inside that value.
nlohmann::json logic_json(py::handle value, const char* what) {
  try {
    return to_json(value);
  } catch (const conversion_error& e) {
    throw cc::logic_error(cc::error_ids::logic_bad_arguments, e.path(),
                          std::string("in the ") + what + ": " + e.message());
  }
}

py::object logic_apply(const cc::logic::rule& rule, const py::object& data) {
  const nlohmann::json d = data.is_none() ? nlohmann::json() : logic_json(data, "data");
  nlohmann::json out;
  {
    py::gil_scoped_release release;
    out = cc::logic::apply(rule, d);
  }
  return to_python(out);
}

cc::logic::rule logic_compile(const py::object& rule, std::string_view passes) {
  cc::logic::compile_options options;
  const auto named = cc::logic::passes_from_text(passes);
  if (!named) {
    throw py::value_error("passes: " + cc::logic::detail::passes_text_problem(passes));
  }
  options.passes = *named;
  const nlohmann::json r = logic_json(rule, "rule");
  py::gil_scoped_release release;
  return cc::logic::compile(r, options);
}

// ---- repr helpers ---------------------------------------------------------------------------

std::string repr_of(std::string_view text) { return py::repr(to_python(text)).cast<std::string>(); }

std::string score_text(double score) { return cc::detail::score_json(score).dump(); }

// ---- Notebook displays, records and data frames -------------------------------------------

/// A table in one format, with everything the renderer puts after it (disclaimer, sources...).
std::string render_as(const cc::table& t, cc::table_format format) {
  cc::render_options options;
  options.format = format;
  py::gil_scoped_release release;
  return cc::render(t, options);
}

/// A cell as a Python value: a list of str for list fields, a str otherwise.
py::object cell_value(const cc::table_cell& cell) {
  if (cell.is_list) return str_list(cell.items);
  return cell.items.empty() ? py::str("") : to_python(std::string_view(cell.items.front()));
}

/**
 * How a notebook shows a result (`format` is html or markdown): the table of the options shown
 * and of those that depend on facts not answered, then the options not shown, each with why,
 * collapsed under `<details>`. Both tables come from the renderer, each with its disclaimer.
 */
std::string result_display(const cc::result& r, cc::table_format format) {
  cc::table shown;
  {
    py::gil_scoped_release release;
    shown = cc::make_table(r);
  }
  std::string out = render_as(shown, format);
  if (r.not_shown().empty()) return out;
  cc::table_options options;
  options.include_not_shown = true;
  options.columns = {"name", "why_not_shown"};
  for (const auto& option : r.not_shown()) options.only.push_back(option.strategy->id);
  cc::table others;
  {
    py::gil_scoped_release release;
    others = cc::make_table(r, options);
  }
  others.caption = "Options not shown, and why";
  const std::string summary = "Options not shown (" + std::to_string(r.not_shown().size()) + "), and why";
  if (format == cc::table_format::html) {
    out += "<details class=\"carecompare-not-shown\">\n<summary>" + summary + "</summary>\n" +
           render_as(others, format) + "</details>\n";
  } else {
    out += "\n<details>\n<summary>" + summary + "</summary>\n\n" + render_as(others, format) + "\n</details>\n";
  }
  return out;
}

/// Records of a table: one plain dict per row, and the keys in column order (so that an empty
/// list still names its columns).
struct records {
  py::list rows;
  py::list keys;
  py::dict about;  ///< what travels with a data frame: disclaimer and catalog
};

py::dict about_of(const cc::table& t) {
  py::dict catalog;
  catalog["id"] = to_python(std::string_view(t.catalog_id));
  catalog["title"] = to_python(std::string_view(t.catalog_title));
  catalog["version"] = t.version.to_string();
  catalog["published"] = t.published.to_string();
  catalog["last_reviewed"] = t.last_reviewed.to_string();
  py::dict about;
  about["disclaimer"] = to_python(std::string_view(t.disclaimer));
  about["catalog"] = catalog;
  py::list sources;
  for (const auto& s : t.sources) sources.append(to_python(std::string_view(s.title)));
  about["sources"] = sources;
  return about;
}

/// The records of a catalog's table: `id`, then one key per column field.
records catalog_records(const cc::catalog& c, const cc::table_options& options) {
  cc::table t;
  {
    py::gil_scoped_release release;
    t = cc::make_table(c, options);
  }
  records out;
  out.keys.append("id");
  for (const auto& column : t.columns) {
    if (column.field != "id") out.keys.append(to_python(std::string_view(column.field)));
  }
  for (const auto& row : t.rows) {
    py::dict record;
    record["id"] = to_python(std::string_view(row.id));
    for (std::size_t i = 0; i < t.columns.size(); ++i) record[py::str(t.columns[i].field)] = cell_value(row.cells[i]);
    out.rows.append(record);
  }
  out.about = about_of(t);
  return out;
}

/// The field a column spec (`field` or `field=Label`) names.
std::string_view spec_field(std::string_view spec) { return spec.substr(0, spec.find('=')); }

/**
 * The records of a result's table: `id`, one key per column field but the three that become
 * data (score, status and why_shown), then `status` ("relevant", "undecided" or "not_shown",
 * as the lists of Result are named), `score` (a float for relevant options, None otherwise) and
 * `reasons` (the texts of the table's "Why shown" column, as a list).
 */
records result_records(const cc::result& r, cc::table_options options) {
  const bool has_why_shown = std::any_of(options.columns.begin(), options.columns.end(),
                                         [](const std::string& spec) { return spec_field(spec) == "why_shown"; });
  if (!options.columns.empty() && !has_why_shown) options.columns.emplace_back("why_shown");
  cc::table t;
  {
    py::gil_scoped_release release;
    t = cc::make_table(r, options);
  }
  const auto data_field = [](std::string_view field) {
    return field == "id" || field == "score" || field == "status" || field == "why_shown";
  };
  records out;
  out.keys.append("id");
  for (const auto& column : t.columns) {
    if (!data_field(column.field)) out.keys.append(to_python(std::string_view(column.field)));
  }
  out.keys.append("status");
  out.keys.append("score");
  out.keys.append("reasons");

  // Status and score by strategy id.
  std::unordered_map<std::string_view, std::pair<const char*, py::object>> state;
  for (const auto& o : r.relevant()) state.emplace(o.strategy->id, std::make_pair("relevant", py::float_(o.score)));
  for (const auto& o : r.undecided()) state.emplace(o.strategy->id, std::make_pair("undecided", py::none()));
  for (const auto& o : r.not_shown()) state.emplace(o.strategy->id, std::make_pair("not_shown", py::none()));

  for (const auto& row : t.rows) {
    py::dict record;
    record["id"] = to_python(std::string_view(row.id));
    py::object reasons = py::list();
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const std::string& field = t.columns[i].field;
      if (field == "why_shown") {
        reasons = cell_value(row.cells[i]);
      } else if (!data_field(field)) {
        record[py::str(field)] = cell_value(row.cells[i]);
      }
    }
    const auto& [status, score] = state.at(row.id);
    record["status"] = status;
    record["score"] = score;
    record["reasons"] = reasons;
    out.rows.append(record);
  }
  out.about = about_of(t);
  return out;
}

/// A pandas.DataFrame of records; ImportError with what to do when pandas is not installed.
py::object data_frame(const records& rec) {
  py::module_ pandas;
  try {
    pandas = py::module_::import("pandas");
  } catch (py::error_already_set& e) {
    if (!e.matches(PyExc_ImportError)) throw;
    py::raise_from(e, PyExc_ImportError,
                   "to_pandas() needs pandas, which carecompare does not install: install it (Debian: apt-get "
                   "install python3-pandas; pip: pip install pandas), or use to_records() for plain dicts");
    throw py::error_already_set();
  }
  py::object frame = pandas.attr("DataFrame")(rec.rows, py::arg("columns") = rec.keys);
  // The disclaimer and the catalog travel with the data (DataFrame.attrs).
  frame.attr("attrs").attr("update")(rec.about);
  return frame;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() =
      "carecompare's compiled core. Import `carecompare`, not this module: it re-exports everything "
      "public.";
  // Everything is re-exported from `carecompare` (the Rule class from `carecompare.logic`):
  // classes and signatures name it so (help(), pickles), not the private `carecompare._core`.
  m.attr("__name__") = "carecompare";
  m.attr("__version__") = CARECOMPARE_VERSION_STRING;
  {
    py::list formats;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<cc::table_format>>(
        [&](auto d) { formats.append(py::str(cc::detail::enum_json_name(d.value))); });
    m.attr("FORMATS") = py::tuple(formats);
  }

  // Exceptions: carecompare.Error(ValueError) and one subclass per C++ error class.
  {
    py::dict base_defaults;
    base_defaults["path"] = "";
    base_defaults["id"] = 0;
    base_defaults["kind"] = "";
    exceptions.error =
        new_exception(m, "Error", PyExc_ValueError,
                      "Base of carecompare's errors (a ValueError). `id` is the documented error id, `kind` its "
                      "family, `path` the JSON Pointer of the problem (\"\" when none applies).",
                      base_defaults);
    py::dict catalog_defaults;
    catalog_defaults["problems"] = py::tuple();
    exceptions.catalog =
        new_exception(m, "CatalogError", exceptions.error,
                      "A catalog that does not load: `problems` lists every problem found (`Problem` objects, in "
                      "document order), `path` is the JSON Pointer of the first. Syntax errors give line and column.",
                      catalog_defaults);
    exceptions.circumstances =
        new_exception(m, "CircumstancesError", exceptions.error,
                      "Circumstances that do not fit the catalog (an unknown site, a wrong type); `path` points into "
                      "them, e.g. \"/sites/0\".",
                      py::dict());
    exceptions.logic =
        new_exception(m, "LogicError", exceptions.error,
                      "A JsonLogic rule that does not compile (unknown operator, bad arguments, too deep) or an "
                      "evaluation json-logic-js throws on; `path` points into the rule, e.g. \"/and/1\" (or into the "
                      "data, for a data value that has no JSON form).",
                      py::dict());
    exceptions.render = new_exception(
        m, "RenderError", exceptions.error,
        "Invalid table options: an unknown column field, strategy id or format, a width too small.", py::dict());
    py::dict parse_defaults;
    parse_defaults["line"] = 0;
    parse_defaults["column"] = 0;
    exceptions.parse =
        new_exception(m, "ParseError", exceptions.error,
                      "Malformed JSON text that is not a catalog; `line` and `column` are 1-based.", parse_defaults);
    exceptions.record =
        new_exception(m, "RecordError", exceptions.error,
                      "A health record that cannot be read: not JSON (`line` and `column`, 1-based), too large or "
                      "deep, or not FHIR; `path` points into it, e.g. \"/entry/2/resource\".",
                      parse_defaults);
    py::register_exception_translator(&translate);
  }

  // ---- Problem (carecompare::diagnostic) ----
  py::class_<cc::diagnostic>(m, "Problem",
                             "One problem found in a catalog: where (`pointer`, or `line`/`column` for "
                             "syntax errors) and what.")
      .def_readonly("id", &cc::diagnostic::id, "The documented error id, e.g. 204 (wrong type).")
      .def_readonly("pointer", &cc::diagnostic::pointer, "JSON Pointer of the spot; \"\" is the whole document.")
      .def_readonly("message", &cc::diagnostic::message, "What is wrong, in plain words, without the pointer.")
      .def_readonly("line", &cc::diagnostic::line, "1-based line of a syntax error, 0 otherwise.")
      .def_readonly("column", &cc::diagnostic::column, "1-based column of a syntax error, 0 otherwise.")
      .def_readonly("suggestion", &cc::diagnostic::suggestion, "A close valid name, or \"\".")
      .def_property_readonly(
          "level", [](const cc::diagnostic& d) { return cc::to_string(d.level); },
          "\"error\" (the catalog does not load) or \"warning\".")
      .def_property_readonly(
          "severity", [](const cc::diagnostic& d) { return cc::to_string(d.level); },
          "The same as `level` (its name before 0.3.0).")
      .def(
          "to_dict", [](const cc::diagnostic& d) { return to_python(cc::encode(cc::check_problem{d})); },
          "The problem as a dict, as the problems of Catalog.check() and of the C ABI's "
          "carecompare_catalog_check(): id, level, pointer, message, suggestion, line, column.")
      .def("__str__", &cc::diagnostic::to_string)
      .def("__repr__",
           [](const cc::diagnostic& d) {
             return "<Problem " + std::to_string(d.id) + " " + repr_of(d.to_string()) + ">";
           })
      .def(py::self == py::self);  // NOLINT(misc-redundant-expression)

  // ---- Strategy ----
  py::class_<strategy_ref> strategy_class(
      m, "Strategy",
      "A care strategy of a catalog: read-only fields, as in the catalog JSON (`kind` and `scope` as "
      "their JSON names, optional lists as None when absent).");
  boost::mp11::mp_for_each<boost::describe::describe_members<cc::strategy, boost::describe::mod_public>>([&](auto d) {
    using descriptor = decltype(d);
    // The docstring is the member's description in the catalog format (model_docs.hpp, a
    // string literal: it lives as long as the module).
    const auto* doc = cc::detail::find_schema_doc("strategy", descriptor::name);
    strategy_class.def_property_readonly(
        descriptor::name, [](const strategy_ref& r) { return value_to_python(r.s->*descriptor::pointer); },
        doc != nullptr ? doc->description.data() : "");
  });
  strategy_class
      .def(
          "to_dict", [](const strategy_ref& r) { return to_python(cc::encode(*r.s)); },
          "The strategy as in the catalog JSON.")
      .def("__eq__",
           [](const strategy_ref& a, const py::object& b) -> py::object {
             if (!py::isinstance<strategy_ref>(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
             return py::bool_(*a.s == *b.cast<const strategy_ref&>().s);
           })
      .def("__hash__", [](const strategy_ref& r) { return py::hash(to_python(std::string_view(r.s->id))); })
      .def("__repr__", [](const strategy_ref& r) {
        return "Strategy(id=" + repr_of(r.s->id) + ", name=" + repr_of(r.s->name) +
               ", kind=" + repr_of(cc::detail::enum_json_name(r.s->kind)) +
               ", scope=" + repr_of(cc::detail::enum_json_name(r.s->scope)) + ")";
      });

  // ---- Reason, RuleOutcome ----
  py::class_<reason>(m, "Reason", "Why an option is shown: a matching rule (its id) and its reason text.")
      .def_readonly("rule", &reason::rule, "The rule's id.")
      .def_readonly("text", &reason::text, "The reason, in plain language.")
      .def_property_readonly(
          "from_record",
          [](const reason& r) -> py::object {
            if (r.from_record.empty()) return py::none();
            return to_python(std::string_view(r.from_record));
          },
          "For filter(fhir=...): where the answers it rests on came from, in plain words (\"From the health "
          "record: ...\"); None when it rests on none the record gave.")
      .def(
          "to_dict",
          [](const reason& r) {
            py::dict out;
            if (!r.from_record.empty()) out["from_record"] = to_python(std::string_view(r.from_record));
            out["rule"] = to_python(std::string_view(r.rule));
            out["text"] = to_python(std::string_view(r.text));
            return out;
          },
          "The reason as a dict: {rule, text, from_record?}, as Result.to_dict() has it.")
      .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
      .def("__repr__", [](const reason& r) {
        return "Reason(rule=" + repr_of(r.rule) + ", text=" + repr_of(r.text) +
               (r.from_record.empty() ? std::string() : ", from_record=" + repr_of(r.from_record)) + ")";
      });

  py::class_<rule_outcome>(m, "RuleOutcome",
                           "A rule naming an option that is not shown: `effect` \"show\" or \"hide\", "
                           "whether it `matched`, and its description as `text`.")
      .def_readonly("rule", &rule_outcome::rule, "The rule's id.")
      .def_readonly("effect", &rule_outcome::effect, "\"show\" or \"hide\": what the rule does to the option.")
      .def_readonly("matched", &rule_outcome::matched, "Whether the rule holds for the circumstances.")
      .def_readonly("text", &rule_outcome::text, "The rule's description: when it shows or hides, for readers.")
      .def(
          "to_dict",
          [](const rule_outcome& r) {
            py::dict out;
            out["rule"] = to_python(std::string_view(r.rule));
            out["effect"] = to_python(std::string_view(r.effect));
            out["matched"] = r.matched;
            out["text"] = to_python(std::string_view(r.text));
            return out;
          },
          "The outcome as a dict: {rule, effect, matched, text}, as Result.to_dict() has it.")
      .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
      .def("__repr__", [](const rule_outcome& r) {
        return "RuleOutcome(rule=" + repr_of(r.rule) + ", effect=" + repr_of(r.effect) +
               ", matched=" + (r.matched ? "True" : "False") + ")";
      });

  // ---- RelevantOption, NotShownOption ----
  py::class_<relevant_ref>(m, "RelevantOption",
                           "An option shown for the circumstances: its strategy, score and reasons.")
      .def_property_readonly(
          "strategy", [](const relevant_ref& o) { return strategy_object(o.r->source_catalog(), o.option().strategy); },
          "The Strategy shown.")
      .def_property_readonly(
          "id", [](const relevant_ref& o) { return o.option().strategy->id; }, "The strategy's id.")
      .def_property_readonly(
          "score", [](const relevant_ref& o) { return o.option().score; },
          "Sum of the weights of the matching rules that show it.")
      .def_property_readonly(
          "reasons",
          [](const relevant_ref& o) {
            const auto& reasons = o.option().reasons;
            py::list out(reasons.size());
            const auto& cited = o.option().from_record;
            for (std::size_t i = 0; i < reasons.size(); ++i) {
              out[i] = py::cast(reason{reasons[i]->id, reasons[i]->reason_for(o.option().strategy->id),
                                       i < cited.size() ? cited[i] : std::string()});
            }
            return out;
          },
          "The matching rules that show it, in rule order.")
      .def("__repr__", [](const relevant_ref& o) {
        std::string ids;
        for (const cc::rule* r : o.option().reasons) ids += (ids.empty() ? "" : ", ") + repr_of(r->id);
        return "<RelevantOption " + o.option().strategy->id + " score=" + score_text(o.option().score) + " reasons=[" +
               ids + "]>";
      });

  py::class_<not_shown_ref>(m, "NotShownOption",
                            "An option not shown for the circumstances, with the rules that could have "
                            "shown it (or hid it).")
      .def_property_readonly(
          "strategy",
          [](const not_shown_ref& o) { return strategy_object(o.r->source_catalog(), o.option().strategy); },
          "The Strategy not shown.")
      .def_property_readonly(
          "id", [](const not_shown_ref& o) { return o.option().strategy->id; }, "The strategy's id.")
      .def_property_readonly(
          "explanation", [](const not_shown_ref& o) { return o.explanation(); },
          "One sentence on why the option is not shown.")
      .def_property_readonly(
          "rules",
          [](const not_shown_ref& o) {
            // The order of result::to_json(): hiding rules, overruled show rules, unmatched ones.
            const auto& option = o.option();
            py::list out;
            const auto add = [&](cc::rule_list list, const char* effect, bool matched) {
              for (const cc::rule* r : list) out.append(py::cast(rule_outcome{r->id, effect, matched, r->description}));
            };
            add(option.hidden_by, "hide", true);
            add(option.overruled, "show", true);
            add(option.unmatched, "show", false);
            return out;
          },
          "The rules naming the option, as RuleOutcome objects.")
      .def_property_readonly(
          "hidden_by",
          [](const not_shown_ref& o) {
            py::list out;
            for (const cc::rule* r : o.option().hidden_by) out.append(to_python(std::string_view(r->id)));
            return out;
          },
          "Ids of the matching rules that hide it.")
      .def_property_readonly(
          "overruled",
          [](const not_shown_ref& o) {
            py::list out;
            for (const cc::rule* r : o.option().overruled) out.append(to_python(std::string_view(r->id)));
            return out;
          },
          "Ids of the matching show rules overruled by a hide rule.")
      .def_property_readonly(
          "unmatched",
          [](const not_shown_ref& o) {
            py::list out;
            for (const cc::rule* r : o.option().unmatched) out.append(to_python(std::string_view(r->id)));
            return out;
          },
          "Ids of the show rules naming it that did not match.")
      .def("__repr__", [](const not_shown_ref& o) {
        return "<NotShownOption " + o.option().strategy->id + ": " + repr_of(o.explanation()) + ">";
      });

  py::class_<undecided_ref>(m, "UndecidedOption",
                            "An option whose showing depends on what the circumstances did not answer (facts, "
                            "lists open or not answered): answering them decides it.")
      .def_property_readonly(
          "strategy",
          [](const undecided_ref& o) { return strategy_object(o.r->source_catalog(), o.option().strategy); },
          "The Strategy that may be shown.")
      .def_property_readonly(
          "id", [](const undecided_ref& o) { return o.option().strategy->id; }, "The strategy's id.")
      .def_property_readonly(
          "facts",
          [](const undecided_ref& o) {
            py::list out;
            for (const cc::fact* f : o.option().facts) out.append(fact_dict(*f));
            return out;
          },
          "The facts not answered that decide it, as dicts {id, label, description, type, values?}.")
      .def_property_readonly(
          "lists",
          [](const undecided_ref& o) {
            py::list out;
            const auto& labels = o.r->source_catalog().labels();
            for (const std::string_view key : o.option().lists) {
              for (const auto& l : cc::detail::rule_data_lists) {
                if (l.key != key) continue;
                py::dict d;
                d["id"] = py::str(key.data(), key.size());
                d["label"] = cc::label_text(labels, l.label);
                out.append(d);
              }
            }
            return out;
          },
          "The lists open or not answered that decide it, as dicts {id, label} (label: the catalog's words, "
          "e.g. \"Symptoms\").")
      .def_property_readonly(
          "rules", [](const undecided_ref& o) { return rule_ids(o.option().rules); },
          "Ids of the undecided rules naming it (show rules, then hide rules).")
      .def_property_readonly(
          "shown_by", [](const undecided_ref& o) { return rule_ids(o.option().shown_by); },
          "Ids of the rules that show it and are true (when only a hide rule is undecided).")
      .def("__repr__", [](const undecided_ref& o) {
        std::string facts;
        for (const cc::fact* f : o.option().facts) facts += (facts.empty() ? "" : ", ") + repr_of(f->id);
        for (const std::string_view l : o.option().lists)
          facts += (facts.empty() ? "" : ", ") + repr_of(std::string(l));
        return "<UndecidedOption " + o.option().strategy->id + " depends on [" + facts + "]>";
      });

  // ---- Table (carecompare::table) ----
  py::class_<cc::table>(m, "Table",
                        "A comparison table (Catalog.make_table(), Result.make_table()): rows are options, "
                        "columns chosen fields, with the disclaimer, sources and catalog version that go with "
                        "it. Notebooks show it as HTML.")
      .def_readonly("caption", &cc::table::caption, "What the table compares.")
      .def_property_readonly(
          "columns",
          [](const cc::table& t) {
            py::list out;
            for (const auto& c : t.columns) {
              py::dict column;
              column["field"] = to_python(std::string_view(c.field));
              column["label"] = to_python(std::string_view(c.label));
              out.append(column);
            }
            return out;
          },
          "The columns, as dicts {field, label}.")
      .def_property_readonly(
          "rows",
          [](const cc::table& t) {
            py::list out;
            for (const auto& row : t.rows) {
              py::dict cells;
              for (std::size_t i = 0; i < t.columns.size() && i < row.cells.size(); ++i) {
                cells[py::str(t.columns[i].field)] = cell_value(row.cells[i]);
              }
              py::dict r;
              r["id"] = to_python(std::string_view(row.id));
              r["cells"] = cells;
              out.append(r);
            }
            return out;
          },
          "The rows, as dicts {id, cells: {field: str, or list of str for list fields}}.")
      .def_readonly("disclaimer", &cc::table::disclaimer, "The catalog's disclaimer: show it with the table.")
      .def(
          "render",
          [](const cc::table& t, const std::string& format, bool full_page, std::size_t width) {
            const cc::render_options options = render_options_of(format, full_page, width);
            py::gil_scoped_release release;
            return cc::render(t, options);
          },
          py::arg("format") = "markdown", py::arg("full_page") = false, py::arg("width") = 100,
          "The table as markdown, html, text, csv or json, with the disclaimer, sources and dates.")
      .def(
          "_repr_html_", [](const cc::table& t) { return render_as(t, cc::table_format::html); },
          "The accessible HTML table, for notebooks.")
      .def(
          "_repr_markdown_", [](const cc::table& t) { return render_as(t, cc::table_format::markdown); },
          "The Markdown table, for notebooks.")
      .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
      .def("__repr__", [](const cc::table& t) {
        return "<Table " + repr_of(t.caption) + ": " + std::to_string(t.rows.size()) + " rows, " +
               std::to_string(t.columns.size()) + " columns>";
      });

  // ---- Result ----
  py::class_<result_ref>(m, "Result",
                         "The options relevant to stated circumstances, ranked, with reasons; and the "
                         "others, with why not. Informational, never advice: show `disclaimer` with it.")
      .def_property_readonly(
          "relevant", [](const result_ref& self) { return option_refs<relevant_ref>(self.r, self.r->relevant()); },
          "Options shown, highest score first, ties in catalog order.")
      .def_property_readonly(
          "undecided", [](const result_ref& self) { return option_refs<undecided_ref>(self.r, self.r->undecided()); },
          "Options that depend on facts not answered, in catalog order.")
      .def_property_readonly(
          "not_answered",
          [](const result_ref& self) {
            py::list out;
            for (const cc::fact* f : self.r->not_answered()) out.append(fact_dict(*f));
            return out;
          },
          "The declared facts the circumstances did not answer, as dicts {id, label, description, type, "
          "values?}: what to ask next.")
      .def_property_readonly(
          "not_shown", [](const result_ref& self) { return option_refs<not_shown_ref>(self.r, self.r->not_shown()); },
          "Every other option, in catalog order.")
      .def_property_readonly(
          "disclaimer", [](const result_ref& self) { return self.r->disclaimer(); },
          "The catalog's disclaimer: show it with every result.")
      .def_property_readonly(
          "catalog", [](const result_ref& self) { return self.catalog; }, "The Catalog the result comes from.")
      .def_property_readonly(
          "circumstances", [](const result_ref& self) { return to_python(self.r->stated().to_json()); },
          "The circumstances answered: {sites, symptoms, goals, facts}, and open and not_answered (list "
          "names) when a list is such.")
      .def_property_readonly(
          "record", [](const result_ref& self) { return self.record; },
          "For filter(fhir=...): what the record gave and where (Catalog.read_fhir()'s dict), else None.")
      .def(
          "to_dict",
          [](const result_ref& self) {
            py::object out = to_python(self.r->to_json());
            if (!self.record.is_none()) out["record"] = self.record;
            return out;
          },
          "The result as `carecompare show --format json` prints it: catalog, circumstances, relevant, "
          "not_shown, sources, disclaimer (and record, for filter(fhir=...)).")
      .def(
          "table",
          [](const result_ref& self, const std::string& format, const py::object& columns, bool include_not_shown,
             const py::object& only, bool full_page, std::size_t width) {
            cc::table_options options;
            options.columns = name_list(columns, "columns");
            options.only = name_list(only, "only");
            options.include_not_shown = include_not_shown;
            return render_table(*self.r, options, render_options_of(format, full_page, width));
          },
          py::arg("format") = "markdown", py::arg("columns") = py::none(), py::arg("include_not_shown") = false,
          py::arg("only") = py::none(), py::arg("full_page") = false, py::arg("width") = 100,
          "The result as a comparison table (markdown, html, text, csv or json), with the disclaimer.")
      .def(
          "make_table",
          [](const result_ref& self, const py::object& columns, bool include_not_shown, const py::object& only) {
            cc::table_options options;
            options.columns = name_list(columns, "columns");
            options.only = name_list(only, "only");
            options.include_not_shown = include_not_shown;
            py::gil_scoped_release release;
            return cc::make_table(*self.r, options);
          },
          py::arg("columns") = py::none(), py::arg("include_not_shown") = false, py::arg("only") = py::none(),
          "The result's comparison table as a Table object (render it, or let a notebook show it).")
      .def(
          "to_records",
          [](const result_ref& self, const py::object& columns, bool include_not_shown, const py::object& only) {
            cc::table_options options;
            options.columns = name_list(columns, "columns");
            options.only = name_list(only, "only");
            options.include_not_shown = include_not_shown;
            return result_records(*self.r, options).rows;
          },
          py::arg("columns") = py::none(), py::arg("include_not_shown") = false, py::arg("only") = py::none(),
          "The rows of table() as plain dicts, one per option: id, the columns' fields (a str, or a list "
          "of str), status (\"relevant\", \"undecided\" or \"not_shown\"), score (a float for relevant "
          "options, None otherwise) and reasons (a list of str).")
      .def(
          "to_pandas",
          [](const result_ref& self, const py::object& columns, bool include_not_shown, const py::object& only) {
            cc::table_options options;
            options.columns = name_list(columns, "columns");
            options.only = name_list(only, "only");
            options.include_not_shown = include_not_shown;
            return data_frame(result_records(*self.r, options));
          },
          py::arg("columns") = py::none(), py::arg("include_not_shown") = false, py::arg("only") = py::none(),
          "to_records() as a pandas.DataFrame, with the disclaimer and the catalog in its `attrs`. Needs "
          "pandas (an optional dependency): ImportError otherwise.")
      .def(
          "_repr_html_", [](const result_ref& self) { return result_display(*self.r, cc::table_format::html); },
          "The HTML table of the options shown and undecided, then the others with why, collapsed.")
      .def(
          "_repr_markdown_", [](const result_ref& self) { return result_display(*self.r, cc::table_format::markdown); },
          "The Markdown table of the options shown and undecided, then the others with why, collapsed.")
      .def("__repr__", [](const result_ref& self) {
        std::string shown;
        for (const auto& o : self.r->relevant()) {
          shown += (shown.empty() ? "" : ", ") + o.strategy->id + " " + score_text(o.score);
        }
        std::string undecided;
        if (!self.r->undecided().empty()) undecided = std::to_string(self.r->undecided().size()) + " undecided, ";
        return "<Result relevant=[" + shown + "], " + undecided + std::to_string(self.r->not_shown().size()) +
               " not shown>";
      });

  // ---- Catalog ----
  py::class_<cc::catalog>(m, "Catalog",
                          "A validated, immutable catalog of care strategies.\n\n"
                          "Load one with Catalog.builtin(), Catalog.from_file() or Catalog.from_json(); "
                          "filter() answers which options are relevant to a situation, table() and "
                          "make_table() compare them. Loading is strict: CatalogError lists every problem "
                          "with its JSON Pointer.\n\n"
                          "Thread safety: a Catalog is immutable; share it freely between threads (loading, "
                          "filtering and rendering release the GIL).\n\n"
                          ">>> catalog = Catalog.builtin()\n"
                          ">>> [option.id for option in catalog.filter(sites=[\"bone\"]).relevant]\n"
                          "['radiation-therapy', 'physical-therapy', 'monitoring']")
      .def_static(
          "builtin", [] { return cc::catalog::builtin(); }, py::call_guard<py::gil_scoped_release>(),
          "The builtin catalog (metastatic breast cancer), embedded in the library: reads no file.")
      .def_static(
          "from_file",
          [](const std::filesystem::path& path, bool strict, std::vector<std::filesystem::path> translations,
             std::string locale) {
            cc::load_options options = load_options_of(strict);
            options.translations = std::move(translations);
            options.locale = std::move(locale);
            return cc::catalog::from_file(path, options);
          },
          py::arg("path"), py::kw_only(), py::arg("strict") = false,
          py::arg("translations") = std::vector<std::filesystem::path>{}, py::arg("locale") = std::string(),
          py::call_guard<py::gil_scoped_release>(),
          "Loads a catalog JSON file.\n\n"
          "Args:\n"
          "    path: the catalog file (carecompare.catalog/1).\n"
          "    strict: also refuse what are otherwise warnings (rules that never fire, missing "
          "decision-aid keys...).\n"
          "    translations: overlay files (carecompare.translation/1), each checked against the catalog.\n"
          "    locale: the BCP 47 tag to show: es-MX falls back to es, then to the catalog's own texts; "
          "\"\" with one overlay uses it.\n\n"
          "Returns:\n"
          "    The validated Catalog, in the texts of `locale`.\n\n"
          "Raises:\n"
          "    CatalogError: naming the file and every problem, each with its JSON Pointer (.problems).")
      .def_static(
          "check", &catalog_check, py::arg("source"), py::kw_only(), py::arg("strict") = false,
          py::arg("readability") = false, py::arg("max_grade") = 8.0,
          "Checks the JSON text of a catalog being written, as `carecompare validate` does, and says what it "
          "finds, whether the catalog loads or not: the document of the C ABI's carecompare_catalog_check().\n\n"
          "Args:\n"
          "    source: JSON text (str or bytes).\n"
          "    strict: warnings count against `valid`.\n"
          "    readability: also grade the texts readers see, with a warning 245 at each text above max_grade.\n"
          "    max_grade: the highest Flesch-Kincaid grade a text may have.\n\n"
          "Returns:\n"
          "    A dict: valid, strategies and rules (None when it does not load), problems (each as "
          "Problem.to_dict()), omitted, readability (None unless asked for).\n\n"
          "Raises:\n"
          "    TypeError: source is not str or bytes.\n"
          "    ValueError: max_grade is not a number.")
      .def_static("from_json", &catalog_from_json, py::arg("source"), py::kw_only(), py::arg("strict") = false,
                  "Loads a catalog from JSON text or Python values.\n\n"
                  "Args:\n"
                  "    source: JSON text (str or bytes) or the document as a dict.\n"
                  "    strict: also refuse what are otherwise warnings.\n\n"
                  "Returns:\n"
                  "    The validated Catalog.\n\n"
                  "Raises:\n"
                  "    CatalogError: with every problem, each with its JSON Pointer (a syntax error with "
                  "its line and column).")
      .def(
          "to_dict",
          [](const cc::catalog& c) {
            nlohmann::json value;
            {
              py::gil_scoped_release release;
              value = c.to_json_value();
            }
            return to_python(value);
          },
          "The catalog as Python values; Catalog.from_json(cat.to_dict()) == cat.")
      .def(
          "to_json", [](const cc::catalog& c, std::optional<int> indent) { return c.to_json(indent ? *indent : -1); },
          py::arg("indent") = 2, py::call_guard<py::gil_scoped_release>(),
          "The catalog as JSON text (indent=None: compact).")
      .def(
          "with_translation",
          [](const cc::catalog& c, const py::object& source) {
            cc::translation overlay = translation_of(source);
            py::gil_scoped_release release;
            return c.with_translation(overlay);
          },
          py::arg("source"),
          "The catalog in the texts of a translation overlay (carecompare.translation/1): a path "
          "(pathlib.Path), JSON text (str or bytes) or a dict. Same ids, rules and logic; a text the "
          "overlay does not translate stays the original. Raises CatalogError with JSON Pointers into "
          "the overlay.")
      .def_property_readonly("translation", &translation_report_of,
                             "What the translation gave (locale, reviewed, texts, translated, percent, "
                             "missing, warnings, summary), or None for a catalog in its own texts.")
      .def_property_readonly("id", &cc::catalog::id, "The catalog's id (kebab-case).")
      .def_property_readonly("title", &cc::catalog::title, "What the catalog covers, as readers see it.")
      .def_property_readonly(
          "condition", [](const cc::catalog& c) { return c.info().condition; }, "The condition the catalog is about.")
      .def_property_readonly(
          "locale", [](const cc::catalog& c) { return c.info().locale; },
          "The language of its texts, a BCP 47 tag (the overlay's, for a translated catalog).")
      .def_property_readonly(
          "version", [](const cc::catalog& c) { return c.info().version.to_string(); },
          "The catalog's version (a semantic version; not the library's __version__).")
      .def_property_readonly(
          "published", [](const cc::catalog& c) { return c.info().published.to_string(); },
          "When this version was published, YYYY-MM-DD.")
      .def_property_readonly(
          "last_reviewed", [](const cc::catalog& c) { return c.info().last_reviewed.to_string(); },
          "When the content was last reviewed, YYYY-MM-DD.")
      .def_property_readonly("disclaimer", &cc::catalog::disclaimer,
                             "The disclaimer: show it with everything taken from the catalog.")
      .def_property_readonly(
          "about",
          [](const cc::catalog& c) {
            // What the catalog says about itself as a decision aid: the keys it gives.
            const nlohmann::json info = cc::encode(c.info());
            nlohmann::json out = nlohmann::json::object();
            for (const char* key : {"authors", "funding", "conflicts_of_interest", "update_policy", "next_review"}) {
              if (info.contains(key)) out[key] = info[key];
            }
            return to_python(out);
          },
          "What the catalog says about itself as a decision aid: authors ([{name, role}]), funding, "
          "conflicts_of_interest, update_policy, next_review (the keys it gives).")
      .def_property_readonly(
          "strategies",
          [](const cc::catalog& c) {
            const auto& all = c.strategies();
            py::list out(all.size());
            for (std::size_t i = 0; i < all.size(); ++i) out[i] = strategy_object(c, &all[i]);
            return out;
          },
          "The strategies, in catalog order.")
      .def(
          "strategy",
          [](const cc::catalog& c, const std::string& id) {
            const cc::strategy* s = c.find_strategy(id);
            if (s == nullptr) throw py::key_error(id);
            return strategy_object(c, s);
          },
          py::arg("id"), "The strategy with this id; KeyError when there is none.")
      .def_property_readonly(
          "sources", [](const cc::catalog& c) { return to_python(cc::encode(c.sources())); },
          "The works it cites, as dicts {id, title, publisher?, url?, accessed?}.")
      .def_property_readonly(
          "vocabulary", [](const cc::catalog& c) { return to_python(cc::encode(c.vocabulary())); },
          "The ids circumstances use: {sites, symptoms, goals}, each a list of {id, label}.")
      .def_property_readonly(
          "columns", [](const cc::catalog& c) { return to_python(cc::encode(c.columns())); },
          "The default columns of its tables, as dicts {field, label}.")
      .def_property_readonly(
          "rules", [](const cc::catalog& c) { return to_python(cc::encode(c.rules())); },
          "Its rules as in the catalog JSON: {id, description, when, show, hide?, weight?, reason, absent_is?}.")
      .def_property_readonly(
          "facts", [](const cc::catalog& c) { return to_python(cc::encode(c.facts())); },
          "The facts its rules read, as dicts {id, type, label, description, values?} ([] when none).")
      .def(
          "readability",
          [](const cc::catalog& c, double max_grade) {
            cc::readability_options options;
            options.max_grade = max_grade;
            return value_to_python(c.readability(options));
          },
          py::arg("max_grade") = 8.0,
          "How hard the reader-facing texts are to read: texts (pointer, counts, Flesch-Kincaid grade, quoted), "
          "grade, smog and reading_ease over the texts not quoted, and warnings (id 245) for texts above max_grade.")
      .def_property_readonly(
          "warnings", [](const cc::catalog& c) { return problem_list(c.warnings()); },
          "Problems found at load time that are not errors (rules that can never fire...).")
      .def(
          "filter",
          // One argument per list of rule_data_lists, named by its key (below), then facts.
          [](const py::object& self, const py::object& list_0, const py::object& list_1, const py::object& list_2,
             const py::object& facts, const py::object& open, const py::object& not_answered, const py::object& fhir) {
            static_assert(list_count == 3,
                          "filter() takes one argument per list: add the new list's here and in _core.pyi");
            const auto& cat = self.cast<const cc::catalog&>();
            cc::circumstances c = circumstances_of({list_0, list_1, list_2}, facts);
            read_answers(c, open, not_answered);
            if (fhir.is_none()) {
              shared_result r;
              {
                py::gil_scoped_release release;
                r = std::make_shared<const cc::result>(cat.filter(std::move(c)));
              }
              return result_ref{std::move(r), py::reinterpret_borrow<py::object>(self)};
            }
            // The record's answers; the lists given here close theirs (fhir::reading::circumstances()).
            // Each reason cites the record's answers it rests on (fhir::filter_reading()).
            cc::fhir::reading record = reading_of(cat, fhir);
            py::object evidence = reading_dict(cat, record);
            shared_result r;
            {
              py::gil_scoped_release release;
              r = std::make_shared<const cc::result>(cc::fhir::filter_reading(cat, std::move(record), c).result);
            }
            return result_ref{std::move(r), py::reinterpret_borrow<py::object>(self), std::move(evidence)};
          },
          py::arg(cc::detail::rule_data_lists[0].key.data()) = py::tuple(),
          py::arg(cc::detail::rule_data_lists[1].key.data()) = py::tuple(),
          py::arg(cc::detail::rule_data_lists[2].key.data()) = py::tuple(), py::arg("facts") = py::none(),
          py::kw_only(), py::arg("open") = py::none(), py::arg("not_answered") = py::none(),
          py::arg("fhir") = py::none(),
          "Which options are relevant to a situation.\n\n"
          "Args:\n"
          "    sites, symptoms, goals: ids of the catalog's vocabulary (catalog.vocabulary).\n"
          "    facts: answers to the catalog's declared facts, {fact id: value}; a fact left out or None "
          "is not answered.\n"
          "    open: names of lists that may hold more than they give (\"sites\", \"symptoms\", \"goals\"): "
          "what they do not list is not known, not \"no\".\n"
          "    not_answered: names of lists nobody answered (give them no ids). A list named in neither "
          "is closed: what it does not list is \"no\".\n"
          "    fhir: a health record (FHIR R4: a Bundle, a resource, a list of resources or a CDS Hooks "
          "prefetch) as a path, JSON text or Python values. Sites and symptoms it names are open lists "
          "(maybe others), facts it does not give are not answered; the lists given above close theirs. "
          "result.record holds the evidence.\n\n"
          "Returns:\n"
          "    A Result: the options shown, ranked, with reasons; those that depend on what was not "
          "answered (facts, lists open or not answered); the others, with why not.\n\n"
          "Raises:\n"
          "    CircumstancesError: for an unknown id or list name, a wrong type or an undeclared fact "
          "(.path points at it, e.g. \"/sites/0\"); RecordError: for a record that cannot be read.")
      .def(
          "to_fragment",
          [](const cc::catalog& cat, const py::object& list_0, const py::object& list_1, const py::object& list_2,
             const py::object& facts, const py::object& open, const py::object& not_answered) {
            static_assert(list_count == 3,
                          "to_fragment() takes one argument per list: add the new list's here and in _core.pyi");
            cc::circumstances c = circumstances_of({list_0, list_1, list_2}, facts);
            read_answers(c, open, not_answered);
            return c.to_fragment(cat);
          },
          py::arg(cc::detail::rule_data_lists[0].key.data()) = py::tuple(),
          py::arg(cc::detail::rule_data_lists[1].key.data()) = py::tuple(),
          py::arg(cc::detail::rule_data_lists[2].key.data()) = py::tuple(), py::arg("facts") = py::none(),
          py::kw_only(), py::arg("open") = py::none(), py::arg("not_answered") = py::none(),
          "The answers as a URL fragment (without \"#\"), as filter() takes them: a link to a page with the "
          "<care-compare> element opens with them (sites=bone,liver&open=symptoms&facts.score=3). Browsers "
          "never send a fragment to a server. \"\" when nothing is stated.\n\n"
          "Raises:\n"
          "    CircumstancesError: as filter() does, for answers this catalog refuses (.path points at it).")
      .def(
          "read_fragment",
          [](const cc::catalog& cat, const std::string& fragment) {
            return to_python(cc::circumstances::from_fragment(fragment, cat).to_json());
          },
          py::arg("fragment"),
          "Reads a URL fragment (without \"#\"), as to_fragment() writes it or a person edited it: a dict with "
          "circumstances (the answers this catalog can use, in filter()'s JSON form) and left_out (each part "
          "it could not use: id, pointer, message). Any text is read: it never raises.")
      .def(
          "read_fhir",
          [](const cc::catalog& c, const py::object& record) { return reading_dict(c, reading_of(c, record)); },
          py::arg("record"),
          "Reads a health record (FHIR R4: a Bundle, a resource, a list of resources or a CDS Hooks prefetch; "
          "a path, JSON text or Python values) in this catalog's words, without filtering: a dict of sites, "
          "symptoms, goals and facts, each with the resources that gave it (sources), set_aside, "
          "unknown_codes, problems (each with its pointer) and summary. Raises RecordError for a record "
          "that cannot be read.")
      .def(
          "to_plan_definition",
          [](const cc::catalog& c, const std::optional<std::string>& base_url, const std::string& untranslatable) {
            cc::fhir::plan_definition_options options;
            if (base_url) options.base_url = *base_url;
            if (untranslatable == "keep") {
              options.on_untranslatable = cc::fhir::untranslatable::keep;
            } else if (untranslatable != "fail") {
              throw py::value_error("untranslatable must be \"fail\" or \"keep\", not \"" + untranslatable + "\"");
            }
            return to_python(cc::fhir::plan_definition(c, options));
          },
          py::kw_only(), py::arg("base_url") = py::none(), py::arg("untranslatable") = "fail",
          "The catalog as a FHIR R4 PlanDefinition (a dict): one action per option, whose applicability "
          "condition is FHIRPath over a health record as one Bundle: true where filter(fhir=...) shows the "
          "option, false where it does not, empty where it is undecided. base_url makes its url "
          "(<base_url>/PlanDefinition/<id>; default: the catalog's url). A rule FHIRPath cannot say raises "
          "LogicError (id 505, path its node's JSON Pointer), or with untranslatable=\"keep\" stays in an "
          "extension. In this catalog's language.")
      .def(
          "table",
          [](const cc::catalog& c, const std::string& format, const py::object& columns, const py::object& only,
             bool full_page, std::size_t width) {
            cc::table_options options;
            options.columns = name_list(columns, "columns");
            options.only = name_list(only, "only");
            return render_table(c, options, render_options_of(format, full_page, width));
          },
          py::arg("format") = "markdown", py::arg("columns") = py::none(), py::arg("only") = py::none(),
          py::arg("full_page") = false, py::arg("width") = 100,
          "The comparison table of the catalog, rendered.\n\n"
          "Args:\n"
          "    format: markdown, html, text, csv or json.\n"
          "    columns: strategy fields (or \"field=Label\"); default the catalog's columns.\n"
          "    only: the strategy ids to keep; default all.\n"
          "    full_page: html: a whole page instead of a fragment.\n"
          "    width: text: the line width, at least 20.\n\n"
          "Returns:\n"
          "    The text, with the disclaimer, sources and dates after the table.\n\n"
          "Raises:\n"
          "    RenderError: for an unknown format, field or strategy id, or a width too small.")
      .def(
          "make_table",
          [](const cc::catalog& c, const py::object& columns, const py::object& only) {
            cc::table_options options;
            options.columns = name_list(columns, "columns");
            options.only = name_list(only, "only");
            py::gil_scoped_release release;
            return cc::make_table(c, options);
          },
          py::arg("columns") = py::none(), py::arg("only") = py::none(),
          "The comparison table as a Table object (render it, or let a notebook show it).")
      .def(
          "to_records",
          [](const cc::catalog& c, const py::object& columns, const py::object& only) {
            cc::table_options options;
            options.columns = name_list(columns, "columns");
            options.only = name_list(only, "only");
            return catalog_records(c, options).rows;
          },
          py::arg("columns") = py::none(), py::arg("only") = py::none(),
          "The rows of table() as plain dicts, one per strategy: id, then the columns' fields (a str, or a "
          "list of str).")
      .def(
          "to_pandas",
          [](const cc::catalog& c, const py::object& columns, const py::object& only) {
            cc::table_options options;
            options.columns = name_list(columns, "columns");
            options.only = name_list(only, "only");
            return data_frame(catalog_records(c, options));
          },
          py::arg("columns") = py::none(), py::arg("only") = py::none(),
          "to_records() as a pandas.DataFrame, with the disclaimer and the catalog in its `attrs`. Needs "
          "pandas (an optional dependency): ImportError otherwise.")
      .def(
          "_repr_html_",
          [](const cc::catalog& c) { return render_table(c, {}, render_options_of("html", false, 100)); },
          "The accessible HTML comparison table, for notebooks.")
      .def(
          "_repr_markdown_",
          [](const cc::catalog& c) { return render_table(c, {}, render_options_of("markdown", false, 100)); },
          "The Markdown comparison table, for notebooks.")
      .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
      .def("__repr__",
           [](const cc::catalog& c) {
             return "<Catalog " + repr_of(c.id()) + " " + c.info().version.to_string() + ": " +
                    std::to_string(c.strategies().size()) + " strategies, " + std::to_string(c.rules().size()) +
                    " rules>";
           })
      .def(py::pickle([](const cc::catalog& c) { return py::make_tuple(c.to_json(-1)); },
                      [](const py::tuple& state) {
                        if (state.size() != 1) throw py::value_error("invalid Catalog pickle state");
                        return cc::catalog::from_json(state[0].cast<std::string>());
                      }));

  // ---- JsonLogic (re-exported as carecompare.logic) ----
  m.attr("__name__") = "carecompare.logic";
  py::class_<cc::logic::rule>(m, "Rule", "A compiled JsonLogic rule: apply it to any number of data values.")
      .def("apply", &logic_apply, py::arg("data") = py::none(),
           "The rule's result for `data`, as jsonLogic.apply gives it.")
      .def(
          "test",
          [](const cc::logic::rule& r, const py::object& data) {
            const nlohmann::json d = data.is_none() ? nlohmann::json() : logic_json(data, "data");
            py::gil_scoped_release release;
            return cc::logic::test(r, d);
          },
          py::arg("data") = py::none(), "Whether the result is truthy (JsonLogic truthiness).")
      .def_property_readonly(
          "source", [](const cc::logic::rule& r) { return to_python(r.source()); }, "The rule as Python values.")
      .def("__repr__", [](const cc::logic::rule& r) { return "logic.Rule(" + r.source().dump() + ")"; });

  m.def(
      "is_fragment", [](std::string_view fragment) { return cc::circumstances::is_fragment(fragment); },
      py::arg("fragment"),
      "Whether a URL fragment (without \"#\") holds answers (Catalog.read_fragment()) rather than, say, "
      "the id of an anchor.");
  m.def("logic_compile", &logic_compile, py::arg("rule"), py::kw_only(), py::arg("passes") = "all",
        "Compiles a JsonLogic rule (Python values). Raises LogicError with the path of a bad node. "
        "passes: the rewrites made to the rule before it runs, each giving the same results faster: \"all\" "
        "(the default), \"none\" (the rule as written, e.g. to rule one out when a result looks wrong), or "
        "names separated by commas (\"constant_fold,text_set\"); another text raises ValueError.");
  m.def(
      "logic_apply",
      [](const py::object& rule, const py::object& data) {
        if (py::isinstance<cc::logic::rule>(rule)) return logic_apply(rule.cast<const cc::logic::rule&>(), data);
        return logic_apply(logic_compile(rule, "all"), data);
      },
      py::arg("rule"), py::arg("data") = py::none(),
      "jsonLogic.apply(rule, data) on Python values: loose equality, truthiness and number forms as "
      "json-logic-js 2.x. Raises LogicError with the path of a bad node.");
  m.def(
      "logic_truthy", [](const py::object& value) { return cc::logic::truthy(logic_json(value, "value")); },
      py::arg("value"), "jsonLogic.truthy: False for None, False, 0, \"\" and []; True otherwise (\"0\", {}).");

  m.attr("__name__") = "carecompare._core";
}
