#!/usr/bin/env bash
# Regenerates the fpcalc fixtures in this directory from synthetic audio made with sox.
# Needs: sox, fpcalc (Debian libchromaprint-tools 1.5.1 produced the committed files).
# The audio itself is not kept; only fpcalc's output is (one .fpcalc and one .raw file per case).
# fpcalc exits with status 3 on input shorter than its -length (it still prints a valid
# fingerprint), so status 3 is accepted when a FINGERPRINT line was printed.
set -euo pipefail
out="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
RANDOM=20250101

notes=(220 247 262 294 330 349 392 440 494 523 587 659 698 784 880)

# melody FILE SECONDS NOTE_SECONDS WAVE: a pseudo-random melody, one synth note per step.
melody() {
  local file=$1 seconds=$2 step=$3 wave=$4 parts=() i n
  n=$(awk -v s="$seconds" -v d="$step" 'BEGIN { print int(s / d) }')
  for ((i = 0; i < n; i++)); do
    local f=${notes[RANDOM % ${#notes[@]}]}
    sox -n -r 22050 -c 1 "note$i.wav" synth "$step" "$wave" "$f" fade 0.01 "$step" 0.05
    parts+=("note$i.wav")
  done
  sox "${parts[@]}" "$file"
  rm -f note*.wav
}

fp() { # fp NAME FILE [fpcalc options...]
  local name=$1 file=$2; shift 2
  local rc=0
  fpcalc "$@" "$file" > "$out/$name.fpcalc" || rc=$?
  [[ $rc -eq 0 || $rc -eq 3 ]] && grep -q '^FINGERPRINT=' "$out/$name.fpcalc"
  rc=0
  fpcalc -raw -signed "$@" "$file" > "$out/$name.raw" || rc=$?
  [[ $rc -eq 0 || $rc -eq 3 ]] && grep -q '^FINGERPRINT=' "$out/$name.raw"
}

# 15 s plucked melody, short notes.
melody m15.wav 15 0.25 pluck
fp melody-15s m15.wav

# The same file with fpcalc -algorithm 4 (header byte 3): decodes, but AcoustID refuses it.
fp melody-15s-alg4 m15.wav -algorithm 4

# 60 s: slow sine chords over brown noise.
melody m60a.wav 60 1.5 sine
melody m60b.wav 60 0.75 triangle
sox -n -r 22050 -c 1 n60.wav synth 60 brownnoise vol 0.3
sox -m m60a.wav m60b.wav n60.wav noise-chords-60s.wav
fp noise-chords-60s noise-chords-60s.wav

# 130 s square-wave arpeggio with tremolo (longer than fpcalc's default 120 s: exit status 0).
melody m130.wav 130 0.2 square
sox m130.wav arpeggio-130s.wav tremolo 6 40 vol 0.5
fp arpeggio-130s arpeggio-130s.wav

# About 9 minutes of mixed material fingerprinted whole (-length 0): more than 2^12 items.
melody l1.wav 180 0.3 sawtooth
melody l2.wav 180 0.6 sine
sox -n -r 22050 -c 1 l3.wav synth 180 pinknoise vol 0.4 synth 180 sine amod 0.5
melody l4.wav 5 0.5 pluck
sox l1.wav l2.wav l3.wav l4.wav long-9min.wav
fp long-9min long-9min.wav -length 0

# 30 s of digital silence: every item is 627964279.
sox -n -r 22050 -c 1 silence-30s.wav trim 0 30
fp silence-30s silence-30s.wav
