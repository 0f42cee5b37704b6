//! The fact sheet as a PDF on A4, made in-process with krilla (no browser): the same blocks
//! as the web page and the command line (`FactSheet::blocks`), laid out top to bottom with
//! wrapped text and tables whose header row repeats on a new page. DejaVu Sans (regular and
//! bold, `data/fonts/`, Bitstream Vera licence) is compiled in and embedded as a subset, so
//! æ, ø and å show and the text can be copied and searched.

use husk_domain::programmes::factsheet::{Block, Cell, FactSheet, Table};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;

use crate::FilesError;

static REGULAR: &[u8] = include_bytes!("../../../data/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../data/fonts/DejaVuSans-Bold.ttf");

/// A4 in points.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.0;
const BOTTOM: f32 = PAGE_H - MARGIN;
const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;
const CELL_PAD: f32 = 4.0;

/// A font to draw with and the face to measure with.
struct Face {
    font: Font,
    face: ttf_parser::Face<'static>,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Result<Face, FilesError> {
        let font = Font::new(bytes.into(), 0).ok_or(FilesError::Pdf)?;
        let face = ttf_parser::Face::parse(bytes, 0).map_err(|_| FilesError::Pdf)?;
        Ok(Face { font, face })
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let upem = f32::from(self.face.units_per_em());
        let units: f32 = text
            .chars()
            .map(|c| {
                self.face
                    .glyph_index(c)
                    .and_then(|g| self.face.glyph_hor_advance(g))
                    .map_or(upem / 2.0, f32::from)
            })
            .sum();
        units * size / upem
    }

    /// `text` in lines no wider than `max`; a word longer than a line is broken.
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size) <= max {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // The word alone: break it where it is wider than the line.
                for c in word.chars() {
                    let mut next = line.clone();
                    next.push(c);
                    if self.width(&next, size) > max && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    } else {
                        line = next;
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// Text drawn on a page: (x, baseline, bold, size, grey, text).
type Run = (f32, f32, bool, f32, bool, String);
/// A horizontal rule: (x from, x to, y, width).
type Rule = (f32, f32, f32, f32);

#[derive(Default)]
struct Page {
    runs: Vec<Run>,
    rules: Vec<Rule>,
}

/// Lays out the blocks into pages, then draws them.
struct Layout {
    regular: Face,
    bold: Face,
    pages: Vec<Page>,
    y: f32,
}

impl Layout {
    fn face(&self, bold: bool) -> &Face {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = MARGIN;
    }

    /// Makes room for `height`, starting a new page if it does not fit.
    fn room(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > MARGIN {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, size: f32, bold: bool, grey: bool, text: &str) {
        let y = self.y + size * 0.8;
        self.page()
            .runs
            .push((x, y, bold, size, grey, text.to_string()));
    }

    /// A wrapped paragraph at `x`, `width` wide.
    fn paragraph(&mut self, x: f32, width: f32, size: f32, bold: bool, grey: bool, text: &str) {
        let lh = size * 1.35;
        for line in self.face(bold).wrap(text, size, width) {
            self.room(lh);
            self.text(x, size, bold, grey, &line);
            self.y += lh;
        }
    }

    fn facts(&mut self, facts: &[(String, String)]) {
        let size = 10.0;
        let lh = size * 1.35;
        let label_w = facts
            .iter()
            .map(|(l, _)| self.bold.width(l, size))
            .fold(0.0, f32::max)
            .min(WIDTH * 0.35)
            + 12.0;
        for (label, value) in facts {
            let labels = self.bold.wrap(label, size, label_w - 12.0);
            let values = self.regular.wrap(value, size, WIDTH - label_w);
            let lines = labels.len().max(values.len());
            self.room(lh * lines as f32);
            let top = self.y;
            for (i, l) in labels.iter().enumerate() {
                self.y = top + lh * i as f32;
                self.text(MARGIN, size, true, false, l);
            }
            for (i, v) in values.iter().enumerate() {
                self.y = top + lh * i as f32;
                self.text(MARGIN + label_w, size, false, false, v);
            }
            self.y = top + lh * lines as f32 + 2.0;
        }
    }

    /// Column widths: each column's natural width, shrunk in proportion when the table is
    /// wider than the page.
    fn columns(&self, t: &Table, size: f32) -> Vec<f32> {
        let n = t.headers.len();
        let mut natural = vec![0.0f32; n];
        let rows = std::iter::once(
            t.headers
                .iter()
                .map(|h| (h.as_str(), true))
                .collect::<Vec<_>>(),
        )
        .chain(t.rows.iter().chain(t.footer.iter()).map(|r| {
            r.iter()
                .map(|c| (c.text.as_str(), false))
                .collect::<Vec<_>>()
        }));
        for row in rows {
            for (i, (text, bold)) in row.into_iter().enumerate().take(n) {
                let w = self.face(bold).width(text, size) + 2.0 * CELL_PAD;
                natural[i] = natural[i].max(w);
            }
        }
        let total: f32 = natural.iter().sum();
        if total <= WIDTH {
            let extra = (WIDTH - total) / n as f32;
            return natural.iter().map(|w| w + extra).collect();
        }
        // Narrow columns keep their width; the wide ones share what is left.
        let fair = WIDTH / n as f32;
        let narrow: f32 = natural.iter().filter(|w| **w <= fair).sum();
        let wide: f32 = natural.iter().filter(|w| **w > fair).sum();
        natural
            .iter()
            .map(|w| {
                if *w <= fair {
                    *w
                } else {
                    w / wide * (WIDTH - narrow)
                }
            })
            .collect()
    }

    fn row(
        &mut self,
        cells: &[(String, bool)],
        widths: &[f32],
        numeric: &[bool],
        size: f32,
    ) -> f32 {
        let lh = size * 1.35;
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(widths)
            .map(|((text, bold), w)| self.face(*bold).wrap(text, size, w - 2.0 * CELL_PAD))
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        let height = lines as f32 * lh + 2.0 * CELL_PAD;
        let top = self.y;
        let mut x = MARGIN;
        for (i, lines) in wrapped.iter().enumerate() {
            let bold = cells[i].1;
            for (j, line) in lines.iter().enumerate() {
                self.y = top + CELL_PAD + lh * j as f32;
                let right = numeric.get(i).copied().unwrap_or(false);
                let lx = if right {
                    x + widths[i] - CELL_PAD - self.face(bold).width(line, size)
                } else {
                    x + CELL_PAD
                };
                self.text(lx, size, bold, false, line);
            }
            x += widths[i];
        }
        self.y = top + height;
        height
    }

    fn measure_row(&self, cells: &[(String, bool)], widths: &[f32], size: f32) -> f32 {
        let lh = size * 1.35;
        let lines = cells
            .iter()
            .zip(widths)
            .map(|((text, bold), w)| self.face(*bold).wrap(text, size, w - 2.0 * CELL_PAD).len())
            .max()
            .unwrap_or(1);
        lines as f32 * lh + 2.0 * CELL_PAD
    }

    fn rule(&mut self, width: f32) {
        let y = self.y;
        self.page().rules.push((MARGIN, MARGIN + WIDTH, y, width));
    }

    fn table(&mut self, t: &Table) {
        let size = 9.0;
        let widths = self.columns(t, size);
        let header: Vec<(String, bool)> = t.headers.iter().map(|h| (h.clone(), true)).collect();
        let cells = |r: &[Cell], bold: bool| -> Vec<(String, bool)> {
            r.iter().map(|c| (c.text.clone(), bold)).collect()
        };
        let header_h = self.measure_row(&header, &widths, size);
        let first = t
            .rows
            .first()
            .map_or(0.0, |r| self.measure_row(&cells(r, false), &widths, size));
        // The caption, the header and the first row stay together.
        self.room(size * 1.4 * 2.0 + header_h + first);
        self.paragraph(MARGIN, WIDTH, size, true, false, &t.caption);
        self.y += 2.0;
        self.row(&header, &widths, &t.numeric, size);
        self.rule(0.8);
        let body: Vec<(Vec<(String, bool)>, bool)> = t
            .rows
            .iter()
            .map(|r| (cells(r, false), false))
            .chain(t.footer.iter().map(|r| (cells(r, true), true)))
            .collect();
        for (row, footer) in body {
            let h = self.measure_row(&row, &widths, size);
            if self.y + h > BOTTOM {
                self.new_page();
                self.row(&header, &widths, &t.numeric, size);
                self.rule(0.8);
            }
            if footer {
                self.rule(0.8);
            }
            self.row(&row, &widths, &t.numeric, size);
            self.rule(0.3);
        }
        self.y += 8.0;
    }
}

/// The fact sheet as a PDF: A4 pages, the title on top of the first, the page number and the
/// programme at the foot of each.
pub fn factsheet_pdf(sheet: &FactSheet) -> Result<Vec<u8>, FilesError> {
    let mut l = Layout {
        regular: Face::load(REGULAR)?,
        bold: Face::load(BOLD)?,
        pages: Vec::new(),
        y: MARGIN,
    };
    l.new_page();
    l.paragraph(MARGIN, WIDTH, 18.0, true, false, &sheet.title());
    l.paragraph(MARGIN, WIDTH, 11.0, false, true, &sheet.programme_title);
    l.y += 6.0;
    for block in sheet.blocks() {
        match block {
            Block::Heading { text, .. } => {
                l.y += 8.0;
                // A heading never ends a page.
                l.room(13.0 * 1.35 + 30.0);
                l.paragraph(MARGIN, WIDTH, 13.0, true, false, &text);
                l.y += 3.0;
            }
            Block::Paragraph(p) => {
                l.paragraph(MARGIN, WIDTH, 10.0, false, false, &p);
                l.y += 4.0;
            }
            Block::Note(n) => {
                l.paragraph(MARGIN, WIDTH, 8.0, false, true, &n);
                l.y += 3.0;
            }
            Block::Facts(f) => l.facts(&f),
            Block::Table(t) => l.table(&t),
        }
    }
    draw(&l, sheet)
}

fn draw(l: &Layout, sheet: &FactSheet) -> Result<Vec<u8>, FilesError> {
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(sheet.title())
            .language("nb-NO".into())
            .creator("Husk".into()),
    );
    let black = Fill {
        paint: rgb::Color::new(0x1e, 0x2b, 0x3c).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    };
    let grey = Fill {
        paint: rgb::Color::new(0x55, 0x5f, 0x6b).into(),
        ..black.clone()
    };
    let total = l.pages.len();
    for (n, page) in l.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or(FilesError::Pdf)?;
        let mut p = doc.start_page_with(settings);
        let mut s = p.surface();
        for (x0, x1, y, w) in &page.rules {
            let mut pb = PathBuilder::new();
            pb.move_to(*x0, *y);
            pb.line_to(*x1, *y);
            if let Some(path) = pb.finish() {
                s.set_fill(None);
                s.set_stroke(Some(Stroke {
                    paint: rgb::Color::new(0xa0, 0xa8, 0xb2).into(),
                    width: *w,
                    ..Default::default()
                }));
                s.draw_path(&path);
            }
        }
        s.set_stroke(None);
        let mut runs: Vec<Run> = page.runs.clone();
        let footer = format!(
            "{} – {} – side {} av {}",
            sheet.title(),
            sheet.programme_title,
            n + 1,
            total
        );
        runs.push((MARGIN, PAGE_H - MARGIN / 2.0, false, 7.5, true, footer));
        for (x, y, bold, size, is_grey, text) in runs {
            s.set_fill(Some(if is_grey { grey.clone() } else { black.clone() }));
            s.draw_text(
                Point::from_xy(x, y),
                l.face(bold).font.clone(),
                size,
                &text,
                false,
                TextDirection::Auto,
            );
        }
        s.finish();
        p.finish();
    }
    doc.finish().map_err(|_| FilesError::Pdf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_and_paragraphs_wrap_within_the_width() {
        let f = Face::load(REGULAR).unwrap();
        let lines = f.wrap(
            "Boligsosialt utviklingsprogram i region øst med Kommunalt disponerte utleieboliger",
            10.0,
            120.0,
        );
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|l| f.width(l, 10.0) <= 120.0), "{lines:?}");
        let broken = f.wrap(&"æ".repeat(60), 10.0, 100.0);
        assert!(broken.len() > 1);
        assert!(broken.iter().all(|l| f.width(l, 10.0) <= 100.0));
        assert_eq!(f.wrap("", 10.0, 100.0), [""]);
    }
}
