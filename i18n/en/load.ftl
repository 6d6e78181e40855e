## The loader: a charter file's keys, the types of their values, TOML syntax.

table-top-level = the top level
type-text = text
type-integer = a whole number
type-float = a decimal number
type-bool = true/false
type-date = a date
type-list = a list
type-table = a table
expect-quoted = text in quotes
expect-texts = a list of texts
expect-bool = true or false
expect-integer = a whole number
expect-date = a date
expect-table = a table
expect-tables = a list of tables
unknown-key = unknown key "{ $key }" in { $table }
unknown-key-label = not a key of { $table }
unknown-key-list = the keys of { $table } are: { $keys }
unknown-key-nested = write it as { $header }: it belongs to the entry above it
unknown-key-elsewhere = "{ $key }" belongs in { $home }; in TOML a key after a [table] header belongs to that table, so move it above the next header
type-mismatch = "{ $key }" in { $table } must be { $expected }, found { $found }
type-expected = expected { $expected }
help-quoted = write { $key } = "…"
help-texts = write { $key } = ["…", "…"]
help-bool = write { $key } = true or { $key } = false, without quotes
bad-id = "{ $id }" is not a valid id
bad-id-label = ids are letters, digits, - and _
bad-id-help = use letters, digits, - or _ only, e.g. { $key } = "{ $example }"
count-positive = "{ $key }" in { $table } must be 1 or more
count-positive-label = expected a positive whole number
help-number-example = write e.g. { $key } = 2
help-number-unquoted = write the number without quotes: { $key } = { $n }
help-number-unquoted-example = write the number without quotes, e.g. { $key } = 2
not-a-date = "{ $text }" is not a date
date-label = expected a date like 2025-03-01
date-help-exists = write { $key } = 2025-03-01 (year-month-day, a day that exists)
date-no-time = "{ $key }" in { $table } must be a date without a time
date-help = write { $key } = 2025-03-01
help-table = write it as a table: { $name } on its own line, then its keys
help-tables = write each entry as { $name } followed by its keys
unknown-choice = unknown { $key } "{ $value }"
unknown-choice-label = expected one of { $choices }
help-choices = write { $key } = { $choices }
toml-malformed = malformed TOML: { $detail }
toml-hint-date = write a date that exists, as YYYY-MM-DD without quotes: date = 2025-03-01
toml-hint-duplicate = each key may appear once per table; for a list of sections use [[section]]
toml-hint-quotes = text values need quotes: title = "服务承诺制度"; use """ … """ for text over several lines
toml-hint-general = see the format in README.md; every value needs `key = value`, text in quotes
toml-number-word = "{ $key }" is written as a Chinese number
toml-number-word-label = a number, written as a word
toml-number-word-help = write the number itself, without quotes: { $key } = { $n }
toml-fullwidth = a full-width “{ $mark }” where TOML needs “{ $ascii }”
toml-fullwidth-label = full-width { $mark }
toml-fullwidth-help = TOML's quotes, brackets and = are half-width (English input): replace { $mark } with { $ascii }
control-character = a control character ({ $code }) in the text
control-character-label = not allowed in a charter
control-character-help = remove it: control characters (other than tab and line breaks) make a DOCX that Word will not open
not-utf8 = { $file } is not UTF-8 text
not-utf8-help = save the file as UTF-8 (in WPS or Notepad: Save As → Encoding → UTF-8)
not-found-help = check the path; `charter check` with no path checks charters/
toml-detail-string = a text value is not closed or not opened with a quote "
toml-detail-multiline = a text over several lines is not closed with """
toml-detail-array-comma = list items need a comma between them
toml-detail-array = a list is not closed with ]
toml-detail-table = a table header is not closed with ]
toml-detail-assignment = a key needs = and a value
toml-detail-value = a key has no value after =
toml-detail-key = a key may hold only letters, digits, - and _ (or be quoted)
toml-detail-date = not a date that exists
toml-detail-extra-comma = a comma too many
toml-detail-inline-table = a table in braces is not closed
toml-detail-duplicate = a key given twice in one table
numbering-both = a numbering table names a scheme or gives levels, not both
numbering-both-label = a built-in scheme
numbering-both-help = keep scheme = "…" (with restart = true to count articles per chapter), or give levels alone
numbering-missing = [charter.numbering] needs levels or a scheme
numbering-missing-label = no levels given
numbering-missing-help = { $patterns }, or scheme = "articles"
effective-unknown = unknown effective "{ $value }"
effective-unknown-label = expected "upon-approval" or a date
effective-unknown-help = write effective = "upon-approval" or effective = 2025-04-01
writing-lines-many = lines = { $lines } is more writing space than a form can print
writing-lines-label = at most { $max }
writing-lines-help = a page holds about 20 lines: ask for less, or add an open question
columns-positive = columns must give a positive width for every column
columns-positive-label = relative widths
columns-positive-help = write columns = [1, 3, 2]: one number per column, larger is wider
align-unknown = an alignment is "left", "center" or "right"
align-unknown-label = not an alignment
table-no-rows = a table needs rows
table-no-rows-label = no header, no rows
table-no-rows-help = write rows = [["甲", "乙"], ["丙", "丁"]] (and header = [["…", "…"]] for the head)
numbering-levels-help = write levels = ["{"{"}zh{"}"}、", "（{"{"}zh{"}"}）", "{"{"}n{"}"}.", "（{"{"}n{"}"}）"]
align-unknown-help = write align = ["left", "center", "right"], one per column
help-numbers = write { $key } = [1, 3, 2]
cell-of = a cell of { $key }
