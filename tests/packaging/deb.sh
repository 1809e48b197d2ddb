#!/usr/bin/env bash
# Builds the Debian package from a Witness build tree, installs it into a
# scratch root with dpkg, and runs the installed `witness --version`.
#   deb.sh <witness build dir> <scratch dir>
set -euo pipefail
build=$1 scratch=$2
rm -rf "$scratch"
mkdir -p "$scratch/root/var/lib/dpkg/updates" "$scratch/root/var/lib/dpkg/info"
touch "$scratch/root/var/lib/dpkg/status"
(cd "$build" && cpack -G DEB -B "$scratch/out" >/dev/null)
deb=$(ls "$scratch"/out/*.deb)
# Not `dpkg-deb --info | grep -q`: with pipefail, grep quitting early can
# kill dpkg-deb with SIGPIPE and fail the test at random.
[[ "$(dpkg-deb --field "$deb" Package)" == witness ]]
# The scratch root has no packages registered, so dependencies (present on
# this machine) are not checked against it.
dpkg --root="$scratch/root" --force-not-root --force-depends --force-script-chrootless \
  --log=/dev/null -i "$deb" >/dev/null
version=$("$scratch/root/usr/bin/witness" --version)
echo "$version"
[[ "$version" == *witness* ]]
test -f "$scratch/root/usr/include/witness/recorder.h"
# The completion scripts and a man page per subcommand, generated from --help.
test -f "$scratch/root/usr/share/bash-completion/completions/witness"
test -f "$scratch/root/usr/share/zsh/vendor-completions/_witness"
for page in witness witness-check witness-run witness-show witness-snapshot witness-diff witness-review witness-report; do
  test -f "$scratch/root/usr/share/man/man1/$page.1"
done
test -f "$scratch/root/usr/share/witness/report.schema.json"
[[ "$version" == *"report schema 1"* ]]
test -f "$scratch/root/usr/lib/x86_64-linux-gnu/cmake/witness/witness-config.cmake" ||
  test -f "$scratch/root/usr/lib/cmake/witness/witness-config.cmake"
