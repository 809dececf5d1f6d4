# Stand-in for postgres:<major>-trixie: Debian's PostgreSQL server with the official image's contract — data in
# PGDATA (/var/lib/postgresql/data), a first start initialised from POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB
# and /docker-entrypoint-initdb.d, password logins over the network, the server run as the postgres user.
ARG DEBIAN_IMAGE=esy-offline/debian:trixie-slim
FROM ${DEBIAN_IMAGE}
ARG PG_MAJOR=17
# Debian would create a cluster of its own on install; the entrypoint makes the one in PGDATA instead.
RUN mkdir -p /etc/postgresql-common \
 && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.conf \
 && apt-get update \
 && apt-get install -y --no-install-recommends "postgresql-${PG_MAJOR}" \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql /docker-entrypoint-initdb.d \
 && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql \
 && chmod 3777 /var/run/postgresql
ENV PG_MAJOR=${PG_MAJOR} \
    PATH=/usr/lib/postgresql/${PG_MAJOR}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
