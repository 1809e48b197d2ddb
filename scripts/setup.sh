#!/usr/bin/env bash
# Installs what building and testing Witness needs, from Debian's packages,
# toolchain included. Installs only what is missing; as non-root it prints the
# exact apt command instead. Usage: scripts/setup.sh [--fuzz]
set -euo pipefail

# Toolchain and build tools, the libraries, and what the tests run: nm
# (binutils) on built binaries, Python with jsonschema and yaml for the
# scenario and report schema checks, strace for the one-write-per-record test,
# zsh and groff to load the generated zsh completion and man pages, and
# headless Chromium, which loads the HTML reports in the browser tests
# (label `browser`; they skip, saying so, where it is missing). Checked on
# a minimal Debian 12 (debootstrap --variant=minbase) with nothing else added.
packages=(
  g++ make cmake ninja-build pkg-config binutils
  libyaml-cpp-dev nlohmann-json3-dev libre2-dev libcli11-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev libspdlog-dev libfmt-dev
  python3 python3-jsonschema python3-yaml strace zsh groff-base chromium
)
if [[ "${1:-}" == "--fuzz" ]]; then
  # libFuzzer ships with clang's runtime.
  packages+=(clang libclang-rt-14-dev)
fi

missing=()
for pkg in "${packages[@]}"; do
  if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != 'install ok installed' ]]; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

install_command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [[ "$(id -u)" != 0 ]]; then
  echo "witness setup: missing Debian packages: ${missing[*]}" >&2
  echo "witness setup: run as root:  $install_command" >&2
  exit 1
fi
echo "witness setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
