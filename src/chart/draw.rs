//! Draws a [`Plot`] as an accessible, responsive inline SVG.
//!
//! Layout is done here, in viewBox units (640 wide, height to fit), into a list of
//! primitives ([`Prim`]); plotters' `SVGBackend` then writes them, and the result is
//! post-processed: the root `<svg>` loses its fixed `width`/`height` and gains `role="img"`,
//! `aria-labelledby`, `class="chart-svg"`, `<title>` and `<desc>`; benchmark lines get their
//! dash pattern; redundant `opacity="1"` attributes are dropped.
//!
//! What the SVG contains, so that it can be checked:
//! - exactly one mark per published value: a `<rect>` per bar or bar segment, and a
//!   `<circle>`, `<rect>` or `<polygon>` marker per point of a line, filled with the
//!   series colour. Nothing else is filled with a series colour except the legend
//!   swatches (one per series, only when there are several series);
//! - no mark for a gap: the gap's symbol (`[c]`) is written as text where the mark would
//!   be (for stacked and diverging bars, under the bar, with the series name);
//! - all text is real `<text>` in `sans-serif`, escaped; coordinates are integers; the same
//!   plot always gives the same bytes.

use plotters::prelude::{DrawingBackend, SVGBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBColor, ShapeStyle, TextStyle};

use super::alt;
use super::plot::{Kind, Mark, PALETTE, Plot, Unit};

/// Width of the viewBox.
const WIDTH: i32 = 640;
/// Outer margin.
const MARGIN: i32 = 8;
/// Category labels, value labels, legend and direct labels.
const LABEL: f64 = 16.0;
/// Tick labels, axis titles, labels inside segments, gap notes, benchmark labels.
const SMALL: f64 = 14.0;
/// Line height for wrapped labels.
const LINE: i32 = 19;
const SMALL_LINE: i32 = 17;

const TEXT: Rgb = Rgb(0x0b, 0x0c, 0x0c);
const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
const GRID: Rgb = Rgb(0xdd, 0xdd, 0xdd);
const AXIS: Rgb = Rgb(0x50, 0x5a, 0x5f);
const BENCHMARK: Rgb = Rgb(0x3d, 0x3d, 0x3d);

/// The alpha that marks a line as dashed until post-processing replaces it.
const DASH_SENTINEL: f64 = 0.999;
const DASH_ARRAY: &str = "6 4";

/// The SVG for `plot`, with `<title>` from the plot title and `<desc>` from the generated
/// alt text. `id` must be unique in the page: the title and desc get `{id}-title` and
/// `{id}-desc`.
pub fn svg(plot: &Plot, id: &str) -> String {
    svg_with_alt(plot, id, &alt::alt_text(plot))
}

/// As [`svg`], with the given description (for example an author's `alt:`) in `<desc>`.
pub fn svg_with_alt(plot: &Plot, id: &str, alt: &str) -> String {
    let data = Data::new(plot);
    let scene = if data.categories.is_empty() || data.series.is_empty() {
        empty_scene()
    } else {
        match data.kind {
            Kind::Line => line_scene(&data),
            _ => horizontal_scene(&data),
        }
    };
    finish(
        &render(&scene),
        &scene,
        id,
        &clean(&plot.title),
        &clean(alt),
    )
}

// ---------------------------------------------------------------------------------------
// Colours and text measurement

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rgb(u8, u8, u8);

impl Rgb {
    /// `#RRGGBB` or `#RGB`.
    fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        let digit = |i: usize| u8::from_str_radix(hex.get(i..i + 1)?, 16).ok();
        match hex.len() {
            6 => {
                let byte = |i: usize| Some(digit(i)? * 16 + digit(i + 1)?);
                Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
            }
            3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            _ => None,
        }
    }

    /// WCAG relative luminance.
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// WCAG contrast ratio.
    fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// Text colour on this fill: near-black or white, whichever contrasts more (always at
    /// least 4.5:1).
    fn text_on(self) -> Rgb {
        if self.contrast(TEXT) >= self.contrast(WHITE) {
            TEXT
        } else {
            WHITE
        }
    }

    /// Whether a mark of this colour on white needs a dark outline for 3:1 contrast.
    fn needs_outline(self) -> bool {
        self.contrast(WHITE) < 3.0
    }

    fn plotters(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }
}

/// Estimated width of `text` at `size`: Helvetica/Arial advance widths, widened by 12% so
/// wider system sans-serif fonts (DejaVu Sans) still fit.
fn text_width(text: &str, size: f64) -> f64 {
    const ASCII: [u16; 95] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
        556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722,
        722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
        667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
        556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
        500, 334, 260, 334, 584,
    ];
    let units: u32 = text
        .chars()
        .map(|c| {
            let code = c as usize;
            if (32..127).contains(&code) {
                u32::from(ASCII[code - 32])
            } else if c == '…' {
                1000
            } else {
                620
            }
        })
        .sum();
    f64::from(units) / 1000.0 * size * 1.12
}

