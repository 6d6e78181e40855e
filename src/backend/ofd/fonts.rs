//! The fonts of an OFD package: each font typst used, subset to the glyphs
//! of the document by typst's own subsetter (the one its PDF export uses),
//! with a `cmap` and the original `OS/2` added back. OFD readers map a
//! TextCode's characters to glyphs through the font's cmap, and the PDF
//! subsetter drops it (a PDF carries its own).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use typst::text::Font;

use super::OfdError;

/// One font of the document: what the pages used of it.
pub struct UsedFont {
    pub id: u32,
    pub font: Font,
    /// Glyphs used, by original id.
    pub glyphs: std::collections::BTreeSet<u16>,
    /// The character each glyph stands for in the cmap, first use wins.
    pub cmap: BTreeMap<char, u16>,
}

impl UsedFont {
    pub fn new(id: u32, font: Font) -> Self {
        Self {
            id,
            font,
            glyphs: [0].into_iter().collect(),
            cmap: BTreeMap::new(),
        }
    }

    /// Records that `c` was drawn with `glyph`: true when a reader mapping
    /// `c` through the subset's cmap finds that glyph.
    pub fn map(&mut self, c: char, glyph: u16) -> bool {
        self.glyphs.insert(glyph);
        *self.cmap.entry(c).or_insert(glyph) == glyph
    }

    /// The family name, as OFD's FontName and FamilyName.
    pub fn name(&self) -> String {
        self.font.info().family.clone()
    }

    /// The subset as an OpenType file, and its new glyph ids.
    pub fn subset(&self) -> Result<(Vec<u8>, subsetter::GlyphRemapper), OfdError> {
        let mut remapper = subsetter::GlyphRemapper::new();
        for glyph in &self.glyphs {
            remapper.remap(*glyph);
        }
        let data = self.font.data().as_slice();
        let index = self.font.index();
        let cache = charstring_cache(&self.font);
        let subset = subsetter::subset_with_variations_cached(data, index, &[], &remapper, &cache)
            .map_err(|e| OfdError::Font(self.name(), e.to_string()))?;
        let cmap: Vec<(u32, u16)> = self
            .cmap
            .iter()
            .filter_map(|(c, g)| Some((*c as u32, remapper.get(*g)?)))
            .collect();
        let face = ttf_parser::RawFace::parse(data, index).ok();
        let os2 = face.and_then(|f| f.table(ttf_parser::Tag::from_bytes(b"OS/2")));
        let mut extra = vec![(*b"cmap", cmap_table(&cmap))];
        if let Some(os2) = os2 {
            extra.push((*b"OS/2", os2.to_vec()));
        }
        let file = add_tables(&subset, extra)
            .ok_or_else(|| OfdError::Font(self.name(), "malformed subset".into()))?;
        Ok((file, remapper))
    }

    /// The file's extension: CFF outlines are .otf, TrueType .ttf.
    pub fn extension(&self) -> &'static str {
        let data = self.font.data().as_slice();
        let cff = ttf_parser::RawFace::parse(data, self.font.index())
            .ok()
            .and_then(|f| f.table(ttf_parser::Tag::from_bytes(b"CFF ")));
        if cff.is_some() { "otf" } else { "ttf" }
    }
}

/// One charstring cache per font for the life of the process, as the PDF
/// export keeps (vendor/README.md): each glyph is compiled once.
fn charstring_cache(font: &Font) -> Arc<subsetter::CharstringCache> {
    static CACHES: OnceLock<Mutex<HashMap<u128, Arc<subsetter::CharstringCache>>>> =
        OnceLock::new();
    let key = typst::utils::hash128(font);
    CACHES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(key)
        .or_default()
        .clone()
}

/// A cmap with a format 4 subtable (BMP) and a format 12 one (all), for
/// the Unicode (0/3, 0/4) and Windows (3/1, 3/10) platforms.
fn cmap_table(pairs: &[(u32, u16)]) -> Vec<u8> {
    let bmp: Vec<(u32, u16)> = pairs
        .iter()
        .copied()
        .filter(|(c, _)| *c <= 0xFFFF)
        .collect();
    let f4 = format4(&bmp);
    let f12 = format12(pairs);
    let mut out = Vec::new();
    put16(&mut out, 0);
    put16(&mut out, 4);
    let f4_at = 4 + 4 * 8u32;
    let f12_at = f4_at + f4.len() as u32;
    for (platform, encoding, at) in [
        (0, 3, f4_at),
        (0, 4, f12_at),
        (3, 1, f4_at),
        (3, 10, f12_at),
    ] {
        put16(&mut out, platform);
        put16(&mut out, encoding);
        put32(&mut out, at);
    }
    out.extend(f4);
    out.extend(f12);
    out
}

