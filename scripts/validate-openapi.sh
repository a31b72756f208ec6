#!/usr/bin/env bash
# Validates an OpenAPI document with openapi-spec-validator (3.0 and 3.1), installed on first use into a
# virtualenv under .build/ (PyPI must be reachable then). Used by OpenAPIDocumentTests.
# usage: scripts/validate-openapi.sh FILE
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${WH_OPENAPI_VENV:-.build/openapi-venv}
if [ ! -x "$venv/bin/openapi-spec-validator" ]; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet "openapi-spec-validator==0.9.0" >&2
fi
exec "$venv/bin/openapi-spec-validator" "$1"
