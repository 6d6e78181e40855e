//! `charter survey --fillable`: a questionnaire as a PDF form. One radio
//! group per rated question (its choices the scale's points, exported as
//! their positions 1, 2 …), a text field per open question and per
//! respondent field, in question order (which is also the tab order), and a
//! hidden read-only field with the form's identity (see [`super::form`]).
//!
//! Written directly with pdf-writer rather than through Typst, which has no
//! form fields. The printed text is FandolSong, embedded as a subset; the
//! fields' own font (/DA) is Adobe's STSong-Light with the UniGB-UCS2-H
//! encoding, which every PDF reader maps to a Chinese font of its own, so
//! whatever a respondent types shows. Same inputs, same bytes: no dates, the
//! file id is a hash of the content.

use std::collections::BTreeMap;
use std::hash::Hasher;

use pdf_writer::types::{AnnotationFlags, FieldFlags, FieldType};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::error::FormError;
use super::form::{FormIdentity, IDENTITY_FIELD, question_field, respondent_field};
use super::pdf_fonts::{Metrics, deflate, write_field_font, write_font};
use crate::document::{Appendix, Document};
use crate::format::QuestionKind;

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 64.0;
const BODY: f32 = 11.0;
const LEADING: f32 = 19.0;
const TITLE: f32 = 16.0;
const RADIO: f32 = 11.0;
/// The printed text's font: FandolSong, bundled.
const FONT_NAME: &str = "fandol/FandolSong-Regular.otf";
/// The fields' font resource name in /DR and /DA.
const FIELD_FONT: &str = "STSong";
const DA: &str = "/STSong 11 Tf 0 g";

/// One widget on a page.
enum Widget {
    Radio {
        question: usize,
        point: usize,
        rect: [f32; 4],
    },
    Text {
        field: usize,
        rect: [f32; 4],
    },
}

/// A terminal text field (respondent or open question) or a radio group.
struct FieldSpec {
    name: String,
    tooltip: String,
    kind: FieldKind,
}

enum FieldKind {
    Text { multiline: bool },
    Radio,
}

/// The printed text: runs of text at positions, per page.
#[derive(Default)]
struct Page {
    texts: Vec<(f32, f32, f32, String)>,
    lines: Vec<[f32; 4]>,
    widgets: Vec<Widget>,
}

/// Lays the form out top to bottom, starting a page when one is full.
struct Layout<'a> {
    metrics: &'a Metrics<'a>,
    pages: Vec<Page>,
    y: f32,
}

impl Layout<'_> {
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Makes room for `height` points, on a new page if this one lacks it.
    fn room(&mut self, height: f32) {
        if self.pages.is_empty() || self.y - height < MARGIN {
            self.pages.push(Page::default());
            self.y = PAGE_H - MARGIN;
        }
    }

    fn text_at(&mut self, x: f32, size: f32, text: &str) {
        let y = self.y;
        self.page().texts.push((x, y, size, text.to_string()));
    }

    fn paragraph(&mut self, text: &str, size: f32, indent: f32) {
        let width = PAGE_W - 2.0 * MARGIN - indent;
        for line in self.metrics.wrap(text, size, width) {
            self.room(LEADING);
            self.y -= LEADING;
            self.text_at(MARGIN + indent, size, &line);
        }
    }
}

