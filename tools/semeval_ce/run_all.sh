#!/bin/sh
# The whole experiment, sequentially (2 threads, lowest priority): 2-fold out-of-fold scores on
# TRAIN (for the stacked feature) and DEV, then the model trained on all of TRAIN.
set -e
cd "$(dirname "$0")"
PY=${PY:-/work/venv-train/bin/python}
for f in 0 1; do nice -n 19 $PY train.py --folds 2 --fold $f --epochs 2 "$@"; done
nice -n 19 $PY train.py --full --epochs 2 "$@"
