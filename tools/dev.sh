#!/usr/bin/env bash
# Dev tooling for jit_inventory: locate Odoo 19.0, build a reusable venv, run or test the addon.
#   tools/dev.sh run     serve database $JIT_DB (default jit_demo, with demo data) on 127.0.0.1:8069
#   tools/dev.sh test [PYTEST ARGS]   lint (pre-commit), then a fresh database with jit_inventory
#                        and its tests run through pytest-odoo (default: all of jit_inventory/tests)
#   tools/dev.sh venv    only build (or reuse) the virtual environment
#   tools/dev.sh test-odoo  Odoo's and OCA's own tests with jit_inventory installed and JIT
#                        on everywhere (JIT_MODE=off: installed, JIT off; JIT_MODE=shortage:
#                        on, buying only what free stock lacks; JIT_MODE=none: without the
#                        addon); docs/peer-tests.md
#   tools/dev.sh odoo …  run odoo-bin with the project's addons path and venv
#   tools/dev.sh drop-db DB   drop a database and its filestore, if it exists
#   tools/dev.sh wheel   build the wheel odoo-addon-jit_inventory and install it in a fresh database
#   tools/dev.sh pot     refresh the translation template jit_inventory/i18n/jit_inventory.pot
#   tools/dev.sh upgrade-check  seed JIT data into $TEST_DB (installed), run -u jit_inventory
#                        and check that no row of the JIT, order and stock tables changed
#   tools/dev.sh upgrade-from  install the addon's previous version (UPGRADE_FROM, a commit),
#                        seed it, upgrade it with this checkout (its migrations run)
# Settings (environment): ODOO_SRC, JIT_CACHE, PYTHON, JIT_DB, JIT_PORT, TEST_DB, TEST_PORT;
#   for test-odoo also JIT_MODE, ODOO_SUITES, PEER_ADDONS, SUITE_TIMEOUT, REUSE_BASE, KEEP_DBS.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-$HOME/src/odoo-19.0}
ODOO_REPO_URL=${ODOO_REPO_URL:-https://github.com/odoo/odoo.git}
JIT_CACHE=${JIT_CACHE:-$HOME/.cache/jit_inventory}
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
JIT_DB=${JIT_DB:-jit_demo}
JIT_PORT=${JIT_PORT:-8069}
TEST_DB=${TEST_DB:-jit_test}
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
    key=$(cat "$ODOO_SRC/requirements.txt" "$REPO/requirements-dev.txt" "$REPO/test-requirements.txt" \
        <("$PYTHON" -VV) | sha256sum | cut -c1-12)
    echo "$JIT_CACHE/venv-$key"
}

ensure_venv() {
    ensure_odoo
    VENV=$(venv_dir)
    [ -f "$VENV/.complete" ] && return
    mkdir -p "$JIT_CACHE"
    exec 9>"$JIT_CACHE/venv.lock"
    flock 9  # one build at a time: a second caller waits, then reuses it
    [ -f "$VENV/.complete" ] && return
    ensure_system_packages
    say "building virtual environment $VENV (once per change of requirements)"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    # setuptools >= 70: older pkg_resources cannot find distributions installed under
    # normalized names (zope_interface), and gevent (Odoo's websocket worker) fails.
    "$VENV/bin/pip" install -q --upgrade 'pip>=25.3' 'setuptools>=70,<81'
    local constraints="$JIT_CACHE/build-constraints.txt"
    echo 'setuptools<81' >"$constraints"  # cbor2 5.4.2 does not build with newer setuptools
    "$VENV/bin/pip" install -q --build-constraint "$constraints" \
        -r "$ODOO_SRC/requirements.txt" -r "$REPO/requirements-dev.txt" -r "$REPO/test-requirements.txt"
    touch "$VENV/.complete"
}

