#!/usr/bin/env bash
# Debian packages gongkai needs beyond Python: Chromium for the browser tests, Noto CJK
# fonts for PDFs and screenshots, LibreOffice (writer, headless) to convert .doc files
# and check DOCX output, poppler-utils (pdftotext) for the PDF checks, gettext for the
# message catalogues, PostgreSQL client tools for pg_isready.
set -euo pipefail
PACKAGES=(chromium fonts-noto-cjk libreoffice-writer-nogui poppler-utils gettext postgresql-client)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "gongkai: missing Debian packages: ${missing[*]} (install them as root: apt-get install ${missing[*]})" >&2
  exit 0
fi
echo "gongkai: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
