//! The fonts of the fillable PDF (see [`super::pdf_form`]): the metrics of
//! the embedded FandolSong that lay the text out, its subset with widths and
//! a ToUnicode map, and the fields' STSong-Light, which is not embedded.

use std::collections::BTreeMap;
use std::io::Write;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};

/// Measures text in the embedded font.
pub(super) struct Metrics<'a> {
    pub(super) face: ttf_parser::Face<'a>,
    pub(super) per_em: f32,
}

impl Metrics<'_> {
    pub(super) fn advance(&self, c: char, size: f32) -> f32 {
        let units = self
            .face
            .glyph_index(c)
            .and_then(|g| self.face.glyph_hor_advance(g))
            .unwrap_or(1000);
        f32::from(units) / self.per_em * size
    }

    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c, size)).sum()
    }

    /// `text` broken into lines no wider than `width` (any character may
    /// end a line, as in Chinese typesetting; closing punctuation stays on
    /// the line it closes).
    pub(super) fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut used = 0.0;
        for c in text.chars() {
            let w = self.advance(c, size);
            let closing = "，。、；：？！）」』》".contains(c);
            if used + w > width && !line.is_empty() && !closing {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            line.push(c);
            used += w;
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }
}

pub(super) fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// The printed text's font: a CID-keyed subset of FandolSong (CFF), with
/// widths and a ToUnicode map so that its text can be copied and searched.
pub(super) fn write_font(
    pdf: &mut Pdf,
    metrics: &Metrics,
    data: &[u8],
    remapper: &subsetter::GlyphRemapper,
    used: &BTreeMap<u16, char>,
    [font_id, cid_id, descriptor_id, file_id, to_unicode_id]: [Ref; 5],
) {
    let subset = subsetter::subset(data, 0, remapper).unwrap_or_default();
    let cff = ttf_parser::RawFace::parse(&subset, 0)
        .ok()
        .and_then(|face| face.table(ttf_parser::Tag::from_bytes(b"CFF ")))
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    let base = "CHRTFM+FandolSong-Regular";
    pdf.type0_font(font_id)
        .base_font(Name(format!("{base}-Identity-H").as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_id)
        .to_unicode(to_unicode_id);
    let mut cid = pdf.cid_font(cid_id);
    cid.subtype(CidFontType::Type0);
    cid.base_font(Name(base.as_bytes()));
    cid.system_info(SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    });
    cid.font_descriptor(descriptor_id);
    cid.default_width(1000.0);
    {
        let mut widths = cid.widths();
        for (new, c) in used {
            let w = metrics.advance(*c, 1000.0);
            widths.consecutive(*new, [w]);
        }
    }
    cid.finish();
    let per_em = metrics.per_em;
    let scale = |v: i16| f32::from(v) / per_em * 1000.0;
    let bbox = metrics.face.global_bounding_box();
    pdf.font_descriptor(descriptor_id)
        .name(Name(base.as_bytes()))
        .flags(FontFlags::SERIF | FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            scale(bbox.x_min),
            scale(bbox.y_min),
            scale(bbox.x_max),
            scale(bbox.y_max),
        ))
        .italic_angle(0.0)
        .ascent(scale(metrics.face.ascender()))
        .descent(scale(metrics.face.descender()))
        .cap_height(scale(metrics.face.capital_height().unwrap_or(700)))
        .stem_v(80.0)
        .font_file3(file_id);
    let compressed = deflate(&cff);
    pdf.stream(file_id, &compressed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(&u16, &char)> = used.iter().filter(|(g, _)| **g != 0).collect();
    for chunk in entries.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (gid, c) in chunk {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            cmap.push_str(&format!("<{gid:04X}> <{hex}>\n"));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    let compressed = deflate(cmap.as_bytes());
    pdf.stream(to_unicode_id, &compressed)
        .filter(Filter::FlateDecode);
}

/// The fields' font: STSong-Light in the UniGB-UCS2-H encoding, not
/// embedded (one of the Chinese fonts every reader supplies), so that any
/// character a respondent types shows.
pub(super) fn write_field_font(
    pdf: &mut Pdf,
    [font_id, cid_id, descriptor_id, to_unicode_id]: [Ref; 4],
) {
    pdf.type0_font(font_id)
        .base_font(Name(b"STSong-Light"))
        .encoding_predefined(Name(b"UniGB-UCS2-H"))
        .descendant_font(cid_id)
        .to_unicode(to_unicode_id);
    // UniGB-UCS2-H codes are UCS-2, that is Unicode: the ToUnicode map says
    // so, which lets form fillers (pypdf) encode what they write.
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-GB1-UCS2-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    // Ranges stay within one high byte, as CMaps require; surrogates are not characters.
    let highs: Vec<u32> = (0u32..=0xff)
        .filter(|h| !(0xd8..=0xdf).contains(h))
        .collect();
    for chunk in highs.chunks(100) {
        cmap.push_str(&format!("{} beginbfrange\n", chunk.len()));
        for high in chunk {
            cmap.push_str(&format!("<{high:02X}00> <{high:02X}FF> <{high:02X}00>\n"));
        }
        cmap.push_str("endbfrange\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    let compressed = deflate(cmap.as_bytes());
    pdf.stream(to_unicode_id, &compressed)
        .filter(Filter::FlateDecode);
    let mut cid = pdf.cid_font(cid_id);
    cid.subtype(CidFontType::Type0);
    cid.base_font(Name(b"STSong-Light"));
    cid.system_info(SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"GB1"),
        supplement: 2,
    });
    cid.font_descriptor(descriptor_id);
    cid.default_width(1000.0);
    cid.finish();
    pdf.font_descriptor(descriptor_id)
        .name(Name(b"STSong-Light"))
        .flags(FontFlags::SERIF | FontFlags::SYMBOLIC)
        .bbox(Rect::new(-25.0, -254.0, 1000.0, 880.0))
        .italic_angle(0.0)
        .ascent(880.0)
        .descent(-120.0)
        .cap_height(880.0)
        .stem_v(93.0);
}
