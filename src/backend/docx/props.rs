//! Small pieces of WordprocessingML: properties, sizes, spacing and
//! indents on the theme's grid, and one style definition.

use crate::backend::layout::Theme;

use super::parts::{RoleFont, role_font};
use super::units::{half_points, mm_to_twips, pt_to_twips};
use super::xml::Element;

pub(super) fn border(side: &str) -> Element {
    Element::new(side)
        .attr("w:val", "single")
        .attr("w:sz", "4")
        .attr("w:space", "0")
        .attr("w:color", "000000")
}

pub(super) fn val(name: &str, value: &str) -> Element {
    Element::new(name).attr("w:val", value)
}

pub fn fonts_element(font: &RoleFont) -> Element {
    Element::new("w:rFonts")
        .attr("w:ascii", &font.ascii)
        .attr("w:hAnsi", &font.ascii)
        .attr("w:eastAsia", &font.east_asia)
        .attr("w:cs", &font.ascii)
}

pub(super) fn size(pt: f64) -> [Element; 2] {
    let hp = half_points(pt).to_string();
    [val("w:sz", &hp), val("w:szCs", &hp)]
}

/// Run properties that set only a size.
pub(super) fn sized(pt: f64) -> Element {
    let [sz, sz_cs] = size(pt);
    Element::new("w:rPr").child(sz).child(sz_cs)
}

pub(super) fn rpr(theme: &Theme, role: &str, pt: f64, bold: bool) -> Element {
    let mut r = Element::new("w:rPr").child(fonts_element(&role_font(theme, role)));
    if bold {
        r = r.child(Element::new("w:b")).child(Element::new("w:bCs"));
    }
    let [sz, sz_cs] = size(pt);
    r.child(sz).child(sz_cs)
}

/// Exact line spacing on the theme's grid (28.95 pt in `formal`), else 1.5 lines.
pub(super) fn body_spacing(theme: &Theme) -> Element {
    match &theme.grid {
        Some(grid) => Element::new("w:spacing")
            .attr("w:before", "0")
            .attr("w:after", "0")
            .attr("w:line", &pt_to_twips(grid.line_pitch_pt).to_string())
            .attr("w:lineRule", "exact"),
        None => Element::new("w:spacing")
            .attr("w:before", "0")
            .attr("w:after", "120")
            .attr("w:line", "360")
            .attr("w:lineRule", "auto"),
    }
}

/// Two characters of first-line indent: in character units for Word and WPS,
/// in twips for readers without them (LibreOffice). `cell`: a character's
/// width, the grid's pitch on a theme with a grid.
pub(super) fn first_line_indent(cell: f64) -> Element {
    Element::new("w:ind")
        .attr("w:firstLineChars", "200")
        .attr("w:firstLine", &pt_to_twips(cell * 2.0).to_string())
}

/// A character's width: the grid's pitch, else the body size.
pub(super) fn cell(theme: &Theme) -> f64 {
    match &theme.grid {
        Some(grid) => grid.char_pitch_pt,
        None => theme.size("body", 16.0),
    }
}

pub(super) fn no_indent() -> Element {
    Element::new("w:ind")
        .attr("w:firstLineChars", "0")
        .attr("w:firstLine", "0")
        .attr("w:left", "0")
}

pub(super) struct StyleDef {
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    pub(super) kind: &'static str,
    pub(super) based_on: Option<&'static str>,
    pub(super) ppr: Vec<Element>,
    pub(super) rpr: Option<Element>,
    pub(super) extra: Vec<Element>,
}

pub(super) fn style(def: StyleDef) -> Element {
    let mut s = Element::new("w:style")
        .attr("w:type", def.kind)
        .attr("w:styleId", def.id)
        .child(val("w:name", def.name));
    if def.id == "Normal" {
        s.set_attr("w:default", "1");
    }
    if let Some(base) = def.based_on {
        s = s.child(val("w:basedOn", base));
    }
    s = s.child(Element::new("w:qFormat"));
    if !def.ppr.is_empty() {
        let mut ppr = Element::new("w:pPr");
        for e in def.ppr {
            ppr = ppr.child(e);
        }
        s = s.child(ppr);
    }
    if let Some(rpr) = def.rpr {
        s = s.child(rpr);
    }
    for e in def.extra {
        s = s.child(e);
    }
    s
}

/// The text width in twips, for tab stops and tables.
pub fn text_width(theme: &Theme) -> u32 {
    let page = &theme.page;
    mm_to_twips(page.width_mm - page.left_mm - page.right_mm)
}
