#!/usr/bin/env bash
# Runs one minifleet scenario through `witness run`: a fresh root directory,
# the minifleet command that scenario is about, and the check of what the
# fake helper recorded. CTest, the fault tests and the demo all run the
# scenarios through this script, so each scenario's command is written once.
#
#   run-scenario.sh --build build/release cluster
#   run-scenario.sh --witness W --minifleet M --helper H cluster
#   run-scenario.sh --build build/release --fault mac-not-threaded \
#       --expect-red 'differs in mac' cluster       # the scenario must fail, saying so
#   run-scenario.sh --list
#
# Exit status: witness's (0 pass, 1 the scenario failed, 2 an input error);
# with --expect-red (repeatable), 0 when the scenario failed with output
# matching every regex, 1 otherwise.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
scenario_dir=$(cd "$here/../scenarios" && pwd)
scenarios=(single fixtures cluster cluster-16-concurrent create-failure kill-client
  re-up-then-failure timing)

usage() {
  cat >&2 <<EOF
usage: run-scenario.sh [--build DIR | --witness PATH --minifleet PATH --helper PATH]
                       [--fault NAME] [--expect-red REGEX]... [--keep] SCENARIO
       run-scenario.sh --list
scenarios: ${scenarios[*]}
EOF
  exit 2
}

build="" witness="" minifleet="" helper="" fault="" expect_red=() keep=()
while (($#)); do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --witness) witness=$2; shift 2 ;;
    --minifleet) minifleet=$2; shift 2 ;;
    --helper) helper=$2; shift 2 ;;
    --fault) fault=$2; shift 2 ;;
    --expect-red) expect_red+=("$2"); shift 2 ;;
    --keep) keep=(--keep); shift ;;
    --list) printf '%s\n' "${scenarios[@]}"; exit 0 ;;
    -h|--help) usage ;;
    -*) echo "run-scenario.sh: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
(($# == 1)) || usage
name=$1
if [[ -n "$build" ]]; then
  witness=${witness:-$build/cli/witness}
  minifleet=${minifleet:-$build/examples/minifleet/minifleet}
  helper=${helper:-$build/examples/minifleet/minifleet-helper-fake}
fi
for binary in "$witness" "$minifleet" "$helper"; do
  [[ -n "$binary" && -x "$binary" ]] || {
    echo "run-scenario.sh: not an executable: '$binary' (give --build or the three paths)" >&2
    exit 2
  }
done

root=$(mktemp -d "${TMPDIR:-/tmp}/minifleet-$name.XXXXXX")
trap 'rm -rf "$root"' EXIT
drive=("$here/drive.sh")
cluster=("$minifleet" cluster --helper "$helper" --root "$root")
# What witness run expects of the command besides its recording.
expect=()
case "$name" in
  single) command=("${cluster[@]}" --members solo) ;;
  fixtures) command=("${cluster[@]}" --members fx --fixtures 2) ;;
  cluster) command=("${cluster[@]}" --members web-1,web-2,web-3 --fixtures 1) ;;
  timing) command=("${cluster[@]}" --members t-1,t-2) ;;
  cluster-16-concurrent)
    command=("${cluster[@]}" --concurrent
      --members n01,n02,n03,n04,n05,n06,n07,n08,n09,n10,n11,n12,n13,n14,n15,n16) ;;
  create-failure)
    expect=(--env FLEETBOX_FAKE_FAIL_CREATE=db-2 --expect-exit 1 --expect-output "create 'db-2'")
    command=("${cluster[@]}" --members db-1,db-2,db-3 --concurrent) ;;
  kill-client)
    command=("${drive[@]}" kill-client -- "${cluster[@]}" --members k-1,k-2,k-3 --hold) ;;
  re-up-then-failure)
    command=("${drive[@]}" re-up "$minifleet" "$helper" "$root") ;;
  *)
    echo "run-scenario.sh: unknown scenario '$name'" >&2
    usage ;;
esac

run=("$witness" run "$scenario_dir/$name.yaml" --var "root=$root" --timeout 120s "${keep[@]}"
  "${expect[@]}" -- "${command[@]}")
if [[ -n "$fault" ]]; then
  export MINIFLEET_FAULT=$fault
fi
if ((${#expect_red[@]} == 0)); then
  status=0
  "${run[@]}" || status=$?
  exit "$status"
fi

status=0
output=$("${run[@]}" 2>&1) || status=$?
printf '%s\n' "$output"
if ((status != 1)); then
  echo "run-scenario.sh: expected '$name' to fail its check (witness exit 1), got exit $status" >&2
  exit 1
fi
for regex in "${expect_red[@]}"; do
  if ! grep -Eq -- "$regex" <<<"$output"; then
    echo "run-scenario.sh: '$name' failed, but its report does not match /$regex/" >&2
    exit 1
  fi
done
# witness keeps the record file of a failed run for inspection; this failure
# was the point, so nothing is left behind.
kept=$(sed -n 's/^witness: kept the record file: //p' <<<"$output" | tail -n 1)
if [[ -n "$kept" && -f "$kept" ]]; then
  rm -f "$kept"
  rmdir "$(dirname "$kept")" 2>/dev/null || true
fi
echo "run-scenario.sh: '$name' failed as expected${fault:+ with MINIFLEET_FAULT=$fault}"
