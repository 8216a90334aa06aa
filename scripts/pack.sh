#!/usr/bin/env bash
# Packs the libraries under src/ (Pix2Pix.Packages.slnf) into a folder feed, with their .snupkg symbol packages.
#   scripts/pack.sh [feed folder (default out/feed)] [version suffix, e.g. ci.42 (default none: the version in src/Directory.Build.props)]
# Builds in a folder of its own (out/pack) so the packages' CPU ONNX Runtime dependency never touches the in-repo build
# (GPU by default), deterministically (ContinuousIntegrationBuild: source paths mapped, same inputs, same bytes).
set -euo pipefail
cd "$(dirname "$0")/.."
feed=${1:-out/feed}
suffix=${2:-}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet pack Pix2Pix.Packages.slnf -c Release -nologo -v q -clp:ErrorsOnly --artifacts-path out/pack \
  -p:ContinuousIntegrationBuild=true ${suffix:+--version-suffix "$suffix"} -o "$feed"
