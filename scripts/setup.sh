#!/usr/bin/env bash
# Sets up a machine for Colophon and builds everything in manuscripts/ into dist/.
# Debian/Ubuntu as root: installs Chromium (for PDFs), EPUBCheck and poppler-utils (for the tests),
# and Noto fonts for the scripts the template's fonts do not cover (CJK, Indic, Thai, Ethiopic,
# emoji...): without them Chromium prints those characters as empty boxes.
# Elsewhere (a laptop, macOS, no root): skips system packages and, when no browser is found,
# installs a Puppeteer-managed Chrome instead.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing system packages (chromium, epubcheck, poppler-utils, ghostscript, Noto fonts)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    chromium epubcheck poppler-utils ghostscript ca-certificates \
    fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji >/dev/null
else
  echo "setup: no root or no apt-get: skipping system packages (Chromium, EPUBCheck, poppler-utils)." >&2
  echo "setup: PDF builds need a Chromium or Chrome; the test suite also needs epubcheck and poppler-utils." >&2
fi

# Puppeteer's own browser download is never needed where a system browser exists.
export PUPPETEER_SKIP_DOWNLOAD=1
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi

have_browser() {
  [ -n "${PUPPETEER_EXECUTABLE_PATH:-}${CHROME_PATH:-}" ] && return 0
  for b in chromium chromium-browser google-chrome-stable google-chrome; do command -v "$b" >/dev/null 2>&1 && return 0; done
  [ -x "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" ] && return 0
  return 1
}
if ! have_browser; then
  echo "setup: no system browser found; installing a Puppeteer-managed Chrome" >&2
  npx --no-install puppeteer browsers install chrome || echo "setup: could not install Chrome; only EPUB builds will work (--format epub)" >&2
fi

node lib/colophon.mjs build