ODOO_PREFIX=()                     # test-odoo: a timeout
ODOO_ENTRY=("$ODOO_SRC/odoo-bin")  # test-odoo: tools/odoo_tests.py
EXTRA_ADDONS=""                    # test-odoo: the harness's and OCA's addons

ADDON_DIR=""                       # upgrade-from: the earlier version's addon folder
addons_path() { echo "$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,${ADDON_DIR:-$REPO}$EXTRA_ADDONS"; }

odoo() {
    local subcommand=()
    case "${1:-}" in -*|"") ;; *) subcommand=("$1"); shift ;; esac  # shell, db, ...
    "${ODOO_PREFIX[@]}" "$VENV/bin/python" "${ODOO_ENTRY[@]}" "${subcommand[@]}" \
        --addons-path="$(addons_path)" \
        --data-dir="$JIT_CACHE/data" --http-interface=127.0.0.1 "$@"
}

db_exists() { psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; }

# Drop a database and its filestore (KEEP_DBS=1 keeps test-odoo's databases).
drop_db() {
    [ "${KEEP_DBS:-0}" = 1 ] && return
    dropdb --if-exists "$1"
    rm -rf "$JIT_CACHE/data/filestore/$1"
}


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

# OCA's checks, as .pre-commit-config.yaml lists them: ruff, pylint-odoo (mandatory
# checks block, optional ones are shown), oca-checks-odoo-module and -po, Prettier,
# ESLint and the generic hooks. The hooks' tools are installed by pre-commit from PyPI
# and npm the first time (in ~/.cache/pre-commit). Fixers rewrite files: run it again.
cmd_lint() {
    ensure_venv
    (cd "$REPO" && "$VENV/bin/pre-commit" run --all-files --show-diff-on-failure --color=never)
}

# Export the addon's translation template from database $1 into file $2.
export_pot() {
    local conf="$JIT_CACHE/i18n-$1.conf"
    printf '[options]\naddons_path = %s\ndata_dir = %s\n' "$(addons_path)" "$JIT_CACHE/data" >"$conf"
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" i18n export -c "$conf" -d "$1" "$MODULE" -o "$2" \
        >"$JIT_CACHE/i18n-$1.log" 2>&1 || { cat "$JIT_CACHE/i18n-$1.log" >&2; return 1; }
}

# Refresh jit_inventory/i18n/jit_inventory.pot from a fresh database with the addon.
cmd_pot() {
    ensure_venv
    local db="${TEST_DB}_pot"
    drop_db "$db"
    odoo -d "$db" -i "$MODULE" --stop-after-init --log-level=warn
    mkdir -p "$REPO/$MODULE/i18n"
    export_pot "$db" "$REPO/$MODULE/i18n/$MODULE.pot"
    drop_db "$db"
    say "wrote $MODULE/i18n/$MODULE.pot"
}

