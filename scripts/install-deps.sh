#!/usr/bin/env bash
# Installs the system packages wh builds against, only when they are missing (Debian/Ubuntu).
set -euo pipefail

missing=()
pkg-config --exists libpq 2>/dev/null || missing+=(libpq-dev)
pkg-config --exists rdkafka 2>/dev/null || missing+=(librdkafka-dev)
pkg-config --exists libcrypto 2>/dev/null || missing+=(libssl-dev)
[ -e /usr/include/yaml.h ] || missing+=(libyaml-dev)
# Headless Chromium loads the served pages in PagesInBrowserTests and scripts/screenshot-pages.sh.
command -v chromium >/dev/null || missing+=(chromium)
if ! command -v pg_config >/dev/null || [ ! -x "$(pg_config --bindir)/initdb" ]; then
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
fi

if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        echo "error: need root to install ${missing[*]}; run: sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
