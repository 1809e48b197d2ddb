#!/usr/bin/env bash
# The minifleet demo: every scenario through `witness run`, one line each
# with its result and time; then the timeline of the cluster scenario's
# recording (`witness show`); then one deliberately broken run, so a new user
# sees what a failure report looks like.
#
#   examples/minifleet/demo.sh build/release     # scripts/demo.sh builds, then runs this
#
# Builds nothing: it runs the binaries already in BUILD_DIR. Exits 0 when
# every scenario passes and the broken run fails as it must.
set -uo pipefail

if (($# != 1)); then
  echo "usage: examples/minifleet/demo.sh BUILD_DIR" >&2
  exit 2
fi
build=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
runner=$here/scripts/run-scenario.sh
witness=$build/cli/witness
for binary in "$witness" "$build/examples/minifleet/minifleet" \
  "$build/examples/minifleet/minifleet-helper-fake"; do
  if [[ ! -x "$binary" ]]; then
    echo "demo.sh: '$binary' is not built; run scripts/demo.sh (or build BUILD_DIR) first" >&2
    exit 2
  fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/minifleet-demo.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# Milliseconds since the epoch.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

echo "== minifleet: a client and its helper process, checked through the fake's recording"
echo
failed=0
cluster_record=""
for name in $("$runner" --list); do
  log=$scratch/$name.log
  keep=()
  [[ $name == cluster ]] && keep=(--keep)
  started=$(now_ms)
  status=0
  "$runner" --build "$build" "${keep[@]}" "$name" >"$log" 2>&1 || status=$?
  elapsed=$(($(now_ms) - started))
  if ((status == 0)); then
    result=PASS
  else
    result=FAIL
    failed=$((failed + 1))
  fi
  printf '  %-4s  %-24s %4d.%02d s\n' "$result" "$name" $((elapsed / 1000)) \
    $((elapsed % 1000 / 10))
  if ((status != 0)); then
    sed 's/^/        | /' "$log"
  fi
  if [[ $name == cluster ]]; then
    cluster_record=$(sed -n 's/^witness: kept the record file: //p' "$log" | tail -n 1)
  fi
done
echo
if ((failed == 0)); then
  echo "all scenarios passed"
else
  echo "$failed scenario(s) failed"
fi

if [[ -n "$cluster_record" && -f "$cluster_record" ]]; then
  echo
  echo "== witness show: what the helper's fake backend received in the cluster scenario"
  echo
  "$witness" show "$cluster_record"
  rm -f "$cluster_record"
  rmdir "$(dirname "$cluster_record")" 2>/dev/null || true
fi

echo
echo "== a deliberately broken run: MINIFLEET_FAULT=mac-not-threaded"
echo "   (the client passes every create the MAC of the most recent reservation,"
echo "    not the member's own; the cluster scenario must turn red and say why)"
echo
broken_status=0
"$runner" --build "$build" --fault mac-not-threaded --expect-red 'mac' cluster \
  >"$scratch/broken.log" 2>&1 || broken_status=$?
sed 's/^/  /' "$scratch/broken.log"
echo
if ((broken_status != 0)); then
  echo "demo: the broken run did not fail as it must: the scenario cannot catch the fault" >&2
  exit 1
fi
echo "the broken run failed as intended: that is what a failure report looks like"
((failed == 0)) || exit 1
exit 0