/// The fillable PDF of `appendix`.
pub fn fillable_pdf(doc: &Document, appendix: &Appendix) -> Result<Vec<u8>, FormError> {
    let data =
        crate::backend::fonts::bundled(FONT_NAME).ok_or_else(|| FormError::FontNotBundled {
            font: FONT_NAME.into(),
        })?;
    let face = ttf_parser::Face::parse(data, 0).map_err(|e| FormError::in_part(FONT_NAME, e))?;
    let metrics = Metrics {
        per_em: f32::from(face.units_per_em()),
        face,
    };
    let identity = FormIdentity::of(doc, appendix);
    let mut fields = vec![FieldSpec {
        name: IDENTITY_FIELD.into(),
        tooltip: String::new(),
        kind: FieldKind::Text { multiline: false },
    }];
    let mut layout = Layout {
        metrics: &metrics,
        pages: Vec::new(),
        y: PAGE_H - MARGIN,
    };
    layout.room(LEADING);
    layout.y -= BODY;
    layout.text_at(MARGIN, BODY, &appendix.label);
    layout.y -= LEADING * 1.6;
    let title_width = metrics.width(&appendix.title, TITLE);
    layout.text_at((PAGE_W - title_width) / 2.0, TITLE, &appendix.title);
    layout.y -= LEADING * 0.6;
    for paragraph in &appendix.intro {
        layout.paragraph(paragraph, BODY, 0.0);
    }
    layout.y -= LEADING * 0.4;

    // Respondent fields: a label and a box after it.
    for (n, label) in appendix.respondent.iter().enumerate() {
        layout.room(LEADING * 1.5);
        layout.y -= LEADING * 1.5;
        let label_text = format!("{label}：");
        layout.text_at(MARGIN, BODY, &label_text);
        let x = MARGIN + metrics.width(&label_text, BODY) + 4.0;
        let rect = [x, layout.y - 5.0, PAGE_W - MARGIN, layout.y + 13.0];
        fields.push(FieldSpec {
            name: respondent_field(n + 1),
            tooltip: label.clone(),
            kind: FieldKind::Text { multiline: false },
        });
        let field = fields.len() - 1;
        layout.page().widgets.push(Widget::Text { field, rect });
    }
    layout.y -= LEADING * 0.5;

    let indent = metrics.width("00. ", BODY);
    for q in &appendix.questions {
        let head = format!("{}. ", q.number);
        let lines = metrics.wrap(&q.text, BODY, PAGE_W - 2.0 * MARGIN - indent);
        let answer_height = match q.kind {
            QuestionKind::Rated => LEADING * 1.4,
            QuestionKind::Open => LEADING * q.lines.clamp(2, 12) as f32 + 6.0,
        };
        // The question and (the first row of) its answer stay together.
        layout.room(LEADING * lines.len() as f32 + answer_height + LEADING * 0.4);
        layout.y -= LEADING * 0.4;
        for (i, line) in lines.iter().enumerate() {
            layout.y -= LEADING;
            if i == 0 {
                layout.text_at(MARGIN, BODY, &head);
            }
            layout.text_at(MARGIN + indent, BODY, line);
        }
        match q.kind {
            QuestionKind::Rated => {
                fields.push(FieldSpec {
                    name: question_field(&q.id),
                    tooltip: format!("{}. {}", q.number, q.text),
                    kind: FieldKind::Radio,
                });
                let question = fields.len() - 1;
                // The choices side by side, on as many rows as they need.
                let gap = 18.0;
                let mut x = MARGIN + indent;
                layout.y -= LEADING * 1.3;
                for (p, point) in appendix.scale.iter().enumerate() {
                    let w = RADIO + 4.0 + metrics.width(point, BODY);
                    if x + w > PAGE_W - MARGIN && x > MARGIN + indent {
                        layout.room(LEADING * 1.3);
                        layout.y -= LEADING * 1.3;
                        x = MARGIN + indent;
                    }
                    let rect = [x, layout.y - 1.5, x + RADIO, layout.y - 1.5 + RADIO];
                    layout.page().widgets.push(Widget::Radio {
                        question,
                        point: p + 1,
                        rect,
                    });
                    layout.text_at(x + RADIO + 4.0, BODY, point);
                    x += w + gap;
                }
            }
            QuestionKind::Open => {
                fields.push(FieldSpec {
                    name: question_field(&q.id),
                    tooltip: format!("{}. {}", q.number, q.text),
                    kind: FieldKind::Text { multiline: true },
                });
                let field = fields.len() - 1;
                let height = answer_height - 6.0;
                layout.y -= 4.0;
                let rect = [
                    MARGIN + indent,
                    layout.y - height,
                    PAGE_W - MARGIN,
                    layout.y,
                ];
                layout.page().widgets.push(Widget::Text { field, rect });
                layout.y -= height;
            }
        }
    }
    // A rule under the last question closes the form.
    layout.room(LEADING);
    layout.y -= LEADING;
    let y = layout.y;
    layout.page().lines.push([MARGIN, y, PAGE_W - MARGIN, y]);
    Ok(write(
        &metrics,
        data,
        appendix,
        &identity,
        &fields,
        layout.pages,
    ))
}

