#!/usr/bin/env python3
"""Compiles every template of templates.json as a model with real dbt-core and writes dbt_goldens.json.

Run with the dbt venv's Python from this folder, as root (the throwaway Postgres runs as user postgres):

    /work/venv-dbt/bin/python run_dbt.py      # dbt-core 1.11.16, dbt-postgres 1.11.0

It starts a throwaway Postgres cluster on a free loopback port (dbt compile opens a connection), writes the
project of project_files.py into a temporary folder with the templates as model files, runs `dbt compile` in
batches through dbt's Python entry point, and stops the cluster. dbt stops parsing at the first model whose
render fails, so a batch that fails to parse has that model recorded as refused and is run again without it
(halved until one model is left when dbt's error names none).
Each golden holds its template and the compiled SQL, or the kind of error dbt reported (its exception class
and message). Goldens of an earlier run whose template is unchanged are kept; delete dbt_goldens.json to redo all.
"""
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

from project_files import DBT_PROJECT, HELPER_MACROS, SOURCES

HERE = pathlib.Path(__file__).resolve().parent
BATCH = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayPostgres:
    """A Postgres cluster in a temporary folder owned by user postgres, removed on exit."""

    def __enter__(self):
        self.folder = tempfile.mkdtemp(prefix="wh-diff-pg-")
        os.chmod(self.folder, 0o755)
        shutil.chown(self.folder, "postgres", "postgres")
        self.data = os.path.join(self.folder, "data")
        self.port = free_port()
        as_postgres = ["runuser", "-u", "postgres", "--"]
        subprocess.run(as_postgres + ["initdb", "-D", self.data, "-A", "trust", "-U", "postgres"], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run(as_postgres + ["pg_ctl", "-D", self.data, "-w", "-l", os.path.join(self.folder, "log"),
                                      "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1", "start"],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run(as_postgres + ["createdb", "-h", "127.0.0.1", "-p", str(self.port), "warehouse"], check=True)
        return self

    def __exit__(self, *exc):
        subprocess.run(["runuser", "-u", "postgres", "--", "pg_ctl", "-D", self.data, "-m", "fast", "stop"],
                       stdout=subprocess.DEVNULL)
        shutil.rmtree(self.folder, ignore_errors=True)


def write_project(root: pathlib.Path, port: int) -> None:
    (root / "models").mkdir(parents=True)
    (root / "macros").mkdir()
    (root / "dbt_project.yml").write_text(DBT_PROJECT)
    (root / "macros" / "helpers.sql").write_text(HELPER_MACROS)
    (root / "models" / "sources.yml").write_text(SOURCES)
    (root / "models" / "base_model.sql").write_text("select 1 as id")
    (root / "profiles.yml").write_text(
        "diff:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      host: 127.0.0.1\n"
        f"      port: {port}\n      user: postgres\n      password: ''\n      dbname: warehouse\n"
        "      schema: analytics\n      threads: 1\n")


def failing_model(message: str, names: set[str]) -> str | None:
    """The model a parse error names (dbt says `in model t0001_x (models/t0001_x.sql)`)."""
    for match in re.finditer(r"models/(t\d{4}_[a-z]+)\.sql", message):
        if match.group(1) in names:
            return match.group(1)
    return None


def compile_batch(runner, root: pathlib.Path, batch: list[dict], goldens: dict) -> None:
    models = root / "models"
    pending = {case["name"]: case for case in batch}
    while pending:
        for old in models.glob("t*.sql"):
            old.unlink()
        for name, case in pending.items():
            (models / f"{name}.sql").write_bytes(case["template"].encode("utf-8"))
        # Partial parsing (dbt's default) keeps each run to the model files that changed since the last one.
        result = runner.invoke(["compile", "--project-dir", str(root), "--profiles-dir", str(root),
                                "--quiet", "--threads", "1"])
        if result.result is None:
            message = str(result.exception)
            name = failing_model(message, set(pending))
            if name is None and len(pending) > 1:
                # Some errors (a missing env var) name no model: halve the batch until one model is left.
                cases = list(pending.values())
                for half in (cases[:len(cases) // 2], cases[len(cases) // 2:]):
                    compile_batch(runner, root, half, goldens)
                return
            name = name or next(iter(pending))
            goldens[name] = {"error": type(result.exception).__name__, "message": message,
                             "template": pending[name]["template"]}
            del pending[name]
            continue
        for node_result in result.result.results:
            node = node_result.node
            if node.name not in pending:
                continue
            if node_result.status == "error":
                goldens[node.name] = {"error": "CompilationError", "message": node_result.message}
            else:
                goldens[node.name] = {"output": node.compiled_code}
        missing = set(pending) - set(goldens)
        if missing:
            sys.exit(f"dbt compiled no result for {sorted(missing)} (an empty model file makes no node)")
        for name, case in pending.items():
            goldens[name]["template"] = case["template"]
        pending = {}


def kept_goldens(cases: list[dict], version: str) -> dict:
    """The goldens of an earlier run by the same dbt whose template is unchanged: only the rest are compiled."""
    path = HERE / "dbt_goldens.json"
    if not path.exists():
        return {}
    earlier = json.loads(path.read_text(encoding="utf-8"))
    if earlier.get("dbt_version") != version:
        return {}
    templates = {case["name"]: case["template"] for case in cases}
    return {name: golden for name, golden in earlier["goldens"].items()
            if templates.get(name) == golden.get("template")}


def main() -> None:
    # A stopped run still stops its Postgres cluster (the context manager's exit runs on SystemExit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    os.environ.update(DBT_SEND_ANONYMOUS_USAGE_STATS="False", DBT_VERSION_CHECK="False")
    from dbt.cli.main import dbtRunner
    import dbt.version

    cases = json.loads((HERE / "templates.json").read_text(encoding="utf-8"))
    goldens = kept_goldens(cases, dbt.version.__version__)
    todo = [case for case in cases if case["name"] not in goldens]
    with ThrowawayPostgres() as postgres, tempfile.TemporaryDirectory(prefix="wh-diff-dbt-") as folder:
        root = pathlib.Path(folder)
        write_project(root, postgres.port)
        runner = dbtRunner()
        for start in range(0, len(todo), BATCH):
            compile_batch(runner, root, todo[start:start + BATCH], goldens)
            print(f"{min(start + BATCH, len(todo))}/{len(todo)}", file=sys.stderr)
            # Written after each batch, so a long run can be watched (and compared) as it goes.
            done = {case["name"]: goldens[case["name"]] for case in cases if case["name"] in goldens}
            out = {"dbt_version": dbt.version.__version__, "goldens": done}
            (HERE / "dbt_goldens.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n",
                                                   encoding="utf-8")
    refused = sum(1 for golden in goldens.values() if "error" in golden)
    print(f"{len(cases)} templates, {refused} refused by dbt", file=sys.stderr)


if __name__ == "__main__":
    main()
