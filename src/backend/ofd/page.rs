//! One page's `Content.xml`: typst's laid-out frame walked item by item.
//! Text becomes TextObject (one TextCode per run, a DeltaX per character),
//! shapes PathObject, raster images ImageObject. Millimetres, top-left
//! origin, y down, as OFD and typst both measure.

use std::fmt::Write;

use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::text::TextItem;
use typst::visualize::{
    CurveItem, FillRule, FixedStroke, Geometry, Image, ImageKind, LineCap, LineJoin, Paint, Shape,
};

use super::{Resources, mm, num};
use crate::hygiene::xml_escape as esc;

/// Writes the objects of one page into its layer.
pub struct PageWriter<'a> {
    pub res: &'a mut Resources,
    pub out: String,
}

impl PageWriter<'_> {
    pub fn frame(&mut self, frame: &Frame, ts: Transform) {
        for (pos, item) in frame.items() {
            match item {
                FrameItem::Group(group) => {
                    let inner = ts
                        .pre_concat(Transform::translate(pos.x, pos.y))
                        .pre_concat(group.transform);
                    self.frame(&group.frame, inner);
                }
                FrameItem::Text(text) => self.text(text, *pos, ts),
                FrameItem::Shape(shape, _) => self.shape(shape, *pos, ts),
                FrameItem::Image(image, size, _) => self.image(image, *pos, *size, ts),
                // Links and introspection tags draw nothing.
                FrameItem::Link(..) | FrameItem::Tag(_) => {}
            }
        }
    }

    fn text(&mut self, text: &TextItem, pos: Point, ts: Transform) {
        if text.glyphs.is_empty() {
            return;
        }
        let font = text.font.font().clone();
        let used = self.res.font(&font);
        let size = text.size;
        let translation =
            ts.sx.get() == 1.0 && ts.sy.get() == 1.0 && ts.kx.get() == 0.0 && ts.ky.get() == 0.0;
        // Characters with their pen positions, in the item's space.
        let mut chars = String::new();
        let mut xs: Vec<Abs> = Vec::new();
        let mut ys: Vec<Abs> = Vec::new();
        let mut transforms = String::new();
        let mut cursor = Abs::zero();
        let mut i = 0;
        let glyphs = &text.glyphs;
        while i < glyphs.len() {
            // A cluster: the glyphs sharing one range of the text.
            let range = glyphs[i].range();
            let mut j = i + 1;
            while j < glyphs.len() && glyphs[j].range() == range {
                j += 1;
            }
            let piece = text.text.get(range).unwrap_or("");
            let first = &glyphs[i];
            let x = cursor + first.x_offset.at(size);
            let y = -first.y_offset.at(size);
            let code_start = chars.chars().count();
            let mut count = 0;
            for c in piece.chars() {
                chars.push(c);
                xs.push(x);
                ys.push(y);
                count += 1;
            }
            let mapped = j - i == 1 && count == 1 && {
                let c = piece.chars().next().unwrap_or('\0');
                self.res.fonts[used].map(c, first.id)
            };
            if !mapped {
                // Ligatures, shaped forms and characters drawn another way
                // elsewhere: the glyphs named (CGTransform), by subset id,
                // filled in when the font is subset.
                for g in &glyphs[i..j] {
                    self.res.fonts[used].glyphs.insert(g.id);
                }
                let ids: Vec<String> = glyphs[i..j]
                    .iter()
                    .map(|g| format!("@{used}.{}", g.id))
                    .collect();
                if count > 0 {
                    let _ = write!(
                        transforms,
                        r#"<ofd:CGTransform CodePosition="{code_start}" CodeCount="{count}" GlyphCount="{}"><ofd:Glyphs>{}</ofd:Glyphs></ofd:CGTransform>"#,
                        j - i,
                        ids.join(" ")
                    );
                }
            }
            for g in &glyphs[i..j] {
                cursor += g.x_advance.at(size);
            }
            i = j;
        }
        if chars.is_empty() {
            return;
        }
        let width = cursor;
        let id = self.res.next_id();
        let font_id = self.res.fonts[used].id;
        let (left, top) = if translation {
            // The box: an em above the baseline to half one below.
            let x0 = pos.x + ts.tx + xs[0];
            let y0 = pos.y + ts.ty + ys[0];
            let (left, top) = (x0 - size * 0.1, y0 - size * 1.1);
            let _ = write!(
                self.out,
                r#"<ofd:TextObject ID="{id}" Boundary="{} {} {} {}" Font="{font_id}" Size="{}""#,
                num(mm(left)),
                num(mm(top)),
                num(mm(width - xs[0] + size * 0.3)),
                num(mm(size * 1.6)),
                num(mm(size))
            );
            (left - pos.x - ts.tx, top - pos.y - ts.ty)
        } else {
            // Scaled or rotated: the item's own space, placed by the CTM in
            // a box the size of any page.
            let local = ts.pre_concat(Transform::translate(pos.x, pos.y));
            let _ = write!(
                self.out,
                r#"<ofd:TextObject ID="{id}" Boundary="0 0 2000 2000" Font="{font_id}" Size="{}" CTM="{} {} {} {} {} {}""#,
                num(mm(size)),
                num(local.sx.get()),
                num(local.ky.get()),
                num(local.kx.get()),
                num(local.sy.get()),
                num(mm(local.tx)),
                num(mm(local.ty))
            );
            (Abs::zero(), Abs::zero())
        };
        self.out.push('>');
        if let Some(color) = color(&text.fill).filter(|c| c != "0 0 0") {
            let _ = write!(self.out, r#"<ofd:FillColor Value="{color}"/>"#);
        }
        self.out.push_str(&transforms);
        let delta =
            |v: &[Abs]| -> Vec<String> { v.windows(2).map(|w| num(mm(w[1] - w[0]))).collect() };
        let _ = write!(
            self.out,
            r#"<ofd:TextCode X="{}" Y="{}""#,
            num(mm(xs[0] - left)),
            num(mm(ys[0] - top))
        );
        if xs.len() > 1 {
            let _ = write!(self.out, r#" DeltaX="{}""#, delta(&xs).join(" "));
        }
        if ys.iter().any(|y| *y != ys[0]) {
            let _ = write!(self.out, r#" DeltaY="{}""#, delta(&ys).join(" "));
        }
        let _ = write!(self.out, ">{}</ofd:TextCode></ofd:TextObject>", esc(&chars));
    }

    fn shape(&mut self, shape: &Shape, pos: Point, ts: Transform) {
        let at = ts.pre_concat(Transform::translate(pos.x, pos.y));
        let mut points: Vec<(char, Vec<Point>)> = Vec::new();
        match &shape.geometry {
            Geometry::Line(to) => {
                points.push(('M', vec![Point::zero()]));
                points.push(('L', vec![*to]));
            }
            Geometry::Rect(size) => {
                points.push(('M', vec![Point::zero()]));
                points.push(('L', vec![Point::with_x(size.x)]));
                points.push(('L', vec![Point::new(size.x, size.y)]));
                points.push(('L', vec![Point::with_y(size.y)]));
                points.push(('C', vec![]));
            }
            Geometry::Curve(curve) => {
                for item in &curve.0 {
                    points.push(match item {
                        CurveItem::Move(p) => ('M', vec![*p]),
                        CurveItem::Line(p) => ('L', vec![*p]),
                        CurveItem::Cubic(a, b, c) => ('B', vec![*a, *b, *c]),
                        CurveItem::Close => ('C', vec![]),
                    });
                }
            }
        }
        let mapped: Vec<(char, Vec<(f64, f64)>)> = points
            .into_iter()
            .map(|(op, ps)| {
                let ps = ps
                    .into_iter()
                    .map(|p| {
                        let p = p.transform(at);
                        (mm(p.x), mm(p.y))
                    })
                    .collect();
                (op, ps)
            })
            .collect();
        let all: Vec<&(f64, f64)> = mapped.iter().flat_map(|(_, ps)| ps).collect();
        if all.is_empty() {
            return;
        }
        let stroke = shape
            .stroke
            .as_ref()
            .and_then(|s| Some((s, color(&s.paint)?)));
        let fill = shape.fill.as_ref().and_then(color);
        if stroke.is_none() && fill.is_none() {
            return;
        }
        let scale = (at.sx.get() * at.sy.get() - at.kx.get() * at.ky.get())
            .abs()
            .sqrt();
        let width = stroke
            .as_ref()
            .map_or(0.0, |(s, _)| mm(s.thickness) * scale);
        let pad = width / 2.0 + 0.01;
        let min_x = all.iter().map(|p| p.0).fold(f64::INFINITY, f64::min) - pad;
        let min_y = all.iter().map(|p| p.1).fold(f64::INFINITY, f64::min) - pad;
        let max_x = all.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max) + pad;
        let max_y = all.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max) + pad;
        let mut data = Vec::new();
        for (op, ps) in &mapped {
            data.push(op.to_string());
            for (x, y) in ps {
                data.push(num(x - min_x));
                data.push(num(y - min_y));
            }
        }
        let id = self.res.next_id();
        let _ = write!(
            self.out,
            r#"<ofd:PathObject ID="{id}" Boundary="{} {} {} {}""#,
            num(min_x),
            num(min_y),
            num(max_x - min_x),
            num(max_y - min_y)
        );
        if let Some((s, _)) = &stroke {
            stroke_attributes(&mut self.out, s, width, scale);
        } else {
            self.out.push_str(r#" Stroke="false""#);
        }
        if fill.is_some() {
            self.out.push_str(r#" Fill="true""#);
            if shape.fill_rule == FillRule::EvenOdd {
                self.out.push_str(r#" Rule="Even-Odd""#);
            }
        }
        self.out.push('>');
        if let Some((_, c)) = stroke {
            let _ = write!(self.out, r#"<ofd:StrokeColor Value="{c}"/>"#);
        }
        if let Some(c) = &fill {
            let _ = write!(self.out, r#"<ofd:FillColor Value="{c}"/>"#);
        }
        let _ = write!(
            self.out,
            "<ofd:AbbreviatedData>{}</ofd:AbbreviatedData></ofd:PathObject>",
            data.join(" ")
        );
    }

    fn image(&mut self, image: &Image, pos: Point, size: typst::layout::Size, ts: Transform) {
        // Raster images in a format OFD names; SVG and PDF images are not
        // written (docs/ofd.md).
        let ImageKind::Raster(raster) = image.kind() else {
            return;
        };
        use typst::visualize::{ExchangeFormat, RasterFormat};
        let format = match raster.format() {
            RasterFormat::Exchange(ExchangeFormat::Png) => "PNG",
            RasterFormat::Exchange(ExchangeFormat::Jpg) => "JPEG",
            RasterFormat::Exchange(ExchangeFormat::Gif) => "GIF",
            _ => return,
        };
        let at = ts.pre_concat(Transform::translate(pos.x, pos.y));
        let a = Point::zero().transform(at);
        let b = Point::new(size.x, size.y).transform(at);
        let (x, y) = (mm(a.x.min(b.x)), mm(a.y.min(b.y)));
        let (w, h) = (mm((b.x - a.x).abs()), mm((b.y - a.y).abs()));
        let resource = self.res.image(raster.data().as_slice(), format);
        let id = self.res.next_id();
        let _ = write!(
            self.out,
            r#"<ofd:ImageObject ID="{id}" Boundary="{} {} {} {}" CTM="{} 0 0 {} 0 0" ResourceID="{resource}"/>"#,
            num(x),
            num(y),
            num(w),
            num(h),
            num(w),
            num(h)
        );
    }
}

fn stroke_attributes(out: &mut String, s: &FixedStroke, width: f64, scale: f64) {
    let _ = write!(out, r#" LineWidth="{}""#, num(width));
    match s.cap {
        LineCap::Butt => {}
        LineCap::Round => out.push_str(r#" Cap="Round""#),
        LineCap::Square => out.push_str(r#" Cap="Square""#),
    }
    match s.join {
        LineJoin::Miter => {}
        LineJoin::Round => out.push_str(r#" Join="Round""#),
        LineJoin::Bevel => out.push_str(r#" Join="Bevel""#),
    }
    if let Some(dash) = &s.dash
        && !dash.array.is_empty()
    {
        let array: Vec<String> = dash.array.iter().map(|d| num(mm(*d) * scale)).collect();
        let _ = write!(
            out,
            r#" DashOffset="{}" DashPattern="{}""#,
            num(mm(dash.phase) * scale),
            array.join(" ")
        );
    }
}

/// A solid paint as OFD's RGB value (`r g b`); gradients and tilings are
/// not written.
fn color(paint: &Paint) -> Option<String> {
    let Paint::Solid(color) = paint else {
        return None;
    };
    let [r, g, b, a] = color.to_vec4_u8();
    (a > 0).then(|| format!("{r} {g} {b}"))
}
