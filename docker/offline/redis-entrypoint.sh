#!/bin/sh
# As the official image: without a configuration file Redis would refuse other containers (protected mode), so a
# bare `redis-server [--option …]` listens on every interface of the container; the network, not Redis, keeps it
# private. A configuration file (first argument) or --version/--help is passed on untouched.
set -e
if [ "$1" = "redis-server" ]; then
  case "${2:-}" in
    -v | --version | -h | --help) ;;
    "" | --*)
      shift
      set -- redis-server --protected-mode no --bind '* -::*' "$@"
      ;;
  esac
fi
exec "$@"
