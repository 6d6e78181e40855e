//! Page parts: the cover section, the running header, the page-number
//! footer, page size and margins.

use docx_rs::{
    AlignmentType, Footer, FrameProperty, Header, PageMargin, PageSize, Paragraph, Run, Section,
};

use crate::backend::layout::Theme;
use crate::format::PageNumber;

use super::body::BodyBuilder;
use super::runs::{field, fonts, run};
use super::units::mm_to_twips;

impl BodyBuilder<'_> {
    pub(super) fn cover(&self) -> Section {
        let doc = self.doc;
        let mut section = Section::new()
            .page_size(page_size(self.theme))
            .page_margin(page_margin(self.theme));
        section = section.add_paragraph(Paragraph::new().style("CoverOrg").add_run(run(
            self.theme,
            "title",
            &doc.org.name,
        )));
        if let Some(en) = &doc.org.name_en {
            section = section.add_paragraph(
                Paragraph::new()
                    .style("CoverText")
                    .add_run(run(self.theme, "body", en)),
            );
        }
        section = section.add_paragraph(
            Paragraph::new()
                .style("CoverTitle")
                .add_run(run(self.theme, "title", &doc.title)),
        );
        if let Some(number) = &doc.number {
            section = section.add_paragraph(Paragraph::new().style("CoverText").add_run(run(
                self.theme,
                "body",
                &format!("编号：{number}"),
            )));
        }
        if let Some(signature) = &doc.closing.signature {
            // At the foot of the cover, where the PDF prints it (30 mm above
            // the text block's end): a frame placed on the page stays there
            // whatever the lines above it take in Word, WPS or LibreOffice.
            let mut date = Paragraph::new().style("CoverDate").add_run(run(
                self.theme,
                "body",
                &signature.date,
            ));
            date.property = date.property.frame_property(FrameProperty {
                w: Some(super::props::text_width(self.theme)),
                h_anchor: Some("margin".into()),
                v_anchor: Some("margin".into()),
                x_align: Some("center".into()),
                y: Some(cover_date_y(self.theme)),
                wrap: Some("notBeside".into()),
                ..FrameProperty::default()
            });
            section = section.add_paragraph(date);
        }
        section
    }

    pub(super) fn header(&self) -> Header {
        let doc = self.doc;
        let mut p = Paragraph::new()
            .style("Header")
            .add_run(run(self.theme, "title", &doc.org.name))
            .add_run(Run::new().fonts(fonts(self.theme, "title")).add_tab())
            .add_run(run(self.theme, "title", &doc.title));
        if let Some(number) = &doc.number {
            p = p
                .add_run(Run::new().fonts(fonts(self.theme, "title")).add_tab())
                .add_run(run(self.theme, "title", number));
        }
        Header::new().add_paragraph(p)
    }

    /// Page number paragraph: — N — on the outer side, or 第 N 页 共 M 页 centred.
    pub(super) fn footer(&self, odd: bool) -> Footer {
        let theme = self.theme;
        let p = Paragraph::new().style("Footer");
        let p = match self.doc.layout.page_number {
            PageNumber::Dash => {
                let p = p.align(if odd {
                    AlignmentType::Right
                } else {
                    AlignmentType::Left
                });
                let p = p.add_run(run(theme, "title", "— "));
                let p = field(p, theme, "title", " PAGE ", "1");
                p.add_run(run(theme, "title", " —"))
            }
            PageNumber::Total => {
                // With a cover in its own section, the total counts the body's pages.
                let total = if self.doc.layout.cover {
                    " SECTIONPAGES "
                } else {
                    " NUMPAGES "
                };
                let p = p
                    .align(AlignmentType::Center)
                    .add_run(run(theme, "title", "第 "));
                let p = field(p, theme, "title", " PAGE ", "1");
                let p = p.add_run(run(theme, "title", " 页 共 "));
                let p = field(p, theme, "title", total, "1");
                p.add_run(run(theme, "title", " 页"))
            }
            PageNumber::None => p,
        };
        Footer::new().add_paragraph(p)
    }
}

pub(super) fn page_size(theme: &Theme) -> PageSize {
    PageSize::new().size(
        mm_to_twips(theme.page.width_mm),
        mm_to_twips(theme.page.height_mm),
    )
}

pub(super) fn page_margin(theme: &Theme) -> PageMargin {
    let page = &theme.page;
    // The page number sits `footer_mm` below the text block.
    let footer = page.bottom_mm
        - page.footer_mm.unwrap_or(7.0)
        - theme.size("page_number", 14.0) * 25.4 / 72.0;
    PageMargin {
        top: mm_to_twips(page.top_mm) as i32,
        left: mm_to_twips(page.left_mm) as i32,
        bottom: mm_to_twips(page.bottom_mm) as i32,
        right: mm_to_twips(page.right_mm) as i32,
        header: mm_to_twips((page.top_mm - 15.0).max(8.0)) as i32,
        footer: mm_to_twips(footer.max(5.0)) as i32,
        gutter: 0,
    }
}

/// Twips from the top of the text block to the cover's date line: 30 mm
/// above the block's end, as formal.typ sets it.
fn cover_date_y(theme: &Theme) -> i32 {
    let page = &theme.page;
    let line_mm = theme.size("body", 16.0) * 1.5 * 25.4 / 72.0;
    let mm = (page.height_mm - page.top_mm - page.bottom_mm - 30.0 - line_mm).max(0.0);
    i32::try_from(mm_to_twips(mm)).unwrap_or(0)
}