# The addon's tests through pytest-odoo on a freshly installed database, browser tours
# included (--odoo-http); Odoo's log checked with checklog-odoo, the JUnit report with
# tools/check_junit.py (fails on no test and on any skipped test).
cmd_test() {
    ensure_venv
    local log="$JIT_CACHE/test-$TEST_DB.log" junit="$JIT_CACHE/junit-$TEST_DB.xml" rc=0
    mkdir -p "$JIT_CACHE"
    say "lint: pre-commit (ruff, pylint-odoo, OCA checks, Prettier, ESLint)"
    cmd_lint || { say "lint FAILED"; rc=1; }
    drop_db "$TEST_DB"
    rm -f "$log" "$junit"
    say "installing $MODULE (with mrp, stock_dropshipping) in a fresh database $TEST_DB (Odoo log: $log)"
    # mrp (kits) and stock_dropshipping beside it: the routing tests run Odoo's own flows.
    if ! odoo -d "$TEST_DB" -i "$MODULE,mrp,stock_dropshipping" --stop-after-init --log-level=warn \
        --logfile="$log"; then
        say "installation FAILED"
        tail -n 30 "$log" >&2
        return 1
    fi
    say "pytest-odoo: ${*:-jit_inventory/tests}"
    (cd "$REPO" && PYTHONPATH="$ODOO_SRC" "$VENV/bin/pytest" -p no:cacheprovider -rs \
        --odoo-database="$TEST_DB" --odoo-addons-path="$(addons_path)" \
        --odoo-extra="data-dir=$JIT_CACHE/data" --odoo-extra=http-interface=127.0.0.1 \
        --odoo-extra="http-port=$TEST_PORT" \
        --odoo-extra="logfile=$log" --odoo-log-level=warn --odoo-http \
        --junitxml="$junit" "${@:-jit_inventory/tests}") || rc=1
    say "checking the Odoo log with checklog-odoo"
    "$VENV/bin/checklog-odoo" --no-err-if-empty "$log" || rc=1
    "$VENV/bin/python" "$REPO/tools/check_junit.py" "$junit" || rc=1
    say "checking that $MODULE/i18n/$MODULE.pot holds every translatable string"
    export_pot "$TEST_DB" "$JIT_CACHE/$TEST_DB.pot"
    "$VENV/bin/python" "$REPO/tools/check_pot.py" "$REPO/$MODULE/i18n/$MODULE.pot" \
        "$JIT_CACHE/$TEST_DB.pot" || rc=1
    cmd_upgrade_check || rc=1
    cmd_upgrade_from || rc=1
    return $rc
}

