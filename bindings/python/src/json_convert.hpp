// SPDX-License-Identifier: MIT
/**
 * @file json_convert.hpp
 * Python objects <-> nlohmann::json, for the `carecompare._core` extension.
 *
 * To JSON: None, bool (checked before int: bool is an int subclass), int (64-bit, signed or
 * unsigned), float (finite only), str, list and tuple, dict (and dict subclasses) with str
 * keys. Anything else (a set, a datetime, nan, an int beyond 64 bits, a dict with int keys, a
 * list nested deeper than `max_depth` or containing itself) throws `conversion_error` with the
 * JSON Pointer of the value, e.g. `/strategies/0/kind`.
 *
 * From JSON: null -> None, booleans -> bool, integers -> int, other numbers -> float,
 * strings -> str, arrays -> list, objects -> dict.
 */
#ifndef CARECOMPARE_BINDINGS_PYTHON_JSON_CONVERT_HPP
#define CARECOMPARE_BINDINGS_PYTHON_JSON_CONVERT_HPP

#include <pybind11/pybind11.h>

#include <carecompare/codec.hpp>
#include <cmath>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "util/json_pointer.hpp"  // the core's JSON Pointer escaper (src/)

namespace carecompare_python {

namespace py = pybind11;

/// A Python value that has no JSON form, with the JSON Pointer of its spot. The binding turns
/// it into the error of the operation (CatalogError, CircumstancesError, LogicError).
class conversion_error : public std::runtime_error {
 public:
  enum class reason {
    unsupported_type,  ///< e.g. a set or a datetime.date
    bad_key,           ///< a dict key that is not a str
    not_finite,        ///< nan or inf
    out_of_range,      ///< an int outside 64 bits
    bad_text,          ///< a str with no UTF-8 form (a lone surrogate)
    too_deep           ///< nested deeper than the limit (or a list that contains itself)
  };
  conversion_error(reason why, std::string path, const std::string& message)
      : std::runtime_error((path.empty() ? std::string("(value)") : path) + ": " + message),
        path_(std::move(path)),
        message_(message),
        why_(why) {}
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// The message without the path.
  [[nodiscard]] const std::string& message() const noexcept { return message_; }
  [[nodiscard]] reason why() const noexcept { return why_; }
  [[nodiscard]] bool is_type_error() const noexcept {
    return why_ == reason::unsupported_type || why_ == reason::bad_key;
  }

 private:
  std::string path_;
  std::string message_;
  reason why_;
};

/// The Python type name of `h`, for messages ("set", "bytes", "MyClass").
inline std::string type_name(py::handle h) { return Py_TYPE(h.ptr())->tp_name; }

/// UTF-8 of a Python str; a str that has no UTF-8 form (a lone surrogate) is a ValueError.
inline std::string_view utf8_of(py::handle h, const std::string& path) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(h.ptr(), &size);
  if (data == nullptr) {
    PyErr_Clear();
    throw conversion_error(conversion_error::reason::bad_text, path,
                           "the str cannot be encoded as UTF-8 (it holds a lone surrogate)");
  }
  return {data, static_cast<std::size_t>(size)};
}

