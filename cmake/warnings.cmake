# SPDX-License-Identifier: MIT
# Warnings and sanitizers apply to the project's own targets only (never forced on consumers of
# the INTERFACE library). carecompare_project_options() is called for each compiled target.
add_library(carecompare_project_options INTERFACE)
if(CARECOMPARE_WARNINGS)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(carecompare_project_options INTERFACE
      -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
      -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference
      -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
    if(CARECOMPARE_WERROR)
      target_compile_options(carecompare_project_options INTERFACE -Werror)
    endif()
  elseif(MSVC)
    target_compile_options(carecompare_project_options INTERFACE /W4 $<$<BOOL:${CARECOMPARE_WERROR}>:/WX>)
  endif()
endif()
if(CARECOMPARE_SANITIZE)
  target_compile_options(carecompare_project_options INTERFACE
    -fsanitize=${CARECOMPARE_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(carecompare_project_options INTERFACE -fsanitize=${CARECOMPARE_SANITIZE})
endif()
