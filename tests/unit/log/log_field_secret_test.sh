#!/usr/bin/env bash
# zt::log::field must refuse a secret type at compile time: the same call
# compiles on a std::string and fails, with log.h's static_assert message, on
# a crypto::SecretBytes. The first compile proves the include paths are right,
# so the second can only fail for the reason under test.
# Usage: log_field_secret_test.sh <c++ compiler> <source> -I<dir>...
set -euo pipefail
cxx=$1 src=$2
shift 2
out=$(mktemp /tmp/zt-log-field-XXXXXX)
trap 'rm -f "$out"' EXIT
fail() { echo "log_field_secret_test: $*" >&2; exit 1; }

"$cxx" -std=c++20 -fsyntax-only "$@" "$src" >"$out" 2>&1 || { cat "$out" >&2; fail "log::field on a std::string does not compile"; }
if "$cxx" -std=c++20 -fsyntax-only -DZT_LOG_SECRET "$@" "$src" >"$out" 2>&1; then
  fail "log::field on a crypto::SecretBytes compiles"
fi
grep -q "zt::log::field refuses a secret type" "$out" || { cat "$out" >&2; fail "refused, but not by log.h's static_assert"; }
echo "log::field refuses crypto::SecretBytes at compile time"