namespace detail {

inline void to_json(py::handle h, nlohmann::json& out, std::string& path, std::size_t depth, std::size_t max_depth) {
  PyObject* o = h.ptr();
  if (o == Py_None) {
    out = nullptr;
  } else if (PyBool_Check(o)) {  // before int: True is an int too
    out = (o == Py_True);
  } else if (PyLong_Check(o)) {
    int overflow = 0;
    const long long value = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow == 0) {
      if (value == -1 && PyErr_Occurred()) throw py::error_already_set();
      out = static_cast<std::int64_t>(value);
    } else {
      const unsigned long long u = overflow > 0 ? PyLong_AsUnsignedLongLong(o) : 0;
      if (overflow < 0 || (u == static_cast<unsigned long long>(-1) && PyErr_Occurred())) {
        PyErr_Clear();
        throw conversion_error(conversion_error::reason::out_of_range, path,
                               "the int is outside the 64-bit range JSON numbers are kept in");
      }
      out = static_cast<std::uint64_t>(u);
    }
  } else if (PyFloat_Check(o)) {
    const double value = PyFloat_AS_DOUBLE(o);
    if (!std::isfinite(value)) {
      throw conversion_error(conversion_error::reason::not_finite, path,
                             std::string("the float ") + (std::isnan(value) ? "nan" : "inf") +
                                 " has no JSON form (JSON numbers are finite)");
    }
    out = value;
  } else if (PyUnicode_Check(o)) {
    out = std::string(utf8_of(h, path));
  } else if (PyList_Check(o) || PyTuple_Check(o) || PyDict_Check(o)) {
    if (depth >= max_depth) {
      throw conversion_error(
          conversion_error::reason::too_deep, path,
          "nested deeper than " + std::to_string(max_depth) + " levels (does a list or dict contain itself?)");
    }
    if (PyDict_Check(o)) {
      out = nlohmann::json::object();
      PyObject* key = nullptr;
      PyObject* value = nullptr;
      Py_ssize_t pos = 0;
      while (PyDict_Next(o, &pos, &key, &value)) {
        if (!PyUnicode_Check(key)) {
          throw conversion_error(conversion_error::reason::bad_key, path,
                                 "dict keys must be str to convert to JSON, got a key of type " + type_name(key));
        }
        const std::string_view name = utf8_of(key, path);
        const carecompare::detail::pointer_guard guard(path);
        carecompare::detail::pointer_push(path, name);
        to_json(value, out[std::string(name)], path, depth + 1, max_depth);
      }
    } else {
      const bool is_list = PyList_Check(o);
      const Py_ssize_t size = is_list ? PyList_GET_SIZE(o) : PyTuple_GET_SIZE(o);
      out = nlohmann::json::array();
      out.get_ref<nlohmann::json::array_t&>().reserve(static_cast<std::size_t>(size));
      for (Py_ssize_t i = 0; i < size; ++i) {
        // A list may change size while converting (a __del__ or another thread): re-check.
        if (is_list && i >= PyList_GET_SIZE(o)) break;
        PyObject* item = is_list ? PyList_GET_ITEM(o, i) : PyTuple_GET_ITEM(o, i);
        const carecompare::detail::pointer_guard guard(path);
        carecompare::detail::pointer_push(path, static_cast<std::size_t>(i));
        out.push_back(nullptr);
        to_json(py::reinterpret_borrow<py::object>(item), out.back(), path, depth + 1, max_depth);
      }
    }
  } else {
    throw conversion_error(conversion_error::reason::unsupported_type, path,
                           "cannot convert an object of type " + type_name(h) +
                               " to JSON (expected dict, list, tuple, str, int, float, bool or None)");
  }
}

}  // namespace detail

/// `value` as JSON; `path` is the JSON Pointer that error messages start from.
inline nlohmann::json to_json(py::handle value, std::string path = {}, std::size_t max_depth = 256) {
  nlohmann::json out;
  detail::to_json(value, out, path, 0, max_depth);
  return out;
}

/// A JSON string as a Python str (invalid UTF-8, which validated input never holds, as U+FFFD).
inline py::object to_python(std::string_view text) {
  PyObject* s = PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
  if (s == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(s);
}

/// `j` as plain Python values.
inline py::object to_python(const nlohmann::json& j) {
  using value_t = nlohmann::json::value_t;
  switch (j.type()) {
    case value_t::null:
    case value_t::discarded: return py::none();
    case value_t::boolean: return py::bool_(j.get<bool>());
    case value_t::number_integer: return py::reinterpret_steal<py::object>(PyLong_FromLongLong(j.get<std::int64_t>()));
    case value_t::number_unsigned:
      return py::reinterpret_steal<py::object>(PyLong_FromUnsignedLongLong(j.get<std::uint64_t>()));
    case value_t::number_float: return py::float_(j.get<double>());
    case value_t::string: return to_python(std::string_view(j.get_ref<const std::string&>()));
    case value_t::binary: {
      const auto& bytes = j.get_binary();
      return py::bytes(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    }
    case value_t::array: {
      py::list out(j.size());
      std::size_t i = 0;
      for (const auto& item : j) out[i++] = to_python(item);
      return out;
    }
    case value_t::object: {
      py::dict out;
      for (const auto& [key, value] : j.items()) out[to_python(std::string_view(key))] = to_python(value);
      return out;
    }
  }
  return py::none();
}

}  // namespace carecompare_python

#endif  // CARECOMPARE_BINDINGS_PYTHON_JSON_CONVERT_HPP
