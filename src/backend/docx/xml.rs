//! A small XML tree for rewriting the parts docx-rs writes: parse, reorder
//! children into the order the OOXML schema requires, serialise.
//!
//! docx-rs 0.4.22 writes some property children (`w:rPr`, `w:pPr`, `w:lvl` …)
//! out of the order of the schema's `xsd:sequence`; Word tolerates it,
//! validators and some readers do not. Sorting after the fact keeps docx-rs's
//! builder API and gives schema-valid files.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

impl Element {
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_string(),
            ..Self::default()
        }
    }

    pub fn attr(mut self, key: &str, value: &str) -> Self {
        self.set_attr(key, value);
        self
    }

    pub fn child(mut self, child: Element) -> Self {
        self.children.push(Node::Element(child));
        self
    }

    pub fn text(mut self, text: &str) -> Self {
        self.children.push(Node::Text(text.to_string()));
        self
    }

    pub fn get_attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn set_attr(&mut self, key: &str, value: &str) {
        match self.attrs.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value.to_string(),
            None => self.attrs.push((key.to_string(), value.to_string())),
        }
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn elements_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn find(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    pub fn find_mut(&mut self, name: &str) -> Option<&mut Element> {
        self.elements_mut().find(|e| e.name == name)
    }

    /// Visits this element and every descendant, parents first.
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(&mut Element)) {
        f(self);
        for child in self.elements_mut() {
            child.walk_mut(f);
        }
    }

    /// All text below this element, in order.
    pub fn inner_text(&self) -> String {
        let mut out = String::new();
        for child in &self.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => out.push_str(&e.inner_text()),
            }
        }
        out
    }
}

/// Why XML could not be read or a package written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlError(pub String);

impl std::fmt::Display for XmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for XmlError {
    fn from(message: String) -> Self {
        XmlError(message)
    }
}

impl From<&str> for XmlError {
    fn from(message: &str) -> Self {
        XmlError(message.to_string())
    }
}

/// Parses an XML part into its root element.
pub fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    let mut reader = Reader::from_reader(bytes);
    let mut stack: Vec<Element> = vec![Element::new("#document")];
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| e.to_string())?;
        match event {
            Event::Start(start) => stack.push(element(&start)?),
            Event::Empty(start) => {
                let e = element(&start)?;
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Node::Element(e));
                }
            }
            Event::End(_) => {
                let done = stack.pop().ok_or("unbalanced XML")?;
                stack
                    .last_mut()
                    .ok_or("unbalanced XML")?
                    .children
                    .push(Node::Element(done));
            }
            Event::Text(text) => {
                let text = text.decode().map_err(|e| e.to_string())?;
                let text = quick_xml::escape::unescape(&text).map_err(|e| e.to_string())?;
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Node::Text(text.into_owned()));
                }
            }
            Event::GeneralRef(reference) => {
                let name = reference.decode().map_err(|e| e.to_string())?;
                let resolved = match name.as_ref() {
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "amp" => "&".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    other => match reference.resolve_char_ref().map_err(|e| e.to_string())? {
                        Some(c) => c.to_string(),
                        None => format!("&{other};"),
                    },
                };
                if let Some(parent) = stack.last_mut() {
                    match parent.children.last_mut() {
                        Some(Node::Text(t)) => t.push_str(&resolved),
                        _ => parent.children.push(Node::Text(resolved)),
                    }
                }
            }
            Event::CData(data) => {
                let text = String::from_utf8_lossy(&data).into_owned();
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Node::Text(text));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let mut document = stack.pop().ok_or("empty XML")?;
    document.children.retain(|n| matches!(n, Node::Element(_)));
    match document.children.pop() {
        Some(Node::Element(root)) => Ok(root),
        _ => Err("no root element".into()),
    }
}

fn element(start: &BytesStart<'_>) -> Result<Element, XmlError> {
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
        let value = attr
            .unescape_value()
            .map_err(|e| e.to_string())?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
    })
}

/// Serialises a root element as a standalone XML part.
pub fn write(root: &Element) -> Vec<u8> {
    let mut writer = Writer::new(Vec::new());
    let _ = writer.write_event(Event::Decl(BytesDecl::new(
        "1.0",
        Some("UTF-8"),
        Some("yes"),
    )));
    write_element(&mut writer, root);
    writer.into_inner()
}

fn write_element(writer: &mut Writer<Vec<u8>>, e: &Element) {
    let mut start = BytesStart::new(e.name.as_str());
    for (k, v) in &e.attrs {
        start.push_attribute((k.as_str(), v.as_str()));
    }
    if e.children.is_empty() {
        let _ = writer.write_event(Event::Empty(start));
        return;
    }
    let _ = writer.write_event(Event::Start(start));
    for child in &e.children {
        match child {
            Node::Element(c) => write_element(writer, c),
            Node::Text(t) => {
                let _ = writer.write_event(Event::Text(BytesText::new(t)));
            }
        }
    }
    let _ = writer.write_event(Event::End(BytesEnd::new(e.name.as_str())));
}

