//! Markdown's marks on a line: headings, list items, quotes, emphasis.

use super::is_space;

/// Undoes Markdown: heading marks, emphasis, escapes, quotes, bullets and
/// pipe tables (cells become tab-separated). `None` for a table rule row.
pub(super) fn strip_markdown(text: &str, full: bool) -> Option<(String, bool)> {
    let mut changed = false;
    let mut line = text.trim_start_matches(is_space).to_string();
    // Heading marks also survive in plain text from converters.
    let hashes = line.chars().take_while(|&c| c == '#').count();
    // `####一、总则`: Markdown wants a space after the marks, hand-written
    // files often have none.
    let unspaced = full && !line[hashes..].trim_matches(is_space).is_empty();
    if (1..=6).contains(&hashes) && (line[hashes..].starts_with([' ', '\u{3000}']) || unspaced) {
        line = line[hashes..].trim_start_matches(is_space).to_string();
        changed = true;
    }
    for mark in ['*', '_'] {
        // `**bold**` and `__bold__`: runs of exactly two; a longer run of
        // underscores (`____`) is a blank to fill in, not emphasis.
        let runs = |line: &str| {
            let mut pairs = Vec::new();
            let mut run_start = None;
            for (at, c) in line.char_indices().chain([(line.len(), '\0')]) {
                match (c == mark, run_start) {
                    (true, None) => run_start = Some(at),
                    (false, Some(start)) => {
                        if at - start == 2 {
                            pairs.push(start);
                        }
                        run_start = None;
                    }
                    _ => {}
                }
            }
            pairs
        };
        let pairs = runs(&line);
        if pairs.len() >= 2 {
            for start in pairs.into_iter().rev() {
                line.replace_range(start..start + 2, "");
            }
            changed = true;
        }
    }
    if !full {
        return Some((line, changed));
    }
    if let Some(rest) = line.strip_prefix('>') {
        line = rest.trim_start_matches(is_space).to_string();
        changed = true;
    }
    if line.starts_with('|') {
        let inner = line.trim_matches('|');
        let cells: Vec<String> = inner
            .split('|')
            .map(|c| c.trim_matches(is_space).to_string())
            .collect();
        let rule = cells
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
        if rule {
            return None;
        }
        line = format!("\t{}", cells.join("\t"));
        changed = true;
    }
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            line = rest.to_string();
            changed = true;
        }
    }
    if line.contains('\\') {
        let mut out = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
                changed = true;
                continue;
            }
            out.push(c);
        }
        line = out;
    }
    Some((line, changed))
}

/// Whether a Markdown line starts a block of its own: a heading, a list
/// item, a quote, a table row, or any line after a blank one. Such a line
/// is never joined to the line above, however that one ends.
pub(super) fn markdown_block(text: &str, after_blank: bool) -> bool {
    let t = text.trim_start_matches(is_space);
    let numbered = {
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        digits > 0
            && t[digits..].starts_with(['.', ')'])
            && t[digits + 1..].starts_with([' ', '\t'])
    };
    after_blank
        || t.starts_with(['#', '>', '|'])
        || t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with("+ ")
        || numbered
}

/// Where a Markdown line stands (see `Hint::context`): a heading's depth,
/// how deep in quotes, how far its list item is indented (a tab or two
/// spaces a step).
pub(super) fn markdown_context(text: &str) -> u16 {
    let hashes = text.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) {
        return hashes as u16 * 100;
    }
    let quotes = text
        .chars()
        .filter(|&c| c != ' ')
        .take_while(|&c| c == '>')
        .count()
        .min(9) as u16;
    let unquoted = text.trim_start_matches(['>', ' ']);
    let columns: usize = if quotes > 0 {
        0
    } else {
        unquoted
            .chars()
            .take_while(|&c| c == ' ' || c == '\t')
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum()
    };
    quotes * 10 + (columns / 2).min(9) as u16
}

#[cfg(test)]
mod tests {
    use super::strip_markdown;

    #[test]
    fn emphasis_goes_and_a_blank_of_underscores_stays() {
        let strip = |t: &str| strip_markdown(t, false).map(|(l, _)| l);
        assert_eq!(strip("**重点**和__强调__").as_deref(), Some("重点和强调"));
        assert_eq!(
            strip("每____年换届，____").as_deref(),
            Some("每____年换届，____")
        );
    }
}
