## Volumes (charter volume, volume.toml), the backends (PDF, DOCX, templates, fonts), new organisations,
## the studio's document editor, and what every command prints about the files it writes.

output-wrote = wrote { $path }

## charter volume

volume-no-folder = no such folder: { $folder }
volume-no-folder-help = give an organisation's folder, e.g. charters/orgs/qingshan
volume-unchanged = unchanged { $path } ({ $regulations })
volume-one-regulation = 1 regulation
volume-regulations = { $count } regulations
volume-manifest-unwritten = cannot write the manifest in { $dir }: { $reason }; the next run rebuilds the volume
volume-page = {"  "}p. { $page }  { $title }
volume-bound = bound { $regulations } in { $seconds } s
volume-failed = { $failed } charter(s) of { $folder } failed; the volume is not written
volume-failed-help = fix the errors above, then run charter volume again
volume-empty = no charters in { $folder }
volume-empty-help = a volume binds an organisation's charters (.toml files that are not model = true); give the organisation's folder
volume-logo = logo: { $reason }
volume-no-charter = no charter "{ $name }" in { $folder }
volume-listed-twice = "{ $name }" is listed twice
volume-in-charters = in charters
volume-charters-here = the charters here are: { $ids }
volume-two-organisations = { $first } is { $first_org }'s and { $other } is { $other_org }'s: a volume binds one organisation's regulations
volume-two-organisations-help = give one organisation's folder, or list its charters in volume.toml
volume-date-option = --date { $text } is not a date
volume-date-option-help = write the date as YYYY-MM-DD, e.g. --date 2026-01-15
volume-date-invalid = date is not a calendar date
volume-date-help = write the date as YYYY-MM-DD without quotes: date = 2026-01-15
volume-date-label = not a date
volume-formats = a volume is written as pdf, docx or ofd
volume-formats-help = give --format pdf,docx,ofd (or some of them)
volume-output-extension = -o { $path }: the volume is written as .pdf, .docx or .ofd
volume-output-extension-help = name a file ending in .pdf, .docx or .ofd, or leave -o out to write each format asked for to out/<org-folder>/
volume-title-control = { $file }: the title holds a control character ({ $code })
volume-title-control-label = control character in here
volume-title-control-help = write the title as plain text
volume-toml-help = volume.toml may hold title = "…", date = YYYY-MM-DD, logo = "FILE" and charters = ["id", …]
volume-charters-help = write charters = ["id", "id"]: the charters' ids (their file names without .toml) in the order to bind them
volume-what = the volume
volume-typeset-remedy = bind fewer regulations (charters = [...] in volume.toml), or make several volumes
volume-own-template = { $source }: template "{ $template }" is set in the formal layout in a volume
volume-own-template-help = a volume sets each regulation with the built-in formal or plain template; its DOCX keeps the regulation's own theme
volume-template-marks = the volume template marked { $marked } regulations of { $count }
volume-template-marks-help = templates/volume.typ sets each regulation with formal-layout.typ's regulation(); restore them from charter's own

## PDF (Typst templates)

pdf-too-much-text = { $what } has { $size } MB of text, too much to typeset in one PDF (the limit is { $limit } MB)
pdf-too-much-text-help = { $remedy }; { $raise }
pdf-typeset-remedy = split the regulation into several charters (DOCX and JSON are not limited)
pdf-tally-remedy = for a sheet this large use --format text or json, which list every answer
pdf-redline-remedy = compare with --format text or json, or split the charters
pdf-too-many-pages = { $what } lays out to { $pages } pages, more than the { $limit } one PDF may have
pdf-too-many-pages-help = split it into several documents; { $raise }
pdf-a2b-no-date = PDF/A-2b needs the document's date, and this charter has none
pdf-a2b-no-date-help = add [approval] with the date of the meeting (or set SOURCE_DATE_EPOCH), or build without --pdf-standard a-2b
pdf-a2b-unavailable = PDF/A-2b is not available: { $reason }
pdf-a2b-unavailable-help = build without --pdf-standard a-2b
pdf-template-failed = template { $template } failed: { $message }
pdf-template-warning = template { $template }: { $message }
pdf-template-help = the template is Typst code: fix { $template }, or choose another with template = "formal" in [layout]
pdf-glyph-help = a character has no glyph in any font; see the missing-glyph warnings, add a font with --font-path, or change the text
pdf-glyph-label = '{ $char }' ({ $code }) is in no font
pdf-while-building = while building { $source }
pdf-package = package { $package } is not available: charter works offline and templates cannot import packages; copy what you need into the template's folder
pdf-file-missing = does not exist
pdf-file-outside = leads out of the template's folder
pdf-file-it = it
pdf-file-unreadable = /{ $name } is not readable ({ $why }): a template may read only regular files in its own folder, /charter.json and the charter's logo
pdf-file-name = invalid template file name: { $path }
pdf-file-name-help = name the template's files with plain names inside its own folder

## Templates and their themes

layout-built-in = templates/{ $file } (built in)
layout-template-refused = template: { $reason }
layout-in-layout = in [layout]
layout-template-path-help = [layout] template is a name (formal, plain) or a path to a .typ file inside the project, relative to the charter
layout-unknown-template = unknown template "{ $name }"
layout-unknown-template-help = the templates are formal and plain; a path to your own .typ file also works
layout-theme-invalid = the theme { $theme } of template "{ $template }" is not valid: { $reason }
layout-theme-invalid-help = compare it with templates/formal.toml: [page], [size] and [font.<role>] tables

