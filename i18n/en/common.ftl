## Shared by every command: how a message is printed, and the run's limits.

severity-error = error
severity-note = note
severity-warning = warning
prefix-help = help
prefix-note = note
did-you-mean = did you mean "{ $name }"?
or = { " " }or{ " " }
list-separator = , { "" }
check-summary = checked { $count } charters ({ $ok } valid, { $models } models, { $failed } with errors): { $errors } errors, { $warnings } warnings
check-excluded = { $file }: { $count } left out by their conditions (when):
root-missing = --root { $dir }: { $reason }
root-missing-help = give an existing folder
named-here = named here
too-many-problems = too many problems in this file
too-many-problems-label = stopped here
too-many-problems-help = the first { $shown } are shown; fix them and check again