/// Refs handed out in order.
struct Refs(i32);

impl Refs {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

fn write(
    metrics: &Metrics,
    font_data: &[u8],
    appendix: &Appendix,
    identity: &FormIdentity,
    fields: &[FieldSpec],
    pages: Vec<Page>,
) -> Vec<u8> {
    let mut refs = Refs(0);
    let catalog_id = refs.next();
    let tree_id = refs.next();
    let info_id = refs.next();
    let font_id = refs.next();
    let cid_id = refs.next();
    let descriptor_id = refs.next();
    let font_file_id = refs.next();
    let to_unicode_id = refs.next();
    let field_font_id = refs.next();
    let field_cid_id = refs.next();
    let field_descriptor_id = refs.next();
    let field_to_unicode_id = refs.next();
    let dingbats_id = refs.next();
    let radio_on_id = refs.next();
    let radio_off_id = refs.next();
    let page_ids: Vec<Ref> = pages.iter().map(|_| refs.next()).collect();
    let content_ids: Vec<Ref> = pages.iter().map(|_| refs.next()).collect();
    let field_ids: Vec<Ref> = fields.iter().map(|_| refs.next()).collect();

    // The glyphs of the printed text, renumbered for the subset.
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut used: BTreeMap<u16, char> = BTreeMap::new();
    for page in &pages {
        for (_, _, _, text) in &page.texts {
            for c in text.chars() {
                let gid = metrics.face.glyph_index(c).map(|g| g.0).unwrap_or(0);
                let new = remapper.remap(gid);
                used.entry(new).or_insert(c);
            }
        }
    }
    let encode = |text: &str, remapper: &subsetter::GlyphRemapper| -> Vec<u8> {
        let mut bytes = Vec::new();
        for c in text.chars() {
            let gid = metrics.face.glyph_index(c).map(|g| g.0).unwrap_or(0);
            let new = remapper.get(gid).unwrap_or(0);
            bytes.extend(new.to_be_bytes());
        }
        bytes
    };

    let mut pdf = Pdf::new();
    let mut widget_ids: Vec<Vec<Ref>> = Vec::new();
    // Kids of each radio group, in scale order.
    let mut kids: BTreeMap<usize, Vec<Ref>> = BTreeMap::new();
    let mut text_widget: BTreeMap<usize, (Ref, usize, [f32; 4])> = BTreeMap::new();
    let mut radio_widgets: Vec<(Ref, usize, usize, usize, [f32; 4])> = Vec::new();
    for (page_index, page) in pages.iter().enumerate() {
        let mut ids = Vec::new();
        if page_index == 0 {
            // The identity field's widget: hidden, on the first page.
            ids.push(field_ids[0]);
        }
        for widget in &page.widgets {
            match widget {
                Widget::Radio {
                    question,
                    point,
                    rect,
                } => {
                    let id = refs.next();
                    kids.entry(*question).or_default().push(id);
                    radio_widgets.push((id, *question, *point, page_index, *rect));
                    ids.push(id);
                }
                Widget::Text { field, rect } => {
                    text_widget.insert(*field, (field_ids[*field], page_index, *rect));
                    ids.push(field_ids[*field]);
                }
            }
        }
        widget_ids.push(ids);
    }

    {
        let mut catalog = pdf.catalog(catalog_id);
        catalog.pages(tree_id);
        catalog.lang(TextStr("zh-CN"));
        let mut form = catalog.form();
        form.fields(field_ids.iter().copied());
        form.default_appearance(Str(DA.as_bytes()));
        let mut resources = form.default_resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(FIELD_FONT.as_bytes()), field_font_id);
        fonts.pair(Name(b"ZaDb"), dingbats_id);
    }
    pdf.pages(tree_id)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    {
        let encoded = identity.encode();
        let mut info = pdf.document_info(info_id);
        info.title(TextStr(&appendix.title));
        info.creator(TextStr("charter"));
        info.subject(TextStr(&encoded));
        info.pair(Name(b"CharterId"), TextStr(&identity.charter));
        info.pair(
            Name(b"CharterQuestionnaire"),
            TextStr(&identity.questionnaire),
        );
        info.pair(Name(b"CharterFormVersion"), TextStr(&identity.version));
    }