## Fonts and glyphs

glyph-missing = character '{ $char }' ({ $code }) is in no font of the { $role } role ({ $families }); the PDF would show an empty box
glyph-missing-help = add a font that has it with --font-path DIR, or replace the character
glyph-missing-label = '{ $char }' has no glyph
glyph-generated-text = a generated text (label, statement or organisation name)
glyph-in = in { $place }
glyph-count = it occurs { $count } times
fonts-bundled = bundled fonts/{ $file }
fonts-system = system { $path }

## DOCX

docx-unwritten = cannot write the DOCX of { $source }: { $reason }
docx-bug-help = this is a bug in charter; please report it with the charter file
docx-volume-unwritten = cannot write the DOCX of the volume: { $reason }
docx-volume-bug-help = this is a bug in charter; please report it with the charters

## charter new

new-added = added to { $path }: { $keys }
new-created = created { $path }
new-kept = kept { $path } (already there, not changed)
new-next = next: fill in the { $placeholder } values in { $file }, run `charter check { $folder }`, then `charter build { $folder }`
new-next-volume = next: fill in the { $placeholder } values in { $file }, run `charter check { $folder }`, then `charter build { $folder }` and `charter volume { $folder }`
scaffold-not-a-model = { $path } is not marked model = true
scaffold-not-a-model-help = a model charter has model = true in [charter] so that it is not built on its own
scaffold-name-kept = org.toml already names the organisation { $name }; it is kept (--name { $given } is not used)
scaffold-name-kept-help = to rename it, edit name in org.toml
scaffold-kind-kept = org.toml says kind = "{ $kind }"; it is kept (--kind { $given } is not used)
scaffold-kind-kept-help = to change the kind, edit kind in org.toml
scaffold-kept-label = kept as written

## The studio's document editor

edit-not-toml = the source is not valid TOML, so it cannot be edited as a document
edit-not-toml-help = correct the error shown in the source view first
edit-no-node = no node at "{ $path }"
edit-try-again = the document changed meanwhile: try again
edit-no-id = this node has no id in its model, so it cannot be changed here
edit-no-id-help = give the node an id in the model (id = "…"), or edit the model
edit-cannot-go-there = a { $kind } cannot go there
edit-cannot-go-there-help = a chapter holds 节, articles and items; an article items; an item points
edit-kind-section = section
edit-kind-clause = clause
edit-kind-item = item
edit-kind-point = point
edit-neighbour-no-id = the node beside it has no id in its model
edit-neighbour-no-id-help = give it an id in the model (id = "…") to place new nodes beside it
edit-first = it is already the first
edit-last = it is already the last
edit-nothing-to-pass = nothing to move past
edit-pass-no-id = a node of the model without an id cannot be moved past
edit-give-id = give it an id in the model (id = "…")
edit-remove-no-id = a node of the model without an id cannot be removed here
edit-not-overridden = this node is not a changed node of the model
edit-not-overridden-help = 恢复为范本 applies to the model's nodes this charter changed
edit-no-table = no such table
edit-table-change = that change does not fit the table
edit-table-change-help = merge cells that line up; a table keeps at least one row and one column
edit-table-no-id = a table of the model without an id cannot be changed here
edit-table-no-id-help = give the table an id in the model (id = "…")

## Writing outputs; the command line

output-cannot-write = cannot write { $path }: { $reason }
output-folder-in-the-way = a folder of that name is in the way
cmd-control-character = { $option } holds a control character ({ $code })
cmd-control-character-help = give plain text
cmd-input-overwritten = { $path } is an input of this command; it is not overwritten
cmd-input-overwritten-help = write the output to another file with -o
cmd-unwritable-help = check that the folder exists and is writable
cmd-timings-unwritten = cannot write the timings to { $path }: { $reason }
cmd-shard-form = write the shard as K/N, e.g. 2/8 for the second of eight parts
cmd-shard-not-a-number = "{ $part }" is not a number
cmd-shard-range = K must be between 1 and N, got { $index }/{ $count } (for 0-based job indexes pass $((INDEX+1))/N)
encoding-damaged = { $file } is UTF-8 text with invalid bytes on line { $line }
encoding-unknown = { $file } is not text in UTF-8, UTF-16 or GBK

## charter watch

watch-unavailable = cannot watch for changes: { $reason }
watch-cannot-watch = cannot watch { $path }: { $reason }
watch-watching = watching { $paths } for changes (Ctrl-C to stop)
watch-rebuilding = change detected, rebuilding

## charter fonts

fonts-roles = Font roles of template "{ $template }" ({ $file }):
fonts-role-filled = wants { $wanted } filled by { $family } ({ $origin })
fonts-role-missing = wants { $wanted } NOT FOUND: text falls back to any font with the glyphs
fonts-docx-names = DOCX names it { $docx } / { $ascii }
fonts-found = Fonts found: { $bundled } bundled, { $paths } from --font-path, { $system } system.

## PDF/A: Typst's refusal of a character no font has, in the words Typst uses in English

pdf-glyph-refused = { $standard } error: the text `{ $text }` could not be displayed with font `{ $font }`
pdf-glyph-hint = try using a different font
