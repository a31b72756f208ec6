"""The Python baseline of bench/serve.sh: FastAPI + uvicorn[standard] + psycopg, the seed projects' stack.

It serves the same queries as `wh serve` under the same paths, from a JSON file the bench script writes
(BENCH_FASTAPI_ROUTES: {"<path>": {"sql": "...", "params": ["n", ...]}}), through a psycopg connection pool,
answering {"columns": [...], "rows": [...]} as such apps do (numerics as floats). "/bench/ceiling" returns the bytes
of BENCH_FASTAPI_CEILING_FILE from memory: FastAPI's own ceiling. Run with
`uvicorn serve_fastapi:app --workers 2 --port P` and BENCH_DATABASE_URL set.
"""

import json
import os
from datetime import date, datetime
from decimal import Decimal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from psycopg_pool import AsyncConnectionPool

ROUTES = json.load(open(os.environ["BENCH_FASTAPI_ROUTES"]))
with open(os.environ["BENCH_FASTAPI_CEILING_FILE"], "rb") as ceiling_file:
    CEILING = ceiling_file.read()

pool = AsyncConnectionPool(os.environ["BENCH_DATABASE_URL"], min_size=4, max_size=16, open=False)
app = FastAPI()


@app.on_event("startup")
async def open_pool():
    await pool.open()


@app.get("/bench/ceiling")
async def ceiling():
    return Response(CEILING, media_type="application/json")


def plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def route(path, sql, params):
    async def handler(request: Request):
        args = [int(request.query_params[name]) for name in params]
        async with pool.connection() as connection:
            cursor = await connection.execute(sql, args)
            rows = await cursor.fetchall()
            columns = [column.name for column in cursor.description]
        return JSONResponse({"columns": columns, "rows": [[plain(value) for value in row] for row in rows]})

    app.add_api_route(path, handler, methods=["GET"])


for path, spec in ROUTES.items():
    route(path, spec["sql"], spec.get("params", []))
