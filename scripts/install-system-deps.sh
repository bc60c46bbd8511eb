#!/usr/bin/env bash
# The optional system packages, from Debian: Tesseract with its Simplified Chinese
# model (`--ocr-engine tesseract`), an embeddable CJK TrueType font (the PDF and scan
# fixtures the reader tests render), LibreOffice Writer (legacy .doc, WPS .wps, RTF and
# ODT files, and the PDFs the reader tests export with it, as people make them) and
# Chromium with its driver (the review report's browser tests run the pages in it,
# headless). Idempotent and quiet: installs only what is missing, and does nothing when
# everything is there.
set -euo pipefail

packages=(tesseract-ocr tesseract-ocr-chi-sim fonts-wqy-zenhei libreoffice-writer chromium chromium-driver)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-system-deps: need root (or sudo) to install ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
fi
echo "install-system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
