#!/usr/bin/env bash
# Installs every build, test and run dependency of zt from Debian 12 packages.
# Idempotent: packages already present are skipped; `apt-get update` runs at most once.
#   install-deps.sh               everything
#   install-deps.sh --build-only  what compiling needs, nothing to run or test
#                                 (the build stage of the container images)
set -euo pipefail
BUILD_ONLY=0
if [ "${1:-}" = --build-only ]; then BUILD_ONLY=1; fi

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  clang-14 libclang-rt-14-dev lld-14
  libgrpc++-dev libgrpc-dev protobuf-compiler-grpc protobuf-compiler libprotobuf-dev
  libboost-dev libboost-system-dev
  libssl-dev openssl libsodium-dev libp11-kit-dev
  libpqxx-dev libpq-dev libhiredis-dev
  prometheus-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev libspdlog-dev libfmt-dev libyaml-cpp-dev
)
RUN_PACKAGES=(
  postgresql redis-server
  curl wrk jq procps iproute2
  # The KMS's PKCS#11 master-key provider is tested on SoftHSM2.
  softhsm2 libsofthsm2
  chromium
  # Deployment checks (tests/e2e/deploy): Helm-semantics chart renderer,
  # promtool, and the container engines with a locally made base image.
  golang-go golang-github-masterminds-sprig-dev golang-k8s-sigs-yaml-dev
  prometheus
  docker.io docker-compose podman catatonit runc debootstrap
)

if [ $BUILD_ONLY -eq 0 ]; then PACKAGES+=("${RUN_PACKAGES[@]}"); fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# Node.js and npm: Debian's packages unless the machine already ships a Node.js
# that carries its own npm (nodesource builds conflict with Debian's npm).
if [ $BUILD_ONLY -eq 0 ]; then
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# The Debian postgresql package starts a cluster of its own under systemd-less
# containers it cannot; zt runs a private cluster instead (deploy/local/pg.sh).
echo "install-deps: done"
