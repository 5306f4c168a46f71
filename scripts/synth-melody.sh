#!/usr/bin/env bash
# Writes a synthetic melody to a WAV file: plucked and synthesised notes on a seeded pentatonic walk
# over a soft noise bed (real fingerprints have no long digital silence). The same seed always gives
# the same audio. Used for the demo data and by the tests. Needs sox.
# Usage: synth-melody.sh SEED SECONDS OUT.wav
set -euo pipefail
seed=${1:?seed} seconds=${2:?seconds} out=${3:?output file}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=$(awk -v seed="$seed" -v total="$seconds" 'BEGIN {
  srand(seed); t = 0; n = 0; base = 110 * (1 + (seed % 5) / 4)
  split("1 1.125 1.25 1.5 1.6667 2 2.25 2.5 3 3.3333", scale, " ")
  split("pluck sine triangle square sawtooth", voice, " ")
  step = int(rand() * 10) + 1
  while (t < total) {
    d = 0.18 + int(rand() * 4) * 0.12
    step += int(rand() * 5) - 2; if (step < 1) step = 2; if (step > 10) step = 9
    printf "synth %.2f %s %.1f : ", d, voice[(seed + n) % 5 + 1], base * scale[step]
    t += d; n++
  }
}' | sed 's/ : $//')
# shellcheck disable=SC2086
sox -R -q -n -r 22050 -c 1 "$tmp/melody.wav" $args
sox -R -q -n -r 22050 -c 1 "$tmp/bed.wav" synth "$(soxi -D "$tmp/melody.wav")" pinknoise vol 0.03
sox -R -q -m "$tmp/melody.wav" "$tmp/bed.wav" "$out" norm -3
