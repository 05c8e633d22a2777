#!/bin/bash
# Runs criterion bench binaries (target/release/deps/planning-*, copied aside) in turn.
# usage: docs/alternate-bench.sh ROUNDS FILTER BIN...
rounds=$1; filter=$2; shift 2
for r in $(seq $rounds); do
  for b in "$@"; do
    $b --bench "$filter" --warm-up-time 1 --measurement-time 3 --discard-baseline 2>/dev/null | awk -v b=$(basename $b) '/^[a-z]/ {name=$0} /time:/ {print b "\t" name "\t" $4 $5}'
  done
done
