#!/usr/bin/env bash
# Proves the API–dashboard contract is checked at typecheck (decision 080): renames one field of a
# response schema in the API (the release record's `ciLow`), runs the dashboard's typecheck, and
# expects it to fail naming that field; the schema is restored on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
schema=api/src/services/release-record.ts
backup=$(mktemp)
out=$(mktemp)
cp "$schema" "$backup"
trap 'cp "$backup" "$schema"; rm -f "$backup" "$out"' EXIT
grep -q '^  ciLow: z.number().nullable(),$' "$schema"
sed -i 's/^  ciLow: z.number().nullable(),$/  ciLower: z.number().nullable(),/' "$schema"
if (cd dashboard && pnpm -s typecheck) >"$out" 2>&1; then
  echo 'contract check FAILED: the dashboard still typechecks after the API renamed ReleaseRecord.ciLow'
  exit 1
fi
# The dashboard's own files that no longer typecheck (the API's handlers fail too: they return ciLow).
grep -oE '[^ ]*dashboard/src/[^ ]*:[0-9]+:[0-9]+' "$out" | sed 's|.*/dashboard/|dashboard/|' | sort -u | head -20
if ! grep -q 'dashboard/src/' "$out"; then
  echo 'contract check FAILED: no dashboard file failed'
  exit 1
fi
echo "contract check OK: renaming ReleaseRecord.ciLow in the API fails the dashboard's typecheck ($(grep -c '^Error' "$out" || true) errors)"