/// Child order of the elements docx-rs is known to get wrong, from the
/// `xsd:sequence` of ECMA-376 Part 1 (wml.xsd).
fn schema_order(parent: &str) -> Option<&'static [&'static str]> {
    Some(match parent {
        "w:rPr" => &[
            "w:ins",
            "w:del",
            "w:moveFrom",
            "w:moveTo",
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
            "w:rPrChange",
        ],
        "w:pPr" => &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
        "w:sectPr" => &[
            "w:headerReference",
            "w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
        "w:tblPr" => &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
            "w:tblPrChange",
        ],
        "w:trPr" => &[
            "w:cnfStyle",
            "w:divId",
            "w:gridBefore",
            "w:gridAfter",
            "w:wBefore",
            "w:wAfter",
            "w:cantSplit",
            "w:trHeight",
            "w:tblHeader",
            "w:tblCellSpacing",
            "w:jc",
            "w:hidden",
            "w:ins",
            "w:del",
            "w:trPrChange",
        ],
        "w:tcPr" => &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
            "w:headers",
            "w:cellIns",
            "w:cellDel",
            "w:cellMerge",
            "w:tcPrChange",
        ],
        "w:tblBorders" | "w:tcBorders" => &[
            "w:top",
            "w:start",
            "w:left",
            "w:bottom",
            "w:end",
            "w:right",
            "w:insideH",
            "w:insideV",
            "w:tl2br",
            "w:tr2bl",
        ],
        "w:pBdr" => &[
            "w:top",
            "w:left",
            "w:bottom",
            "w:right",
            "w:between",
            "w:bar",
        ],
        "w:tblCellMar" | "w:tcMar" => {
            &["w:top", "w:start", "w:left", "w:bottom", "w:end", "w:right"]
        }
        "w:lvl" => &[
            "w:start",
            "w:numFmt",
            "w:lvlRestart",
            "w:pStyle",
            "w:isLgl",
            "w:suff",
            "w:lvlText",
            "w:lvlPicBulletId",
            "w:legacy",
            "w:lvlJc",
            "w:pPr",
            "w:rPr",
        ],
        "w:abstractNum" => &[
            "w:nsid",
            "w:multiLevelType",
            "w:tmpl",
            "w:name",
            "w:styleLink",
            "w:numStyleLink",
            "w:lvl",
        ],
        "w:numbering" => &[
            "w:numPicBullet",
            "w:abstractNum",
            "w:num",
            "w:numIdMacAtCleanup",
        ],
        "w:num" => &["w:abstractNumId", "w:lvlOverride"],
        "w:numPr" => &["w:ilvl", "w:numId", "w:numberingChange", "w:ins"],
        "w:style" => &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
        "w:styles" => &["w:docDefaults", "w:latentStyles", "w:style"],
        "w:docDefaults" => &["w:rPrDefault", "w:pPrDefault"],
        "w:tbl" => &["w:bookmarkStart", "w:tblPr", "w:tblGrid", "w:tr"],
        "w:tr" => &["w:tblPrEx", "w:trPr", "w:tc"],
        "w:tc" => &["w:tcPr"],
        _ => return None,
    })
}

/// Sorts the children of every element with a known order, stably; children
/// the table does not name keep their relative place after the named ones
/// (or, for containers like `w:tc`, after the properties element).
pub fn sort_schema(root: &mut Element) {
    root.walk_mut(&mut |e| {
        let Some(order) = schema_order(&e.name) else {
            return;
        };
        let rank = |node: &Node| -> usize {
            match node {
                Node::Element(c) => order
                    .iter()
                    .position(|n| *n == c.name)
                    .unwrap_or(order.len()),
                Node::Text(_) => order.len(),
            }
        };
        e.children.sort_by_key(rank);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_text_and_attributes() {
        let xml = r#"<?xml version="1.0"?><w:p a="1 &amp; 2"><w:t xml:space="preserve"> a &lt;b&gt; 服务 </w:t><w:br/></w:p>"#.as_bytes();
        let root = parse(xml).unwrap_or_default();
        assert_eq!(root.get_attr("a"), Some("1 & 2"));
        assert_eq!(root.inner_text(), " a <b> 服务 ");
        let again = parse(&write(&root)).unwrap_or_default();
        assert_eq!(again, root);
    }

    #[test]
    fn sorts_run_properties_into_schema_order() {
        let xml = br#"<w:rPr><w:sz w:val="32"/><w:rFonts w:eastAsia="x"/><w:b/><w:rStyle w:val="s"/></w:rPr>"#;
        let mut root = parse(xml).unwrap_or_default();
        sort_schema(&mut root);
        let names: Vec<&str> = root.elements().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["w:rStyle", "w:rFonts", "w:b", "w:sz"]);
    }
}
