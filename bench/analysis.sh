#!/usr/bin/env bash
# Issue 4 benchmark in one run: the complete table with the platform, then the same count tables
# in base R over the exported responses, and the ratio. Needs Rscript (Debian: r-base-core).
#   DATABASE_URL=postgres://…/db bash bench/analysis.sh     (or DATA_DIR=… for PGlite)
set -euo pipefail
cd "$(dirname "$0")/.."
csv=$(mktemp --suffix=.csv)
trap 'rm -f "$csv"' EXIT
platform=$(npx tsx bench/analysis-table.ts 2>/dev/null)
echo "$platform"
npx tsx bench/export-responses.ts "$csv" 2>/dev/null
r=$(Rscript bench/r-counts.R "$csv")
echo "$r"
node -e '
const p = JSON.parse(process.argv[1]); const r = JSON.parse(process.argv[2]);
console.log(JSON.stringify({ rCountSeconds: r.countSeconds, rReadSeconds: r.readSeconds, platformSqlCountSeconds: p.sqlSeconds,
  ratioCounts: +(r.countSeconds / p.sqlSeconds).toFixed(2), ratioAll: +((r.countSeconds + r.readSeconds) / p.totalSeconds).toFixed(2) }));
' "$platform" "$r"
