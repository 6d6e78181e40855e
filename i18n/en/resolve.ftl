## Resolving a charter: its header, organisation, numbering, nodes, tables,
## appendices, approval and conditions; merging with its model; the texts'
## templates; the limits of a run; paths outside the project; the build.

## The charter's header and organisation (src/resolve/mod.rs)
resolve-no-id = the charter has no id
resolve-no-id-label = [charter] needs an id
resolve-no-id-help = add id = "service-commitment" to [charter]: it names the output files and stays the same across versions
resolve-no-title = the charter has no title
resolve-no-title-label = [charter] needs a title
resolve-no-title-help = add title = "服务承诺制度" to [charter]
resolve-too-many-nodes = more than { $max } numbered nodes in one charter
resolve-too-many-nodes-label = one node too many
resolve-too-many-nodes-help = split the regulation into several charters
resolve-placeholder = { $name } is still the placeholder { $placeholder }
resolve-placeholder-label = to fill in
resolve-placeholder-help = write the organisation's real value of { $name } here
resolve-no-org-name = no organisation name for this charter
resolve-no-org-name-label = org.name is needed
resolve-no-org-name-help = put name = "…" in an org.toml in the charter's folder (or a folder above it), in [org], or pass --org FILE
resolve-logo = logo: { $problem }
resolve-logo-label = the organisation's logo
resolve-unknown-kind = unknown kind of organisation "{ $kind }"
resolve-unknown-kind-label = not a kind
resolve-unknown-kind-help = write kind = "社会团体", "基金会" or "社会服务机构" (association, foundation, social-service)

## What a 章程 must contain (src/resolve/mod.rs, src/statute)
statute-missing = the 章程 lacks an item the regulation requires: { $what } ({ $source })
statute-missing-label = a 章程 must contain it
statute-missing-help = state this item (see how charters/models/{ $kind }/articles.toml words it)
statute-figure = the 章程 states a figure the regulation does not allow: { $stated }
statute-figure-label = a figure the regulation fixes
statute-figure-help = the regulation says: { $rule }
statute-rule-directors = a foundation has 5 to 25 directors (基金会管理条例第二十条)
statute-rule-term = a director's term is at most 5 years (基金会管理条例第二十条)
statute-rule-meetings = the board meets at least twice a year (基金会管理条例第二十一条)

## Nodes and their numbers (src/resolve/nodes.rs, number.rs)
resolve-section-title = a section needs a title
resolve-no-title-here = no title
resolve-section-title-chapter-help = add title = "总则": a chapter needs a title
resolve-section-title-help = add title = "…" to this [[section]]
resolve-empty-node = an empty node: no heading, no text, nothing below it
resolve-nothing-to-print = nothing to print
resolve-empty-node-help = add text = "…", or remove the entry
resolve-no-label = "{ $pattern }" has no label for number { $n }
resolve-no-label-label = the { $n }th node at this level
resolve-no-label-help = circled numbers stop at ⑳; use a pattern with {"{"}n{"}"} for long lists
resolve-too-deep-section-one = numbering "{ $name }" has { $groups } section level ({ $patterns }); this section is the { $depth }th
resolve-too-deep-section = numbering "{ $name }" has { $groups } section levels ({ $patterns }); this section is the { $depth }th
resolve-too-deep-section-help = a section inside a section is the next level (第一章, then 第一节); use [[….clause]] for what is numbered inside it
resolve-too-deep = numbering "{ $name }" has { $levels } numbered levels ({ $patterns }); this node is deeper
resolve-too-deep-help = add a pattern to [charter.numbering] levels, or put this text into the node above
resolve-too-deep-label = no label pattern for this level

## Conditions: when = "…" (src/resolve/conditions.rs)
resolve-condition-unset = the condition "{ $when }" names a value that is not set
resolve-condition-unset-help = set it in org.toml: an option under [options] (party = true), a variable under [vars]; or compare with a value that exists (org.kind == '基金会')
resolve-condition-syntax = the condition "{ $when }" is not an expression
resolve-condition-syntax-help = write a condition such as when = "options.party", "not options.branches" or "options.supervision == '监事会'"
resolve-condition-failed = the condition "{ $when }" cannot be evaluated: { $detail }
resolve-condition-failed-help = write a condition over org, vars and options, such as when = "options.party"
resolve-condition-label = condition

