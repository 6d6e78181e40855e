## Model texts (示范文本): drafting notes and blanks still to fill in.

drafting-note = { $place }: { $text }
drafting-note-label = a drafting note: shown here, never printed
drafting-note-help = follow the note in the text, then delete it (the `note` line) when the text is final
drafting-blank = a blank still to fill in: { $placeholder }
drafting-blank-label = to fill in
drafting-blank-help = write the value in place of { $placeholder } (the model's note beside it, if any, says what belongs here)
drafting-blank-more = { $count } more in this text
drafting-whole = the whole text
drafting-summary = { $count } drafting notes (never printed): `charter check` lists them
drafting-import = model text: { $blanks } blank(s) to fill in → { $placeholder } (check reports each), { $notes } 【…】 drafting note(s) → `note` (shown by check and the studio, never printed)
