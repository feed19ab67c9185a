#!/usr/bin/env bash
# Runs every test of the solution. Needs the .NET SDK (global.json names the version) and, for the
# molecule verifier, Node 20 with npm; services that later tests use are installed here, not by hand.
set -euo pipefail
cd "$(dirname "$0")"
# The molecule verifier's packages (Node), for the remote verifier tests.
if [ ! -d tools/molecule-verifier/node_modules ]; then
  npm ci --prefix tools/molecule-verifier --no-audit --no-fund --loglevel=error >/dev/null
fi
dotnet test Orchestrator.sln --configuration Release --nologo "$@"
