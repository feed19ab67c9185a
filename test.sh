#!/usr/bin/env bash
# Runs every test of the solution. Needs the .NET SDK (global.json names the version) and, for the
# molecule verifier, Node 20 with npm; services and programs that tests use are installed here, not by hand.
set -euo pipefail
cd "$(dirname "$0")"
# The molecule verifier's packages (Node), for the remote verifier tests.
if [ ! -d tools/molecule-verifier/node_modules ]; then
  npm ci --prefix tools/molecule-verifier --no-audit --no-fund --loglevel=error >/dev/null
fi
# Redis for the cluster's clustering and storage tests, which start their own redis-server on a free
# loopback port (tests/Shared/RedisServer.cs). One on PATH is used as is; otherwise Debian's packages
# are unpacked (apt-get download + dpkg -x: no install, no service, no root) into a cache, once.
if ! command -v redis-server >/dev/null; then
  redis_home="${STEER_REDIS_HOME:-$HOME/.cache/steer-redis}"; redis_home="${redis_home%/}"
  if [ ! -e "$redis_home/usr/bin/redis-server" ]; then
    # liblzf1 and libjemalloc2: the libraries redis links that a Debian base system lacks.
    packages="redis-server redis-tools liblzf1 libjemalloc2"
    mkdir -p "$(dirname "$redis_home")"
    unpack="$(mktemp -d "$redis_home.XXXXXX")"; trap 'rm -rf "$unpack"' EXIT
    # A fresh machine has no package lists yet: update only if the download fails.
    (cd "$unpack" && { apt-get download -qq $packages 2>/dev/null || { apt-get update -qq && apt-get download -qq $packages; }; })
    for deb in "$unpack"/*.deb; do dpkg -x "$deb" "$unpack/root"; done
    # Moved in whole, so an interrupted or concurrent run never leaves a half-unpacked cache behind.
    mv -T "$unpack/root" "$redis_home" 2>/dev/null || [ -e "$redis_home/usr/bin/redis-server" ]
    rm -rf "$unpack"
  fi
  export STEER_REDIS_SERVER="$redis_home/usr/bin/redis-server"
  # Only RedisServer puts these on redis's LD_LIBRARY_PATH; nothing else in the run sees the libraries.
  STEER_REDIS_LIBRARY_PATH="$(find "$redis_home/usr/lib" -name '*.so*' -printf '%h\n' | sort -u | paste -sd:)"
  export STEER_REDIS_LIBRARY_PATH
  if LD_LIBRARY_PATH="$STEER_REDIS_LIBRARY_PATH" ldd "$STEER_REDIS_SERVER" | grep 'not found' >&2; then
    echo "redis-server in $redis_home lacks the libraries above; install them or add their packages here" >&2
    exit 1
  fi
fi
# Chromium for the job page's browser test (tests/Silo.Tests/WebPageTests.cs), which Playwright drives: Debian's
# package, never a browser build Playwright would download (none can be fetched here). One on PATH is used as is;
# installing needs root, and a fresh machine has no package lists yet, so update only if the install fails.
if [ -z "${STEER_CHROMIUM:-}" ]; then
  if ! command -v chromium >/dev/null; then
    as_root=""
    if [ "$(id -u)" -ne 0 ]; then
      if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then as_root="sudo -n"; else
        echo "the job page's test needs Chromium: run this as root or with password-less sudo (it installs Debian's chromium)," >&2
        echo "install it yourself (apt-get install -y --no-install-recommends chromium), or set STEER_CHROMIUM to a Chromium binary" >&2
        exit 1
      fi
    fi
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 ||
      { $as_root apt-get update -qq && $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; }
  fi
  STEER_CHROMIUM="$(command -v chromium)"
  export STEER_CHROMIUM
fi
dotnet test Orchestrator.sln --configuration Release --nologo "$@"
