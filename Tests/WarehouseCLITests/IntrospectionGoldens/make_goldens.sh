#!/bin/sh
# Compiles project/ with real dbt-core 1.11.16 + dbt-postgres 1.11.0 against the Postgres at $DATABASE_URL
# (postgresql://user@host:port/db) after setup.sql, and keeps each model's compiled SQL as <model>.expected.sql.
# IntrospectionGoldenTests compiles the same project with wh against the same table and compares byte for byte.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
venv=${DBT_VENV:-/work/venv-dbt}
psql "$DATABASE_URL" -q -f "$here/setup.sql"
work=$(mktemp -d)
cp -r "$here/project/." "$work/"
python3 - "$DATABASE_URL" "$work/profiles.yml" <<'PY'
import sys, urllib.parse
url = urllib.parse.urlparse(sys.argv[1])
open(sys.argv[2], "w").write(f"""goldens:
  target: dev
  outputs:
    dev:
      type: postgres
      host: {url.hostname}
      port: {url.port or 5432}
      user: {url.username}
      password: "{url.password or ''}"
      dbname: {url.path.lstrip('/')}
      schema: public
      threads: 1
""")
PY
(cd "$work" && DBT_SEND_ANONYMOUS_USAGE_STATS=False DBT_VERSION_CHECK=False \
    "$venv/bin/dbt" compile --profiles-dir . --no-partial-parse -q)
for model in objects introspect; do
    cp "$work/target/compiled/goldens/models/$model.sql" "$here/$model.expected.sql"
done
rm -rf "$work"
