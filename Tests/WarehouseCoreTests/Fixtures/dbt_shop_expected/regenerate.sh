#!/usr/bin/env bash
# Regenerates the golden files in this folder with real dbt against a real Postgres.
#
#   DBT=/path/to/venv/bin/dbt PGHOST=127.0.0.1 PGPORT=55432 PGUSER=postgres ./regenerate.sh
#
# Drops and recreates the database $DBT_SHOP_DBNAME (default `warehouse`), so point it at a
# throwaway server. The fixture is copied to a temp folder first: target/ and logs/ never land
# in the fixture, and the profiles.yml lives only in that temp folder.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
fixture="$here/../dbt_shop"
dbt="${DBT:-dbt}"
dbname="${DBT_SHOP_DBNAME:-warehouse}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-55432}" PGUSER="${PGUSER:-postgres}"
export DBT_SEND_ANONYMOUS_USAGE_STATS=False DBT_VERSION_CHECK=False

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -R "$fixture" "$work/project"
cat > "$work/profiles.yml" <<YAML
dbt_shop:
  target: dev
  outputs:
    dev:
      type: postgres
      host: $PGHOST
      port: $PGPORT
      user: $PGUSER
      password: ''
      dbname: $dbname
      schema: public
      threads: 4
YAML

dropdb --if-exists "$dbname"
createdb "$dbname"

run_dbt() { (cd "$work/project" && "$dbt" "$@" --profiles-dir "$work" --project-dir "$work/project"); }

# 1. A fresh database: no relation exists yet, so is_incremental() is false.
run_dbt seed
run_dbt compile
rm -rf "$here/models" "$here/tests"
cp -R "$work/project/target/compiled/dbt_shop/models" "$here/models"
cp -R "$work/project/target/compiled/dbt_shop/tests" "$here/tests"
python3 "$here/extract_graph.py" "$work/project/target/manifest.json" > "$here/expected_graph.json"

# 2. Prove the project is valid SQL and its data tests pass.
run_dbt run
run_dbt test

# 3. Now the incremental model exists: compile again for the is_incremental() branch.
rm -rf "$work/project/target/compiled"
run_dbt compile --select config.materialized:incremental
rm -rf "$here/expected_incremental"
mkdir -p "$here/expected_incremental"
find "$work/project/target/compiled/dbt_shop/models" -name '*.sql' -path '*marts*' | while read -r f; do
    name="$(basename "$f")"
    if grep -q "materialized='incremental'" "$fixture/models/marts/$name" 2>/dev/null; then
        cp "$f" "$here/expected_incremental/$name"
    fi
done

dropdb "$dbname"
echo "regenerated golden files in $here"
