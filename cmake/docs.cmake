# SPDX-License-Identifier: MIT
# The API reference: Doxygen (Debian: doxygen) over the public C++ headers and the C header,
# `cmake --build <build> --target docs` -> <build>/docs/html/index.html.
#
# Every public symbol must be documented, with its parameters: Doxygen warns of one that is not,
# and with CARECOMPARE_DOCS_WERROR (on with CARECOMPARE_WERROR, as in scripts/test.sh's build
# and CI) a warning fails the target. What is not API stays out: the `detail` namespaces and
# the build macros. The XML output (<build>/docs/xml) is what scripts/docs-count.py counts.
option(CARECOMPARE_BUILD_DOCS "Add the docs target (Doxygen) when doxygen is found" ${PROJECT_IS_TOP_LEVEL})
if(NOT CARECOMPARE_BUILD_DOCS)
  return()
endif()
find_package(Doxygen 1.9)
if(NOT DOXYGEN_FOUND)
  message(STATUS "doxygen not found (Debian: doxygen): no docs target")
  return()
endif()
option(CARECOMPARE_DOCS_WERROR "Fail the docs target on a Doxygen warning (an undocumented symbol)" ${CARECOMPARE_WERROR})

set(DOXYGEN_PROJECT_NAME carecompare)
set(DOXYGEN_PROJECT_NUMBER "${PROJECT_VERSION}")
set(DOXYGEN_PROJECT_BRIEF "Compare care options side by side: the C++ API and the C ABI")
set(DOXYGEN_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/docs")
set(DOXYGEN_GENERATE_HTML YES)
set(DOXYGEN_GENERATE_XML YES)
set(DOXYGEN_GENERATE_TREEVIEW YES)
set(DOXYGEN_USE_MDFILE_AS_MAINPAGE "${PROJECT_SOURCE_DIR}/docs/reference.md")
set(DOXYGEN_STRIP_FROM_PATH "${PROJECT_SOURCE_DIR}/include" "${PROJECT_SOURCE_DIR}/docs")
set(DOXYGEN_STRIP_FROM_INC_PATH "${PROJECT_SOURCE_DIR}/include")
set(DOXYGEN_FULL_PATH_NAMES YES)
set(DOXYGEN_JAVADOC_AUTOBRIEF YES)
set(DOXYGEN_MARKDOWN_SUPPORT YES)
set(DOXYGEN_SORT_MEMBER_DOCS NO)
set(DOXYGEN_SHOW_USED_FILES NO)
set(DOXYGEN_SOURCE_BROWSER NO)
set(DOXYGEN_EXTRACT_ALL NO)
set(DOXYGEN_EXTRACT_PRIVATE NO)
set(DOXYGEN_EXTRACT_STATIC YES)
set(DOXYGEN_HIDE_UNDOC_RELATIONS YES)
set(DOXYGEN_WARN_IF_UNDOCUMENTED YES)
set(DOXYGEN_WARN_IF_DOC_ERROR YES)
set(DOXYGEN_WARN_IF_INCOMPLETE_DOC YES)
set(DOXYGEN_WARN_NO_PARAMDOC YES)
set(DOXYGEN_QUIET YES)
# No WARN_LOGFILE: the warnings go to stderr, where the build (and a failing CI step) shows them.
if(CARECOMPARE_DOCS_WERROR)
  set(DOXYGEN_WARN_AS_ERROR FAIL_ON_WARNINGS)
endif()
# The headers as a user's compiler sees them: the versioned namespace as plain `carecompare`
# (it is inline), the export macros empty, the Boost.Describe registrations invisible.
set(DOXYGEN_ENABLE_PREPROCESSING YES)
set(DOXYGEN_MACRO_EXPANSION YES)
set(DOXYGEN_EXPAND_ONLY_PREDEF YES)
set(DOXYGEN_PREDEFINED
    "CARECOMPARE_BEGIN_NAMESPACE=namespace carecompare {"
    "CARECOMPARE_END_NAMESPACE=}"
    "CARECOMPARE_CXX_API="
    "CARECOMPARE_API="
    "CARECOMPARE_FUNC="
    "BOOST_DESCRIBE_STRUCT(...)="
    "BOOST_DESCRIBE_CLASS(...)="
    "BOOST_DESCRIBE_ENUM(...)="
    "BOOST_DESCRIBE_NESTED_ENUM(...)="
    "__cplusplus"
    "CARECOMPARE_DOXYGEN")
# Not API: the detail namespaces, and the macros the headers use to write themselves.
set(DOXYGEN_EXCLUDE_SYMBOLS "detail" "*::detail" "*::detail::*" "CARECOMPARE_STRINGIFY*"
    "CARECOMPARE_LOGIC_OP_ENUMERATOR" "CARECOMPARE_DECLARE_ENCODE" "CARECOMPARE_DECLARE_TO_JSON" "CARECOMPARE_DECLARE_DECODE" "CARECOMPARE_EXTERN_DECODE"
    "CARECOMPARE_H" "CARECOMPARE_*_HPP")
set(DOXYGEN_ALIASES
    [[threadsafety=@par Thread safety^^]])

file(GLOB _cc_doc_headers CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/include/carecompare/*.hpp")
doxygen_add_docs(docs
  "${PROJECT_SOURCE_DIR}/docs/reference.md"
  "${PROJECT_SOURCE_DIR}/include/carecompare.h"
  ${_cc_doc_headers}
  COMMENT "API reference (Doxygen) in ${PROJECT_BINARY_DIR}/docs/html")
