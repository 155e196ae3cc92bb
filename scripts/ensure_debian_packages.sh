#!/usr/bin/env bash
# Install the Debian packages the tests and `make run` need, when their command is missing and
# apt-get can. Each argument is "command:package", e.g. "chromium:chromium". Under CI=true a
# package that cannot be installed fails the run; elsewhere it is said loudly and the tests that
# need it are skipped.
set -u
# Daemons such as nginx are in /usr/sbin, which a normal user's PATH may leave out.
export PATH="$PATH:/usr/sbin:/sbin"
missing=()
for pair in "$@"; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  fi
  if [ -n "${SUDO+set}" ]; then
    echo "Installing Debian's ${missing[*]}..."
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

status=0
for pair in "$@"; do
  if ! command -v "${pair%%:*}" >/dev/null 2>&1; then
    echo "**** ${pair#*:} is not installed and could not be installed: the tests that need it are skipped."
    status=1
  fi
done
if [ $status -ne 0 ] && [ "${CI:-}" = "true" ]; then
  exit 1
fi
exit 0
