#!/usr/bin/env bash
# Another QGIS for the tests: a Debian root filesystem (trixie: QGIS 3.40 LTR on Python 3.13) built from
# Debian's packages, and commands run inside it.
#
#   scripts/qgis_root.sh build SUITE          build it once; reused while its inputs are unchanged
#   scripts/qgis_root.sh run SUITE -- CMD...  run CMD in it, in this repository's folder
#
# The root is .qgis-roots/SUITE-KEY, KEY a hash of the suite, the packages, the test requirements and the
# code that builds it; a root of other inputs is removed. It holds QGIS, Xvfb and a venv with pytest-qgis
# (/opt/qgis-tests), never torch: as on a user's machine, QGIS's Python imports no engine.
#
# The worker runs on this machine, not in the root: the engine's environment (.venv) is made for this
# machine's Python, which the root has not. Inside the root, RESEG_WORKER_PYTHON names a launcher that
# goes back to this machine's root (bound at /host) and starts the engine's Python there. This repository,
# /tmp and /opt/wheels are bound at the same paths on both sides, so the paths that QGIS and the worker
# exchange (rasters, outputs, model caches, the plugin) mean the same files. Everything runs in a private
# mount namespace: the mounts go when the command ends, and nothing is left mounted on this machine.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$(pwd)
MIRROR=${RESEG_DEBIAN_MIRROR:-http://deb.debian.org/debian}
PACKAGES="qgis python3-qgis qgis-providers xvfb xauth x11-utils python3-venv ca-certificates locales"
REQUIREMENTS=requirements-qgis-tests.txt
ENGINE_PYTHON=$REPO/.venv/bin/python

usage() { echo "usage: $0 build SUITE | run SUITE -- COMMAND..." >&2; exit 2; }

key() {  # of what a root is made from: the suite, the packages, the requirements, the build's code
    { echo "$1 $PACKAGES $MIRROR"; cat "$REQUIREMENTS"; declare -f build inside; } | sha256sum | cut -c1-12
}

inside() {  # ROOT [PATH...] -- [VAR=VALUE...] COMMAND...
    # COMMAND in ROOT, with /proc, /dev, /sys, this machine's root at /host and each PATH bound at the same
    # path (a file onto an empty one), in a private mount namespace: its mounts go when it ends.
    local root=$1 binds=()
    shift
    while [ "$1" != "--" ]; do binds+=("$1"); shift; done
    shift
    unshare --mount --propagation private bash -euo pipefail -c '
        root=$1 count=$2; shift 2
        mkdir -p "$root/host"
        mount --rbind / "$root/host"
        for path in "${@:1:$count}"; do
            if [ -d "$path" ]; then mkdir -p "$root$path"; else touch "$root$path"; fi
            mount --bind "$path" "$root$path"
        done
        shift "$count"
        mount -t proc proc "$root/proc"
        mount --rbind /dev "$root/dev"
        mount --rbind /sys "$root/sys"
        exec chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
            HOME=/root LANG=C.UTF-8 "$@"' inside "$root" "${#binds[@]}" "${binds[@]}" "$@"
}

build() {
    local suite=$1 root=.qgis-roots/$1-$(key "$1")
    if [ -f "$root/.complete" ]; then
        echo "$root"
        return
    fi
    local started=$SECONDS building="$root.building"
    rm -rf "$building" .qgis-roots/"$suite"-*
    mkdir -p .qgis-roots
    : > "$building.log"
    echo "Building a $suite root for the QGIS tests in $root (Debian's packages; a few minutes)…" >&2
    local attempt
    for attempt in 1 2 3; do  # a mirror's hiccup fails a download now and then
        debootstrap --variant=minbase "$suite" "$building" "$MIRROR" >> "$building.log" 2>&1 && break
        [ "$attempt" -eq 3 ] && { tail -20 "$building.log" >&2; exit 1; }
        echo "debootstrap failed (attempt $attempt); again…" | tee -a "$building.log" >&2
        rm -rf "$building"
    done
    cp /etc/resolv.conf "$building/etc/resolv.conf"
    # Signatures are checked; a Release file past its Valid-Until date (a registry's snapshot of sid) is not
    # refused for it.
    inside "$building" -- DEBIAN_FRONTEND=noninteractive sh -c "apt-get update -qq \
        -o Acquire::Check-Valid-Until=false && apt-get install -y -qq -o Acquire::Retries=3 \
        --no-install-recommends $PACKAGES" >> "$building.log" 2>&1 || { tail -20 "$building.log" >&2; exit 1; }
    # This machine's own certificate authorities (a company proxy's), for pip and uv inside the root.
    if compgen -G "/usr/local/share/ca-certificates/*.crt" > /dev/null; then
        cp /usr/local/share/ca-certificates/*.crt "$building/usr/local/share/ca-certificates/"
        inside "$building" -- update-ca-certificates >> "$building.log" 2>&1
    fi
    cp "$REQUIREMENTS" "$building/tmp/requirements.txt"
    inside "$building" -- sh -c "python3 -m venv --system-site-packages /opt/qgis-tests &&
        /opt/qgis-tests/bin/pip install -q --disable-pip-version-check -r /tmp/requirements.txt" \
        >> "$building.log" 2>&1 || { tail -20 "$building.log" >&2; exit 1; }
    inside "$building" -- /opt/qgis-tests/bin/python -c \
        "from qgis.core import Qgis; import sys; print('QGIS', Qgis.QGIS_VERSION, 'on Python', sys.version.split()[0])" \
        | tee -a "$building.log" >&2
    touch "$building/.complete"
    mv "$building" "$root"
    mv "$building.log" "$root.log"
    echo "Built in $((SECONDS - started)) s ($(du -sh "$root" | cut -f1))." >&2
    echo "$root"
}

run() {
    local suite=$1
    shift
    [ "${1:-}" = "--" ] && shift
    [ $# -gt 0 ] || usage
    local root
    root=$(build "$suite")
    root=$REPO/$root
    [ -x "$ENGINE_PYTHON" ] || { echo "No engine environment at $ENGINE_PYTHON: run make setup." >&2; exit 1; }
    cat > "$root/usr/local/bin/reseg-host-python" <<EOF
#!/bin/sh
# The engine's Python of the machine around this root (the worker), started there.
exec chroot /host "$ENGINE_PYTHON" "\$@"
EOF
    chmod +x "$root/usr/local/bin/reseg-host-python"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    local shared=("$REPO" /tmp)
    [ -d /opt/wheels ] && shared+=(/opt/wheels)
    # The engine's own Python (3.11 here), which the root lacks, for the installer's test: a Python already
    # on the computer, as the installer looks for one.
    local base version
    read -r base version < <("$ENGINE_PYTHON" -c \
        'import sys; print(sys.base_prefix, "%d.%d" % sys.version_info[:2])')
    [ -s "$root$base/bin/python$version" ] || shared+=("$base/bin/python$version" "$base/lib/python$version")
    inside "$root" "${shared[@]}" -- \
        PATH=/opt/qgis-tests/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin TMPDIR=/tmp \
        QT_QPA_PLATFORM=offscreen RESEG_WORKER_PYTHON=/usr/local/bin/reseg-host-python \
        bash -c 'cd "$0" && exec "$@"' "$REPO" "$@"
}

case "${1:-}" in
    build) [ $# -eq 2 ] || usage; build "$2" > /dev/null ;;
    run) [ $# -ge 3 ] || usage; shift; run "$@" ;;
    *) usage ;;
esac
