#!/usr/bin/env bash
# Makes the base images locally when no image registry is reachable:
# debootstrap --variant=minbase bookworm from the mirror apt is configured
# with on this machine, trimmed like Debian's slim image, then `docker import`
# as debian:bookworm-slim (runtime stage) and debian:bookworm (build stage).
#   scripts/base-image.sh          make them unless both tags exist
#   scripts/base-image.sh --force  make them again
# Needs root, debootstrap and a running docker daemon. DOCKER=podman works too.
set -euo pipefail

DOCKER=${DOCKER:-docker}
TAGS=(debian:bookworm-slim debian:bookworm)
log() { echo "base-image: $*"; }

have_all() {
  local t
  for t in "${TAGS[@]}"; do "$DOCKER" image inspect "$t" >/dev/null 2>&1 || return 1; done
}

# The Debian archive apt uses for bookworm: deb822 .sources files first, then
# one-line sources.list entries. Read at run time, never written in the repo.
apt_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    awk 'BEGIN{RS=""; FS="\n"}
      { uri=""; ok=0
        for (i=1;i<=NF;i++) {
          if ($i ~ /^URIs:/) { split(substr($i,6), u, " "); uri=u[1] }
          if ($i ~ /^Suites:/ && $i ~ /(^|[ \t])bookworm([ \t]|$)/) ok=1
          if ($i ~ /^Types:/ && $i !~ /deb([ \t]|$)/) ok=0
        }
        if (ok && uri != "") { print uri; exit } }' "$f"
  done | head -1 | grep . && return 0
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\)[[:space:]]\+bookworm[[:space:]].*/\2/p' |
    head -1 | grep .
}

main() {
  if [ "${1:-}" != --force ] && have_all; then log "${TAGS[*]} present"; return 0; fi
  command -v debootstrap >/dev/null || { log "debootstrap missing (apt-get install debootstrap)"; exit 1; }
  [ "$(id -u)" -eq 0 ] || { log "debootstrap needs root"; exit 1; }
  local mirror; mirror=$(apt_mirror) || { log "no bookworm entry in the apt sources"; exit 1; }
  root=$(mktemp -d /var/tmp/zt-base.XXXXXX)
  trap 'rm -rf "$root"' EXIT
  log "debootstrap --variant=minbase bookworm (mirror from the apt sources)"
  debootstrap --variant=minbase bookworm "$root/rootfs" "$mirror" >"$root/debootstrap.log" 2>&1 ||
    { tail -20 "$root/debootstrap.log"; exit 1; }
  local r="$root/rootfs"
  # The same sources apt uses here (security updates included), so images and
  # host install the same package versions.
  if compgen -G '/etc/apt/sources.list.d/*.sources' >/dev/null; then
    cp /etc/apt/sources.list.d/*.sources "$r/etc/apt/sources.list.d/"
    : > "$r/etc/apt/sources.list"
  fi
  # Slim: no documentation, man pages or locales installed later either.
  cat > "$r/etc/dpkg/dpkg.cfg.d/docker-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
CFG
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$r/etc/apt/apt.conf.d/docker-no-recommends"
  find "$r/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  rm -rf "$r"/usr/share/{man,info,locale,lintian}/* "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/* \
    "$r"/var/log/* "$r"/tmp/* "$r"/root/.bash_history
  : > "$r/etc/machine-id"
  log "docker import as ${TAGS[*]}"
  tar --numeric-owner -C "$r" -c . | "$DOCKER" import \
    --change 'CMD ["bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    - "${TAGS[0]}" >/dev/null
  local t
  for t in "${TAGS[@]:1}"; do "$DOCKER" tag "${TAGS[0]}" "$t"; done
  log "done: $("$DOCKER" image inspect -f '{{.Size}}' "${TAGS[0]}") bytes"
}

main "$@"