/// Greedy word wrap to `max` wide; a word longer than a line is broken.
fn wrap(text: &str, max: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size) <= max {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone: break it if it is still too long.
        for c in word.chars() {
            let mut next = line.clone();
            next.push(c);
            if !line.is_empty() && text_width(&next, size) > max {
                lines.push(std::mem::take(&mut line));
                line.push(c);
            } else {
                line = next;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Text on one line, without control characters (which XML does not allow).
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn round(x: f64) -> i32 {
    if x.is_finite() {
        x.round().clamp(-1e6, 1e6) as i32
    } else {
        0
    }
}

// ---------------------------------------------------------------------------------------
// The plot, normalised

/// One series, with its colour parsed and non-finite values turned into gaps.
struct SeriesData {
    name: String,
    colour: Rgb,
    /// One per category: a value, or the gap's symbol.
    marks: Vec<Result<f64, String>>,
}

struct Data {
    kind: Kind,
    unit: Unit,
    decimals: usize,
    value_label: String,
    categories: Vec<String>,
    series: Vec<SeriesData>,
    benchmarks: Vec<(String, f64)>,
}

impl Data {
    fn new(plot: &Plot) -> Data {
        let categories: Vec<String> = plot.categories.iter().map(|c| clean(c)).collect();
        let series = plot
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| SeriesData {
                name: clean(&s.name),
                colour: Rgb::parse(&s.colour)
                    .or_else(|| Rgb::parse(PALETTE[i % PALETTE.len()]))
                    .unwrap_or(TEXT),
                marks: (0..categories.len())
                    .map(|c| match s.marks.get(c) {
                        Some(Mark::Value(v)) if v.is_finite() => Ok(*v),
                        Some(Mark::Gap(symbol)) => Err(clean(symbol)),
                        _ => Err("[x]".to_string()),
                    })
                    .collect(),
            })
            .collect();
        let benchmarks = plot
            .benchmarks
            .iter()
            .filter(|b| b.value.is_finite())
            .map(|b| {
                let value = alt::value_text(plot, b.value);
                let label = clean(&b.label);
                let text = if label.is_empty() {
                    value
                } else if label.contains(&value) || label.chars().any(|c| c.is_ascii_digit()) {
                    // A label that states its own figure is shown as written (a stacked
                    // bar's last group is measured back from 100%, so the position differs).
                    label
                } else {
                    format!("{label} {value}")
                };
                (text, b.value)
            })
            .collect();
        Data {
            kind: plot.kind,
            unit: plot.unit,
            decimals: plot.percent_decimals,
            value_label: clean(&plot.value_label),
            categories,
            series,
            benchmarks,
        }
    }

    fn value_text(&self, value: f64) -> String {
        alt::format_value(self.unit, value, self.decimals)
    }

    fn multi(&self) -> bool {
        self.series.len() > 1
    }
}

// ---------------------------------------------------------------------------------------
// Primitives and rendering

#[derive(Clone)]
enum Prim {
    Rect {
        x0: i32,
        y0: i32,
        x1: i32,
        y1: i32,
        fill: Rgb,
    },
    Outline {
        x0: i32,
        y0: i32,
        x1: i32,
        y1: i32,
        stroke: Rgb,
    },
    Line {
        x0: i32,
        y0: i32,
        x1: i32,
        y1: i32,
        stroke: Rgb,
        width: u32,
        dashed: bool,
    },
    Path {
        points: Vec<(i32, i32)>,
        stroke: Rgb,
        width: u32,
    },
    Circle {
        x: i32,
        y: i32,
        r: u32,
        colour: Rgb,
        fill: bool,
    },
    Polygon {
        points: Vec<(i32, i32)>,
        fill: Rgb,
    },
    Text {
        x: i32,
        y: i32,
        text: String,
        size: f64,
        anchor: HPos,
        colour: Rgb,
    },
}

struct Scene {
    height: i32,
    prims: Vec<Prim>,
}

impl Scene {
    fn new() -> Scene {
        Scene {
            height: 0,
            prims: Vec::new(),
        }
    }

    fn push(&mut self, prim: Prim) {
        self.prims.push(prim);
    }

    fn rect(&mut self, x0: i32, y0: i32, x1: i32, y1: i32, fill: Rgb) {
        let (x0, x1) = (x0.min(x1), x0.max(x1));
        self.push(Prim::Rect {
            x0,
            y0,
            x1,
            y1,
            fill,
        });
    }

    /// A bar or segment: filled, with a dark outline when the fill is too light.
    fn mark_rect(&mut self, x0: i32, y0: i32, x1: i32, y1: i32, fill: Rgb) {
        self.rect(x0, y0, x1, y1, fill);
        if fill.needs_outline() && x0 != x1 {
            self.push(Prim::Outline {
                x0: x0.min(x1),
                y0,
                x1: x0.max(x1),
                y1,
                stroke: TEXT,
            });
        }
    }

    fn line(&mut self, x0: i32, y0: i32, x1: i32, y1: i32, stroke: Rgb) {
        self.push(Prim::Line {
            x0,
            y0,
            x1,
            y1,
            stroke,
            width: 1,
            dashed: false,
        });
    }

    fn text(&mut self, x: i32, y: i32, text: &str, size: f64, anchor: HPos, colour: Rgb) {
        if text.is_empty() {
            return;
        }
        self.push(Prim::Text {
            x,
            y,
            text: text.to_string(),
            size,
            anchor,
            colour,
        });
    }

    /// Lines of text centred vertically on `y`.
    fn lines(&mut self, x: i32, y: i32, lines: &[String], size: f64, anchor: HPos) {
        let step = if size > SMALL { LINE } else { SMALL_LINE };
        let top = y - step * (lines.len() as i32 - 1) / 2;
        for (i, line) in lines.iter().enumerate() {
            self.text(x, top + step * i as i32, line, size, anchor, TEXT);
        }
    }
}

/// The font size to give plotters so that it writes `px` exactly (it writes size / 1.24).
fn plotters_size(px: f64) -> f64 {
    let mut size = px * 1.24;
    for _ in 0..8 {
        let written = size / 1.24;
        if written == px {
            break;
        }
        size = if written < px {
            size.next_up()
        } else {
            size.next_down()
        };
    }
    size
}

/// Writes one primitive; false if plotters failed.
fn draw_prim(backend: &mut SVGBackend, prim: &Prim) -> bool {
    let result = match prim {
        Prim::Rect {
            x0,
            y0,
            x1,
            y1,
            fill,
        } => backend.draw_rect((*x0, *y0), (*x1, *y1), &fill.plotters(), true),
        Prim::Outline {
            x0,
            y0,
            x1,
            y1,
            stroke,
        } => backend.draw_rect((*x0, *y0), (*x1, *y1), &stroke.plotters(), false),
        Prim::Line {
            x0,
            y0,
            x1,
            y1,
            stroke,
            width,
            dashed,
        } => {
            let alpha = if *dashed { DASH_SENTINEL } else { 1.0 };
            let style = ShapeStyle {
                color: stroke.plotters().mix(alpha),
                filled: false,
                stroke_width: *width,
            };
            backend.draw_line((*x0, *y0), (*x1, *y1), &style)
        }
        Prim::Path {
            points,
            stroke,
            width,
        } => {
            let style = ShapeStyle {
                color: stroke.plotters().to_rgba(),
                filled: false,
                stroke_width: *width,
            };
            backend.draw_path(points.iter().copied(), &style)
        }
        Prim::Circle {
            x,
            y,
            r,
            colour,
            fill,
        } => backend.draw_circle((*x, *y), *r, &colour.plotters(), *fill),
        Prim::Polygon { points, fill } => {
            backend.fill_polygon(points.iter().copied(), &fill.plotters())
        }
        Prim::Text {
            x,
            y,
            text,
            size,
            anchor,
            colour,
        } => {
            let style = TextStyle {
                font: FontDesc::new(
                    FontFamily::SansSerif,
                    plotters_size(*size),
                    FontStyle::Normal,
                ),
                color: colour.plotters().to_backend_color(),
                pos: Pos::new(*anchor, VPos::Center),
            };
            backend.draw_text(text, &style, (*x, *y))
        }
    };
    result.is_ok()
}

/// Writes the scene with plotters. A failed draw stops there: the SVG so far is kept.
fn render(scene: &Scene) -> String {
    let mut buf = String::new();
    {
        let height = u32::try_from(scene.height.max(1)).unwrap_or(1);
        let mut backend = SVGBackend::with_string(&mut buf, (WIDTH as u32, height));
        for prim in &scene.prims {
            if !draw_prim(&mut backend, prim) {
                break;
            }
        }
        let _ = backend.present();
    }
    buf
}

/// Escapes text for XML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Replaces plotters' root element with the accessible, responsive one, adds the dash
/// pattern to benchmark lines, drops `opacity="1"` and puts each `<text>` on one line.
fn finish(raw: &str, scene: &Scene, id: &str, title: &str, desc: &str) -> String {
    // An ID reference list is space-separated, so the id cannot contain spaces.
    let id = escape(&id.split_whitespace().collect::<Vec<_>>().join("-"));
    let mut out = String::with_capacity(raw.len() + 512);
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" class=\"chart-svg\">\n",
        scene.height.max(1)
    ));
    out.push_str(&format!(
        "<title id=\"{id}-title\">{}</title>\n",
        escape(title)
    ));
    out.push_str(&format!("<desc id=\"{id}-desc\">{}</desc>\n", escape(desc)));
    let body = raw
        .strip_prefix("<svg")
        .and_then(|rest| rest.split_once(">\n"))
        .map_or("", |(_, body)| body);
    let dash_from = format!(" opacity=\"{DASH_SENTINEL}\"");
    let dash_to = format!(" stroke-dasharray=\"{DASH_ARRAY}\"");
    let mut closed = false;
    let mut lines = body.lines();
    while let Some(line) = lines.next() {
        let line = line
            .replace(&dash_from, &dash_to)
            .replace(" opacity=\"1\"", "");
        if line.starts_with("<text") && !line.ends_with("/>") {
            let mut content = Vec::new();
            for next in lines.by_ref() {
                if next == "</text>" {
                    break;
                }
                content.push(next);
            }
            out.push_str(&line);
            out.push_str(&content.join(" "));
            out.push_str("</text>\n");
            continue;
        }
        closed |= line == "</svg>";
        out.push_str(&line);
        out.push('\n');
    }
    if !closed {
        out.push_str("</svg>\n");
    }
    out
}

/// A chart with nothing to draw: just a line of text.
fn empty_scene() -> Scene {
    let mut scene = Scene::new();
    scene.height = 40;
    scene.rect(0, 0, WIDTH, 40, WHITE);
    scene.text(MARGIN, 20, "No data to show", LABEL, HPos::Left, TEXT);
    scene
}

// ---------------------------------------------------------------------------------------
// Scales

struct Scale {
    lo: f64,
    hi: f64,
    step: f64,
    ticks: Vec<f64>,
}

/// A scale from `lo` to `hi` (which include 0) with round steps, about `target` of them.
fn nice_scale(lo: f64, hi: f64, target: usize, unit: Unit) -> Scale {
    let (mut lo, mut hi) = (lo.min(hi), lo.max(hi));
    if hi - lo <= f64::EPSILON {
        hi = lo + if unit == Unit::Percent { 10.0 } else { 1.0 };
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|f| f * magnitude)
        .filter(|s| unit != Unit::Count || s.fract() == 0.0)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude);
    let step = if unit == Unit::Count {
        step.max(1.0)
    } else {
        step
    };
    lo = (lo / step + 1e-9).floor() * step;
    hi = (hi / step - 1e-9).ceil() * step;
    let count = ((hi - lo) / step).round() as i64;
    let ticks = (0..=count.clamp(1, 100))
        .map(|k| ((lo / step).round() + k as f64) * step)
        .collect();
    Scale {
        lo,
        hi,
        step,
        ticks,
    }
}

