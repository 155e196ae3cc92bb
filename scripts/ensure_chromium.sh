#!/usr/bin/env bash
# Browser tests drive Debian's chromium. Install it when missing and apt-get can; otherwise say
# loudly that browser tests will be skipped (under CI=true the test run then fails instead).
set -u
command -v chromium >/dev/null 2>&1 && exit 0

if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  fi
  if [ -n "${SUDO+set}" ]; then
    echo "Installing Debian's chromium for the browser tests..."
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  fi
fi

command -v chromium >/dev/null 2>&1 && exit 0
echo "********************************************************************************"
echo "* chromium is not installed and could not be installed: browser tests will be   *"
echo "* skipped. Install Debian's 'chromium' package to run them.                       *"
echo "********************************************************************************"
if [ "${CI:-}" = "true" ]; then
  exit 1
fi
exit 0
