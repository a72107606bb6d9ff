# zt-healthcheck: grpc.health.v1 client: prints SERVING and exits 0, or exits 1
#   scripts/images.sh build zt-healthcheck             compile in the build stage (release)
#   scripts/images.sh build --prebuilt zt-healthcheck  copy build/bin instead (what the tests use)
# Multi-stage: "build" compiles on Debian 12 (zt-build); the runtime stages
# start from zt-runtime (debian:bookworm-slim and the runtime libraries only).
# No secret is copied into any layer: keys and passwords arrive at run time as
# mounted files (*_FILE settings).
ARG RUNTIME_IMAGE=zt-runtime:latest
ARG BUILD_IMAGE=zt-build:latest

FROM ${RUNTIME_IMAGE} AS image
ARG VERSION=0.0.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="zt-healthcheck" \
      org.opencontainers.image.description="grpc.health.v1 client: prints SERVING and exits 0, or exits 1" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.vendor="zt" \
      org.opencontainers.image.base.name="debian:bookworm-slim"
USER 10001:10001
# A tool, not a server: nothing to health-check.
HEALTHCHECK NONE
ENTRYPOINT ["/usr/local/bin/zt-healthcheck"]

# Fast variant: the binaries a host build left in build/bin (make build).
FROM image AS prebuilt
COPY build/bin/zt-healthcheck /usr/local/bin/

FROM ${BUILD_IMAGE} AS build
# The context holds no .git: the commit the binaries report (--version) comes from here.
ARG REVISION=unknown
WORKDIR /src
COPY . .
RUN export ZT_GIT_COMMIT="${REVISION}" \
 && cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DZT_VECTORS_DIR=/nonexistent >/dev/null \
 && cmake --build /build -j"$(nproc)" --target zt-healthcheck \
 && install -d /out && install -s -m 0755 /build/bin/zt-healthcheck /out/

FROM image AS release
COPY --from=build /out/ /usr/local/bin/
