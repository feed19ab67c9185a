#!/usr/bin/env bash
# Runs every test of the solution. Needs only the .NET SDK (global.json names the version);
# services that later tests use are installed here, not by hand.
set -euo pipefail
cd "$(dirname "$0")"
dotnet test Orchestrator.sln --configuration Release --nologo "$@"
