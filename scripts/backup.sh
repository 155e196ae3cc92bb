#!/usr/bin/env bash
# Back up the database and the residents' uploaded files into a new folder, readable only by
# the user running it:
#
#   scripts/backup.sh /var/backups/app/2026-12-02
#
# DATABASE_URL names the database. Uploads are read from DJANGO_MEDIA_ROOT (default: media/ in
# the checkout); with AWS_STORAGE_BUCKET_NAME set they are in the bucket, which is backed up on
# its own (see the README). PG_BIN is the folder of a pg_dump of the server's major version or
# newer, when the one on PATH is older.
#
# The folder gets database.dump (pg_dump's custom format) and media.tar.gz. The database is dumped
# first, so the files hold at least everything the dump names, unless the retention schedule
# deletes one in between: run the backup away from the hour it runs.
set -euo pipefail
dest=${1:?usage: scripts/backup.sh DEST_FOLDER}
: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
media=${DJANGO_MEDIA_ROOT:-$(dirname "$0")/../media}

umask 077
mkdir -p "$dest"
"${PG_BIN:+$PG_BIN/}pg_dump" --format=custom --no-owner --no-privileges \
  --file="$dest/database.dump" --dbname="$DATABASE_URL"
if [ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
  echo "Uploads are in the bucket $AWS_STORAGE_BUCKET_NAME: back it up with its versioning, or" \
    "aws s3 sync s3://$AWS_STORAGE_BUCKET_NAME $dest/media"
elif [ -d "$media" ]; then
  tar --create --gzip --file="$dest/media.tar.gz" --directory="$media" .
else
  echo "No upload folder at $media: only the database is backed up." >&2
fi
echo "Backed up into $dest"
