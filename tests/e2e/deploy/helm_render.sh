# build_helm_render <dir>: <dir>/helm-render from helm-render/main.go, offline
# in GOPATH mode against Debian's Go sources (golang-go,
# golang-github-masterminds-sprig-dev, golang-k8s-sigs-yaml-dev).
build_helm_render() {
  local out=$1 src; src="$(dirname "${BASH_SOURCE[0]}")/helm-render/main.go"
  command -v go >/dev/null || { echo "go missing: apt-get install golang-go" >&2; return 1; }
  if [ ! -x "$out/helm-render" ] || [ "$src" -nt "$out/helm-render" ]; then
    GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOPROXY=off GOCACHE="$out/go-cache" \
      go build -o "$out/helm-render" "$src"
  fi
}