/// A tick label: `20%`, `1,000`, `2.5`.
fn tick_text(data: &Data, value: f64, step: f64) -> String {
    let decimals = alt::decimals_of(step);
    match data.unit {
        Unit::Percent => crate::format::percent(value, decimals),
        Unit::Count if decimals == 0 && value >= 0.0 => crate::format::count(value as u64),
        Unit::Count | Unit::Value => crate::format::number(value, decimals),
    }
}

/// Which ticks get a label so that labels `width` wide, `spacing` apart, do not touch:
/// every `stride`-th one counted from `origin`.
fn tick_stride(width: f64, spacing: f64) -> usize {
    if spacing <= 0.0 {
        return 1;
    }
    ((width + 10.0) / spacing).ceil().max(1.0) as usize
}

// ---------------------------------------------------------------------------------------
// Legend and markers

/// The legend (series in order, wrapping), from `top`; returns the y below it. Swatches
/// are squares for bars, a line with the series marker for line charts.
fn legend(scene: &mut Scene, data: &Data, top: i32, lines: bool) -> i32 {
    let swatch = if lines { 30 } else { 16 };
    let available = f64::from(WIDTH - 2 * MARGIN - swatch - 6);
    let mut x = MARGIN;
    let mut row_top = top;
    let mut row_height = 0;
    for (index, series) in data.series.iter().enumerate() {
        let name = wrap(&series.name, available, LABEL);
        let name_width = name
            .iter()
            .map(|l| text_width(l, LABEL))
            .fold(0.0, f64::max);
        let width = swatch + 6 + round(name_width);
        if x > MARGIN && x + width > WIDTH - MARGIN {
            x = MARGIN;
            row_top += row_height + 6;
            row_height = 0;
        }
        let height = (LINE * name.len() as i32).max(20);
        let centre = row_top + height / 2;
        if lines {
            scene.push(Prim::Line {
                x0: x,
                y0: centre,
                x1: x + swatch,
                y1: centre,
                stroke: series.colour,
                width: 3,
                dashed: false,
            });
            marker(scene, index, x + swatch / 2, centre, series.colour);
        } else {
            scene.mark_rect(x, centre - 8, x + 16, centre + 8, series.colour);
        }
        scene.lines(x + swatch + 6, centre, &name, LABEL, HPos::Left);
        row_height = row_height.max(height);
        x += width + 20;
    }
    row_top + row_height
}

/// A line chart marker: circle, square, triangle, diamond, downward triangle, cross (then
/// again), with a dark outline when the colour is too light.
fn marker(scene: &mut Scene, shape: usize, x: i32, y: i32, colour: Rgb) {
    let polygon = |points: &[(i32, i32)]| points.iter().map(|(dx, dy)| (x + dx, y + dy)).collect();
    let points: Vec<(i32, i32)> = match shape % 6 {
        0 => {
            scene.push(Prim::Circle {
                x,
                y,
                r: 5,
                colour,
                fill: true,
            });
            if colour.needs_outline() {
                scene.push(Prim::Circle {
                    x,
                    y,
                    r: 5,
                    colour: TEXT,
                    fill: false,
                });
            }
            return;
        }
        1 => {
            scene.mark_rect(x - 5, y - 5, x + 5, y + 5, colour);
            return;
        }
        2 => polygon(&[(0, -7), (7, 5), (-7, 5)]),
        3 => polygon(&[(0, -7), (7, 0), (0, 7), (-7, 0)]),
        4 => polygon(&[(-7, -5), (7, -5), (0, 7)]),
        _ => polygon(&[
            (-2, -6),
            (2, -6),
            (2, -2),
            (6, -2),
            (6, 2),
            (2, 2),
            (2, 6),
            (-2, 6),
            (-2, 2),
            (-6, 2),
            (-6, -2),
            (-2, -2),
        ]),
    };
    scene.push(Prim::Polygon {
        points: points.clone(),
        fill: colour,
    });
    if colour.needs_outline() {
        let mut closed = points.clone();
        closed.extend(points.first().copied());
        scene.push(Prim::Path {
            points: closed,
            stroke: TEXT,
            width: 1,
        });
    }
}

/// Moves labels (desired centre, height) apart so they do not overlap, keeping them
/// between `top` and `bottom` where possible. Returns the centres, in input order.
fn spread(items: &[(i32, i32)], top: i32, bottom: i32) -> Vec<i32> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (items[i].0, i));
    let mut centres = vec![0; items.len()];
    let mut edge = top;
    for &i in &order {
        let (want, height) = items[i];
        let centre = want.max(edge + height / 2);
        centres[i] = centre;
        edge = centre + height - height / 2;
    }
    // Pull back up from the bottom if needed.
    let mut edge = bottom;
    for &i in order.iter().rev() {
        let height = items[i].1;
        if centres[i] + height - height / 2 > edge {
            centres[i] = edge - (height - height / 2);
        }
        edge = centres[i] - height / 2;
    }
    centres
}

/// The estimated box (x0, y0, x1, y1) of a text primitive.
fn text_box(prim: &Prim) -> Option<(i32, i32, i32, i32)> {
    let Prim::Text {
        x,
        y,
        text,
        size,
        anchor,
        ..
    } = prim
    else {
        return None;
    };
    let width = round(text_width(text, *size));
    let x0 = match anchor {
        HPos::Left => *x,
        HPos::Center => x - width / 2,
        HPos::Right => x - width,
    };
    let half = round(size * 0.6);
    Some((x0, y - half, x0 + width, y + half))
}

/// A dashed benchmark line from `from` to `to` (along y when `vertical`, else along x) at
/// `at`, broken where it would cross text already in the scene.
fn dashed_line(scene: &mut Scene, at: i32, from: i32, to: i32, vertical: bool) {
    broken_line(scene, (at, from, to, vertical), BENCHMARK, 2, true);
}

/// A line from `from` to `to` (along y when `vertical`, else along x) at `at`, broken
/// where it would cross text already in the scene.
fn broken_line(
    scene: &mut Scene,
    (at, from, to, vertical): (i32, i32, i32, bool),
    stroke: Rgb,
    width: u32,
    dashed: bool,
) {
    let mut holes: Vec<(i32, i32)> = scene
        .prims
        .iter()
        .filter_map(text_box)
        .filter_map(|(x0, y0, x1, y1)| {
            let (across0, across1, along0, along1) = if vertical {
                (x0, x1, y0, y1)
            } else {
                (y0, y1, x0, x1)
            };
            (at >= across0 - 3 && at <= across1 + 3).then_some((along0 - 2, along1 + 2))
        })
        .collect();
    holes.sort_unstable();
    let mut start = from;
    let mut segments = Vec::new();
    for (h0, h1) in holes {
        if h0 > start {
            segments.push((start, h0.min(to)));
        }
        start = start.max(h1);
    }
    segments.push((start, to));
    for (a, b) in segments {
        if b - a < 4 {
            continue;
        }
        let (x0, y0, x1, y1) = if vertical {
            (at, a, at, b)
        } else {
            (a, at, b, at)
        };
        scene.push(Prim::Line {
            x0,
            y0,
            x1,
            y1,
            stroke,
            width,
            dashed,
        });
    }
}

// ---------------------------------------------------------------------------------------
// Horizontal bars: bar, grouped bar, stacked bar, diverging

/// One label at a bar end, for fitting the plot width: anchor value and text width.
struct EndLabel {
    value: f64,
    width: f64,
}

/// How a diverging row is placed: the start (negative, in value units) of its first
/// segment. Negative answers and half the neutral one lie left of zero.
fn diverging_start(data: &Data, category: usize) -> f64 {
    let n = data.series.len();
    let value = |s: usize| {
        data.series[s].marks[category]
            .clone()
            .map_or(0.0, |v| v.max(0.0))
    };
    let negative: f64 = (0..n / 2).map(value).sum();
    let neutral = if n % 2 == 1 { value(n / 2) } else { 0.0 };
    -(negative + neutral / 2.0)
}

