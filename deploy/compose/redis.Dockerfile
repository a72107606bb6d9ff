# Redis 7 from Debian for the single-host stack (deploy/compose), on the
# local debian:bookworm-slim. No persistence: zt keeps caches, pub/sub and
# the revocation feed there.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
LABEL org.opencontainers.image.vendor="zt" org.opencontainers.image.title="zt-compose-redis"
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends redis-server >/dev/null \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*
USER redis
ENV REDIS_PORT=6379
HEALTHCHECK --interval=2s --timeout=3s --retries=30 CMD ["/bin/sh", "-c", "exec redis-cli -h 127.0.0.1 -p \"$REDIS_PORT\" ping"]
ENTRYPOINT ["/bin/sh", "-c", "exec redis-server --bind 127.0.0.1 --port \"$REDIS_PORT\" --save '' --appendonly no --dir /tmp"]
