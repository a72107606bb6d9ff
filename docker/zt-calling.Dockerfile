# zt-calling: Calling: call control (placeholder: health says NOT_SERVING for zt.calling.v1)
#   scripts/images.sh build zt-calling             compile in the build stage (release)
#   scripts/images.sh build --prebuilt zt-calling  copy build/bin instead (what the tests use)
# Multi-stage: "build" compiles on Debian 12 (zt-build); the runtime stages
# start from zt-runtime (debian:bookworm-slim and the runtime libraries only).
# No secret is copied into any layer: keys and passwords arrive at run time as
# mounted files (*_FILE settings).
ARG RUNTIME_IMAGE=zt-runtime:latest
ARG BUILD_IMAGE=zt-build:latest

FROM ${RUNTIME_IMAGE} AS image
ARG VERSION=0.0.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="zt-calling" \
      org.opencontainers.image.description="Calling: call control (placeholder: health says NOT_SERVING for zt.calling.v1)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.vendor="zt" \
      org.opencontainers.image.base.name="debian:bookworm-slim"
ENV ZT_GRPC_ADDRESS=0.0.0.0:7000 ZT_METRICS_ADDRESS=0.0.0.0:9100
EXPOSE 7000 9100
USER 10001:10001
# Docker-level health: grpc.health.v1 on the port ZT_GRPC_ADDRESS names (Kubernetes
# uses its native gRPC probes on the same port instead).
HEALTHCHECK --interval=10s --timeout=4s --start-period=30s --retries=3 \
  CMD ["/bin/sh", "-c", "exec zt-healthcheck \"127.0.0.1:${ZT_GRPC_ADDRESS##*:}\""]
ENTRYPOINT ["/usr/local/bin/zt-calling"]

# Fast variant: the binaries a host build left in build/bin (make build).
FROM image AS prebuilt
COPY build/bin/zt-calling build/bin/zt-healthcheck /usr/local/bin/

FROM ${BUILD_IMAGE} AS build
# The context holds no .git: the commit the binaries report (--version) comes from here.
ARG REVISION=unknown
WORKDIR /src
COPY . .
RUN export ZT_GIT_COMMIT="${REVISION}" \
 && cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DZT_VECTORS_DIR=/nonexistent >/dev/null \
 && cmake --build /build -j"$(nproc)" --target zt-calling zt-healthcheck \
 && install -d /out && install -s -m 0755 /build/bin/zt-calling /build/bin/zt-healthcheck /out/

FROM image AS release
COPY --from=build /out/ /usr/local/bin/
