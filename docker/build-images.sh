#!/bin/sh
# Builds the three Esy images from this checkout: esy-backend (API and worker), esy-user-ui and esy-admin-ui,
# labelled with the version (package.json) and the commit, and tagged :latest and :<commit>.
#
#   docker/build-images.sh                 # or, behind a TLS-intercepting proxy:
#   CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt docker/build-images.sh
#
# Settings (environment): CA_BUNDLE (a PEM bundle given to npm as a build secret, never stored in a layer),
# TAG (an extra tag instead of the commit), NODE_IMAGE and NGINX_IMAGE (base images, e.g. from your registry
# mirror), BUILD_NETWORK (default host: the build reaches the npm registry as this host does).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
version=$(node -p "require('./package.json').version")
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
tag=${TAG:-$commit}

set -- --network "${BUILD_NETWORK:-host}" --build-arg "ESY_VERSION=$version" --build-arg "ESY_COMMIT=$commit"
[ -n "${CA_BUNDLE:-}" ] && set -- "$@" --secret "id=ca,src=$CA_BUNDLE"
[ -n "${NODE_IMAGE:-}" ] && set -- "$@" --build-arg "NODE_IMAGE=$NODE_IMAGE"
[ -n "${NGINX_IMAGE:-}" ] && set -- "$@" --build-arg "NGINX_IMAGE=$NGINX_IMAGE"

nice -n 10 docker build "$@" -f docker/backend.Dockerfile -t esy-backend:latest -t "esy-backend:$tag" .
for app in user-ui admin-ui; do
  nice -n 10 docker build "$@" --build-arg "APP=$app" -f docker/ui.Dockerfile -t "esy-$app:latest" -t "esy-$app:$tag" .
done
docker image prune -f >/dev/null
docker image ls --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' | grep -E "^esy-(backend|user-ui|admin-ui):$tag\b"
