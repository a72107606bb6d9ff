#!/usr/bin/env bash
# The zt container images (docker/*.Dockerfile), built with the local engine.
#   images.sh base                     debian:bookworm{,-slim} (made locally by
#                                      scripts/base-image.sh when missing), zt-runtime, zt-build
#   images.sh build [--prebuilt] [NAME...]
#                                      every image (or the NAMEs, e.g. zt-kms); --prebuilt copies
#                                      the binaries of build/bin (make build) instead of compiling
#                                      in the build stage
#   images.sh check [NAME...]          each image: every shared library resolves, the user is
#                                      10001, no secret-looking file in any layer
#   images.sh compose NAME...          deploy/compose/NAME.Dockerfile (postgres, redis, prometheus)
#                                      as zt-compose-NAME, for the single-host stack
#   images.sh names                    the image names
#   images.sh engine-up                a reachable docker daemon (started here when possible);
#                                      exit 1 if there is none
# Tags: zt-<name>:$ZT_IMAGE_TAG (default: the project version). DOCKER=podman works too.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# Debian's docker.io client: its built-in BuildKit builds only the stages the
# target needs and commits no container per metadata line (the classic
# builder copies the whole root filesystem for each under --storage-driver=vfs).
DOCKER=${DOCKER:-$(command -v /usr/bin/docker || command -v docker)}
export DOCKER_BUILDKIT=1
VERSION=$(sed -n 's/^project(zt VERSION \([0-9.]*\).*/\1/p' "$ROOT/CMakeLists.txt")
TAG=${ZT_IMAGE_TAG:-$VERSION}
REVISION=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)
log() { echo "images: $*"; }

# A docker daemon to talk to: the running one, or (as root, with Debian's
# docker.io) one started here as this machine allows it: no iptables, no
# bridge (containers use --network host or none), the vfs storage driver.
# Left running, like the local PostgreSQL; its log is .run/logs/dockerd.log.
engine_up() {
  "$DOCKER" info >/dev/null 2>&1 && return 0
  case "$DOCKER" in *podman) return 1 ;; esac
  command -v dockerd >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] || return 1
  mkdir -p "$ROOT/.run/logs"
  log "starting dockerd (--iptables=false --bridge=none --storage-driver=vfs)"
  nohup dockerd --iptables=false --bridge=none --storage-driver=vfs \
    >>"$ROOT/.run/logs/dockerd.log" 2>&1 &
  echo $! > "$ROOT/.run/dockerd.pid"
  local _
  for _ in $(seq 1 60); do
    "$DOCKER" info >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$ROOT/.run/dockerd.pid")" 2>/dev/null || break
    sleep 0.5
  done
  log "dockerd did not start; see .run/logs/dockerd.log"
  return 1
}

names() { (cd "$ROOT/docker" && ls zt-*.Dockerfile | sed 's/\.Dockerfile$//'); }

build_base() {  # build_base [--prebuilt]: the base images the service images start from
  engine_up || { log "no container engine (docker daemon not reachable, none could be started)"; exit 3; }
  bash "$ROOT/scripts/base-image.sh"
  log "zt-runtime:$TAG"
  "$DOCKER" build -q --network host -f "$ROOT/docker/runtime.Dockerfile" -t "zt-runtime:$TAG" "$ROOT" >/dev/null
  if [ "${1:-}" != --prebuilt ]; then
    log "zt-build:$TAG"
    "$DOCKER" build -q --network host -f "$ROOT/docker/build.Dockerfile" -t "zt-build:$TAG" "$ROOT" >/dev/null
  fi
}

build() {
  local target=release
  if [ "${1:-}" = --prebuilt ]; then target=prebuilt; shift; fi
  local list=("$@")
  [ ${#list[@]} -gt 0 ] || mapfile -t list < <(names)
  build_base "$([ $target = prebuilt ] && echo --prebuilt)"
  local n
  for n in "${list[@]}"; do
    [ -f "$ROOT/docker/$n.Dockerfile" ] || { log "no docker/$n.Dockerfile"; exit 2; }
    if [ $target = prebuilt ]; then
      local b
      for b in $(sed -n 's|^COPY \(build/bin/.*\) /usr/local/bin/$|\1|p' "$ROOT/docker/$n.Dockerfile"); do
        [ -x "$ROOT/$b" ] || { log "missing $b (make build)"; exit 1; }
      done
    fi
    log "$n:$TAG ($target)"
    "$DOCKER" build -q --network host -f "$ROOT/docker/$n.Dockerfile" --target "$target" \
      --build-arg "RUNTIME_IMAGE=zt-runtime:$TAG" --build-arg "BUILD_IMAGE=zt-build:$TAG" \
      --build-arg "VERSION=$VERSION" --build-arg "REVISION=$REVISION" -t "$n:$TAG" "$ROOT" >/dev/null
  done
  prune
}

# The images a rebuild left without a tag (each a full copy under vfs): ours only.
prune() {
  "$DOCKER" image prune -f --filter "label=org.opencontainers.image.vendor=zt" >/dev/null 2>&1 || true
}

compose() {  # compose NAME...: deploy/compose/NAME.Dockerfile as zt-compose-NAME
  engine_up || { log "no container engine"; exit 3; }
  bash "$ROOT/scripts/base-image.sh"
  local n
  for n in "$@"; do
    log "zt-compose-$n:$TAG"
    "$DOCKER" build -q --network host -f "$ROOT/deploy/compose/$n.Dockerfile" -t "zt-compose-$n:$TAG" "$ROOT" >/dev/null
  done
  prune
}

check() {
  local list=("$@") failed=0 n
  [ ${#list[@]} -gt 0 ] || mapfile -t list < <(names)
  for n in "${list[@]}"; do
    local img="$n:$TAG" user problems
    user=$("$DOCKER" image inspect -f '{{.Config.User}}' "$img")
    [ "$user" = 10001:10001 ] || { log "$img runs as '$user', not 10001:10001"; failed=1; continue; }
    # One container (each costs a root-filesystem copy under vfs): every shared
    # library of every binary resolves; no private key anywhere; no
    # secret-named file outside Debian's own (keys, passwords and seeds are
    # mounted at run time, never built in).
    problems=$("$DOCKER" run --rm --network none --read-only --user 0 --entrypoint /bin/sh "$img" -c '
      for b in /usr/local/bin/zt-*; do ldd "$b" | grep "not found" | sed "s|^|$b: |"; done
      grep -rlsI --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev -e "PRIVATE KEY-----" / | sed "s|^|private key: |"
      find /usr/local /var/lib/zt /etc /opt /srv /home /root /tmp -xdev -type f \
        \( -name "*.key" -o -name "*.pem" -o -name "*.seed" -o -name "*secret*" -o -name "*password*" \) \
        -not -path "/etc/ssl/*" -not -path "/etc/pam.d/*" | sed "s|^|secret-named file: |"' 2>&1 ||
      echo "could not run the checks")
    [ -z "$problems" ] || { log "$img:"; echo "$problems" | sed 's/^/  /'; failed=1; continue; }
    log "$img: user $user, every library resolves, no secret in the image ($("$DOCKER" image inspect -f '{{.Size}}' "$img") bytes)"
  done
  return $failed
}

case "${1:-}" in
  engine-up) engine_up ;;
  base) shift; build_base "$@" ;;
  build) shift; build "$@" ;;
  check) shift; check "$@" ;;
  compose) shift; compose "$@" ;;
  names) names ;;
  *) echo "usage: $0 engine-up|base|build [--prebuilt] [NAME...]|check [NAME...]|names" >&2; exit 2 ;;
esac
