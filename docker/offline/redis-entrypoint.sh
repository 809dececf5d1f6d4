#!/bin/sh
# As the official image: without a configuration file Redis would refuse other containers (protected mode), so a
# bare `redis-server …` listens on every interface of the container; the network, not Redis, keeps it private.
set -e
if [ "$1" = "redis-server" ] && [ "${2#-}" != "$2" -o $# -eq 1 ]; then
  shift
  set -- redis-server --protected-mode no --bind '* -::*' "$@"
fi
exec "$@"
