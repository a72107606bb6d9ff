#!/usr/bin/env bash
# cmake/build_info.cmake on a fresh clone: the generated source names the
# clone's HEAD commit, says "modified" only with uncommitted changes, is not
# rewritten when nothing changed (so nothing recompiles), and honours
# ZT_GIT_COMMIT; outside a checkout the commit is "unknown".
set -euo pipefail
script="$ZT_SOURCE_DIR/cmake/build_info.cmake"
work=$(mktemp -d /tmp/zt-build-info-XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "build_info_test: $*" >&2; exit 1; }
gen() { cmake -DSOURCE_DIR="$1" -DOUTPUT="$work/out.cpp" -DVERSION=9.8.7 -P "$script"; }

git init -q "$work/repo"
git -C "$work/repo" -c user.name=t -c user.email=t@t commit -q --allow-empty -m one
echo a > "$work/repo/file" && git -C "$work/repo" add file
git -C "$work/repo" -c user.name=t -c user.email=t@t commit -q -m two
git clone -q "$work/repo" "$work/clone"
head=$(git -C "$work/clone" rev-parse HEAD)

gen "$work/clone"
grep -q "build_commit() { return \"$head\"; }" "$work/out.cpp" || fail "commit is not the clone's HEAD $head"
grep -q 'build_version() { return "9.8.7"; }' "$work/out.cpp" || fail "version missing"
grep -q 'build_tree_modified() { return false; }' "$work/out.cpp" || fail "a clean clone reads as modified"

touch -d '2000-01-01' "$work/out.cpp"
gen "$work/clone"
[ "$(stat -c %Y "$work/out.cpp")" -eq "$(date -d 2000-01-01 +%s)" ] || fail "unchanged output was rewritten"

echo b >> "$work/clone/file"
gen "$work/clone"
grep -q 'build_tree_modified() { return true; }' "$work/out.cpp" || fail "uncommitted change not seen"

ZT_GIT_COMMIT=0123abc gen "$work/clone"
grep -q 'build_commit() { return "0123abc"; }' "$work/out.cpp" || fail "ZT_GIT_COMMIT ignored"

mkdir "$work/plain"
GIT_CEILING_DIRECTORIES="$work" gen "$work/plain"
grep -q 'build_commit() { return "unknown"; }' "$work/out.cpp" || fail "no checkout should give unknown"
echo "build_info_test: ok"
