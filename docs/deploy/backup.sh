#!/usr/bin/env bash
# Backs up the whole database in pg_dump's custom format (compressed; restore.sh puts it
# back). docs/deploy.md, Backups.
#
#   DATABASE_URL=postgres://user:pass@host:5432/name docs/deploy/backup.sh [FILE]
#
# FILE defaults to nipa_reviews-<UTC date and time>.dump in the current directory. Prints
# the path of the finished dump.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"
out="${1:-nipa_reviews-$(date -u +%Y%m%dT%H%M%SZ).dump}"

# Written under another name and renamed once complete, so an interrupted run never
# leaves a file that looks like a good backup.
pg_dump --format=custom --file="$out.partial" "$DATABASE_URL"
mv "$out.partial" "$out"
echo "$out"