/// Fits the plot (from `a` to `b`) inside `a_min..b_max` so that the labels at the bar
/// ends and the last tick label stay inside; false if it would get too narrow.
fn fit_plot(
    (lo, hi): (f64, f64),
    (a_min, b_max): (f64, f64),
    last_tick: f64,
    end_labels: &[EndLabel],
) -> (f64, f64, bool) {
    let (mut a, mut b) = (a_min, b_max);
    let min_width = f64::from(WIDTH) * 0.32;
    for _ in 0..50 {
        let x = |v: f64| a + (v - lo) / (hi - lo) * (b - a);
        let mut right = x(hi) + last_tick - f64::from(WIDTH - 2);
        let mut left: f64 = 0.0;
        for label in end_labels {
            if label.value >= 0.0 {
                right = right.max(x(label.value) + 6.0 + label.width - b_max);
            } else {
                left = left.max(a_min - (x(label.value) - 6.0 - label.width));
            }
        }
        if right <= 0.5 && left <= 0.5 {
            return (a, b, true);
        }
        b -= right.max(0.0);
        a += left.max(0.0);
        if b - a < min_width {
            b = (a + min_width).min(b_max);
            return (b - min_width, b, false);
        }
    }
    (a, b, false)
}

fn horizontal_scene(data: &Data) -> Scene {
    let mut scene = Scene::new();
    let stacked = matches!(data.kind, Kind::StackedBar | Kind::Diverging);
    let diverging = data.kind == Kind::Diverging;
    let multi = data.multi();
    let n = data.series.len();

    let mut y = MARGIN;
    if multi {
        y = legend(&mut scene, data, y, false) + 12;
    }

    // The value range.
    let benchmarks = data.benchmarks.iter().map(|b| b.1);
    let scale = if diverging {
        let half = (0..data.categories.len())
            .map(|c| {
                let start = diverging_start(data, c);
                let total: f64 = data
                    .series
                    .iter()
                    .map(|s| s.marks[c].clone().map_or(0.0, |v| v.max(0.0)))
                    .sum();
                (-start).max(total + start)
            })
            .chain(benchmarks.map(f64::abs))
            .fold(0.0, f64::max);
        let half = nice_scale(0.0, half, 3, data.unit);
        let mut ticks: Vec<f64> = half.ticks.iter().rev().map(|t| -t).collect();
        ticks.extend(half.ticks.iter().skip(1));
        Scale {
            lo: -half.hi,
            hi: half.hi,
            step: half.step,
            ticks,
        }
    } else if stacked {
        let most = (0..data.categories.len())
            .map(|c| {
                data.series
                    .iter()
                    .map(|s| s.marks[c].clone().map_or(0.0, |v| v.max(0.0)))
                    .sum::<f64>()
            })
            .chain(benchmarks)
            .fold(0.0, f64::max);
        if data.unit == Unit::Percent && most <= 101.0 {
            nice_scale(0.0, 100.0, 5, data.unit)
        } else {
            nice_scale(0.0, most, 5, data.unit)
        }
    } else {
        let values = data
            .series
            .iter()
            .flat_map(|s| s.marks.iter().filter_map(|m| m.clone().ok()))
            .chain(benchmarks);
        let (lo, hi) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        nice_scale(lo, hi, 5, data.unit)
    };
    let (lo, hi) = (scale.lo, scale.hi);
    let tick_texts: Vec<String> = scale
        .ticks
        .iter()
        .map(|t| tick_text(data, if diverging { t.abs() } else { *t }, scale.step))
        .collect();
    let tick_width = tick_texts
        .iter()
        .map(|t| text_width(t, SMALL))
        .fold(0.0, f64::max);

    // Labels at bar ends (bar and grouped bar), which need room on the right or left.
    let end_text = |value: Result<f64, String>, name: &str| -> String {
        let head = match value {
            Ok(v) => data.value_text(v),
            Err(symbol) => symbol,
        };
        if multi {
            format!("{head} {name}")
        } else {
            head
        }
    };
    let mut end_labels = Vec::new();
    if !stacked {
        for series in &data.series {
            for mark in &series.marks {
                end_labels.push(EndLabel {
                    value: mark.clone().unwrap_or(0.0),
                    width: text_width(&end_text(mark.clone(), &series.name), LABEL),
                });
            }
        }
    }

    // Category labels on the left, wrapped to at most 36% of the width, or less when the
    // labels at the bar ends need the room.
    let widest = data
        .categories
        .iter()
        .map(|c| text_width(c, LABEL))
        .fold(0.0, f64::max);
    let b_max = f64::from(WIDTH - MARGIN);
    let last_tick = text_width(tick_texts.last().map_or("", String::as_str), SMALL) / 2.0;
    let mut fitted = None;
    for share in [0.36, 0.3, 0.24, 0.2] {
        let column = widest.min(f64::from(WIDTH) * share).max(24.0);
        let a_min = f64::from(MARGIN) + column + 12.0;
        let (a, b, fits) = fit_plot((lo, hi), (a_min, b_max), last_tick, &end_labels);
        fitted = Some((column, a, b));
        if fits {
            break;
        }
    }
    let (column, a, b) = fitted.unwrap_or((widest, b_max / 2.0, b_max));
    let labels: Vec<Vec<String>> = data
        .categories
        .iter()
        .map(|c| wrap(c, column, LABEL))
        .collect();
    let label_right = f64::from(MARGIN) + column;
    let a_min = label_right + 12.0;
    let x = |v: f64| round(a + (v.clamp(lo, hi) - lo) / (hi - lo) * (b - a));

    // Benchmark labels, one row each above the plot.
    let mut bench_rows = Vec::new();
    for (text, value) in &data.benchmarks {
        bench_rows.push((text.clone(), *value, y));
        y += 20;
    }
    if !bench_rows.is_empty() {
        y += 4;
    }

    // Rows.
    let plot_top = y;
    let mut marks = Vec::new();
    let mut texts = Vec::new();
    for (c, lines) in labels.iter().enumerate() {
        let label_height = LINE * lines.len() as i32;
        if stacked {
            let notes: Vec<String> = data
                .series
                .iter()
                .filter_map(|s| match &s.marks[c] {
                    Err(symbol) => Some(format!("{} {symbol}", s.name).trim().to_string()),
                    Ok(_) => None,
                })
                .collect();
            let notes = if notes.is_empty() {
                Vec::new()
            } else {
                wrap(&notes.join(", "), f64::from(WIDTH - MARGIN) - a, SMALL)
            };
            let bar = 30;
            let note_height = if notes.is_empty() {
                0
            } else {
                4 + SMALL_LINE * notes.len() as i32
            };
            // The label is centred on the bar; the notes hang below it.
            let above = (bar / 2).max(label_height / 2);
            let below = (bar / 2 + note_height).max(label_height - label_height / 2);
            let row = above + below + 16;
            let centre = y + 8 + above;
            let bar_top = centre - bar / 2;
            let bar_bottom = bar_top + bar;
            let mut label_scene = Scene::new();
            label_scene.lines(round(label_right), centre, lines, LABEL, HPos::Right);
            // Segments, in series order left to right.
            let published: Vec<usize> = (0..n)
                .filter(|&s| data.series[s].marks[c].is_ok())
                .collect();
            let mut at = if diverging {
                diverging_start(data, c)
            } else {
                0.0
            };
            for (k, &s) in published.iter().enumerate() {
                let series = &data.series[s];
                let value = series.marks[c].clone().unwrap_or(0.0);
                let width = value.max(0.0);
                let mut x0 = x(at);
                let mut x1 = x(at + width);
                at += width;
                if k > 0 {
                    x0 += 1;
                }
                if k + 1 < published.len() {
                    x1 -= 1;
                }
                let x1 = x1.max(x0);
                marks.push((x0, bar_top, x1, bar_bottom, series.colour));
                let text = data.value_text(value);
                if text_width(&text, SMALL) + 8.0 <= f64::from(x1 - x0) {
                    label_scene.text(
                        (x0 + x1) / 2,
                        centre,
                        &text,
                        SMALL,
                        HPos::Center,
                        series.colour.text_on(),
                    );
                }
            }
            if !notes.is_empty() {
                let note_centre = bar_bottom + 4 + SMALL_LINE / 2;
                label_scene.lines(
                    round(a),
                    note_centre + SMALL_LINE * (notes.len() as i32 - 1) / 2,
                    &notes,
                    SMALL,
                    HPos::Left,
                );
            }
            texts.extend(label_scene.prims);
            y += row;
        } else {
            let bar = if multi { 20 } else { 26 };
            let inner = n as i32 * bar + (n as i32 - 1) * 4;
            let row = inner.max(label_height) + 16;
            let bars_top = y + (row - inner) / 2;
            let mut label_scene = Scene::new();
            label_scene.lines(
                round(label_right),
                bars_top + inner / 2,
                lines,
                LABEL,
                HPos::Right,
            );
            for (s, series) in data.series.iter().enumerate() {
                let top = bars_top + s as i32 * (bar + 4);
                let centre = top + bar / 2;
                let text = end_text(series.marks[c].clone(), &series.name);
                let width = text_width(&text, LABEL);
                let zero = x(0.0);
                match series.marks[c] {
                    Ok(value) => {
                        let end = x(value);
                        marks.push((zero, top, end, top + bar, series.colour));
                        let length = f64::from((end - zero).abs());
                        let (outward, anchor, inward_anchor) = if value >= 0.0 {
                            (6, HPos::Left, HPos::Right)
                        } else {
                            (-6, HPos::Right, HPos::Left)
                        };
                        let room = if value >= 0.0 {
                            b_max - f64::from(end + 6)
                        } else {
                            f64::from(end - 6) - a_min
                        };
                        // Outside the bar end; else inside it; else the value alone
                        // outside (the series is then known by colour and order only).
                        let short = data.value_text(value);
                        if width <= room + 0.5 {
                            label_scene.text(end + outward, centre, &text, LABEL, anchor, TEXT);
                        } else if width + 12.0 <= length {
                            let colour = series.colour.text_on();
                            label_scene.text(
                                end - outward,
                                centre,
                                &text,
                                LABEL,
                                inward_anchor,
                                colour,
                            );
                        } else if text_width(&short, LABEL) <= room + 0.5 {
                            label_scene.text(end + outward, centre, &short, LABEL, anchor, TEXT);
                        } else {
                            label_scene.text(end + outward, centre, &text, LABEL, anchor, TEXT);
                        }
                    }
                    Err(_) => {
                        label_scene.text(zero + 6, centre, &text, LABEL, HPos::Left, TEXT);
                    }
                }
            }
            texts.extend(label_scene.prims);
            y += row;
        }
    }
    let plot_bottom = y;

    // Gridlines, then marks, then axes, labels and benchmarks on top.
    for t in &scale.ticks {
        scene.line(x(*t), plot_top, x(*t), plot_bottom, GRID);
    }
    for (x0, y0, x1, y1, colour) in marks {
        scene.mark_rect(x0, y0, x1, y1, colour);
    }
    scene.line(round(a), plot_bottom, round(b), plot_bottom, AXIS);
    scene.prims.extend(texts);
    broken_line(
        &mut scene,
        (x(0.0), plot_top, plot_bottom, true),
        AXIS,
        1,
        false,
    );
    for (text, value, row_top) in &bench_rows {
        let at = x(*value);
        dashed_line(&mut scene, at, row_top + 2, plot_bottom, true);
        let width = text_width(text, SMALL);
        let centre = row_top + 10;
        if f64::from(at) + 6.0 + width <= b_max {
            scene.text(at + 6, centre, text, SMALL, HPos::Left, BENCHMARK);
        } else {
            scene.text(at - 6, centre, text, SMALL, HPos::Right, BENCHMARK);
        }
    }

    // Tick labels, thinned if they would touch, always including zero.
    let spacing = if scale.ticks.len() > 1 {
        f64::from(x(scale.ticks[1]) - x(scale.ticks[0]))
    } else {
        f64::MAX
    };
    let stride = tick_stride(tick_width, spacing);
    let zero_index = scale.ticks.iter().position(|t| *t == 0.0).unwrap_or(0);
    let tick_y = plot_bottom + 6 + SMALL_LINE / 2;
    for (i, (t, text)) in scale.ticks.iter().zip(&tick_texts).enumerate() {
        scene.line(x(*t), plot_bottom, x(*t), plot_bottom + 4, AXIS);
        if i.abs_diff(zero_index) % stride == 0 {
            scene.text(x(*t), tick_y + 2, text, SMALL, HPos::Center, TEXT);
        }
    }
    let mut bottom = tick_y + SMALL_LINE / 2 + 2;
    if !data.value_label.is_empty() {
        let title = wrap(&capitalise(&data.value_label), b - a + 40.0, SMALL);
        let centre = bottom + 6 + SMALL_LINE * (title.len() as i32) / 2;
        scene.lines(round((a + b) / 2.0), centre, &title, SMALL, HPos::Center);
        bottom += 6 + SMALL_LINE * title.len() as i32;
    }
    scene.height = bottom + MARGIN;
    scene.prims.insert(
        0,
        Prim::Rect {
            x0: 0,
            y0: 0,
            x1: WIDTH,
            y1: scene.height,
            fill: WHITE,
        },
    );
    scene
}

