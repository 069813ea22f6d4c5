#!/usr/bin/env bash
# Postie's two commands (see README.md):
#   ./dev.sh run    build and open Postie
#   ./dev.sh test   run every check and test, as CI does
#   ./dev.sh fuzz   run every fuzz target for longer (default 2m each)
#   ./dev.sh package  build the Linux (.deb, .tar.xz) and Windows (exe,
#                   installer) packages into dist/ (test also checks them)
# On Debian/Ubuntu both install what is missing with apt-get (through sudo
# when not root). Extra arguments after "run" go to Postie.
set -euo pipefail
cd "$(dirname "$0")"
case "${LANG:-}" in *UTF-8*|*utf8*) ;; *) export LANG=C.UTF-8 ;; esac
# Fyne takes the "C" of C.UTF-8 for a language and says so at every start.
case "${LANG}" in C.*|POSIX.*) export LANGUAGE="${LANGUAGE:-en}" ;; esac

# C compiler and the X11/Wayland/GL headers Fyne needs to build (Fyne 2.8
# builds both X11 and Wayland in and picks one when the window opens).
build_pkgs=(gcc pkg-config libc6-dev libgl1-mesa-dev libx11-dev libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev)
# Real servers for the tests: Dovecot (IMAP, POP3), OpenSSL for its
# certificates, and a Secret Service (gnome-keyring on a private D-Bus).
# Cyrus (#25): its imapd/pop3d packages conflict with Dovecot's, so they
# are only downloaded and unpacked (cyrus_unpack); cyrus-common and
# sasl2-bin, which do not conflict, bring its libraries and tools.
# python3: the reference parser the reader is compared with (#27).
# Fonts: CJK for the window (Noto, CFF) and the PDF (TrueType), Hebrew and Arabic.
test_pkgs=(dovecot-imapd dovecot-pop3d dovecot-submissiond openssl gnome-keyring libsecret-tools dbus poppler-utils cyrus-common sasl2-bin python3 fonts-noto-cjk fonts-wqy-microhei fonts-droid-fallback fonts-dejavu-core)
# Packaging: MinGW for the Windows exe, NSIS for its installer, Wine to run
# it (under Xvfb, with xdotool, for the no-OpenGL check), and the
# desktop-entry validator, ImageMagick (icons) for the .deb.
# The benchmarks measure Postie against mbsync (isync) and fetchmail on
# the same server and corpus.
bench_pkgs=(isync fetchmail)
package_pkgs=(gcc-mingw-w64-x86-64 wine64 wine nsis desktop-file-utils imagemagick xz-utils xvfb xauth xdotool)

install_missing() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "dev.sh: not a Debian/Ubuntu system: install the packages listed in README.md yourself." >&2
    return 0
  fi
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "dev.sh: installing ${missing[*]}" >&2
  "${sudo[@]}" apt-get update -qq
  # Dovecot's package would start a system-wide server on ports 143/110:
  # a policy-rc.d that says no keeps it from starting (removed afterwards).
  local made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo[@]}" chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ $made_policy -eq 1 ] && "${sudo[@]}" rm -f /usr/sbin/policy-rc.d
  return 0
}

