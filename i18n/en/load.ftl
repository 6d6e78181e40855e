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
control-character-label = not printable
control-character-help = delete it (it often comes from copying out of another program)
