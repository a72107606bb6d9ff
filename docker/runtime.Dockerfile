# zt-runtime: what every zt image runs on. debian:bookworm-slim with only the
# shared libraries the binaries link (docker/runtime-packages.txt), the
# unprivileged user zt (10001) and its state folder, nothing else.
# Built by scripts/images.sh as zt-runtime:<version>.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
LABEL org.opencontainers.image.vendor="zt" org.opencontainers.image.title="zt-runtime"
COPY docker/runtime-packages.txt /tmp/runtime-packages.txt
RUN apt-get update -qq \
 && grep -v '^#' /tmp/runtime-packages.txt | xargs apt-get install -y -qq --no-install-recommends >/dev/null \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt /var/log/dpkg.log /tmp/runtime-packages.txt \
 && groupadd --system --gid 10001 zt \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/zt --no-create-home --shell /usr/sbin/nologin zt \
 && install -d -m 0700 -o 10001 -g 10001 /var/lib/zt
# Services keep local state only in ZT_STATE_DIR; everything else may be a
# read-only root filesystem (docker run --read-only, readOnlyRootFilesystem).
ENV ZT_STATE_DIR=/var/lib/zt
VOLUME ["/var/lib/zt"]
USER 10001:10001
WORKDIR /var/lib/zt
