//! What one page draws, as hayro interprets its content: each glyph with its Unicode text,
//! place and size, and each straight line or thin filled bar that may be a table's ruling. Page
//! coordinates are points from the page's top-left corner as it is shown (`/Rotate` and the
//! crop box applied), y growing downwards.

use std::time::Instant;

use hayro_interpret::font::GlyphRun;
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::hayro_syntax::page::Page;
use hayro_interpret::kurbo::{Affine, BezPath, PathEl, Point, Rect, Shape, Vec2};
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageDrawProps,
    InterpreterCache, InterpreterSettings, Paint, SoftMask, interpret_page,
};

/// A glyph on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The Unicode text the font maps it to (usually one character, a ligature more).
    pub text: String,
    /// The left end of its baseline.
    pub x: f64,
    pub y: f64,
    /// Its advance along the baseline.
    pub width: f64,
    /// The font size: the height of one em.
    pub size: f64,
}

impl Glyph {
    #[must_use]
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    /// The middle of the glyph's body: what decides which table cell it stands in.
    #[must_use]
    pub fn center(&self) -> Point {
        Point::new(self.x + self.width / 2.0, self.y - self.size * 0.35)
    }
}

/// A horizontal or vertical line: `at` is its y (horizontal) or x (vertical), `from..to` its
/// extent along the other axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub at: f64,
    pub from: f64,
    pub to: f64,
}

/// Everything of one page that the reader uses.
#[derive(Debug, Default)]
pub struct Marks {
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    /// Glyphs the font gives no Unicode for (a font without a `ToUnicode` map or names).
    pub unmapped: usize,
    pub horizontal: Vec<Segment>,
    pub vertical: Vec<Segment>,
    /// Images drawn (a scanned page is one).
    pub images: usize,
}

/// Why a page could not be read to the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// It draws more glyphs and lines than [`Budget::marks`].
    TooMany,
    /// Its interpretation took longer than [`Budget::time`].
    TooSlow,
    /// hayro failed on it.
    Failed,
}

/// What one page may cost.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub marks: usize,
    pub time: std::time::Duration,
}

/// Interprets one page. hayro forbids unsafe code and is fuzzed, but it is a young crate: a
/// panic inside it is a page it cannot read, never the end of a batch.
pub fn read(page: &Page<'_>, budget: Budget) -> Result<Marks, Stop> {
    let run = std::panic::AssertUnwindSafe(|| interpret(page, budget));
    match std::panic::catch_unwind(run) {
        Ok(marks) => Ok(marks),
        Err(payload) => Err(payload
            .downcast_ref::<Stop>()
            .copied()
            .unwrap_or(Stop::Failed)),
    }
}

fn interpret(page: &Page<'_>, budget: Budget) -> Marks {
    let (width, height) = page.render_dimensions();
    let initial = Affine::new(page.initial_transform(true).as_coeffs());
    let bbox = Rect::new(0.0, 0.0, f64::from(width), f64::from(height));
    let cache = InterpreterCache::new();
    let mut context = Context::new(
        initial,
        bbox,
        &cache,
        page.xref(),
        InterpreterSettings::default(),
    );
    let mut collector = Collector {
        marks: Marks {
            width: f64::from(width),
            height: f64::from(height),
            ..Marks::default()
        },
        budget,
        started: Instant::now(),
        drawn: 0,
    };
    interpret_page(page, &mut context, &mut collector);
    collector.marks
}

/// The [`Device`] hayro draws into.
struct Collector {
    marks: Marks,
    budget: Budget,
    started: Instant,
    drawn: usize,
}

/// Lines and bars thinner than this (points) are rulings; a filled area wider both ways is not.
const BAR: f64 = 3.0;
/// How far off the axis a ruling's ends may be (points).
const SKEW: f64 = 0.5;

impl Collector {
    /// Counts one drawing call against the page's budget; past it, interpretation unwinds to
    /// [`read`] (`resume_unwind` runs no panic hook: nothing is printed).
    fn spend(&mut self, marks: usize) {
        self.drawn += marks;
        let stop = if self.drawn > self.budget.marks {
            Some(Stop::TooMany)
        } else if self.drawn % 256 < marks && self.started.elapsed() > self.budget.time {
            Some(Stop::TooSlow)
        } else {
            None
        };
        if let Some(stop) = stop {
            std::panic::resume_unwind(Box::new(stop));
        }
    }

