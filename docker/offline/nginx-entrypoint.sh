#!/bin/sh
# The official nginx image's template step: every /etc/nginx/templates/X.template becomes /etc/nginx/conf.d/X with
# environment variables substituted — only those matching NGINX_ENVSUBST_FILTER when it is set, so nginx's own
# $variables stay as they are.
set -e
if [ "$1" = "nginx" ] && [ -d /etc/nginx/templates ]; then
  names=$(env | cut -d= -f1 | grep -E "${NGINX_ENVSUBST_FILTER:-.}" || true)
  defined=$(for name in $names; do printf '${%s} ' "$name"; done)
  for template in /etc/nginx/templates/*.template; do
    [ -f "$template" ] || continue
    target="/etc/nginx/conf.d/$(basename "$template" .template)"
    envsubst "$defined" < "$template" > "$target"
    echo "docker-entrypoint.sh: $template -> $target"
  done
fi
exec "$@"
