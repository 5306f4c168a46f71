#!/usr/bin/env bash
# Builds a corpus of real, freely licensed music from Debian game-music packages, for testing
# fingerprint lookups (whole tracks and excerpts) on recorded audio rather than synthesised melodies.
# Downloads the packages with apt-get download (no root needed) into DIR/debs (kept as a cache),
# extracts only their audio files into DIR/audio/<package>/..., drops tracks shorter than 110 s and
# writes DIR/tracks.tsv (path relative to DIR, package, licence, seconds) and DIR/packages.tsv
# (package, version, licence, .deb bytes). Idempotent: what exists already is left alone.
# See docs/music-corpus.md. Needs apt-get, dpkg-deb, ffprobe, python3.
# Usage: music-corpus.sh [DIR]   (default .stack/music)
#        MUSIC_SET=held-out music-corpus.sh DIR   music the excerpt terms were not chosen on
set -euo pipefail
DIR=${1:-.stack/music}
MIN_SECONDS=110

# package | licence (from the package's copyright file) | audio files to keep (find -path globs,
# relative to the extracted package; '!' prefix = exclude)
PACKAGES="
asc-music|GPL-2+|*/music/*.mp3
drascula-music|Drascula-License (BSD-like, DFSG-free)|*/drascula/audio/*.ogg
fretsonfire-songs-muldjord|CC-BY-SA-3.0|*/song.ogg
fretsonfire-songs-sectoid|MIT/Expat|*/song.ogg
singularity-music|CC-BY-SA-3.0|*/music/*.ogg
warzone2100-music|GPL-2+|*.opus !*_enhanced.opus
nexuiz-music|GPL-2+|*/sound/cdtracks/*.ogg
"
# Left out on purpose: warzone2100's *_enhanced.opus are remasters of track3/menu (near-duplicates
# would count as false matches); fretsonfire guitar.ogg stems duplicate song.ogg's timing;
# hyperrogue-music (64 MB) has only 3 tracks >= 110 s; fb-music-high is a tracker module.

# A second set, by other composers, for checking choices made on the first (see docs/music-corpus.md)
HELD_OUT_PACKAGES="
wesnoth-1.16-music|GPL-2+|*/music/*.ogg
"
if [ "${MUSIC_SET:-}" = held-out ]; then
  PACKAGES=$HELD_OUT_PACKAGES
fi

mkdir -p "$DIR/debs" "$DIR/audio"
seconds() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"; }

while IFS='|' read -r pkg licence globs; do
  [ -n "$pkg" ] || continue
  if ! ls "$DIR/debs/${pkg}"_*.deb >/dev/null 2>&1; then
    echo "download $pkg"
    (cd "$DIR/debs" && apt-get download -q "$pkg" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
    ls "$DIR/debs/${pkg}"_*.deb >/dev/null 2>&1 || { echo "failed to download $pkg" >&2; exit 1; }
  fi
  out=$DIR/audio/$pkg
  if [ -f "$out/.done" ]; then
    echo "have  $pkg ($(find "$out" -type f ! -name .done | wc -l) tracks)"
    continue
  fi
  deb=$(ls "$DIR/debs/${pkg}"_*.deb | tail -1)
  tmp=$(mktemp -d)
  dpkg-deb -x "$deb" "$tmp"
  # Nexuiz keeps its music in a zip (.pk3).
  find "$tmp" -name '*.pk3' -print0 | while IFS= read -r -d '' pk3; do
    python3 -m zipfile -e "$pk3" "${pk3%.pk3}.d"
  done
  rm -rf "$out"
  mkdir -p "$out"
  args=() excl=()
  read -ra gl <<<"$globs" # read does not expand the globs
  for g in "${gl[@]}"; do
    case $g in
      '!'*) excl+=(! -path "${g#!}") ;;
      *) args+=(${args[0]+-o} -path "$g") ;;
    esac
  done
  kept=0 dropped=0
  while IFS= read -r -d '' f; do
    # Name: the path below the deepest common music folder, spaces replaced, e.g.
    # audio/fretsonfire-songs-sectoid/Metal_madness-song.ogg or audio/warzone2100-music/legacy_soundtrack-track4.opus
    rel=${f#"$tmp"/}
    base=$(basename "$rel")
    parent=$(basename "$(dirname "$rel")")
    case $parent in music | audio | cdtracks) name=$base ;; *) name=$parent-$base ;; esac
    name=${name// /_}
    secs=$(seconds "$f")
    if awk -v s="$secs" -v m="$MIN_SECONDS" 'BEGIN { exit !(s < m) }'; then
      dropped=$((dropped + 1))
      continue
    fi
    cp "$f" "$out/$name"
    kept=$((kept + 1))
  done < <(find "$tmp" -type f \( "${args[@]}" \) "${excl[@]}" -print0 | sort -z)
  rm -rf "$tmp"
  touch "$out/.done"
  echo "unpacked $pkg: kept $kept tracks, dropped $dropped shorter than ${MIN_SECONDS}s"
done <<<"$PACKAGES"

# The tables are rewritten on every run (cheap) so they always describe what is on disk.
tsv=$DIR/tracks.tsv
printf 'path\tpackage\tlicence\tseconds\n' >"$tsv.tmp"
ptsv=$DIR/packages.tsv
printf 'package\tversion\tlicence\tdeb_bytes\n' >"$ptsv.tmp"
while IFS='|' read -r pkg licence globs; do
  [ -n "$pkg" ] || continue
  deb=$(ls "$DIR/debs/${pkg}"_*.deb | tail -1)
  printf '%s\t%s\t%s\t%s\n' "$pkg" "$(dpkg-deb -f "$deb" Version)" "$licence" "$(stat -c %s "$deb")" >>"$ptsv.tmp"
  find "$DIR/audio/$pkg" -type f ! -name .done -print0 | sort -z | while IFS= read -r -d '' f; do
    printf '%s\t%s\t%s\t%.2f\n' "${f#"$DIR"/}" "$pkg" "$licence" "$(seconds "$f")"
  done >>"$tsv.tmp"
done <<<"$PACKAGES"
mv "$tsv.tmp" "$tsv"
mv "$ptsv.tmp" "$ptsv"
awk -F'\t' 'NR > 1 { n++; s += $4 } END { printf "%d tracks, %.0f minutes -> ", n, s / 60 }' "$tsv"
echo "$tsv ($(du -sh "$DIR/debs" | cut -f1) of packages in $DIR/debs)"
