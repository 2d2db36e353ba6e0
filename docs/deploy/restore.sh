#!/usr/bin/env bash
# Restores a dump made by backup.sh into the database DATABASE_URL names, replacing what is
# there, in one transaction: either the whole dump is restored or nothing changes.
# Stop the web, worker and beat services first (docs/deploy.md, Backups).
#
#   DATABASE_URL=postgres://user:pass@host:5432/name docs/deploy/restore.sh FILE
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to restore into}"
dump="${1:?usage: restore.sh FILE (a dump made by backup.sh)}"

# --no-owner: the tables belong to whoever restores them (the site's role), whatever role
# owned them on the machine the dump came from.
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
  --exit-on-error --dbname="$DATABASE_URL" "$dump"