# cyrus_unpack downloads cyrus-imapd and cyrus-pop3d (never installed)
# and unpacks them where accounts/testservers/cyrus.go looks: once, kept
# between runs (readable by the cyrus user, so not under a private home).
cyrus_unpack() {
  command -v dpkg-deb >/dev/null 2>&1 || return 0
  export POSTIE_TESTSERVERS="${POSTIE_TESTSERVERS:-${TMPDIR:-/tmp}/postie-testservers}"
  [ -x "$POSTIE_TESTSERVERS/cyrus-root/usr/lib/cyrus/bin/pop3d" ] && return 0
  mkdir -p "$POSTIE_TESTSERVERS/debs" && chmod 755 "$POSTIE_TESTSERVERS"
  (cd "$POSTIE_TESTSERVERS/debs" && apt-get download -qq cyrus-imapd cyrus-pop3d 2>/dev/null)
  local tmp; tmp=$(mktemp -d "$POSTIE_TESTSERVERS/unpack.XXXX")
  for d in "$POSTIE_TESTSERVERS"/debs/*.deb; do dpkg-deb -x "$d" "$tmp"; done
  chmod -R a+rX "$tmp" && mv "$tmp" "$POSTIE_TESTSERVERS/cyrus-root"
}

staticcheck_version=v0.8.2
errcheck_version=v1.9.0

# Every fuzz target, as "package target": everything that reads bytes
# from a server or a file. `test` runs each briefly, `fuzz` for longer.
fuzz_targets=(
  "./mailview FuzzParse" "./mailview FuzzHTML"
  "./localstore FuzzParseMessage" "./localstore FuzzAddAndAdopt"
  "./localstore/archive FuzzImport"
  "./accounts/popsync FuzzPOPRETR" "./accounts/popsync FuzzPOPListing"
  "./accounts/setup FuzzAutoconfig" "./accounts/setup FuzzProviders"
  "./accounts/oauth FuzzProvidersFile" "./accounts/compose FuzzMailto"
)

# fuzz_all TIME: run every target for TIME (e.g. 10s); a crasher is saved
# under the package's testdata/fuzz and fails the run (and every later
# `go test` until it is fixed).
#
# Go's fuzzing coordinator can fail a target with a bare "context deadline
# exceeded" when -fuzztime runs out while a worker is busy (a race in
# internal/fuzz, seen on loaded 2-core machines; nothing was found). Such
# a run, with no crasher written, is run once more; a crasher always fails.
crashers() { { find "$1/testdata/fuzz/$2" -type f 2>/dev/null || true; } | sort | md5sum; }
fuzz_all() {
  for t in "${fuzz_targets[@]}"; do
    set -- $t
    local try out rc before
    for try in 1 2; do
      echo "-- $2 ($1, $FUZZTIME)"
      before=$(crashers "$1" "$2")
      out=$(go test -run '^$' -fuzz "^$2\$" -fuzztime "$FUZZTIME" -fuzzminimizetime 1s "$1" 2>&1) && rc=0 || rc=$?
      echo "$out" | grep -E '^(fuzz: elapsed.*execs|--- FAIL|    |ok|FAIL)' | grep -v "gathering" | tail -n 12 || true
      [ "$rc" -eq 0 ] && break
      if [ "$try" -eq 1 ] && echo "$out" | grep -q "^    context deadline exceeded" &&
        [ "$(crashers "$1" "$2")" = "$before" ]; then
        echo "-- $2 stopped on Go's fuzzing deadline race with nothing found: once more"
        continue
      fi
      return 1
    done
  done
}

case "${1:-}" in
run)
  shift
  install_missing "${build_pkgs[@]}"
  go build -o bin/postie .
  exec ./bin/postie "$@"
  ;;
package)
  install_missing "${build_pkgs[@]}" "${package_pkgs[@]}"
  .ci/package build
  ;;
test)
  install_missing "${build_pkgs[@]}" "${test_pkgs[@]}" "${package_pkgs[@]}"
  cyrus_unpack
  echo "== gofmt"
  bad=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
  if [ -n "$bad" ]; then echo "gofmt would change: $bad" >&2; exit 1; fi
  echo "== go vet"
  go vet ./...
  echo "== staticcheck"
  go run honnef.co/go/tools/cmd/staticcheck@$staticcheck_version ./...
  echo "== errcheck (every error handled, or ignored with a reason: .ci/errcheck-exclude.txt)"
  # accounts/testservers are the tests' fake servers, not Postie.
  go run github.com/kisielk/errcheck@$errcheck_version -ignoretests -exclude .ci/errcheck-exclude.txt $(go list ./... | grep -v /accounts/testservers)
  echo "== go test (race detector on; keyring tests on a private Secret Service)"
  home=$(mktemp -d) runtime=$(mktemp -d)
  chmod 700 "$runtime"
  trap 'rm -rf "$home" "$runtime"' EXIT
  # A private D-Bus session with an unlocked gnome-keyring, and a temporary
  # HOME so no real keyring is touched.
  env HOME="$home" XDG_RUNTIME_DIR="$runtime" GOPATH="$(go env GOPATH)" GOCACHE="$(go env GOCACHE)" GOMODCACHE="$(go env GOMODCACHE)" \
    POSTIE_REQUIRE_PYTHON=1 dbus-run-session -- bash -c '
      set -o pipefail
      echo -n postie-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true
      go test -race -count=1 -timeout 30m ./... &&
      echo "== go test without -race: a dropped connection mid-FETCH (go-imap races internally there)" &&
      go test -count=1 -run TestIMAPConnectionDroppedMidFetch ./accounts/imapsync/ &&
      echo "== go test without -race: every screen in every language (layout, too slow under -race)" &&
      go test -count=1 -timeout 30m -run "^TestScreensInEveryLanguage\$" -v ./app/ | grep -E "labelled controls|^(---|ok|FAIL|PASS)|_test.go"' 2> >(grep -v -e "Failed to set fd limit" -e "discover_other_daemon" >&2)
  echo "== fuzz (each target briefly; ./dev.sh fuzz runs them longer)"
  FUZZTIME=8s fuzz_all
  echo "== packages (.deb installed and run; the Windows exe and installer under Wine)"
  .ci/package check
  ;;
fuzz)
  install_missing "${build_pkgs[@]}"
  FUZZTIME="${2:-2m}" fuzz_all
  ;;
bench)
  install_missing "${build_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}"
  shift
  go test -run '^$' -bench "${1:-.}" -benchtime "${2:-1x}" ./...
  ;;
*)
  echo "usage: ./dev.sh run|test|bench|fuzz|package [time per target]" >&2
  exit 2
  ;;
esac
