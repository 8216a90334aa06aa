#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian 12 machine with the .NET SDK.
# Installs the system libraries of OpenCV (OpenCvSharp) and ONNX Runtime (libtorch comes with TorchSharp and OpenCV with
# OpenCvSharp's runtime package, both from NuGet at restore time) and the tools the tests use. A second run finds
# everything in place and returns in well under a second.
set -euo pipefail

# libgtk-3-0 libdrm2 libatomic1: what OpenCvSharp4.official.runtime.linux-x64's libOpenCvSharpExtern.so links against
# beyond a minimal Debian 12 (GTK for highgui, which we never call, but the loader needs it all the same).
# python3-torch (Debian's torch 1.13) is the PyTorch peer of the benchmarks and regenerates the parity fixtures; it is
# not what we train on. fonts-dejavu-core: the loss chart (ScottPlot on SkiaSharp's self-contained Linux build, which
# has no fontconfig) finds its font by scanning /usr/share/fonts; with no font there, every label is silently left out.
APT_PACKAGES=(libgtk-3-0 libdrm2 libatomic1 python3-torch python3-onnx python3-numpy fonts-dejavu-core)
ORT_VERSION=1.30.0
ORT_TGZ_SHA256=6e3390d6b783e7be946fad629292799da28d0b42f84856e50d2c1b0383291e75
ORT_LIB_SHA256=ffb75a925ba05e47b235bb66e3e3911714a80b328a9c9425539feb204aa32a23
ORT_CACHE="${PIX2PIX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pix2pix}/onnxruntime-$ORT_VERSION"

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

ort_lib="$ORT_CACHE/libonnxruntime.so.1"
if [ ! -f "$ort_lib" ] || [ "$(sha256sum "$ort_lib" | cut -d' ' -f1)" != "$ORT_LIB_SHA256" ]; then
  command -v npm >/dev/null 2>&1 || { say "npm is needed to fetch ONNX Runtime"; as_root apt-get install -y -qq npm >/dev/null; }
  say "fetching ONNX Runtime $ORT_VERSION (npm onnxruntime-node)"
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "onnxruntime-node@$ORT_VERSION" >/dev/null 2>&1)
  tgz="$tmp/onnxruntime-node-$ORT_VERSION.tgz"
  [ "$(sha256sum "$tgz" | cut -d' ' -f1)" = "$ORT_TGZ_SHA256" ] || { say "checksum mismatch for $tgz"; exit 1; }
  tar -xzf "$tgz" -C "$tmp" package/bin/napi-v6/linux/x64/libonnxruntime.so.1
  [ "$(sha256sum "$tmp/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" | cut -d' ' -f1)" = "$ORT_LIB_SHA256" ] \
    || { say "checksum mismatch for libonnxruntime.so.1"; exit 1; }
  mkdir -p "$ORT_CACHE"
  install -m 0644 "$tmp/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" "$ort_lib.tmp"
  mv -f "$ort_lib.tmp" "$ort_lib"
  say "ONNX Runtime cached at $ort_lib"
fi
