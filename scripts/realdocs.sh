#!/bin/sh
# Measures the import on every document: ../shared/realdocs (20 real
# regulations) and tests/fixtures/import (our own, one per rule). Each is
# imported, checked, built as PDF and DOCX; the tables give the share of the
# original's sentences (labels included) found in pdftotext's text of the PDF
# and in LibreOffice's text of the DOCX, and the lines not placed.
# Needs pdftotext and soffice. Usage: scripts/realdocs.sh
set -eu
cd "$(dirname "$0")/.."
CI=true cargo test --release --test realdocs --test import_corpus -- --nocapture --test-threads 1 2>&1 |
    grep -E '^\||missing in|^lines not placed|^test result|panicked'
