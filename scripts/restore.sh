#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an empty database and upload folder:
#
#   createdb app_restored   # or the managed service's own way of making a database
#   DATABASE_URL=postgres://.../app_restored DJANGO_MEDIA_ROOT=/var/lib/app/media \
#     scripts/restore.sh /var/backups/app/2026-12-02
#
# It refuses a database that already has tables, and restores in one transaction: either all of
# the dump is in, or nothing. PG_BIN is the folder of pg_restore and psql, as for backup.sh.
# Then run `manage.py migrate` (the backup may predate the release being installed).
set -euo pipefail
src=${1:?usage: scripts/restore.sh BACKUP_FOLDER}
: "${DATABASE_URL:?DATABASE_URL must name the empty database to restore into}"
media=${DJANGO_MEDIA_ROOT:-$(dirname "$0")/../media}
bin=${PG_BIN:+$PG_BIN/}

tables=$("${bin}psql" --dbname="$DATABASE_URL" --no-psqlrc --tuples-only --no-align \
  --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "The database already has $tables tables: restore only into an empty one." >&2
  exit 1
fi
"${bin}pg_restore" --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$src/database.dump"
if [ -f "$src/media.tar.gz" ]; then
  mkdir -p "$media"
  tar --extract --gzip --file="$src/media.tar.gz" --directory="$media"
fi
echo "Restored $src"