    fn add_segment(&mut self, a: Point, b: Point) {
        if (a.y - b.y).abs() <= SKEW && (a.x - b.x).abs() > SKEW {
            self.marks.horizontal.push(Segment {
                at: f64::midpoint(a.y, b.y),
                from: a.x.min(b.x),
                to: a.x.max(b.x),
            });
        } else if (a.x - b.x).abs() <= SKEW && (a.y - b.y).abs() > SKEW {
            self.marks.vertical.push(Segment {
                at: f64::midpoint(a.x, b.x),
                from: a.y.min(b.y),
                to: a.y.max(b.y),
            });
        }
    }

    /// The straight pieces of a stroked path.
    fn add_stroke(&mut self, path: &BezPath) {
        let mut start = None;
        let mut last = None;
        for element in path.elements() {
            match *element {
                PathEl::MoveTo(p) => {
                    start = Some(p);
                    last = Some(p);
                }
                PathEl::LineTo(p) => {
                    if let Some(from) = last {
                        self.add_segment(from, p);
                    }
                    last = Some(p);
                }
                PathEl::ClosePath => {
                    if let (Some(from), Some(to)) = (last, start) {
                        self.add_segment(from, to);
                    }
                    last = start;
                }
                PathEl::QuadTo(_, p) | PathEl::CurveTo(_, _, p) => last = Some(p),
            }
        }
    }

    /// A filled path: a thin bar is a ruling (how Word and `LibreOffice` draw some borders).
    fn add_fill(&mut self, path: &BezPath) {
        let area = path.bounding_box();
        if area.width() <= BAR && area.height() > BAR {
            let x = f64::midpoint(area.x0, area.x1);
            self.add_segment(Point::new(x, area.y0), Point::new(x, area.y1));
        } else if area.height() <= BAR && area.width() > BAR {
            let y = f64::midpoint(area.y0, area.y1);
            self.add_segment(Point::new(area.x0, y), Point::new(area.x1, y));
        }
    }
}

/// True when the paint shows nothing on white paper: a white border is no ruling.
fn is_white(paint: &Paint<'_>) -> bool {
    match paint {
        Paint::Color(color) => {
            let [r, g, b, a] = color.to_rgba().to_rgba8();
            a == 0 || (r > 240 && g > 240 && b > 240)
        }
        Paint::Pattern(_) => false,
    }
}

impl<'a> Device<'a> for Collector {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, draw_mode: &DrawMode) {
        self.spend(path.elements().len().max(1));
        if is_white(&props.paint) {
            return;
        }
        let path = props.transform * path.clone();
        match draw_mode {
            DrawMode::Stroke(_) => self.add_stroke(&path),
            DrawMode::Fill(_) | DrawMode::FillAndStroke(..) => self.add_fill(&path),
            DrawMode::Invisible => {}
        }
    }

    fn push_clip_path(&mut self, _: &ClipPath) {
        self.spend(1);
    }

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {
        self.spend(1);
    }

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, _: &DrawMode) {
        // Invisible text (render mode 3) is drawn too: it is the text layer of a scan that
        // was read by OCR before it reached us.
        self.spend(run.glyphs().len().max(1));
        for glyph in run.glyphs() {
            let transform = props.transform * glyph.transform();
            // Glyph space has 1,000 units to the em.
            let origin = transform * Point::ZERO;
            let up = transform * Point::new(0.0, 1000.0) - origin;
            let size = up.hypot();
            let advance = match &**glyph {
                hayro_interpret::font::Glyph::Outline(outline) => outline.advance_width(),
                hayro_interpret::font::Glyph::Type3(type3) => type3.advance_width(),
            };
            let along = advance.map_or(Vec2::ZERO, |w| {
                transform * Point::new(f64::from(w), 0.0) - origin
            });
            let Some(text) = glyph.as_unicode() else {
                self.marks.unmapped += 1;
                continue;
            };
            let text = match text {
                BfString::Char(c) => c.to_string(),
                BfString::String(s) => s,
            };
            if !size.is_finite() || !origin.x.is_finite() || !origin.y.is_finite() {
                continue;
            }
            let mut width = along.hypot();
            if !width.is_finite() || width <= 0.0 {
                width = default_width(&text, size);
            }
            self.marks.glyphs.push(Glyph {
                text,
                x: origin.x,
                y: origin.y,
                width,
                size,
            });
        }
    }

    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {
        self.spend(1);
        self.marks.images += 1;
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}

/// The advance a glyph without metrics is given: an em for CJK, half an em otherwise.
fn default_width(text: &str, size: f64) -> f64 {
    if text.chars().any(|c| c as u32 >= 0x2E80) {
        size
    } else {
        size / 2.0
    }
}