# One line per table of JIT data (jit_*, orders, stock moves, companies): its row
# count and the md5 of all its rows.
snapshot_tables() {
    local tables
    tables=$(psql -d "$1" -XAtc "SELECT tablename FROM pg_tables WHERE schemaname = 'public'
        AND (tablename LIKE 'jit\_%' OR tablename IN ('purchase_order', 'purchase_order_line',
        'sale_order', 'sale_order_line', 'stock_move', 'stock_picking', 'res_company'))
        ORDER BY tablename")
    for table in $tables; do
        psql -d "$1" -XAtc "SELECT '$table', COUNT(*),
            md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"$table\" t"
    done
}

# Upgrading the addon keeps the JIT data of database $TEST_DB (installed) as it is:
# seed it (tools/upgrade_seed.py), snapshot, -u jit_inventory, snapshot again.
cmd_upgrade_check() {
    ensure_venv
    local before="$JIT_CACHE/upgrade-$TEST_DB.before" after="$JIT_CACHE/upgrade-$TEST_DB.after"
    local log="$JIT_CACHE/upgrade-$TEST_DB.log"
    db_exists "$TEST_DB" || die "database $TEST_DB does not exist: run tools/dev.sh test first"
    say "upgrade check: seeding JIT data into $TEST_DB, then -u $MODULE (log: $log)"
    local seeded
    seeded=$(odoo shell -d "$TEST_DB" --no-http --log-level=warn --logfile="$log" \
        <"$REPO/tools/upgrade_seed.py") || true
    [[ $seeded == *seeded* ]] || { say "seeding FAILED"; tail -n 30 "$log" >&2; return 1; }
    snapshot_tables "$TEST_DB" >"$before"
    odoo -d "$TEST_DB" -u "$MODULE" --stop-after-init --log-level=warn --logfile="$log" \
        || { say "upgrade FAILED"; tail -n 30 "$log" >&2; return 1; }
    snapshot_tables "$TEST_DB" >"$after"
    "$VENV/bin/checklog-odoo" --no-err-if-empty "$log" || return 1
    if ! diff "$before" "$after" >&2; then
        say "upgrade check FAILED: the tables above changed"
        return 1
    fi
    say "upgrade check: $(wc -l <"$before") tables unchanged ($(awk '{s+=$2} END {print s}' FS='|' "$before") rows)"
}

# The columns of the JIT tables, with their types.
jit_columns() {
    psql -d "$1" -XAtc "SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name LIKE 'jit\_%' ORDER BY 1, 2"
}

# Upgrading from the addon's previous version runs its migrations and keeps its data:
# the addon as it was at UPGRADE_FROM (a commit; by default the one before the commit that
# set the manifest's current version) is installed in a fresh database ${TEST_DB}_from and
# seeded with that commit's tools/upgrade_seed.py, then upgraded with this checkout. The
# log must stay clean, the installed version become the manifest's, and every table of
# snapshot_tables keep its number of rows (their columns may change between versions), and
# the JIT tables end with the columns of a fresh install (database $TEST_DB, if it exists).
cmd_upgrade_from() {
    ensure_venv
    local db="${TEST_DB}_from" old="$JIT_CACHE/upgrade-from" rev=${UPGRADE_FROM:-}
    local log="$JIT_CACHE/upgrade-from-$TEST_DB.log" before after seeded version
    if [[ -z $rev ]]; then
        rev=$(git -C "$REPO" log -1 --format=%H -G'"version"' -- "$MODULE/__manifest__.py")^
    fi
    rm -rf "$old" "$log" && mkdir -p "$old"
    git -C "$REPO" archive "$rev" "$MODULE" tools/upgrade_seed.py | tar -x -C "$old"
    version=$(grep -o '"version": "[^"]*"' "$old/$MODULE/__manifest__.py" | cut -d'"' -f4)
    say "upgrade from $(git -C "$REPO" rev-parse --short "$rev") (version $version): installing it in $db (log: $log)"
    drop_db "$db"
    ADDON_DIR=$old odoo -d "$db" -i "$MODULE" --stop-after-init --log-level=warn \
        --logfile="$log" || { say "installation FAILED"; tail -n 30 "$log" >&2; return 1; }
    seeded=$(ADDON_DIR=$old odoo shell -d "$db" --no-http --log-level=warn --logfile="$log" \
        <"$old/tools/upgrade_seed.py") || true
    [[ $seeded == *seeded* ]] || { say "seeding FAILED"; tail -n 30 "$log" >&2; return 1; }
    before=$(snapshot_tables "$db" | cut -d'|' -f1,2)
    odoo -d "$db" -u "$MODULE" --stop-after-init --log-level=warn --logfile="$log" \
        || { say "upgrade FAILED"; tail -n 30 "$log" >&2; return 1; }
    after=$(snapshot_tables "$db" | cut -d'|' -f1,2)
    "$VENV/bin/checklog-odoo" --no-err-if-empty "$log" || return 1
    version=$(psql -d "$db" -XAtc "SELECT latest_version FROM ir_module_module
        WHERE name = '$MODULE'")
    if ! grep -q "\"version\": \"$version\"" "$REPO/$MODULE/__manifest__.py"; then
        say "upgrade from FAILED: installed version $version is not the manifest's"
        return 1
    fi
    if ! diff <(echo "$before") <(echo "$after") >&2; then
        say "upgrade from FAILED: the row counts above changed"
        return 1
    fi
    if db_exists "$TEST_DB" && ! diff <(jit_columns "$TEST_DB") <(jit_columns "$db") >&2; then
        say "upgrade from FAILED: the JIT tables' columns differ from a fresh install's ($TEST_DB) as above"
        return 1
    fi
    drop_db "$db"
    say "upgrade from: now $version, $(wc -l <<<"$before") tables kept their rows ($(awk '{s+=$2} END {print s}' FS='|' <<<"$before") rows)"
}

# Build the wheel odoo-addon-jit_inventory (whool), pip-install it (--no-deps) beside Odoo
# and install the addon in a fresh database from the odoo.addons namespace, without this
# repository on the addons path, as an existing Odoo would.
cmd_wheel() {
    ensure_venv
    local dist="$JIT_CACHE/dist" target="$JIT_CACHE/wheel-install" db="${TEST_DB}_wheel"
    rm -rf "$dist" "$target"
    "$VENV/bin/pip" wheel -q --no-deps "$REPO/$MODULE" -w "$dist"
    "$VENV/bin/pip" install -q --no-deps --target "$target" "$dist"/*.whl
    say "built $(basename "$dist"/*.whl); installing it in a fresh database $db"
    drop_db "$db"
    PYTHONPATH="$target" "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -d "$db" -i "$MODULE" \
        --stop-after-init --data-dir="$JIT_CACHE/data" --http-interface=127.0.0.1 --log-level=warn
    PYTHONPATH="$target" "$VENV/bin/python" "$ODOO_SRC/odoo-bin" shell -d "$db" --no-http \
        --data-dir="$JIT_CACHE/data" --log-level=warn <<<"
module = env['ir.module.module'].search([('name', '=', '$MODULE')])
assert module.state == 'installed', module.state
import odoo.addons.$MODULE as addon
assert addon.__file__.startswith('$target'), addon.__file__
print('wheel installed:', module.name, module.installed_version, 'from', addon.__file__)
"
    drop_db "$db"
}

# --- test-odoo: Odoo's and OCA's own suites beside jit_inventory ------------------
ODOO_SUITES=${ODOO_SUITES-stock_dropshipping sale_purchase_stock sale_stock purchase_stock sale_mrp purchase_mrp mrp}
PEER_ADDONS=${PEER_ADDONS-sale_purchase_force_vendor procurement_purchase_no_grouping sale_purchase_stock_auto_confirm}
JIT_MODE=${JIT_MODE:-on}
SUITE_TIMEOUT=${SUITE_TIMEOUT:-2700}  # seconds per suite (mrp takes the longest)
PEER_DIR="$JIT_CACHE/peer-addons"

ensure_peer_addons() {
    # OCA's 19.0 wheels, unpacked outside the repository (once per machine).
    local wheels="$JIT_CACHE/peer-wheels" missing=() name
    for name in $PEER_ADDONS; do [ -d "$PEER_DIR/$name" ] || missing+=("$name"); done
    [ ${#missing[@]} -eq 0 ] && return
    say "downloading OCA addons ${missing[*]} into $PEER_DIR"
    local specs=()
    for name in "${missing[@]}"; do specs+=("odoo-addon-$name>=19.0,<19.1"); done
    "$VENV/bin/pip" download -q --no-deps -d "$wheels" "${specs[@]}"
    "$VENV/bin/python" - "$wheels" "$PEER_DIR" "${missing[@]}" <<'PY'
import pathlib, sys, zipfile
wheels, target, names = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3:]
for name in names:
    wheel = max(wheels.glob(f"odoo_addon_{name}-19.0*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        prefix = f"odoo/addons/{name}/"
        for member in archive.namelist():
            if member.startswith(prefix) and not member.endswith("/"):
                path = target / member.removeprefix("odoo/addons/")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(archive.read(member))
PY
}

clone_db() {  # clone_db TEMPLATE COPY: database and filestore
    dropdb --if-exists "$2"
    createdb -T "$1" "$2"
    rm -rf "$JIT_CACHE/data/filestore/$2"
    if [ -d "$JIT_CACHE/data/filestore/$1" ]; then
        cp -a "$JIT_CACHE/data/filestore/$1" "$JIT_CACHE/data/filestore/$2"
    fi
}

cmd_test_odoo() {
    ensure_venv
    case "$JIT_MODE" in on|off|shortage|none) ;; *) die "JIT_MODE: on, off, shortage or none" ;; esac
    ensure_peer_addons
    EXTRA_ADDONS=",$REPO/tools/addons,$PEER_DIR"
    local base="${TEST_DB}_$JIT_MODE" prefix="$JIT_CACHE/test-odoo-$JIT_MODE"
    local modules="$MODULE,sale_management,mrp,stock_dropshipping" rc=0 reports=() spec name tags log
    case "$JIT_MODE" in
        on|shortage) modules+=",jit_everywhere" ;;  # JIT on everywhere
        none) modules="sale_management,sale_purchase_stock,mrp,stock_dropshipping" ;;  # no addon
    esac
    mkdir -p "$JIT_CACHE"
    if [ "${REUSE_BASE:-0}" = 1 ] && db_exists "$base"; then
        say "reusing database $base"
    else
        say "database $base: $modules (JIT $JIT_MODE; log $prefix-base.log)"
        dropdb --if-exists "$base"
        JIT_QUANTITY_RULE=$([ "$JIT_MODE" = shortage ] && echo shortage) \
            odoo -d "$base" -i "$modules" --test-enable --test-tags=/jit_everywhere \
            --stop-after-init --http-port="$TEST_PORT" --log-level=test --workers=0 \
            >"$prefix-base.log" 2>&1 || { say "installing $modules FAILED"; return 1; }
        [[ $modules = *jit_everywhere ]] && reports+=("jit_everywhere=$prefix-base.log")
    fi
    # Odoo's suites: at_install and post_install tests, run after every module is
    # loaded (tools/odoo_tests.py), each in its own copy of the base database.
    for spec in $ODOO_SUITES; do  # a module, or module:Class[.method]
        name=${spec%%:*} tags="/$spec" log="$prefix-$name.log"
        say "Odoo's $tags with JIT $JIT_MODE (log $log)"
        clone_db "$base" "${base}_$name"
        ODOO_PREFIX=(timeout -k 60 "$SUITE_TIMEOUT")
        ODOO_ENTRY=("$REPO/tools/odoo_tests.py" "$ODOO_SRC")
        odoo -d "${base}_$name" --test-enable --test-tags="$tags" --stop-after-init \
            --http-port="$TEST_PORT" --log-level=test --workers=0 >"$log" 2>&1 || rc=1
        ODOO_PREFIX=() ODOO_ENTRY=("$ODOO_SRC/odoo-bin")
        drop_db "${base}_$name"
        reports+=("$name=$log")
    done
    # OCA's addons: their tests run at install, after jit_inventory (and JIT) is in.
    for name in $PEER_ADDONS; do
        log="$prefix-$name.log"
        say "OCA's $name installed beside $MODULE, JIT $JIT_MODE (log $log)"
        clone_db "$base" "${base}_$name"
        odoo -d "${base}_$name" -i "$name" --test-enable --test-tags="/$name" \
            --stop-after-init --http-port="$TEST_PORT" --log-level=test --workers=0 \
            >"$log" 2>&1 || rc=1
        drop_db "${base}_$name"
        reports+=("$name=$log")
    done
    say "summary (JIT $JIT_MODE):"
    local baseline=()  # failures of the last JIT-off and no-addon runs are not JIT's
    case "$JIT_MODE" in
        on|shortage) baseline=(--baseline "$JIT_CACHE/test-odoo-off" --baseline "$JIT_CACHE/test-odoo-none") ;;
        off) baseline=(--baseline "$JIT_CACHE/test-odoo-none") ;;
    esac
    "$VENV/bin/python" "$REPO/tools/odoo_suites_report.py" "${baseline[@]}" "${reports[@]}" || rc=1
    return $rc
}

case "${1:-}" in
    test-odoo) shift; cmd_test_odoo "$@" ;;
    run) shift; cmd_run "$@" ;;
    test) shift; cmd_test "$@" ;;
    drop-db) shift; ensure_venv; drop_db "$1" ;;
    wheel) cmd_wheel ;;
    pot) cmd_pot ;;
    upgrade-check) cmd_upgrade_check ;;
    upgrade-from) cmd_upgrade_from ;;
    lint) cmd_lint ;;
    venv) ensure_venv; echo "$VENV" ;;
    odoo) shift; ensure_venv; odoo "$@" ;;
    *) sed -n 2,22p "$0"; exit 2 ;;
esac
