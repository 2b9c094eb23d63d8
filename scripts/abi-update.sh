#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Records the C ABI of a build of libcarecompare.so in abi/ (default: scripts/test.sh's build,
# build/test/bindings/c/libcarecompare.so). Run it after a compatible addition to the C ABI (a new
# call, a new status value) or a new major version, and commit abi/ with the change; CI fails
# until the record holds what the library exports. See scripts/abi.sh.
exec "$(dirname "$0")/abi.sh" update "$@"
