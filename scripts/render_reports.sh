#!/usr/bin/env bash
# Renders the reports for a visual check (not a unit test):
#   XLSX → PDF with LibreOffice headless, HTML → PDF and PNG with headless Chromium,
#   PDF pages → PNG with pdftoppm (poppler-utils).
# Usage: scripts/render_reports.sh [DIR]
#   DIR holds report.xlsx and report.html; without DIR, the sample hospital of
#   ReportSampleTests is written to ${TMPDIR:-/tmp}/followup-report-sample first.
# Needs: apt-get install -y libreoffice-calc-nogui fonts-wqy-zenhei chromium poppler-utils
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-}"
if [[ -z "$dir" ]]; then
  dir="${TMPDIR:-/tmp}/followup-report-sample"
  rm -rf "$dir"
  FOLLOWUP_REPORT_SAMPLE_DIR="$dir" swift test --filter ReportSampleTests >/dev/null
fi
out="$dir/render"
mkdir -p "$out"
for tool in libreoffice chromium pdftoppm; do
  command -v "$tool" >/dev/null || { echo "missing $tool (see the header of $0)" >&2; exit 1; }
done

# LibreOffice needs a writable profile; a private one keeps runs independent.
libreoffice -env:UserInstallation="file://$out/lo-profile" --headless --convert-to pdf --outdir "$out" \
  "$dir/report.xlsx" >/dev/null
pdftoppm -r 60 -png "$out/report.pdf" "$out/xlsx-page"

html="file://$(cd "$dir" && pwd)/report.html"
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --print-to-pdf="$out/report-html.pdf" "$html" 2>/dev/null
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1366,3000 \
  --screenshot="$out/report-html.png" "$html" 2>/dev/null
pdftoppm -r 60 -png "$out/report-html.pdf" "$out/html-page"

echo "XLSX: $(pdfinfo "$out/report.pdf" | awk '/^Pages/ {print $2}') page(s); HTML: $(pdfinfo "$out/report-html.pdf" | awk '/^Pages/ {print $2}') page(s)"
ls "$out"/*.png
