//! OFD backend (GB/T 33190-2016): the pages typst laid out for the PDF,
//! written as an OFD package. What is written and what is not:
//! docs/ofd.md.
//!
//! The package: `OFD.xml` (DocInfo), `Doc_0/Document.xml` (CommonData,
//! Pages, Outlines), `Doc_0/PublicRes.xml` (Fonts), `Doc_0/DocumentRes.xml`
//! (MultiMedias), `Doc_0/Pages/Page_N/Content.xml`, and the font subsets
//! and images under `Doc_0/Res/`. Same pages, same bytes: no clock, no
//! random id, fixed zip timestamps.

mod fonts;
mod outline;
mod page;

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::io::Write as _;

use typst::layout::Transform;
use typst::text::Font;
use typst_layout::PagedDocument;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::hygiene::xml_escape;
use fonts::UsedFont;

const NS: &str = "http://www.ofdspec.org/2016";

/// What the document says of itself besides its pages.
pub struct Meta<'a> {
    /// The creation date (the approval date): none, none written.
    pub date: Option<crate::zh::Date>,
    /// The 编号, as a CustomData.
    pub number: Option<&'a str>,
}

/// Why a package could not be written.
#[derive(Debug)]
pub enum OfdError {
    Zip(zip::result::ZipError),
    Io(std::io::Error),
    /// A font that could not be subset: its family and why.
    Font(String, String),
}

impl fmt::Display for OfdError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            OfdError::Zip(e) => write!(f, "{e}"),
            OfdError::Io(e) => write!(f, "{e}"),
            OfdError::Font(family, why) => write!(f, "{family}: {why}"),
        }
    }
}

impl From<zip::result::ZipError> for OfdError {
    fn from(e: zip::result::ZipError) -> Self {
        OfdError::Zip(e)
    }
}

impl From<std::io::Error> for OfdError {
    fn from(e: std::io::Error) -> Self {
        OfdError::Io(e)
    }
}

/// The fonts and images of the document, and its object ids.
pub struct Resources {
    last_id: u32,
    fonts: Vec<UsedFont>,
    font_index: HashMap<u128, usize>,
    /// (id, format, bytes) by content hash.
    images: Vec<(u32, &'static str, Vec<u8>)>,
    image_index: HashMap<u128, usize>,
}

impl Resources {
    fn next_id(&mut self) -> u32 {
        self.last_id += 1;
        self.last_id
    }

    /// The index of `font` among the used fonts, added on first use.
    fn font(&mut self, font: &Font) -> usize {
        let key = typst::utils::hash128(font);
        if let Some(i) = self.font_index.get(&key) {
            return *i;
        }
        let id = self.next_id();
        self.fonts.push(UsedFont::new(id, font.clone()));
        self.font_index.insert(key, self.fonts.len() - 1);
        self.fonts.len() - 1
    }

