#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian 12 machine with the .NET SDK.
# Installs from Debian the system libraries that OpenCvSharp's runtime needs and the tools the tests use; libtorch
# (TorchSharp), OpenCV (OpenCvSharp) and ONNX Runtime (Microsoft.ML.OnnxRuntime.*) come from NuGet at restore time.
# A second run finds everything in place and returns in well under a second.
set -euo pipefail

# libgtk-3-0 libdrm2 libatomic1: what OpenCvSharp4.official.runtime.linux-x64's libOpenCvSharpExtern.so links against
# beyond a minimal Debian 12 (GTK for highgui, which we never call, but the loader needs it all the same).
# python3-torch (Debian's torch 1.13) is the PyTorch peer of the benchmarks and regenerates the parity fixtures; it is
# not what we train on. fonts-dejavu-core: the loss chart (ScottPlot on SkiaSharp's self-contained Linux build, which
# has no fontconfig) finds its font by scanning /usr/share/fonts; with no font there, every label is silently left out.
APT_PACKAGES=(libgtk-3-0 libdrm2 libatomic1 python3-torch python3-onnx python3-numpy fonts-dejavu-core)

say() { printf '[bootstrap] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else say "need root to run: $*"; exit 1; fi
}

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

