# PostgreSQL 15 from Debian for the single-host stack (deploy/compose), built
# on the local debian:bookworm-slim: no registry needed. Data in the volume
# /var/lib/zt-postgres; the zt role's password from the file
# POSTGRES_PASSWORD_FILE (a compose secret), never from the image.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
LABEL org.opencontainers.image.vendor="zt" org.opencontainers.image.title="zt-compose-postgres"
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/lib/postgresql/15/main /etc/postgresql/15/main \
 && install -d -o postgres -g postgres -m 0700 /var/lib/zt-postgres
COPY deploy/compose/postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint
USER postgres
VOLUME ["/var/lib/zt-postgres"]
ENV PGDATA=/var/lib/zt-postgres/data PGPORT=5432
HEALTHCHECK --interval=2s --timeout=3s --retries=30 CMD ["/bin/sh", "-c", "exec pg_isready -q -h 127.0.0.1 -p \"$PGPORT\" -U zt -d zt"]
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint"]