    /// The id of the MultiMedia holding an image, added on first use.
    fn image(&mut self, data: &[u8], format: &'static str) -> u32 {
        let key = typst::utils::hash128(data);
        if let Some(i) = self.image_index.get(&key) {
            return self.images[*i].0;
        }
        let id = self.next_id();
        self.images.push((id, format, data.to_vec()));
        self.image_index.insert(key, self.images.len() - 1);
        id
    }
}

/// The OFD package of a compiled job, or `None` with the reason reported.
pub fn export(
    document: &PagedDocument,
    job: &crate::backend::pdf::PdfJob,
    diags: &mut crate::diag::Diagnostics,
) -> Option<Vec<u8>> {
    let meta = Meta {
        date: job.date,
        number: job.number.as_deref(),
    };
    let written = write(document, &meta);
    typst::comemo::evict(10);
    match written {
        Ok(bytes) => Some(bytes),
        Err(error) => {
            diags.push(
                crate::diag::Diagnostic::error(t!(
                    "ofd-failed",
                    what = &job.ident,
                    reason = error.to_string()
                ))
                .help(t!("ofd-failed-help")),
            );
            None
        }
    }
}

/// The OFD package of a laid-out document.
pub fn write(document: &PagedDocument, meta: &Meta) -> Result<Vec<u8>, OfdError> {
    let mut res = Resources {
        last_id: 0,
        fonts: Vec::new(),
        font_index: HashMap::new(),
        images: Vec::new(),
        image_index: HashMap::new(),
    };
    let pages = document.pages();
    let page_ids: Vec<u32> = pages.iter().map(|_| res.next_id()).collect();
    let size_of = |p: &typst_layout::Page| {
        let s = p.frame.size();
        format!("0 0 {} {}", num(mm(s.x)), num(mm(s.y)))
    };
    let default_box = pages
        .first()
        .map(size_of)
        .unwrap_or_else(|| "0 0 210 297".into());
    let mut contents = Vec::new();
    for page in pages {
        let layer = res.next_id();
        let mut writer = page::PageWriter {
            res: &mut res,
            out: String::new(),
        };
        writer.frame(&page.frame, Transform::identity());
        let own = size_of(page);
        let area = if own == default_box {
            String::new()
        } else {
            format!("<ofd:Area><ofd:PhysicalBox>{own}</ofd:PhysicalBox></ofd:Area>")
        };
        contents.push(format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}">{area}<ofd:Content><ofd:Layer ID="{layer}" Type="Body">{}</ofd:Layer></ofd:Content></ofd:Page>"#,
            writer.out
        ));
    }
    let outlines = outline::outlines(document, &page_ids);
    let max_id = res.last_id;

    let mut files: Vec<(String, Vec<u8>, Pack)> = Vec::new();
    let mut public = String::new();
    let mut remappers = Vec::new();
    for used in &res.fonts {
        let (file, remapper) = used.subset()?;
        let name = format!("font_{}.{}", used.id, used.extension());
        let variant = used.font.info().variant;
        let _ = write!(
            public,
            r#"<ofd:Font ID="{}" FontName="{}" FamilyName="{}"{}{}><ofd:FontFile>{name}</ofd:FontFile></ofd:Font>"#,
            used.id,
            xml_escape(&used.name()),
            xml_escape(&used.name()),
            if variant.style != typst::text::FontStyle::Normal {
                r#" Italic="true""#
            } else {
                ""
            },
            if variant.weight.to_number() >= 600 {
                r#" Bold="true""#
            } else {
                ""
            },
        );
        files.push((format!("Doc_0/Res/{name}"), file, Pack::Store));
        remappers.push(remapper);
    }
    let mut media = String::new();
    for (id, format, data) in &res.images {
        let extension = match *format {
            "JPEG" => "jpg",
            other => &other.to_lowercase(),
        };
        let name = format!("image_{id}.{extension}");
        let _ = write!(
            media,
            r#"<ofd:MultiMedia ID="{id}" Type="Image" Format="{format}"><ofd:MediaFile>{name}</ofd:MediaFile></ofd:MultiMedia>"#
        );
        files.push((format!("Doc_0/Res/{name}"), data.clone(), Pack::Store));
    }

    let mut pages_xml = String::new();
    for (i, id) in page_ids.iter().enumerate() {
        let _ = write!(
            pages_xml,
            r#"<ofd:Page ID="{id}" BaseLoc="Pages/Page_{i}/Content.xml"/>"#
        );
    }
    let document_xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>{max_id}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>{default_box}</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes></ofd:CommonData><ofd:Pages>{pages_xml}</ofd:Pages>{outlines}</ofd:Document>"#
    );
    let fonts_xml = if public.is_empty() {
        String::new()
    } else {
        format!("<ofd:Fonts>{public}</ofd:Fonts>")
    };
    let media_xml = if media.is_empty() {
        String::new()
    } else {
        format!("<ofd:MultiMedias>{media}</ofd:MultiMedias>")
    };
    let res_xml = |body: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">{body}</ofd:Res>"#
        )
    };
    let mut parts: Vec<(String, Vec<u8>, Pack)> = vec![
        (
            "Doc_0/Document.xml".into(),
            document_xml.into_bytes(),
            Pack::Deflate,
        ),
        (
            "Doc_0/PublicRes.xml".into(),
            res_xml(&fonts_xml).into_bytes(),
            Pack::Deflate,
        ),
        (
            "Doc_0/DocumentRes.xml".into(),
            res_xml(&media_xml).into_bytes(),
            Pack::Deflate,
        ),
    ];
    for (i, content) in contents.into_iter().enumerate() {
        let content = resolve_glyphs(&content, &remappers);
        parts.push((
            format!("Doc_0/Pages/Page_{i}/Content.xml"),
            content.into_bytes(),
            Pack::Deflate,
        ));
    }
    parts.extend(files);
    // The DocID: a hash of everything else, so it changes with the content only.
    let mut hash = Vec::new();
    for (name, data, _) in &parts {
        hash.push(typst::utils::hash128(&(name, data)));
    }
    let doc_id = format!("{:032x}", typst::utils::hash128(&hash));
    let ofd_xml = ofd_xml(document, meta, &doc_id);
    parts.insert(0, ("OFD.xml".into(), ofd_xml.into_bytes(), Pack::Deflate));
    package(&parts)
}

