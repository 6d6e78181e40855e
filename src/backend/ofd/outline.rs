//! Bookmarks: the headings typst's PDF export turns into its outline, as
//! OFD Outlines with a Goto action to the heading's place.

use std::fmt::Write;

use typst::foundations::{NativeElement, Packed, StyleChain};
use typst::introspection::Introspector;
use typst::model::{HeadingElem, OutlineNode};
use typst_layout::PagedDocument;

use super::{mm, num};
use crate::hygiene::xml_escape as esc;

/// The `<ofd:Outlines>` element, empty when there are no bookmarks.
pub fn outlines(document: &PagedDocument, page_ids: &[u32]) -> String {
    let introspector = document.introspector();
    let elems = introspector.query(&HeadingElem::ELEM.select());
    let flat: Vec<(&Packed<HeadingElem>, _, bool)> = elems
        .iter()
        .filter_map(|elem| {
            let heading = elem.to_packed::<HeadingElem>()?;
            let level = heading.resolve_level(StyleChain::default());
            let bookmarked = heading
                .bookmarked
                .get(StyleChain::default())
                .unwrap_or_else(|| heading.outlined.get(StyleChain::default()));
            Some((heading, level, bookmarked))
        })
        .collect();
    let tree = OutlineNode::build_tree(flat);
    let mut out = String::new();
    for node in &tree {
        node_xml(node, document, page_ids, &mut out);
    }
    if out.is_empty() {
        return out;
    }
    format!("<ofd:Outlines>{out}</ofd:Outlines>")
}

fn node_xml(
    node: &OutlineNode<&Packed<HeadingElem>>,
    document: &PagedDocument,
    page_ids: &[u32],
    out: &mut String,
) {
    let Some(location) = node.entry.location() else {
        return;
    };
    let Some(position) = document.introspector().position(location) else {
        return;
    };
    let Some(page_id) = page_ids.get(position.page.get() - 1) else {
        return;
    };
    let text = node.entry.body.plain_text();
    let title = match &node.entry.numbers {
        Some(numbers) => format!("{numbers} {text}"),
        None => text.to_string(),
    };
    let _ = write!(
        out,
        r#"<ofd:OutlineElem Title="{}"><ofd:Actions><ofd:Action Event="CLICK"><ofd:Goto><ofd:Dest Type="XYZ" PageID="{page_id}" Left="{}" Top="{}"/></ofd:Goto></ofd:Action></ofd:Actions>"#,
        esc(title.trim()),
        num(mm(position.point.x)),
        num(mm(position.point.y))
    );
    for child in &node.children {
        node_xml(child, document, page_ids, out);
    }
    out.push_str("</ofd:OutlineElem>");
}
