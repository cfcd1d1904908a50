#!/usr/bin/env bash
# A sweep split into shards run as separate processes by GNU parallel, then merged.
#
#   deploy/gnu-parallel.sh SCENARIO --param PATH=VALUES... [other sweep options]
#
# Environment: SHARDS (default: the cores), OUT (folder for the parts and result.json,
# default ./sweep-parts), SESSION_SIM (the command, default session-sim), PARALLEL_OPTS (extra
# options for parallel, e.g. "-S host1,host2 --workdir ." to spread shards over machines over
# ssh; each machine needs session-sim and the scenario file at the same path).
#
# The one-liner it wraps:
#   seq 1 8 | parallel -q session-sim sweep S --param P --jobs 1 --shard {}/8 --out part-{}.json \
#     && session-sim merge part-*.json --out result.json
set -euo pipefail
shards=${SHARDS:-$(nproc)}
out=${OUT:-sweep-parts}
sim=${SESSION_SIM:-session-sim}
mkdir -p "$out"
rm -f "$out"/part-*.json
# -q quotes every argument (JSON arrays and spaces pass through); --halt stops at the first
# failed shard; one worker thread per shard process, as many processes as shards.
# shellcheck disable=SC2086
seq 1 "$shards" | parallel -q --will-cite --halt now,fail=1 -j "$shards" ${PARALLEL_OPTS:-} \
  $sim sweep "$@" --jobs 1 --quiet --shard "{}/$shards" --out "$out/part-{}.json"
# shellcheck disable=SC2086
$sim merge "$out"/part-*.json --out "$out/result.json"