## Tables (src/resolve/tables.rs)
resolve-table-columns = this table has { $columns } columns; a table may have at most { $max }
resolve-table-columns-label = too wide to print
resolve-table-columns-help = split it into several tables, or turn it so that the long side runs down the page
resolve-align = align names { $named } columns; the table has { $columns }
resolve-align-label = one alignment per column
resolve-align-help = give { $columns } alignments, e.g. align = ["left", "center"]
resolve-colspan = this cell runs past the last column (column { $column } of { $columns }, { $span } wide)
resolve-colspan-label = past the edge
resolve-colspan-help = make colspan smaller, or give the table more columns
resolve-rowspan = this cell spans { $rows } rows; only { $remaining } are left
resolve-rowspan-label = past the last row
resolve-rowspan-help = make rowspan smaller (header and body rows are spanned apart)
resolve-ragged-row = this row fills { $count } of the table's { $columns } columns
resolve-ragged-row-label = a ragged row
resolve-ragged-row-help = give every row as many cells as the table has columns (a colspan counts its columns, a rowspan fills the rows below)

## The approval and the revisions (src/resolve/approval.rs)
resolve-approval-missing = [approval] is missing { $keys }
resolve-approval-missing-label = incomplete approval
resolve-approval-missing-help = give body, term, session and date, e.g. term = 2, session = 4, date = 2025-03-01
resolve-effective-early = the charter takes effect before it is approved
resolve-effective-early-label = before the approval date { $date }
resolve-effective-early-help = check effective and date in [approval]
resolve-not-approved = no [approval] and no [[revision]]: the approval sentence and signature are left out
resolve-not-approved-label = not yet approved
resolve-not-approved-help = add [approval] with body, term, session and date once the board has approved it
resolve-revision-disagrees = the last [[revision]] disagrees with [approval]: { $key } { $revision } vs { $approval }
resolve-revision-says = revision says { $value }
resolve-approval-says = [approval] says { $value }
resolve-revision-disagrees-help = the last revision is the current version: make its { $key } equal to [approval]'s, or leave [approval] out and it is taken from the revision
resolve-revision-missing = [[revision]] is missing { $keys }
resolve-revision-missing-label = incomplete revision
resolve-revision-missing-help = each revision needs date, term and session (version and summary are optional)
resolve-revision-order = revisions must be listed oldest first
resolve-revision-order-label = { $date } comes after { $previous }
resolve-revision-order-later = later date
resolve-revision-order-help = order the [[revision]] entries by date; the last one is the current version

## Appendices: questionnaires, forms, texts (src/resolve/appendix.rs)
resolve-appendix-id = an appendix needs an id
resolve-appendix-id-label = [[appendix]] without id
resolve-appendix-id-help = add id = "satisfaction": `charter survey --appendix` and merging find it by id
resolve-appendix-kind = appendix "{ $id }" needs a kind
resolve-appendix-kind-label = no kind
resolve-appendix-kind-help = add kind = "questionnaire" or kind = "form"
resolve-appendix-title = appendix "{ $id }" needs a title
resolve-appendix-title-help = add title = "服务对象满意度调查问卷"
resolve-scale = a scale needs at least two points
resolve-scale-label = scale
resolve-scale-help = write scale = ["很满意", "满意", "一般", "不满意", "很不满意"], best first
resolve-no-questions = questionnaire "{ $id }" has no questions
resolve-no-questions-label = no [[appendix.question]]
resolve-no-questions-help = add [[appendix.question]] entries with text = "…"
resolve-question-text = a question needs text
resolve-question-text-label = no text
resolve-question-text-help = add text = "您对本场活动总体满意吗？"
resolve-no-fields = form "{ $id }" has no fields
resolve-no-fields-label = no [[appendix.field]]
resolve-no-fields-help = add [[appendix.field]] entries with label = "姓名"
resolve-field-label = a form field needs a label
resolve-field-label-label = no label
resolve-field-label-help = add label = "姓名"
resolve-form-questions = form "{ $id }" has questions
resolve-questions-belong = questions belong to a questionnaire
resolve-form-questions-help = use [[appendix.field]] in a form, or set kind = "questionnaire"
resolve-appendix-empty = appendix "{ $id }" has neither text nor tables
resolve-appendix-empty-help = add intro = "…" or a [[appendix.table]]
resolve-text-questions = text appendix "{ $id }" has questions
resolve-text-questions-help = set kind = "questionnaire", or remove the questions

## The limits of a run (src/limits.rs, and where a limit is reached)
limit-what-text = MB of rendered text per charter
limit-what-steps = template steps per charter
limit-what-cells = table cells per charter
limit-what-typeset = MB of text per PDF
limit-what-pages = pages per PDF
limit-named = { $name } ({ $what })
limit-not-name-value = --limit { $spec }: not NAME=VALUE
limit-not-name-value-help = e.g. --limit cells=60000; the limits are { $known }
limit-unknown = no limit is called "{ $name }"
limit-unknown-help = the limits are { $known }
limit-not-number = --limit { $spec }: not a whole number above 0
limit-not-number-help = e.g. --limit { $name }=2
limit-raise = to allow more, run with --limit { $name }={ $doubled } (the limit is now { $shown })
limit-cells = the charter's tables have more than { $max } cells in all
limit-cells-label = { $rows } rows × { $columns } columns
limit-cells-help = keep long lists (会员名单 …) in a file of their own; { $raise }

