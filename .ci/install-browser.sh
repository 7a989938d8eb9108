#!/usr/bin/env sh
# Installs Debian's chromium for the browser tests (tests/PmoFlow.Reporting.Tests/Browser), which drive
# /usr/bin/chromium through Microsoft.Playwright. Playwright's own browser download is never used:
# do not run `playwright install`.
set -eu

if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core

/usr/bin/chromium --version
