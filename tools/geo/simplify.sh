#!/usr/bin/env bash
# Makes the map's geometry: the municipal and provincial boundaries (CBS, Kadaster; see the data
# README for the licence), simplified with mapshaper (topology kept, so neighbours still meet) to
# a few thousand points and rounded to about 10 m, keeping only the CBS code of each shape. The
# output is committed; Leerpunt embeds it and never needs the source files.
#
#   tools/geo/simplify.sh DIR_WITH_SOURCE_GEOJSON
set -euo pipefail
src=${1:?usage: tools/geo/simplify.sh DIR (with gemeentegrenzen-2024.geojson and provinciegrenzen.geojson)}
out="$(dirname "$0")/../../crates/leerpunt-web/assets/geo"
mapshaper=(npx --yes mapshaper@0.7.70)
"${mapshaper[@]}" "$src/gemeentegrenzen-2024.geojson" -simplify 4% keep-shapes \
  -filter-fields statcode -o "$out/gemeenten-2024.geojson" precision=0.0001 format=geojson
"${mapshaper[@]}" "$src/provinciegrenzen.geojson" -simplify 4% keep-shapes \
  -filter-fields statcode -o "$out/provincies.geojson" precision=0.0001 format=geojson
ls -l "$out"
