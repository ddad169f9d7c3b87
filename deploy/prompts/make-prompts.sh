#!/usr/bin/env bash
# Generates the gateway's Swedish voice prompts with espeak-ng (Debian: espeak-ng, sox) as
# 8 kHz mono 16-bit WAV, the format FreeSWITCH plays without transcoding on PCMA/PCMU calls.
# The committed files in sv/ were made with this script; re-run it after editing a text, or
# replace the files with recordings of a human voice (same names, same format).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p sv
make() {
  local name=$1 text=$2
  espeak-ng -v sv -s 150 -w "sv/$name.raw.wav" "$text"
  sox "sv/$name.raw.wav" -r 8000 -c 1 -b 16 "sv/$name.wav" norm -3
  rm "sv/$name.raw.wav"
  echo "sv/$name.wav: $text"
}
make press-one "Samverkanskonferens. Tryck 1 för att ansluta."
make enter-pin "Välkommen till samverkanskonferensen. Ange konferensens kod och avsluta med fyrkant."
make wrong-pin "Fel kod. Försök igen."
make joining "Du ansluts nu till konferensen."
