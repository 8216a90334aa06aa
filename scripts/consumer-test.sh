#!/usr/bin/env bash
# The consumer test: packs the libraries (scripts/pack.sh) into a fresh folder feed as version <Pix2PixVersion>-consumer,
# then builds and runs tests/Consumer — an application outside Pix2Pix.sln that references the packages by
# PackageReference only — with `dotnet test`. Its restore goes to a packages folder of its own, wiped here, so every run
# extracts the Pix2Pix packages from the .nupkg files just packed (third-party packages come from the NuGet cache).
# Its output includes dotnet test's "Failed: N, Passed: N" line, which scripts/test.sh adds to its summary.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
version_suffix=consumer
version="$(sed -n 's:.*<Pix2PixVersion>\(.*\)</Pix2PixVersion>.*:\1:p' src/Directory.Build.props)-$version_suffix"
rm -rf out/consumer
scripts/pack.sh out/consumer/feed "$version_suffix" || { echo "consumer test: dotnet pack failed"; exit 1; }
echo "consumer test: packed $(ls out/consumer/feed/*.nupkg | wc -l) packages $version into out/consumer/feed"
# Restore and build without the packed projects' obj/ or the repository's build files in sight (tests/Consumer/Directory.Build.props).
dotnet test tests/Consumer/Pix2Pix.Consumer.Tests.csproj -c Release -nologo -v q -p:Pix2PixPackageVersion="$version"