## Paths written in files: inside the project, ordinary files, bounded (src/sandbox.rs)
sandbox-outside = { $path } is outside the project folder { $root }
sandbox-outside-help = a path written in a charter, model, org file or template must stay inside the project folder (the working folder, or --root DIR); copy the file into the project
sandbox-not-found = file not found: { $path }
sandbox-not-found-help = paths are relative to the file that names them; check the spelling
sandbox-not-regular = { $path } is { $kind }, not a regular file
sandbox-not-regular-other = { $path } is not a regular file
sandbox-kind-folder = a folder
sandbox-kind-fifo = a FIFO
sandbox-kind-device = a device
sandbox-kind-socket = a socket
sandbox-not-regular-help = name an ordinary file
sandbox-too-large = { $path } is { $size } MB; the limit is { $limit } MB
sandbox-too-large-help = split the file, or make the image smaller
sandbox-unreadable = cannot read { $path }: { $error }
sandbox-unreadable-help = check that the file is readable

## A charter merged with its model: extends, after/before, remove (src/merge)
merge-named-here = named here
merge-too-deep = extends goes more than { $max } models deep
merge-too-deep-label = one model too many
merge-too-deep-help = a model of a model of a model …: merge some of them into one
merge-cycle = cycle in extends: { $chain }
merge-cycle-label = this extends closes the cycle
merge-cycle-help = a model must not extend, directly or through others, the charter that extends it; remove one of the extends
merge-org-file-help = org.toml must be an ordinary file inside the folder of charters
merge-no-sibling = { $key } = "{ $target }": no sibling with this id
merge-no-sibling-label = not the id of a node at this level
merge-no-siblings-help = there are no siblings with ids here to place it after or before
merge-siblings-help = siblings here: { $ids }
merge-after-and-before = a node cannot have both after and before
merge-second-placement = second placement
merge-first-placement = first placement
merge-after-and-before-help = keep one of after = "…" or before = "…"
merge-remove-nothing = remove: no inherited node at "{ $path }"
merge-remove-nothing-label = nothing to remove here
merge-remove-nothing-help = write the id path of a node of the model, e.g. "principles.fair", or "appendix.<id>"
merge-duplicate-id = duplicate id "{ $id }" among { $among }
merge-second-use = second use
merge-first-use = first use
merge-duplicate-id-help = ids must be unique among siblings; rename one of them
merge-among-sections = sections
merge-among-clauses = clauses
merge-among-items = items
merge-among-points = points
merge-among-appendices = appendices
merge-among-questions = questions
merge-among-fields = fields

## Limits reached while rendering the texts (src/render)
limit-text = the charter's texts come to more than { $max } MB in all
limit-steps = the charter's texts take more than { $max } template steps in all
limit-reached-here = the limit was reached here
limit-texts-help = a long variable printed in many texts, or a loop in many clauses? print it once; { $raise }
limit-one-text = this text renders to more than { $max } MB
limit-one-text-label = too long
limit-one-text-help = a loop prints far too much: shorten it, or split the text into several clauses
limit-fuel = this text does too much work
limit-fuel-label = stopped after { $steps } steps
limit-fuel-help = a loop runs far too often (range() inside range()?): loop over a short list

