#!/usr/bin/env bash
# Builds and tests the consumer project against Witness, one way or the other:
#   consumer.sh installed    <witness build dir> <scratch dir> [cxx flags]
#   consumer.sh subdirectory <witness source dir> <scratch dir> [cxx flags]
# The flags carry the sanitizer of the tree under test, whose static
# libraries the consumer links.
set -euo pipefail
mode=$1 from=$2 scratch=$3 flags=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$scratch"
mkdir -p "$scratch"

configure=(-G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS=$flags"
           "-DCMAKE_EXE_LINKER_FLAGS=$flags")
case "$mode" in
  installed)
    cmake --install "$from" --prefix "$scratch/prefix" >/dev/null
    # The command comes with its completion and a man page per subcommand.
    test -f "$scratch/prefix/share/bash-completion/completions/witness"
    test -f "$scratch/prefix/share/man/man1/witness-check.1"
    cmake -S "$here/consumer" -B "$scratch/build" "${configure[@]}" \
      "-DCMAKE_PREFIX_PATH=$scratch/prefix" >/dev/null
    ;;
  subdirectory)
    cmake -S "$here/consumer" -B "$scratch/build" "${configure[@]}" \
      "-DWITNESS_SOURCE_DIR=$from" >/dev/null
    ;;
  *)
    echo "consumer.sh: unknown mode '$mode'" >&2
    exit 2
    ;;
esac
cmake --build "$scratch/build" -j 2
(cd "$scratch/build" && ctest --output-on-failure)
test -s "$scratch/build/witness-junit/consumer-scenario.xml"

if [[ "$mode" == installed ]]; then
  # COMPONENTS fake needs none of GoogleTest, yaml-cpp or RE2: each is made
  # unfindable here (RE2 comes through pkg-config, pointed at nothing).
  PKG_CONFIG_LIBDIR="$scratch/no-pkgconfig" \
    cmake -S "$here/fake-only" -B "$scratch/fake-only" "${configure[@]}" \
      "-DCMAKE_PREFIX_PATH=$scratch/prefix" -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON \
      -DCMAKE_DISABLE_FIND_PACKAGE_yaml-cpp=ON >/dev/null
  cmake --build "$scratch/fake-only" -j 2
  FLEETBOX_FAKE_RECORD="$scratch/fake-only.jsonl" "$scratch/fake-only/fake-only-helper" solo
  grep -q '"op":"create","name":"solo"' "$scratch/fake-only.jsonl"
fi
