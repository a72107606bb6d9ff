# zt-build: the Debian 12 tool chain the build stage of every image compiles
# in, from the same scripts/install-deps.sh a developer runs (its build
# packages only: no database, browser or container engine).
# Built by scripts/images.sh as zt-build:<version>.
ARG BASE_IMAGE=debian:bookworm
FROM ${BASE_IMAGE}
COPY scripts/install-deps.sh /tmp/install-deps.sh
RUN bash /tmp/install-deps.sh --build-only && rm -rf /var/lib/apt/lists/* /tmp/install-deps.sh
