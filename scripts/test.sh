#!/usr/bin/env bash
# The test command: installs what is missing, builds everything and runs every
# test project against the real native libraries, then the consumer test of the NuGet packages
# (scripts/consumer-test.sh) and the README's snippets (scripts/readme_snippets.py). Ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh || exit 1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Pix2Pix.sln -c Release -nologo -v q -clp:ErrorsOnly "$@" || { echo "0 passed, 1 failed"; exit 1; }
log=$(mktemp)
dotnet test Pix2Pix.sln -c Release --no-build -nologo -v q "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# The consumer test (tests/Consumer, outside the solution): the libraries packed, then an application built on the packages.
bash scripts/consumer-test.sh 2>&1 | tee -a "$log"
consumer=${PIPESTATUS[0]}
[ "$status" -ne 0 ] || status=$consumer
# The README's snippets, run as written in a scratch folder (scripts/readme_snippets.py).
python3 scripts/readme_snippets.py 2>&1 | tee -a "$log"
snippets=${PIPESTATUS[0]}
[ "$status" -ne 0 ] || status=$snippets
summary=$(grep -Eo 'Failed: *[0-9]+, Passed: *[0-9]+' "$log" | tr -d ' ' | awk -F'[:,]' '{f+=$2; p+=$4} END {printf "%d passed, %d failed", p, f}')
projects=$(find tests -name '*.Tests.csproj' | wc -l)
reported=$(grep -Ec 'Failed: *[0-9]+, Passed: *[0-9]+' "$log")
rm -f "$log"
if [ "$status" -ne 0 ] && [ "${summary##*, }" = "0 failed" ]; then
  # A test host that crashed or a project that reported nothing still counts as a failure.
  summary="${summary%, *}, $((projects - reported > 0 ? projects - reported : 1)) failed"
fi
echo "$summary"
exit "$status"
