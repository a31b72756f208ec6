"""Builds dbt-utils' integration project with real dbt and writes what each model's relation holds to
relation_digests.json, which DbtUtilsCompatibilityTests compares with the relations `wh build` makes.

Usage: python3 make_goldens.py POSTGRES_HOST POSTGRES_PORT
    with dbt-core 1.11.16 + dbt-postgres 1.11.0 on PATH (or DBT=/path/to/dbt), psql on PATH and an empty
    Postgres 15 server reachable as user postgres without a password; the project is built in its database
    `postgres`, schema `dbt_utils_goldens`.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "..", "..", "..", "shared", "compat", "dbt-utils")
# Models whose rows hold the time of the build (dbt.current_timestamp()): only their row count is kept.
CLOCK_DEPENDENT = {"recency_time_included", "recency_time_excluded"}


def main(host, port):
    scratch = tempfile.mkdtemp(prefix="dbt-utils-goldens-")
    shutil.copytree(FIXTURE, os.path.join(scratch, "dbt-utils"))
    project = os.path.join(scratch, "dbt-utils", "integration_tests")
    with open(os.path.join(scratch, "profiles.yml"), "w") as profiles:
        profiles.write(
            "integration_tests:\n  target: postgres\n  outputs:\n    postgres:\n      type: postgres\n"
            f"      host: {host}\n      port: {port}\n      user: postgres\n      password: ''\n"
            "      dbname: postgres\n      schema: dbt_utils_goldens\n      threads: 4\n")
    dbt = os.environ.get("DBT", "dbt")
    for command in (["deps"], ["build", "--full-refresh"]):
        subprocess.run([dbt, *command, "--profiles-dir", scratch], cwd=project, check=True)
    with open(os.path.join(project, "target", "manifest.json")) as file:
        manifest = json.load(file)
    models = {
        node["alias"] for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"]["materialized"] != "ephemeral"
    }
    output = subprocess.run(
        ["psql", "-h", host, "-p", str(port), "-U", "postgres", "-d", "postgres", "-A", "-t", "-F", "\t",
         "-f", os.path.join(HERE, "relation_digests.sql")],
        check=True, capture_output=True, text=True).stdout
    digests = {}
    for line in output.splitlines():
        schema, name, rows, digest = line.split("\t")
        if name in models:
            if name in digests:
                sys.exit(f"{name} is in two schemas")
            digests[name] = {"rows": int(rows), "digest": None if name in CLOCK_DEPENDENT else digest}
    if set(digests) != models:
        sys.exit(f"models without a relation: {sorted(models - set(digests))}")
    with open(os.path.join(HERE, "relation_digests.json"), "w") as file:
        json.dump(digests, file, indent=2, sort_keys=True)
        file.write("\n")
    shutil.rmtree(scratch)
    print(f"{len(digests)} relations written to relation_digests.json")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