## The texts' templates: variables, filters, ref() (src/render)
render-ref-positional = ref("{ $path }") names a node without an id
render-ref-positional-label = reference by position
render-ref-positional-help = give the target an id and refer to it by id: its position changes when nodes are added before it
render-undefined = undefined variable "{ $name }"
render-undefined-label = not defined for this charter
render-undefined-org-help = set { $field } = "…" in the organisation's org.toml, or in [org] of the charter (or pass --org FILE)
render-undefined-vars-help = add { $field } = "…" under [vars]
render-undefined-options-help = add { $field } = true (or false) under [options] in the organisation's org.toml or in the charter
render-undefined-approval-help = this charter has no approval yet: add [approval] (body, term, session, date) or a [[revision]]
render-undefined-revision-help = this charter has no [[revision]] history; add one, or use approval.* instead
render-undefined-charter-help = charter.{ $field } is not set; the charter fields are id, title, number, numbering
render-undefined-near-help = did you mean "{ $name }"? the variables are org, charter, approval, revision, vars and options
render-undefined-help = the variables are org, charter, approval, revision, vars and options; add your own under [vars] and write {"{{"} vars.name {"}}"}
render-unknown-filter = unknown filter "{ $name }"
render-unknown-filter-label = no such filter
render-unknown-filter-help = the filters are zh_num, zh_date and zh_date_upper (plus MiniJinja's built-ins)
render-unknown-function = unknown function in "{ $snippet }"
render-unknown-function-label = no such function
render-unknown-function-help = the one function is ref("section-id.clause-id")
render-ref-missing = ref("{ $path }"): no node has this path
render-ref-missing-label = missing cross-reference target
render-ref-missing-help = write the id path from the section down, e.g. ref('supervision.hotline'); check the target was not removed
render-syntax = template syntax error: { $detail }
render-syntax-label = cannot read this template
render-syntax-help = variables are written {"{{"} org.name {"}}"}; to print "{"{{"}" itself write {"{{"} '{"{{"}' {"}}"}
render-failed = cannot render text: { $detail }
render-failed-help = check the {"{{"} … {"}}"} expressions in this text
render-tilde-help = write the pieces side by side: {"{{"} org.name {"}}"}章程
render-arithmetic-help = charter texts print values and do no arithmetic; write the number itself, or put it in [vars]
render-statement-help = charter texts may use {"{%"} if {"%}"} and {"{%"} for {"%}"}; other statements are not available
render-refused = "{ $what }" is not available in charter texts
render-refused-label = not allowed here
render-zh-num = zh_num needs a whole number of 0 or more, got { $value }
render-date-filter = { $name } needs a date like 2025-03-01, got { $value }
render-filter-too-long = { $what } would make a text of more than { $max } MB

## Numbering schemes and patterns (src/numbering.rs)
number-unknown-scheme = unknown numbering scheme "{ $name }"
number-unknown-scheme-label = not a numbering scheme
number-unknown-scheme-help = use "gbt9704" (一、（一）1.（1）), "articles" (第一章 第一节 第一条), "arabic" (1、（1）①a.), or a [charter.numbering] table with levels
number-level-count = numbering needs 1 to { $max_groups } section levels and up to { $max_numbered } numbered levels, found { $groups } and { $numbered }
number-level-count-label = levels
number-level-count-help = write levels = ["{"{"}zh{"}"}、", "（{"{"}zh{"}"}）", "{"{"}n{"}"}.", "（{"{"}n{"}"}）"] (the first is the sections'), or groups = ["第{"{"}zh{"}"}章", "第{"{"}zh{"}"}节"] with levels = ["第{"{"}zh{"}"}条", "（{"{"}zh{"}"}）"]
number-continuous = continuous has more entries than levels
number-continuous-label = one true/false per level
number-continuous-help = give one true/false per level, e.g. continuous = [false, true]
number-bad-pattern = bad numbering pattern "{ $pattern }": { $problem }
number-bad-pattern-help = a pattern holds exactly one of {"{"}n{"}"}, {"{"}zh{"}"}, {"{"}circled{"}"}, {"{"}alpha{"}"}, e.g. "（{"{"}zh{"}"}）"
number-pattern-two-placeholders = more than one placeholder
number-pattern-no-placeholder = no placeholder
number-pattern-unknown-placeholder = unknown placeholder

## Typography of Chinese text (src/lint.rs)
lint-half-width = half-width '{ $narrow }' in Chinese text
lint-half-width-label = write '{ $wide }'
lint-half-width-help = Chinese text uses full-width punctuation: ，；：（）？！
lint-more = { $count } more in this text

## Finding the charters (src/discover.rs, src/pipeline.rs)
discover-no-path = no such file or folder: { $path }
discover-no-path-help = give a charter file (.toml) or a folder of charters; without a path, charters/ is used
discover-unreadable = cannot read folder: { $error }
discover-unreadable-help = check the folder's permissions
pipeline-no-file = no such charter file: { $path }
pipeline-no-file-help = give the path of a charter's .toml file
pipeline-model = { $path } is a model charter (model = true)
pipeline-model-help = give a charter that extends it, for an organisation

## Building many charters (src/batch.rs)
build-manifest-unwritable = warning: cannot write the build manifest in { $folder }: { $error }; the next build rebuilds everything
build-summary = built { $built }, unchanged { $unchanged }, failed { $failed } in { $seconds } s ({ $warnings } warnings)
build-and = { " " }and{ " " }
build-same-output = { $charters } all write { $output }.*: none of them is built
build-same-output-help = a copy kept beside a charter has its id: give the copy another id in [charter], or move it out of the charters' folders (an old version: charter revise keeps it for you)
build-overwrites-input = { $output } would overwrite { $input }, an input of this charter
build-overwrites-input-help = build into another folder with -o DIR
build-write-failed = { $error }; none of this charter's files were changed
build-write-failed-help = check that the output folder is writable (-o DIR to choose another)
build-built = built
build-failed = failed