    for (index, page) in pages.iter().enumerate() {
        let mut content = Content::new();
        for (x, y, size, text) in &page.texts {
            content.begin_text();
            content.set_font(Name(b"F1"), *size);
            content.next_line(*x, *y);
            content.show(Str(&encode(text, &remapper)));
            content.end_text();
        }
        for [x1, y1, x2, y2] in &page.lines {
            content.set_line_width(0.5);
            content.move_to(*x1, *y1);
            content.line_to(*x2, *y2);
            content.stroke();
        }
        let bytes = deflate(&content.finish());
        pdf.stream(content_ids[index], &bytes)
            .filter(Filter::FlateDecode);
        let mut page_writer = pdf.page(page_ids[index]);
        page_writer
            .parent(tree_id)
            .media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .contents(content_ids[index]);
        page_writer.resources().fonts().pair(Name(b"F1"), font_id);
        page_writer
            .insert(Name(b"Annots"))
            .array()
            .items(widget_ids[index].iter().copied());
        // Tab order: row order, which on this layout is question order.
        page_writer.pair(Name(b"Tabs"), Name(b"R"));
        page_writer.finish();
    }

    // Fields.
    for (index, field) in fields.iter().enumerate() {
        let id = field_ids[index];
        match &field.kind {
            FieldKind::Radio => {
                let mut f = pdf.form_field(id);
                f.field_type(FieldType::Button);
                f.partial_name(TextStr(&field.name));
                f.alternate_name(TextStr(&field.tooltip));
                f.field_flags(FieldFlags::RADIO | FieldFlags::NO_TOGGLE_TO_OFF);
                // A reader that redraws the buttons draws ZapfDingbats' dot.
                f.vartext_default_appearance(Str(b"/ZaDb 0 Tf 0 g"));
                f.children(kids.get(&index).cloned().unwrap_or_default());
                f.pair(Name(b"V"), Name(b"Off"));
            }
            FieldKind::Text { multiline } => {
                let (rect, page_index, hidden) = match text_widget.get(&index) {
                    Some((_, page, rect)) => (*rect, *page, false),
                    None => ([0.0; 4], 0, true),
                };
                let appearance = refs.next();
                let mut f = pdf.form_field(id);
                f.field_type(FieldType::Text);
                f.partial_name(TextStr(&field.name));
                if !field.tooltip.is_empty() {
                    f.alternate_name(TextStr(&field.tooltip));
                }
                let mut flags = FieldFlags::empty();
                if *multiline {
                    flags |= FieldFlags::MULTILINE;
                }
                if hidden {
                    flags |= FieldFlags::READ_ONLY;
                    f.text_value(TextStr(&identity.encode()));
                }
                f.field_flags(flags);
                f.vartext_default_appearance(Str(DA.as_bytes()));
                let mut annot = f.into_annotation();
                annot.rect(Rect::new(rect[0], rect[1], rect[2], rect[3]));
                annot.page(page_ids[page_index]);
                annot.flags(if hidden {
                    AnnotationFlags::HIDDEN | AnnotationFlags::READ_ONLY
                } else {
                    AnnotationFlags::PRINT
                });
                if !hidden {
                    annot
                        .appearance_characteristics()
                        .border_color_gray(0.45)
                        .background_color_gray(0.97);
                }
                annot.appearance().normal().stream(appearance);
                annot.finish();
                let w = rect[2] - rect[0];
                let h = rect[3] - rect[1];
                let mut ap = Content::new();
                if !hidden {
                    ap.set_fill_gray(0.97);
                    ap.rect(0.0, 0.0, w, h);
                    ap.fill_nonzero();
                    ap.set_stroke_gray(0.45);
                    ap.set_line_width(0.6);
                    ap.rect(0.3, 0.3, w - 0.6, h - 0.6);
                    ap.stroke();
                }
                ap.begin_marked_content(Name(b"Tx"));
                ap.end_marked_content();
                let bytes = ap.finish();
                let mut stream = pdf.form_xobject(appearance, &bytes);
                stream.bbox(Rect::new(0.0, 0.0, w, h));
                stream
                    .resources()
                    .fonts()
                    .pair(Name(FIELD_FONT.as_bytes()), field_font_id);
            }
        }
    }
    for (id, question, point, page_index, rect) in &radio_widgets {
        let state = point.to_string();
        let mut annot = pdf.annotation(*id);
        annot.subtype(pdf_writer::types::AnnotationType::Widget);
        annot.rect(Rect::new(rect[0], rect[1], rect[2], rect[3]));
        annot.page(page_ids[*page_index]);
        annot.flags(AnnotationFlags::PRINT);
        annot.pair(Name(b"Parent"), field_ids[*question]);
        annot.appearance_state(Name(b"Off"));
        annot
            .appearance_characteristics()
            .border_color_gray(0.2)
            .normal_caption(TextStr("l"));
        {
            let mut appearance = annot.appearance();
            let mut normal = appearance.normal().streams();
            normal.pair(Name(state.as_bytes()), radio_on_id);
            normal.pair(Name(b"Off"), radio_off_id);
        }
        annot.finish();
    }
    for (id, on) in [(radio_on_id, true), (radio_off_id, false)] {
        let bytes = radio_appearance(on);
        pdf.form_xobject(id, &bytes)
            .bbox(Rect::new(0.0, 0.0, RADIO, RADIO));
    }