fn format4(pairs: &[(u32, u16)]) -> Vec<u8> {
    // One segment per character (simple and exact), then the 0xFFFF end.
    let mut segments: Vec<(u16, u16)> = pairs.iter().map(|(c, g)| (*c as u16, *g)).collect();
    segments.push((0xFFFF, 0));
    let count = segments.len() as u16;
    let mut out = Vec::new();
    put16(&mut out, 4);
    put16(&mut out, 16 + 8 * count);
    put16(&mut out, 0);
    put16(&mut out, count * 2);
    let selector = 15 - count.leading_zeros() as u16;
    let range = 2 * (1u16 << selector);
    put16(&mut out, range);
    put16(&mut out, selector);
    put16(&mut out, count * 2 - range);
    for (c, _) in &segments {
        put16(&mut out, *c);
    }
    put16(&mut out, 0);
    for (c, _) in &segments {
        put16(&mut out, *c);
    }
    for (c, g) in &segments {
        let delta = if *c == 0xFFFF { 1 } else { g.wrapping_sub(*c) };
        put16(&mut out, delta);
    }
    for _ in &segments {
        put16(&mut out, 0);
    }
    out
}

fn format12(pairs: &[(u32, u16)]) -> Vec<u8> {
    let mut out = Vec::new();
    put16(&mut out, 12);
    put16(&mut out, 0);
    put32(&mut out, 16 + 12 * pairs.len() as u32);
    put32(&mut out, 0);
    put32(&mut out, pairs.len() as u32);
    for (c, g) in pairs {
        put32(&mut out, *c);
        put32(&mut out, *c);
        put32(&mut out, u32::from(*g));
    }
    out
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_be_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_be_bytes());
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// The sfnt `font` with `extra` tables added (replacing any of the same
/// tag), its directory sorted and checksums and head's adjustment redone.
fn add_tables(font: &[u8], extra: Vec<([u8; 4], Vec<u8>)>) -> Option<Vec<u8>> {
    let be16 = |at: usize| Some(u16::from_be_bytes(font.get(at..at + 2)?.try_into().ok()?));
    let be32 = |at: usize| Some(u32::from_be_bytes(font.get(at..at + 4)?.try_into().ok()?));
    let flavor = font.get(0..4)?;
    let mut tables: BTreeMap<[u8; 4], Vec<u8>> = BTreeMap::new();
    for i in 0..usize::from(be16(4)?) {
        let record = 12 + 16 * i;
        let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
        let offset = be32(record + 8)? as usize;
        let length = be32(record + 12)? as usize;
        tables.insert(tag, font.get(offset..offset.checked_add(length)?)?.to_vec());
    }
    tables.extend(extra);
    if let Some(head) = tables.get_mut(b"head") {
        head.get_mut(8..12)?.fill(0);
    }
    let count = tables.len() as u16;
    let selector = 15 - count.leading_zeros() as u16;
    let range = 16 * (1u16 << selector);
    let mut out = flavor.to_vec();
    put16(&mut out, count);
    put16(&mut out, range);
    put16(&mut out, selector);
    put16(&mut out, count * 16 - range);
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &tables {
        if tag == b"head" {
            head_at = Some(offset + 8);
        }
        out.extend_from_slice(tag);
        put32(&mut out, checksum(data));
        put32(&mut out, offset as u32);
        put32(&mut out, data.len() as u32);
        offset += data.len().div_ceil(4) * 4;
    }
    for data in tables.values() {
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBA_u32.wrapping_sub(checksum(&out));
        out.get_mut(at..at + 4)?
            .copy_from_slice(&adjustment.to_be_bytes());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cmap_maps_what_it_was_given() {
        let table = cmap_table(&[(0x4E00, 3), (0x20, 1), (0x1F600, 2)]);
        // Parsed back by ttf-parser as the cmap of a minimal font is not
        // possible without a font; check the format 12 group count instead.
        let groups = u32::from_be_bytes([
            table[table.len() - 40],
            table[table.len() - 39],
            table[table.len() - 38],
            table[table.len() - 37],
        ]);
        assert_eq!(groups, 3);
    }
}
