//! A small element tree over quick-xml: enough to walk WordprocessingML by
//! local names (`p`, `r`, `t`, `tbl` …) whatever the prefixes. Input is
//! checked for depth and well-formedness while it is read.

use quick_xml::events::Event;

/// Deepest nesting read (a table in a table in a table …; real documents
/// stay under 40).
pub const DEPTH_LIMIT: usize = 256;

/// Why a part is not read: it is not well-formed, or nests too deep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlProblem(pub String);

impl std::fmt::Display for XmlProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for XmlProblem {
    fn from(why: String) -> Self {
        XmlProblem(why)
    }
}

impl From<&str> for XmlProblem {
    fn from(why: &str) -> Self {
        XmlProblem(why.to_string())
    }
}

#[derive(Debug, Default)]
pub struct Element {
    /// Local name, without its prefix.
    pub name: String,
    /// Attributes by local name.
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.elements().filter(move |e| e.name == name)
    }

    /// `w:val` of a child, e.g. `<w:jc w:val="center"/>`.
    pub fn val(&self, child: &str) -> Option<&str> {
        self.child(child).and_then(|c| c.attr("val"))
    }

    /// An on/off property (`<w:b/>`, `<w:b w:val="0"/>`), if present.
    pub fn toggle(&self, child: &str) -> Option<bool> {
        self.child(child)
            .map(|c| !matches!(c.attr("val"), Some("0" | "false" | "off")))
    }

    /// The text directly inside.
    pub fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|c| match c {
                Node::Text(t) => Some(t.as_str()),
                Node::Element(_) => None,
            })
            .collect()
    }
}

fn local(name: &[u8]) -> String {
    let local = match name.iter().position(|&b| b == b':') {
        Some(at) => &name[at + 1..],
        None => name,
    };
    String::from_utf8_lossy(local).into_owned()
}

fn element(start: &quick_xml::events::BytesStart<'_>) -> Result<Element, XmlProblem> {
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| format!("a damaged attribute ({e})"))?;
        let value = attr
            .unescape_value()
            .map_err(|e| format!("a damaged attribute value ({e})"))?;
        attrs.push((local(attr.key.as_ref()), value.into_owned()));
    }
    Ok(Element {
        name: local(start.name().as_ref()),
        attrs,
        children: Vec::new(),
    })
}

/// Parses a part into its root element.
pub fn parse(xml: &[u8]) -> Result<Element, XmlProblem> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("is not well-formed XML ({e})"))?;
        match event {
            Event::Start(start) => {
                if stack.len() > DEPTH_LIMIT {
                    return Err(format!("nests elements more than {DEPTH_LIMIT} deep").into());
                }
                stack.push(element(&start)?);
            }
            Event::Empty(start) => {
                let e = element(&start)?;
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Node::Element(e));
                }
            }
            Event::End(_) => {
                let done = stack.pop().ok_or("has an end tag without a start")?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(done)),
                    None => return Err("has an end tag without a start".into()),
                }
            }
            Event::Text(text) => {
                let text = text
                    .decode()
                    .map_err(|e| format!("has text that is not UTF-8 ({e})"))?;
                push_text(&mut stack, &text);
            }
            Event::CData(data) => {
                let text = String::from_utf8_lossy(&data).into_owned();
                push_text(&mut stack, &text);
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = reference
                            .decode()
                            .map_err(|e| format!("has a damaged entity ({e})"))?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| XmlProblem(format!("uses an unknown entity &{name};")))?
                            .to_string()
                    }
                };
                push_text(&mut stack, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if stack.len() != 1 {
        return Err("ends inside an element".into());
    }
    let root = stack.pop().unwrap_or_default();
    root.children
        .into_iter()
        .find_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(|| "has no root element".into())
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(parent) = stack.last_mut() {
        match parent.children.last_mut() {
            Some(Node::Text(t)) => t.push_str(text),
            _ => parent.children.push(Node::Text(text.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_names_attributes_entities() {
        let root = parse(
            br#"<?xml version="1.0"?><w:document xmlns:w="x"><w:p><w:r><w:t xml:space="preserve">A &amp; B&#x4e00;</w:t></w:r><w:jc w:val="center"/></w:p></w:document>"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(root.name, "document");
        let p = root.child("p").unwrap_or_else(|| panic!("no p"));
        assert_eq!(p.val("jc"), Some("center"));
        let t = p
            .child("r")
            .and_then(|r| r.child("t"))
            .unwrap_or_else(|| panic!("no t"));
        assert_eq!(t.text(), "A & B一");
        assert_eq!(t.attr("space"), Some("preserve"));
    }

    #[test]
    fn damage_is_an_error() {
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"<a><b>").is_err());
        assert!(parse(b"").is_err());
        let deep = "<a>".repeat(DEPTH_LIMIT + 2) + &"</a>".repeat(DEPTH_LIMIT + 2);
        assert!(parse(deep.as_bytes()).is_err());
    }
}