// ---------------------------------------------------------------------------------------
// Line charts

fn line_scene(data: &Data) -> Scene {
    let mut scene = Scene::new();
    let multi = data.multi();
    let n = data.categories.len();

    let mut y = MARGIN;
    if multi {
        y = legend(&mut scene, data, y, true) + 12;
    }
    if !data.value_label.is_empty() {
        scene.text(
            MARGIN,
            y + 8,
            &capitalise(&data.value_label),
            SMALL,
            HPos::Left,
            TEXT,
        );
        y += 22;
    }

    // Value axis.
    let values = data
        .series
        .iter()
        .flat_map(|s| s.marks.iter().filter_map(|m| m.clone().ok()))
        .chain(data.benchmarks.iter().map(|b| b.1));
    let (lo, hi) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let scale = nice_scale(lo, hi, 5, data.unit);
    let (lo, hi) = (scale.lo, scale.hi);
    let tick_texts: Vec<String> = scale
        .ticks
        .iter()
        .map(|t| tick_text(data, *t, scale.step))
        .collect();
    let tick_width = tick_texts
        .iter()
        .map(|t| text_width(t, SMALL))
        .fold(0.0, f64::max);
    let a = f64::from(MARGIN) + tick_width + 8.0;

    // Direct labels at the last point of each series, on the right.
    let names: Vec<Vec<String>> = data
        .series
        .iter()
        .map(|s| {
            if s.marks.iter().any(|m| m.is_ok()) {
                wrap(&s.name, 150.0, LABEL)
            } else {
                Vec::new()
            }
        })
        .collect();
    let name_width = names
        .iter()
        .flatten()
        .map(|l| text_width(l, LABEL))
        .fold(0.0, f64::max);
    let b = f64::from(WIDTH - MARGIN)
        - if name_width > 0.0 {
            name_width + 8.0
        } else {
            8.0
        };
    let step = (b - a) / n as f64;
    let xc = |i: usize| round(a + step * (i as f64 + 0.5));

    let plot_top = y + 8;
    let plot_height = 240.0;
    let plot_bottom = plot_top + plot_height as i32;
    let yv =
        |v: f64| round(f64::from(plot_bottom) - (v.clamp(lo, hi) - lo) / (hi - lo) * plot_height);

    // Gridlines and value ticks.
    for t in &scale.ticks {
        scene.line(round(a), yv(*t), round(b), yv(*t), GRID);
    }
    let spacing = if scale.ticks.len() > 1 {
        f64::from(yv(scale.ticks[0]) - yv(scale.ticks[1]))
    } else {
        f64::MAX
    };
    let stride = tick_stride(f64::from(SMALL_LINE) - 10.0, spacing);
    for (i, (t, text)) in scale.ticks.iter().zip(&tick_texts).enumerate() {
        if i % stride == 0 {
            scene.text(round(a) - 8, yv(*t), text, SMALL, HPos::Right, TEXT);
        }
    }
    scene.line(round(a), plot_bottom, round(b), plot_bottom, AXIS);
    if lo < 0.0 {
        scene.line(round(a), yv(0.0), round(b), yv(0.0), AXIS);
    }

    // Category labels: wrapped to the column if no word has to be broken, else every
    // `stride`-th label on one line.
    let room = step - 6.0;
    let widest = data
        .categories
        .iter()
        .map(|c| text_width(c, SMALL))
        .fold(0.0, f64::max);
    let words_fit = data
        .categories
        .iter()
        .flat_map(|c| c.split_whitespace())
        .all(|w| text_width(w, SMALL) <= room);
    let (category_lines, category_stride): (Vec<Vec<String>>, usize) = if widest <= room {
        (data.categories.iter().map(|c| vec![c.clone()]).collect(), 1)
    } else if words_fit {
        let wrapped: Vec<Vec<String>> = data
            .categories
            .iter()
            .map(|c| wrap(c, room, SMALL))
            .collect();
        if wrapped.iter().all(|l| l.len() <= 3) {
            (wrapped, 1)
        } else {
            let lines = data.categories.iter().map(|c| vec![c.clone()]).collect();
            (lines, tick_stride(widest, step))
        }
    } else {
        let lines = data.categories.iter().map(|c| vec![c.clone()]).collect();
        (lines, tick_stride(widest, step))
    };
    let mut deepest = 1;
    for (i, lines) in category_lines.iter().enumerate() {
        scene.line(xc(i), plot_bottom, xc(i), plot_bottom + 5, AXIS);
        if i % category_stride == 0 {
            deepest = deepest.max(lines.len() as i32);
            for (k, line) in lines.iter().enumerate() {
                let centre = plot_bottom + 8 + SMALL_LINE / 2 + k as i32 * SMALL_LINE;
                scene.text(xc(i), centre, line, SMALL, HPos::Center, TEXT);
            }
        }
    }

    // Lines, broken at gaps, then one marker per value.
    for series in &data.series {
        let mut run: Vec<(i32, i32)> = Vec::new();
        for (i, mark) in series.marks.iter().enumerate() {
            match mark {
                Ok(v) => run.push((xc(i), yv(*v))),
                Err(_) => {
                    if run.len() > 1 {
                        scene.push(Prim::Path {
                            points: std::mem::take(&mut run),
                            stroke: series.colour,
                            width: 3,
                        });
                    }
                    run.clear();
                }
            }
        }
        if run.len() > 1 {
            scene.push(Prim::Path {
                points: run,
                stroke: series.colour,
                width: 3,
            });
        }
    }
    let mut points = Vec::new();
    for (index, series) in data.series.iter().enumerate() {
        for (i, mark) in series.marks.iter().enumerate() {
            if let Ok(v) = mark {
                marker(&mut scene, index, xc(i), yv(*v), series.colour);
                points.push((xc(i), yv(*v)));
            }
        }
    }

    // Gap symbols just above the axis, where the missing points would be.
    for i in 0..n {
        let mut k = 0;
        for series in &data.series {
            if let Err(symbol) = &series.marks[i] {
                let text = if multi {
                    format!("{} {symbol}", series.name)
                } else {
                    symbol.clone()
                };
                let centre = plot_bottom - 10 - k * SMALL_LINE;
                scene.text(xc(i), centre, text.trim(), SMALL, HPos::Center, TEXT);
                k += 1;
            }
        }
    }

    // Direct labels, moved apart where they would overlap.
    let mut wanted = Vec::new();
    let mut placed = Vec::new();
    for (s, series) in data.series.iter().enumerate() {
        let last = series.marks.iter().rposition(|m| m.is_ok());
        if let (Some(i), false) = (last, names[s].is_empty()) {
            let value = series.marks[i].clone().unwrap_or(0.0);
            wanted.push((yv(value), LINE * names[s].len() as i32));
            placed.push((s, xc(i)));
        }
    }
    let centres = spread(&wanted, plot_top - 8, plot_bottom + 8);
    for ((s, x), centre) in placed.iter().zip(centres) {
        scene.lines(x + 10, centre, &names[*s], LABEL, HPos::Left);
    }

    // Benchmarks: dashed across the plot, label where it covers the fewest points.
    for (text, value) in &data.benchmarks {
        let at = yv(*value);
        dashed_line(&mut scene, at, round(a), round(b), false);
        let width = round(text_width(text, SMALL));
        let candidates = [
            (round(a) + 4, at - 10),
            (round(b) - 4 - width, at - 10),
            (round(a) + 4, at + 10),
            (round(b) - 4 - width, at + 10),
        ];
        let covered = |(x, y): (i32, i32)| {
            points
                .iter()
                .filter(|(px, py)| {
                    *px >= x - 8 && *px <= x + width + 8 && (py - y).abs() <= SMALL_LINE / 2 + 8
                })
                .count()
        };
        let (x, y) = candidates
            .iter()
            .copied()
            .min_by_key(|c| covered(*c))
            .unwrap_or(candidates[0]);
        scene.text(x, y, text, SMALL, HPos::Left, BENCHMARK);
    }

    scene.height = plot_bottom + 8 + SMALL_LINE * deepest + MARGIN;
    scene.prims.insert(
        0,
        Prim::Rect {
            x0: 0,
            y0: 0,
            x1: WIDTH,
            y1: scene.height,
            fill: WHITE,
        },
    );
    scene
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::alt::tests::samples;
    use crate::chart::plot::Series;

    /// A minimal XML well-formedness check: tags balance, attributes are quoted, and text
    /// has no raw `<` or stray `&`.
    fn check_xml(svg: &str) -> Result<(), String> {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = svg;
        let mut roots = 0;
        while let Some(open) = rest.find('<') {
            check_text(&rest[..open])?;
            let after = &rest[open + 1..];
            let close = after.find('>').ok_or("unclosed tag")?;
            let tag = &after[..close];
            rest = &after[close + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                let top = stack.pop().ok_or(format!("stray </{name}>"))?;
                if top != name.trim() {
                    return Err(format!("</{name}> closes <{top}>"));
                }
                continue;
            }
            if stack.is_empty() {
                roots += 1;
            }
            let self_closing = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let name = tag.split_whitespace().next().ok_or("empty tag")?;
            check_attributes(&tag[name.len()..])?;
            if !self_closing {
                stack.push(name.to_string());
            }
        }
        check_text(rest)?;
        if !stack.is_empty() {
            return Err(format!("unclosed {stack:?}"));
        }
        if roots != 1 {
            return Err(format!("{roots} root elements"));
        }
        Ok(())
    }

    fn check_text(text: &str) -> Result<(), String> {
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..text.len().min(i + 7)];
            if !["&lt;", "&gt;", "&amp;", "&quot;", "&apos;"]
                .iter()
                .any(|e| entity.starts_with(e))
            {
                return Err(format!("stray & in {text:?}"));
            }
        }
        Ok(())
    }

    fn check_attributes(mut text: &str) -> Result<(), String> {
        loop {
            text = text.trim_start();
            if text.is_empty() {
                return Ok(());
            }
            let eq = text
                .find('=')
                .ok_or(format!("attribute without value: {text}"))?;
            let name = &text[..eq];
            if name.is_empty() || name.contains(char::is_whitespace) {
                return Err(format!("bad attribute name {name:?}"));
            }
            let value = text[eq + 1..]
                .strip_prefix('"')
                .ok_or(format!("unquoted attribute {name}"))?;
            let end = value
                .find('"')
                .ok_or(format!("unterminated attribute {name}"))?;
            check_text(&value[..end])?;
            if value[..end].contains('<') {
                return Err(format!("< in attribute {name}"));
            }
            text = &value[end + 1..];
        }
    }

    /// All start tags named `name`, as their text.
    fn tags<'a>(svg: &'a str, name: &str) -> Vec<&'a str> {
        let open = format!("<{name} ");
        svg.match_indices(&open)
            .filter_map(|(i, _)| svg[i..].find('>').map(|end| &svg[i..i + end + 1]))
            .collect()
    }

    fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
        let key = format!(" {name}=\"");
        let start = tag.find(&key)? + key.len();
        let end = tag[start..].find('"')?;
        Some(&tag[start..start + end])
    }

    /// Marks: rects, circles and polygons filled with a series colour.
    fn count_marks(svg: &str, plot: &Plot) -> usize {
        let colours: Vec<String> = plot
            .series
            .iter()
            .map(|s| s.colour.to_uppercase())
            .collect();
        ["rect", "circle", "polygon"]
            .iter()
            .flat_map(|name| tags(svg, name))
            .filter(|tag| attribute(tag, "fill").is_some_and(|f| colours.iter().any(|c| c == f)))
            .count()
    }

    fn published(plot: &Plot) -> usize {
        plot.series
            .iter()
            .flat_map(|s| &s.marks)
            .filter(|m| matches!(m, Mark::Value(v) if v.is_finite()))
            .count()
    }

    /// Legend swatches carry the series colours too: one per series when there are several.
    fn legend_swatches(plot: &Plot) -> usize {
        if plot.series.len() > 1 {
            plot.series.len()
        } else {
            0
        }
    }

    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text ")
            .skip(1)
            .filter_map(|t| {
                let start = t.find('>')? + 1;
                let end = t.find("</text>")?;
                Some(t[start..end].to_string())
            })
            .collect()
    }

    fn check_svg(plot: &Plot, id: &str) -> String {
        let raw_id = id;
        let svg = svg(plot, id);
        let kind = plot.kind;
        if let Err(e) = check_xml(&svg) {
            panic!("{kind:?}: not well-formed: {e}\n{svg}");
        }
        let root = tags(&svg, "svg")[0];
        assert!(root.contains(" role=\"img\""), "{kind:?}: {root}");
        assert!(
            root.contains(&format!(
                " aria-labelledby=\"{0}-title {0}-desc\"",
                escape(id)
            )),
            "{kind:?}: {root}"
        );
        assert!(root.contains(" class=\"chart-svg\""), "{kind:?}: {root}");
        assert!(root.contains(" viewBox=\"0 0 640 "), "{kind:?}: {root}");
        assert!(attribute(root, "width").is_none(), "{kind:?}: {root}");
        assert!(attribute(root, "height").is_none(), "{kind:?}: {root}");
        let after_root = &svg[root.len() + 1..];
        let id = escape(id);
        let title = format!("<title id=\"{id}-title\">{}</title>\n", escape(&plot.title));
        assert!(after_root.starts_with(&title), "{kind:?}: {after_root}");
        let desc = format!(
            "<desc id=\"{id}-desc\">{}</desc>\n",
            escape(&alt::alt_text(plot))
        );
        assert!(after_root[title.len()..].starts_with(&desc), "{kind:?}");
        assert_eq!(
            count_marks(&svg, plot),
            published(plot) + legend_swatches(plot),
            "{kind:?}: one mark per published value"
        );
        for tag in tags(&svg, "text") {
            let size = attribute(tag, "font-size").unwrap_or("");
            assert!(size == "14" || size == "16", "{kind:?}: font-size {size}");
            assert_eq!(attribute(tag, "font-family"), Some("sans-serif"));
        }
        for name in ["rect", "circle", "line", "polygon", "polyline", "text"] {
            for tag in tags(&svg, name) {
                for key in [
                    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "width", "height",
                ] {
                    if let Some(v) = attribute(tag, key) {
                        assert!(v.parse::<i32>().is_ok(), "{kind:?}: {key}={v} in {tag}");
                    }
                }
            }
        }
        assert_eq!(svg, super::svg(plot, raw_id), "{kind:?}: deterministic");
        svg
    }

    #[test]
    fn every_kind_is_accessible_and_counts_its_marks() {
        for plot in samples() {
            let svg = check_svg(&plot, "figure-1");
            let texts = texts(&svg);
            for benchmark in &plot.benchmarks {
                assert!(
                    texts
                        .iter()
                        .any(|t| t.starts_with(&escape(&benchmark.label))),
                    "{:?}: benchmark label {texts:?}",
                    plot.kind
                );
                assert!(svg.contains("stroke-dasharray=\"6 4\""), "{:?}", plot.kind);
            }
            assert!(!svg.contains("opacity="), "{:?}", plot.kind);
        }
    }

    #[test]
    fn gaps_are_symbols_not_marks() {
        for plot in samples() {
            let svg = svg(&plot, "f");
            let texts = texts(&svg);
            let gaps = plot
                .series
                .iter()
                .flat_map(|s| &s.marks)
                .filter(|m| matches!(m, Mark::Gap(_)))
                .count();
            assert!(gaps > 0, "{:?}: the sample should have a gap", plot.kind);
            let shown: usize = texts.iter().map(|t| t.matches("[c]").count()).sum();
            assert_eq!(shown, gaps, "{:?}: {texts:?}", plot.kind);
        }
    }

    #[test]
    fn a_fully_withheld_series_draws_no_marks() {
        for mut plot in samples() {
            for mark in &mut plot.series[0].marks {
                *mark = Mark::Gap("[x]".to_string());
            }
            let svg = check_svg(&plot, "g");
            let shown: usize = texts(&svg).iter().map(|t| t.matches("[x]").count()).sum();
            assert_eq!(shown, plot.categories.len(), "{:?}", plot.kind);
        }
    }

    #[test]
    fn single_series_has_no_legend_and_value_labels() {
        let plot = &samples()[0];
        let svg = check_svg(plot, "b");
        let texts = texts(&svg);
        for label in [
            "44%",
            "37%",
            "29%",
            "15%",
            "[c]",
            "AA/AO",
            "SCS",
            "UK workforce 39%",
        ] {
            assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
        }
        assert!(
            !texts.iter().any(|t| t == "Lower socio-economic"),
            "{texts:?}"
        );
    }

    #[test]
    fn grouped_labels_name_the_series() {
        let plot = &samples()[2];
        let texts = texts(&svg(plot, "g"));
        for label in ["12.5% Higher", "10.0% Lower", "[c] Lower", "All staff 8.1%"] {
            assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
        }
    }

    #[test]
    fn stacked_percent_is_a_hundred_percent_bar() {
        let plot = &samples()[1];
        let svg = svg(plot, "s");
        let texts = texts(&svg);
        assert!(texts.iter().any(|t| t == "100%"), "{texts:?}");
        assert!(texts.iter().any(|t| t == "Intermediate [c]"), "{texts:?}");
        // Labels inside segments contrast with their fill.
        assert!(svg.contains("fill=\"#FFFFFF\">33%</text>"), "{svg}");
        assert!(svg.contains("fill=\"#0B0C0C\">44%</text>"), "{svg}");
    }

    #[test]
    fn diverging_bars_are_centred_on_the_neutral_midpoint() {
        let plot = &samples()[4];
        let svg = svg(plot, "d");
        // Row 1: 6 + 12 + 20/2 = 28 left of centre; the neutral segment straddles it.
        let rects: Vec<&str> = tags(&svg, "rect")
            .into_iter()
            .filter(|t| attribute(t, "fill") == Some("#BFC1C3"))
            .collect();
        let lines = tags(&svg, "line");
        let centre = lines
            .iter()
            .find(|l| {
                attribute(l, "stroke") == Some("#505A5F")
                    && attribute(l, "x1") == attribute(l, "x2")
            })
            .and_then(|l| attribute(l, "x1"))
            .and_then(|x| x.parse::<i32>().ok())
            .unwrap_or(0);
        // rects[0] is the legend swatch.
        let neutral = rects[1];
        let x: i32 = attribute(neutral, "x").unwrap_or("0").parse().unwrap_or(0);
        let w: i32 = attribute(neutral, "width")
            .unwrap_or("0")
            .parse()
            .unwrap_or(0);
        assert!(
            (x + w / 2 - centre).abs() <= 2,
            "{neutral} vs centre {centre}"
        );
        let texts = texts(&svg);
        assert!(texts.iter().any(|t| t == "Neither [c]"), "{texts:?}");
        assert!(texts.iter().any(|t| t == "50%") && texts.iter().any(|t| t == "0%"));
    }

    #[test]
    fn line_markers_differ_and_labels_sit_at_the_end() {
        let plot = &samples()[3];
        let svg = svg(plot, "l");
        assert_eq!(
            tags(&svg, "circle").len(),
            5 + 1,
            "Professional: 5 points + legend"
        );
        let texts = texts(&svg);
        for name in [
            "Professional",
            "Intermediate",
            "Lower",
            "Lower [c]",
            "Intermediate [c]",
        ] {
            assert!(texts.iter().any(|t| t == name), "{name} in {texts:?}");
        }
        // Intermediate has a gap in the middle: two runs of two points each.
        let runs = tags(&svg, "polyline")
            .into_iter()
            .filter(|t| attribute(t, "stroke") == Some("#28A197"))
            .count();
        assert_eq!(runs, 2);
    }

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        let mut plot = samples()[0].clone();
        plot.title = "Pay & <progression> \"2025\"".to_string();
        plot.categories[0] = "R&D <grade>\u{7}".to_string();
        plot.series[0].name = "It's".to_string();
        let svg = check_svg(&plot, "e\"x");
        assert!(svg.contains(
            "<title id=\"e&quot;x-title\">Pay &amp; &lt;progression&gt; &quot;2025&quot;</title>"
        ));
        assert!(texts(&svg).iter().any(|t| t == "R&amp;D &lt;grade&gt;"));
    }

    #[test]
    fn empty_and_odd_plots_degrade_gracefully() {
        let mut plot = samples()[1].clone();
        plot.categories.clear();
        let svg = svg(&plot, "empty");
        assert!(check_xml(&svg).is_ok(), "{svg}");
        assert!(svg.contains("No data to show"), "{svg}");
        assert!(svg.contains("<desc id=\"empty-desc\">Stacked bar chart of share of staff by grade: no data to show.</desc>"), "{svg}");
        for mut plot in samples() {
            plot.series[0].marks.truncate(1);
            plot.series[0].colour = "not a colour".to_string();
            plot.benchmarks.push(crate::chart::plot::Benchmark {
                label: String::new(),
                value: f64::NAN,
            });
            if let Some(Mark::Value(v)) = plot.series.last_mut().and_then(|s| s.marks.get_mut(0)) {
                *v = f64::INFINITY;
            }
            let svg = super::svg(&plot, "odd");
            assert!(check_xml(&svg).is_ok(), "{:?}", plot.kind);
        }
    }

    #[test]
    fn counts_and_negative_values() {
        let plot = Plot {
            kind: Kind::Bar,
            title: "Pay gap".to_string(),
            category_label: "grade".to_string(),
            value_label: "number of applicants".to_string(),
            categories: vec![
                "North".to_string(),
                "South".to_string(),
                "Wales".to_string(),
            ],
            series: vec![Series {
                name: "Applicants".to_string(),
                colour: "#12436d".to_string(),
                marks: vec![
                    Mark::Value(1_234_567.0),
                    Mark::Value(-250_000.0),
                    Mark::Value(0.0),
                ],
            }],
            unit: Unit::Count,
            percent_decimals: 0,
            benchmarks: Vec::new(),
        };
        let svg = check_svg(&plot, "c");
        let texts = texts(&svg);
        for label in ["1,234,567", "-250,000", "0"] {
            assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
        }
    }

    #[test]
    fn colours_and_contrast() {
        assert_eq!(Rgb::parse("#12436d"), Some(Rgb(0x12, 0x43, 0x6d)));
        assert_eq!(Rgb::parse("#fff"), Some(WHITE));
        assert_eq!(Rgb::parse("12436d"), None);
        for colour in PALETTE
            .iter()
            .chain(["#BFC1C3", "#6BACE6", "#ADD1F1"].iter())
        {
            let fill = Rgb::parse(colour).unwrap_or(TEXT);
            assert!(fill.contrast(fill.text_on()) >= 4.5, "{colour}");
        }
        assert!(Rgb::parse("#ADD1F1").is_some_and(Rgb::needs_outline));
        assert!(Rgb::parse("#BFC1C3").is_some_and(Rgb::needs_outline));
        assert!(!Rgb::parse("#12436D").is_some_and(Rgb::needs_outline));
    }

    #[test]
    fn wrapping_and_spreading() {
        assert_eq!(wrap("Grade 6 and 7", 70.0, 16.0), vec!["Grade 6", "and 7"]);
        assert_eq!(wrap("", 60.0, 16.0), vec![String::new()]);
        assert!(wrap("Supercalifragilistic", 50.0, 16.0).len() > 1);
        assert_eq!(
            spread(&[(100, 20), (105, 20), (300, 20)], 0, 400),
            vec![100, 120, 300]
        );
        assert_eq!(spread(&[(395, 20), (390, 20)], 0, 400), vec![390, 370]);
    }

    /// Writes one sample SVG per kind (and HTML pages to look at them) into
    /// target/chart-samples: `cargo test --lib chart -- --ignored`.
    #[test]
    #[ignore]
    fn write_samples() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/chart-samples");
        std::fs::create_dir_all(&dir).expect("create target/chart-samples");
        let mut page = String::from(
            "<!doctype html><meta charset=utf-8><title>Chart samples</title>\
             <style>body{margin:8px;font-family:sans-serif}.chart-svg{width:100%;height:auto;\
             display:block}div{max-width:640px;margin-bottom:24px}</style>\n",
        );
        for (i, plot) in samples().iter().enumerate() {
            let name = Kind::NAMES[i];
            let svg = svg(plot, &format!("figure-{}", i + 1));
            std::fs::write(dir.join(format!("{name}.svg")), &svg).expect("write sample");
            page.push_str(&format!(
                "<h2>{}</h2><div>{svg}</div>\n",
                escape(&plot.title)
            ));
        }
        std::fs::write(dir.join("index.html"), page).expect("write index.html");
        let mut alts = String::new();
        for (i, plot) in samples().iter().enumerate() {
            alts.push_str(&format!("{}: {}\n", Kind::NAMES[i], alt::alt_text(plot)));
        }
        for (name, plot) in stress_samples() {
            let svg = svg(&plot, &format!("stress-{name}"));
            assert!(check_xml(&svg).is_ok(), "{name}");
            std::fs::write(dir.join(format!("stress-{name}.svg")), &svg).expect("write sample");
            alts.push_str(&format!("stress-{name}: {}\n", alt::alt_text(&plot)));
        }
        std::fs::write(dir.join("alt.txt"), alts).expect("write alt.txt");
    }

    /// Awkward plots, to look at: long labels, many categories, big counts, negatives.
    fn stress_samples() -> Vec<(&'static str, Plot)> {
        let v = Mark::Value;
        let gap = || Mark::Gap("[c]".to_string());
        let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let series = |name: &str, colour: &str, marks: Vec<Mark>| Series {
            name: name.to_string(),
            colour: colour.to_string(),
            marks,
        };
        let base = samples();
        let mut out = Vec::new();

        let mut grouped = base[2].clone();
        grouped.categories = strings(&[
            "Administrative officers and assistants in regional offices",
            "Executive officers",
            "Senior and higher executive officers",
            "Grades 6 and 7",
        ]);
        grouped.series = vec![
            series(
                "Professional background",
                "#12436D",
                vec![v(12.5), v(9.0), v(7.25), v(5.0)],
            ),
            series(
                "Intermediate background",
                "#28A197",
                vec![v(11.0), v(8.0), gap(), v(4.0)],
            ),
            series(
                "Lower socio-economic background",
                "#801650",
                vec![v(10.0), gap(), v(6.0), v(3.5)],
            ),
            series("Not known", "#A285D1", vec![v(2.0), v(1.0), v(0.0), v(0.5)]),
        ];
        grouped.benchmarks.push(crate::chart::plot::Benchmark {
            label: "Civil Service".to_string(),
            value: 12.0,
        });
        out.push(("grouped-long", grouped));

        let years: Vec<String> = (2006..2026).map(|y| y.to_string()).collect();
        out.push((
            "line-many-years",
            Plot {
                kind: Kind::Line,
                title: "Applicants".to_string(),
                category_label: "year".to_string(),
                value_label: "number of applicants".to_string(),
                categories: years.clone(),
                series: vec![series(
                    "Applicants",
                    "#12436D",
                    (0..20)
                        .map(|i| {
                            if i == 7 {
                                gap()
                            } else {
                                v(1000.0 + 350.0 * i as f64 + (i % 3) as f64 * 400.0)
                            }
                        })
                        .collect(),
                )],
                unit: Unit::Count,
                percent_decimals: 0,
                benchmarks: Vec::new(),
            },
        ));

        out.push((
            "bar-negative",
            Plot {
                kind: Kind::Bar,
                title: "Class pay gap".to_string(),
                category_label: "profession".to_string(),
                value_label: "pay gap (£)".to_string(),
                categories: strings(&[
                    "Policy",
                    "Operational delivery",
                    "Digital, data and technology",
                    "Finance",
                    "Legal",
                ]),
                series: vec![series(
                    "Gap",
                    "#12436D",
                    vec![v(-2500.5), v(1200.0), v(6287.0), gap(), v(-300.0)],
                )],
                unit: Unit::Value,
                percent_decimals: 0,
                benchmarks: vec![crate::chart::plot::Benchmark {
                    label: "National".to_string(),
                    value: 6287.0,
                }],
            },
        ));

        let mut stacked = base[1].clone();
        stacked.unit = Unit::Count;
        stacked.value_label = "number of staff".to_string();
        for s in &mut stacked.series {
            for m in &mut s.marks {
                if let Mark::Value(x) = m {
                    *x *= 137.0;
                }
            }
        }
        stacked.benchmarks.clear();
        out.push(("stacked-count", stacked));

        let mut diverging = base[4].clone();
        diverging.series.remove(2);
        diverging.categories = strings(&["Lower", "Intermediate", "Professional"]);
        diverging.category_label = "background".to_string();
        out.push(("diverging-even", diverging));

        let mut two = base[3].clone();
        two.series = vec![
            series(
                "Lower socio-economic background staff",
                "#12436D",
                vec![v(13.0), v(13.5), v(14.0), v(14.0), v(15.0)],
            ),
            series(
                "Intermediate",
                "#F46A25",
                vec![v(14.0), v(13.0), v(14.0), v(14.5), gap()],
            ),
        ];
        two.benchmarks.push(crate::chart::plot::Benchmark {
            label: "Target 2030".to_string(),
            value: 20.0,
        });
        out.push(("line-close", two));
        out
    }
}