/// `OFD.xml`: the entry, with DocInfo in the schema's order.
fn ofd_xml(document: &PagedDocument, meta: &Meta, doc_id: &str) -> String {
    use typst::model::Document as _;
    let info = document.info();
    let mut doc_info = format!("<ofd:DocID>{doc_id}</ofd:DocID>");
    if let Some(title) = &info.title {
        let _ = write!(doc_info, "<ofd:Title>{}</ofd:Title>", xml_escape(title));
    }
    if !info.author.is_empty() {
        let authors: Vec<&str> = info.author.iter().map(|a| a.as_str()).collect();
        let _ = write!(
            doc_info,
            "<ofd:Author>{}</ofd:Author>",
            xml_escape(&authors.join("、"))
        );
    }
    if let Some(d) = meta.date {
        let _ = write!(
            doc_info,
            "<ofd:CreationDate>{:04}-{:02}-{:02}</ofd:CreationDate>",
            d.year, d.month, d.day
        );
    }
    doc_info.push_str("<ofd:Creator>charter</ofd:Creator>");
    if let Some(number) = meta.number {
        let _ = write!(
            doc_info,
            r#"<ofd:CustomDatas><ofd:CustomData Name="编号">{}</ofd:CustomData></ofd:CustomDatas>"#,
            xml_escape(number)
        );
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>{doc_info}</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
    )
}

/// How a part is packed: XML deflated; images (compressed already) and
/// font programs stored. CFF data holds few long repeats: deflating the
/// subsets cost more CPU than the rest of the OFD (level 6: about twice;
/// level 1: 3.6 ms a charter for 5 % of the file), measured with
/// scripts/bench.sh's OFD rows.
#[derive(Clone, Copy)]
enum Pack {
    Deflate,
    Store,
}

/// The zip: parts in the given order, dated 1980-01-01.
fn package(parts: &[(String, Vec<u8>, Pack)]) -> Result<Vec<u8>, OfdError> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data, pack) in parts {
        let method = match pack {
            Pack::Deflate => CompressionMethod::Deflated,
            Pack::Store => CompressionMethod::Stored,
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644);
        zip.start_file(name.as_str(), options)?;
        zip.write_all(data)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The glyphs a CGTransform names, written as `@font.glyph` while the
/// subsets were not made, as subset ids.
fn resolve_glyphs(xml: &str, remappers: &[subsetter::GlyphRemapper]) -> String {
    const OPEN: &str = "<ofd:Glyphs>";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(start) = rest.find(OPEN) {
        let body_at = start + OPEN.len();
        let Some(len) = rest[body_at..].find('<') else {
            break;
        };
        out.push_str(&rest[..body_at]);
        let ids: Vec<String> = rest[body_at..body_at + len]
            .split(' ')
            .map(|token| {
                let (font, glyph) = token
                    .trim_start_matches('@')
                    .split_once('.')
                    .unwrap_or(("", ""));
                let new = font
                    .parse::<usize>()
                    .ok()
                    .zip(glyph.parse::<u16>().ok())
                    .and_then(|(f, g)| remappers.get(f)?.get(g));
                new.unwrap_or(0).to_string()
            })
            .collect();
        out.push_str(&ids.join(" "));
        rest = &rest[body_at + len..];
    }
    out.push_str(rest);
    out
}

/// Typst's points as millimetres.
fn mm(abs: typst::layout::Abs) -> f64 {
    abs.to_pt() * 25.4 / 72.0
}

/// A number with at most three decimals, no trailing zeros (0.001 mm is
/// far below what a reader shows).
fn num(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".into()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(0.12345), "0.123");
        assert_eq!(num(-0.0001), "0");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn glyph_placeholders_become_subset_ids() {
        let mut remapper = subsetter::GlyphRemapper::new();
        remapper.remap(0);
        remapper.remap(57);
        let xml = "<ofd:Glyphs>@0.57</ofd:Glyphs><ofd:TextCode>a@0.57</ofd:TextCode>";
        assert_eq!(
            resolve_glyphs(xml, &[remapper]),
            "<ofd:Glyphs>1</ofd:Glyphs><ofd:TextCode>a@0.57</ofd:TextCode>"
        );
    }
}
