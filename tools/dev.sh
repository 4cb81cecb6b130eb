#!/usr/bin/env bash
# Dev tooling for jit_inventory: locate Odoo 19.0, build a reusable venv, run or test the addon.
#   tools/dev.sh run     serve database $JIT_DB (default jit_demo, with demo data) on 127.0.0.1:8069
#   tools/dev.sh test    fresh database, install jit_inventory, run its tests, ruff and pylint-odoo
#   tools/dev.sh venv    only build (or reuse) the virtual environment
#   tools/dev.sh odoo …  run odoo-bin with the project's addons path and venv
# Settings (environment): ODOO_SRC, JIT_CACHE, PYTHON, JIT_DB, JIT_PORT, TEST_DB, TEST_TAGS, TEST_PORT.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-$HOME/src/odoo-19.0}
ODOO_REPO_URL=${ODOO_REPO_URL:-https://github.com/odoo/odoo.git}
JIT_CACHE=${JIT_CACHE:-$HOME/.cache/jit_inventory}
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
JIT_DB=${JIT_DB:-jit_demo}
JIT_PORT=${JIT_PORT:-8069}
TEST_DB=${TEST_DB:-jit_test}
TEST_TAGS=${TEST_TAGS:-/jit_inventory}
TEST_PORT=${TEST_PORT:-8169}
MODULE=jit_inventory
APT_PACKAGES=(build-essential libpq-dev libldap2-dev libsasl2-dev libxml2-dev libxslt1-dev chromium)

say() { printf '\033[1m[dev]\033[0m %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

ensure_odoo() {
    [ -f "$ODOO_SRC/odoo-bin" ] && return
    say "Odoo 19.0 source not found in ODOO_SRC=$ODOO_SRC; trying a shallow clone of $ODOO_REPO_URL"
    if timeout 600 git clone --quiet --depth 1 --branch 19.0 "$ODOO_REPO_URL" "$ODOO_SRC" 2>/dev/null; then
        return
    fi
    rm -rf "$ODOO_SRC"
    die "could not get the Odoo 19.0 source. Put an Odoo 19.0 Community checkout (with odoo-bin and addons/)
       at $ODOO_SRC, or point ODOO_SRC at an existing one: ODOO_SRC=/path/to/odoo make run"
}

ensure_system_packages() {
    local missing=()
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "installing system packages: ${missing[*]}"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        say "WARNING: missing system packages (install them with your package manager): ${missing[*]}"
    fi
}

venv_dir() {
    local key
    key=$(cat "$ODOO_SRC/requirements.txt" "$REPO/requirements-dev.txt" <("$PYTHON" -VV) | sha256sum | cut -c1-12)
    echo "$JIT_CACHE/venv-$key"
}

ensure_venv() {
    ensure_odoo
    VENV=$(venv_dir)
    [ -f "$VENV/.complete" ] && return
    ensure_system_packages
    say "building virtual environment $VENV (once per change of requirements)"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade 'pip>=25.3'
    local constraints="$JIT_CACHE/build-constraints.txt"
    echo 'setuptools<81' >"$constraints"  # cbor2 5.4.2 does not build with newer setuptools
    "$VENV/bin/pip" install -q --build-constraint "$constraints" \
        -r "$ODOO_SRC/requirements.txt" -r "$REPO/requirements-dev.txt"
    touch "$VENV/.complete"
}

odoo() {
    local subcommand=()
    case "${1:-}" in -*|"") ;; *) subcommand=("$1"); shift ;; esac  # shell, db, ...
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" "${subcommand[@]}" \
        --addons-path="$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$REPO" \
        --data-dir="$JIT_CACHE/data" --http-interface=127.0.0.1 "$@"
}

db_exists() { psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; }

cmd_run() {
    ensure_venv
    if db_exists "$JIT_DB"; then
        say "database $JIT_DB exists: updating $MODULE"
        odoo -d "$JIT_DB" -u "$MODULE" --stop-after-init --log-level=warn
    else
        say "creating database $JIT_DB with $MODULE and demo data"
        odoo -d "$JIT_DB" -i "$MODULE" --with-demo --stop-after-init --log-level=warn
    fi
    say "serving http://127.0.0.1:$JIT_PORT (login admin / password admin)"
    odoo -d "$JIT_DB" --db-filter="^$JIT_DB\$" --http-port="$JIT_PORT" "$@"
}

cmd_lint() {
    ensure_venv
    local rc=0
    (cd "$REPO" && "$VENV/bin/ruff" check . && "$VENV/bin/ruff" format --check .) || rc=1
    (cd "$REPO" && "$VENV/bin/pylint" --rcfile=.pylintrc "$MODULE") || rc=1
    return $rc
}

cmd_test() {
    ensure_venv
    local log="$JIT_CACHE/test-$TEST_DB.log" rc=0
    mkdir -p "$JIT_CACHE"
    say "lint: ruff and pylint-odoo"
    cmd_lint || { say "lint FAILED"; rc=1; }
    dropdb --if-exists "$TEST_DB"
    say "testing $TEST_TAGS in a fresh database $TEST_DB (full log: $log)"
    odoo -d "$TEST_DB" -i "$MODULE" --test-enable --test-tags="$TEST_TAGS" --stop-after-init \
        --http-port="$TEST_PORT" --log-level=test --workers=0 "$@" \
        >"$log" 2>&1 || rc=1
    "$VENV/bin/python" "$REPO/tools/test_report.py" "$log" "$MODULE" || rc=1
    return $rc
}

case "${1:-}" in
    run) shift; cmd_run "$@" ;;
    test) shift; cmd_test "$@" ;;
    lint) cmd_lint ;;
    venv) ensure_venv; echo "$VENV" ;;
    odoo) shift; ensure_venv; odoo "$@" ;;
    *) sed -n 2,8p "$0"; exit 2 ;;
esac