    write_font(
        &mut pdf,
        metrics,
        font_data,
        &remapper,
        &used,
        [font_id, cid_id, descriptor_id, font_file_id, to_unicode_id],
    );
    write_field_font(
        &mut pdf,
        [
            field_font_id,
            field_cid_id,
            field_descriptor_id,
            field_to_unicode_id,
        ],
    );
    pdf.type1_font(dingbats_id).base_font(Name(b"ZapfDingbats"));

    // The file id: a hash of what the form holds, not of the time.
    let mut hasher = siphasher::sip::SipHasher13::new_with_keys(1, 2);
    hasher.write(identity.encode().as_bytes());
    hasher.write(appendix.title.as_bytes());
    let hash = Hasher::finish(&hasher).to_be_bytes().repeat(2);
    pdf.set_file_id((hash.clone(), hash));
    pdf.finish()
}

/// A radio button: a circle, with a dot when chosen.
fn radio_appearance(on: bool) -> Vec<u8> {
    let mut c = Content::new();
    let r = RADIO / 2.0;
    c.set_line_width(0.8);
    c.set_stroke_gray(0.2);
    circle(&mut c, r, r, r - 0.6);
    c.stroke();
    if on {
        c.set_fill_gray(0.0);
        circle(&mut c, r, r, r * 0.45);
        c.fill_nonzero();
    }
    c.finish().to_vec()
}

fn circle(c: &mut Content, cx: f32, cy: f32, r: f32) {
    let k = 0.552_284_8 * r;
    c.move_to(cx + r, cy);
    c.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    c.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    c.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    c.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    c.close_path();
}
