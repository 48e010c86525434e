#!/usr/bin/env bash
# The Debian package, as a user gets it (CTest label "package"):
#   tests/TestPackage.sh BUILD_DIR VERSION APP_ID
# Makes the .deb with cpack from BUILD_DIR's install rules, unpacks it into an empty root with
# dpkg -x, and checks it there: every file in its place, the control fields, every library the
# binary needs found, `hookscope --version`, a capture through `hookscope serve` stopped by SIGTERM,
# the desktop entry and AppStream metadata through their validators, and the man page.
set -euo pipefail
build=$1 version=$2 id=$3

work=$(mktemp -d)
server=
cleanup() {
    [[ -n $server ]] && kill -KILL "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() {
    printf 'FAIL: %s\n' "$*" >&2
    failures=$((failures + 1))
}
pass() { printf 'PASS: %s\n' "$*"; }

# The package.
cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 || {
    cat "$work/cpack.log" >&2
    fail "cpack"
    exit 1
}
debs=("$work"/out/*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || { fail "cpack made ${#debs[@]} packages: ${debs[*]}"; exit 1; }
deb=${debs[0]}
[[ $(basename "$deb") == "hookscope_${version}_$(dpkg --print-architecture).deb" ]] || fail "package file name $(basename "$deb")"
pass "cpack: $(basename "$deb"), $(stat -c %s "$deb") bytes"

# Its control fields: apt must pull in every Debian package the program needs at run time.
[[ $(dpkg-deb -f "$deb" Package) == hookscope ]] || fail "Package: $(dpkg-deb -f "$deb" Package)"
[[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "Version: $(dpkg-deb -f "$deb" Version)"
depends=$(dpkg-deb -f "$deb" Depends)
for package in libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libqt6sql6 libqt6sql6-sqlite libqt6keychain1 \
    libsqlite3-0; do
    grep -Eq "(^|, )$package( \(|,|$)" <<<"$depends" || fail "Depends lacks $package: $depends"
done
pass "Depends: $depends"

# Unpacked into an empty root, as dpkg would install it.
root=$work/root
dpkg -x "$deb" "$root"
paths=(
    usr/bin/hookscope
    "usr/share/applications/$id.desktop"
    "usr/share/metainfo/$id.metainfo.xml"
    "usr/share/icons/hicolor/scalable/apps/$id.svg"
    usr/share/man/man1/hookscope.1
    usr/share/doc/hookscope/copyright
)
for size in 16 32 48 64 128 256; do
    paths+=("usr/share/icons/hicolor/${size}x$size/apps/$id.png")
done
for path in "${paths[@]}"; do
    [[ -s $root/$path ]] || fail "missing from the package: /$path"
done
[[ -x $root/usr/bin/hookscope ]] || fail "/usr/bin/hookscope is not executable"
pass "${#paths[@]} files in place"

bin=$root/usr/bin/hookscope
if ldd "$bin" | grep -q 'not found'; then
    fail "libraries not found: $(ldd "$bin" | grep 'not found' | tr -s '\t\n' ' ')"
else
    pass "ldd: every library found"
fi

[[ $("$bin" --version) == "hookscope $version" ]] || fail "--version printed '$("$bin" --version)'"
pass "--version: $("$bin" --version)"

# A capture: settings and the default history go to a home of the test's own.
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share
mkdir -p "$HOME"
db=$work/history.sqlite
"$bin" serve --port 0 --db "$db" >"$work/serve.out" 2>"$work/serve.err" &
server=$!
# Waits for the first line only as a guard against a hang; how fast it comes is not checked.
for _ in $(seq 300); do
    [[ $(wc -l <"$work/serve.out") -ge 1 ]] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
done
line=$(head -n 1 "$work/serve.out")
if [[ $line =~ ^listening\ on\ (http://127\.0\.0\.1:[0-9]+/)$ ]]; then
    url=${BASH_REMATCH[1]}
    pass "serve: $line"
    key=$(cat /proc/sys/kernel/random/uuid)
    body='{"event":"business_loans.deleted","message":"Business_Loan deleted successfully.","idempotency_key":"'$key'","environment":"staging","data":{"id":1}}'
    answer=$(curl -sS --max-time 30 -X POST "${url}webhook" -H 'Content-Type: application/json' -d "$body") || true
    [[ $answer == '{"ok":true,"id":1}' ]] || fail "POST answered '$answer'"
    kill -TERM "$server"
    status=0
    wait "$server" || status=$?
    server=
    [[ $status -eq 0 ]] || fail "serve exited $status on SIGTERM: $(cat "$work/serve.err")"
    exported=$("$bin" export --db "$db")
    [[ $(wc -l <<<"$exported") -eq 1 && $exported == *"\"idempotency_key\":\"$key\""* ]] \
        || fail "the history holds: $exported"
    pass "serve: POST stored as #1, stopped by SIGTERM with exit 0"
else
    fail "serve printed '$line' first: $(cat "$work/serve.err")"
fi

# The desktop entry, the AppStream metadata and the man page, as installed.
desktop=$root/usr/share/applications/$id.desktop
metainfo=$root/usr/share/metainfo/$id.metainfo.xml
if out=$(desktop-file-validate "$desktop" 2>&1) && [[ -z $out ]]; then
    pass "desktop-file-validate"
else
    fail "desktop-file-validate: $out"
fi
grep -qx 'Exec=hookscope' "$desktop" || fail "the desktop entry does not run hookscope"
grep -qx "Icon=$id" "$desktop" || fail "the desktop entry's icon is not $id"
if out=$(appstreamcli validate --no-net "$metainfo" 2>&1); then
    pass "appstreamcli validate"
else
    fail "appstreamcli validate: $out"
fi
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$metainfo" || fail "metainfo launchable"
grep -q "<release version=\"$version\"" "$metainfo" || fail "metainfo has no release $version"
man=$root/usr/share/man/man1/hookscope.1
if out=$(groff -man -Tutf8 -ww -z "$man" 2>&1) && [[ -z $out ]]; then
    pass "groff: the man page has no warnings"
else
    fail "groff: $out"
fi
for command in $("$bin" --help | awk '/^Commands:$/ { on = 1; next } /^$/ { on = 0 } on && $1 !~ /^\(/ { print $1 }'); do
    # The command's own section: from its .SS heading to the next heading.
    section=$(awk -v c="$command" '/^\.S[SH] / { on = index($0, ".SS \"hookscope " c " ") == 1; next } on' "$man")
    [[ -n $section ]] || fail "the man page lacks hookscope $command"
    for option in $("$bin" "$command" --help | grep -oE '^  (-[a-z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+$'); do
        [[ $option == --help* ]] && continue
        grep -qF "\\fB${option//-/\\-}\\fR" <<<"$section" || fail "the man page lacks hookscope $command $option"
    done
done
pass "man page: every command and option"

if [[ $failures -gt 0 ]]; then
    printf '%d check(s) failed\n' "$failures" >&2
    exit 1
fi
