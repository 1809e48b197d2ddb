#!/usr/bin/env bash
# Drives minifleet through the multi-step scenarios, as the command that
# `witness run` runs. Each mode exits 0 only when minifleet behaved as the
# scenario needs; the records are then checked by witness.
#
#   drive.sh expect-failure PATTERN -- COMMAND...
#       COMMAND must exit non-zero with PATTERN (an extended regex) in its
#       output: for a create that is meant to fail.
#   drive.sh kill-client -- MINIFLEET cluster ... --hold
#       Starts the cluster, waits until it holds, kills the client with
#       SIGKILL, then requires its helper to exit on its own (no helper may
#       outlive its client): exits 1 if the helper is still there after 30 s.
#   drive.sh re-up MINIFLEET HELPER ROOT
#       Brings old-1, old-2 up and down, then re-ups them with a new member
#       new-1 whose create is made to fail.
set -euo pipefail

die() {
  echo "drive.sh: $*" >&2
  exit 1
}

# expect_failure PATTERN COMMAND...: see the file comment.
expect_failure() {
  local pattern=$1
  shift
  local output status=0
  output=$("$@" 2>&1) || status=$?
  printf '%s\n' "$output"
  if ((status == 0)); then
    die "expected '$*' to fail, but it exited 0"
  fi
  if ! grep -Eq -- "$pattern" <<<"$output"; then
    die "'$*' failed (status $status) without saying /$pattern/"
  fi
  echo "drive.sh: failed as expected (status $status)"
}

# The state and start time of pid $1 as "STATE STARTTIME", or "" when there
# is no such process. Fields after the parenthesised command name, which may
# itself contain spaces.
process_identity() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  local -a fields
  read -r -a fields <<<"${stat##*) }"
  echo "${fields[0]} ${fields[19]}"
}

kill_client() {
  local output
  output=$(mktemp "${TMPDIR:-/tmp}/minifleet-kill-client.XXXXXX")
  "$@" >"$output" 2>&1 &
  local client=$!
  local helper="" waited=0
  while ((waited < 600)); do
    helper=$(sed -n 's/^minifleet: holding .*helper pid \([0-9][0-9]*\).*/\1/p' "$output")
    [[ -n "$helper" ]] && break
    if ! kill -0 "$client" 2>/dev/null; then
      cat "$output"
      rm -f "$output"
      die "the client exited before holding its cluster"
    fi
    sleep 0.05
    waited=$((waited + 1))
  done
  if [[ -z "$helper" ]]; then
    cat "$output"
    kill -KILL "$client" 2>/dev/null || true
    rm -f "$output"
    die "the client did not hold its cluster within 30 s"
  fi
  # The start time tells the helper apart from a process that reuses its pid.
  local identity started
  identity=$(process_identity "$helper")
  started=${identity#* }
  kill -KILL "$client"
  wait "$client" 2>/dev/null || true
  echo "drive.sh: killed the client (pid $client) with SIGKILL; helper pid $helper"
  local gone=0
  for ((waited = 0; waited < 600; waited++)); do
    identity=$(process_identity "$helper")
    # Gone, a zombie nobody has reaped yet (it has exited), or another process.
    if [[ -z "$identity" || "${identity%% *}" == Z || "${identity#* }" != "$started" ]]; then
      gone=1
      break
    fi
    sleep 0.05
  done
  cat "$output"
  rm -f "$output"
  if ((!gone)); then
    kill -KILL "$helper" 2>/dev/null || true
    die "helper pid $helper outlived its killed client by 30 s (killed it now)"
  fi
  echo "drive.sh: the helper exited after its client was killed"
}

re_up() {
  local minifleet=$1 helper=$2 root=$3
  "$minifleet" cluster --helper "$helper" --root "$root" --members old-1,old-2 --fixtures 1
  expect_failure "create 'new-1'" env FLEETBOX_FAKE_FAIL_CREATE=new-1 \
    "$minifleet" cluster --helper "$helper" --root "$root" --members old-1,old-2,new-1 \
    --fixtures 1
}

mode=${1:-}
shift || true
case "$mode" in
  expect-failure)
    (($# >= 3)) && [[ $2 == -- ]] || die "usage: drive.sh expect-failure PATTERN -- COMMAND..."
    pattern=$1
    shift 2
    expect_failure "$pattern" "$@"
    ;;
  kill-client)
    (($# >= 2)) && [[ $1 == -- ]] || die "usage: drive.sh kill-client -- COMMAND..."
    shift
    kill_client "$@"
    ;;
  re-up)
    (($# == 3)) || die "usage: drive.sh re-up MINIFLEET HELPER ROOT"
    re_up "$@"
    ;;
  *)
    die "usage: drive.sh expect-failure|kill-client|re-up ..."
    ;;
esac
