#!/usr/bin/env bash
# What the standard profile's checks cost: `sanxian check` of the generated scale-1 county with
# every rule, against the same check with the rules the profile adds switched off
# (scripts/bench_profile_rules_off.toml), and the same pair on the county with its land survey
# (DLTB). Release build; hyperfine (Debian: apt install hyperfine) runs the pairs.
#   scripts/bench_profile.sh [RUNS]      (default 7)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
cargo build --release -q -p sanxian-cli -p sanxian-gen
bin=target/release
data=target/bench-data/profile
mkdir -p "$data"
[ -d "$data/county-1" ] || "$bin/sanxian-gen" --scale 1 --seed 42 --out "$data/county-1"
[ -d "$data/county-1-survey" ] ||
    "$bin/sanxian-gen" --scale 1 --seed 42 --survey --out "$data/county-1-survey"
off=scripts/bench_profile_rules_off.toml
for county in county-1 county-1-survey; do
    hyperfine -N -w 1 -r "$runs" \
        -n "$county: all rules" \
        "$bin/sanxian check $data/$county --out $data/report-all --quiet --exit-zero" \
        -n "$county: profile rules off" \
        "$bin/sanxian check $data/$county --out $data/report-off --rules $off --quiet --exit-zero"
done
