# charter import: what the import report says beyond its tables of lines.
import-repeated-table = a table repeated on every page (same cells each time, from "{ $first }"): kept once where it first stood; its repeat at input line { $line } left out
import-check-fallback = the charter as first written did not pass `charter check` ({ $why }): its tables are kept as text, row by row, where they stood
import-table-body = the body is only tables, without numbered labels: { $tables } table(s) kept as tables under one untitled section (charter prints its label, 一、)
