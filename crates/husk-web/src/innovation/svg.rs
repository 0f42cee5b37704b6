//! The diffusion graph and the adoption curve drawn as SVG on the server, so that they show
//! without JavaScript. Each is an image with a title and a description; the pages put a data
//! table with the same facts beside it. Colour is never the only cue: a channel's edges also
//! carry its letter, and how an edge is known is drawn as a full, dashed or dotted line.

use husk_domain::innovation::adoptions::Channel;
use husk_domain::innovation::diffusion::{CurvePoint, EdgeStatus, Graph};
use std::collections::HashMap;
use std::fmt::Write;

/// A channel's colour (all at least 4.5:1 against white) and the letter on its edges.
pub fn channel_style(c: Channel) -> (&'static str, &'static str) {
    match c {
        Channel::Network => ("#1f5fa6", "N"),
        Channel::LearningArena => ("#7a3e9d", "L"),
        Channel::StudyTrip => ("#a14f00", "S"),
        Channel::Grant => ("#2e6b30", "T"),
        Channel::Report => ("#5d4037", "R"),
        Channel::LearningAgent => ("#00695c", "A"),
        Channel::Adviser => ("#ad1457", "H"),
        Channel::Other => ("#4a4a4a", "X"),
    }
}

/// How an edge is drawn: full, dashed or dotted.
pub fn status_dash(s: EdgeStatus) -> &'static str {
    match s {
        EdgeStatus::Confirmed => "",
        EdgeStatus::Proposed => "8 5",
        EdgeStatus::Suggested => "2 4",
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const COLUMN: i32 = 230;
const ROW: i32 = 64;

/// The graph: the origin on the left, each adopter one column right of whom it took the
/// innovation from (adopters with no known source in the second column).
pub fn graph(g: &Graph, title: &str, desc: &str) -> String {
    let key = |s: &str| s.trim().to_lowercase();
    let mut depth: HashMap<String, i32> = HashMap::new();
    for n in &g.nodes {
        depth.insert(key(&n.name), if n.origin { 0 } else { 1 });
    }
    // Sources before those who took from them (a few passes settle any order).
    for _ in 0..g.nodes.len() {
        for e in &g.edges {
            let from = depth.get(&key(&e.from)).copied().unwrap_or(0);
            let to = depth.entry(key(&e.to)).or_insert(1);
            if *to < from + 1 && from < g.nodes.len() as i32 {
                *to = from + 1;
            }
        }
    }
    let columns = depth.values().copied().max().unwrap_or(0) + 1;
    let mut rows_in: HashMap<i32, i32> = HashMap::new();
    let mut at: HashMap<String, (i32, i32)> = HashMap::new();
    for n in &g.nodes {
        let d = depth.get(&key(&n.name)).copied().unwrap_or(1);
        let r = rows_in.entry(d).or_insert(0);
        at.insert(key(&n.name), (30 + d * COLUMN, 40 + *r * ROW));
        *r += 1;
    }
    let height = rows_in.values().copied().max().unwrap_or(1) * ROW + 30;
    let width = columns * COLUMN + 200;
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg class="innovation-graph" viewBox="0 0 {width} {height}" role="img" aria-labelledby="graf-tittel graf-beskrivelse" xmlns="http://www.w3.org/2000/svg"><title id="graf-tittel">{}</title><desc id="graf-beskrivelse">{}</desc><defs><marker id="pil" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#333"/></marker></defs>"##,
        escape(title),
        escape(desc)
    );
    for e in &g.edges {
        let (Some(&(x1, y1)), Some(&(x2, y2))) = (at.get(&key(&e.from)), at.get(&key(&e.to)))
        else {
            continue;
        };
        let (colour, letter) = channel_style(e.channel);
        let dash = status_dash(e.status);
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(r#" stroke-dasharray="{dash}""#)
        };
        let (sx, ex) = if x2 >= x1 {
            (x1 + 8, x2 - 10)
        } else {
            (x1 - 8, x2 + 10)
        };
        let _ = write!(
            s,
            r#"<line x1="{sx}" y1="{y1}" x2="{ex}" y2="{y2}" stroke="{colour}" stroke-width="2.5"{dash} marker-end="url(#pil)"/>"#
        );
        let (mx, my) = ((sx + ex) / 2, (y1 + y2) / 2 - 6);
        let _ = write!(
            s,
            r#"<text x="{mx}" y="{my}" font-size="13" font-weight="bold" fill="{colour}" text-anchor="middle">{letter}</text>"#
        );
    }
    for n in &g.nodes {
        let Some(&(x, y)) = at.get(&key(&n.name)) else {
            continue;
        };
        let (fill, stroke) = if n.origin {
            ("#0b3d6b", "#0b3d6b")
        } else if n.source_only {
            ("#ffffff", "#4a4a4a")
        } else {
            ("#e7f0fa", "#1f5fa6")
        };
        let year = n
            .year
            .map(|y| format!(" ({})", y.label()))
            .unwrap_or_default();
        let _ = write!(
            s,
            r##"<circle cx="{x}" cy="{y}" r="8" fill="{fill}" stroke="{stroke}" stroke-width="2"/><text x="{}" y="{}" font-size="14" fill="#1a1a1a">{}{}</text>"##,
            x + 14,
            y + 5,
            escape(&n.name),
            escape(&year)
        );
    }
    s.push_str("</svg>");
    s
}

/// The adoption curve: confirmed adoptions in all by year, as a line over bars of each year's
/// new ones.
pub fn curve(points: &[CurvePoint], title: &str, desc: &str) -> String {
    let (w, h, left, bottom, top) = (560, 240, 40, 34, 16);
    let max = points
        .iter()
        .map(|p| p.cumulative)
        .max()
        .unwrap_or(1)
        .max(1) as i32;
    let n = points.len().max(1) as i32;
    let step = (w - left - 20) / n;
    let y_of = |v: i32| h - bottom - (v * (h - bottom - top)) / max;
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg class="innovation-curve" viewBox="0 0 {w} {h}" role="img" aria-labelledby="kurve-tittel kurve-beskrivelse" xmlns="http://www.w3.org/2000/svg"><title id="kurve-tittel">{}</title><desc id="kurve-beskrivelse">{}</desc><line x1="{left}" y1="{}" x2="{}" y2="{}" stroke="#4a4a4a"/><line x1="{left}" y1="{top}" x2="{left}" y2="{}" stroke="#4a4a4a"/><text x="{}" y="{}" font-size="12" text-anchor="end" fill="#1a1a1a">{max}</text><text x="{}" y="{}" font-size="12" text-anchor="end" fill="#1a1a1a">0</text>"##,
        escape(title),
        escape(desc),
        h - bottom,
        w - 10,
        h - bottom,
        h - bottom,
        left - 6,
        top + 4,
        left - 6,
        h - bottom,
    );
    let mut line = String::new();
    for (i, p) in points.iter().enumerate() {
        let x = left + step * i as i32 + step / 2;
        let bar = (p.new as i32 * (h - bottom - top)) / max;
        let _ = write!(
            s,
            r##"<rect x="{}" y="{}" width="{}" height="{bar}" fill="#9cc3e8"/><text x="{x}" y="{}" font-size="12" text-anchor="middle" fill="#1a1a1a">{}</text>"##,
            x - step / 4,
            h - bottom - bar,
            (step / 2).max(2),
            h - bottom + 16,
            p.year
        );
        let _ = write!(
            line,
            "{}{x},{}",
            if i == 0 { "" } else { " " },
            y_of(p.cumulative as i32)
        );
    }
    let _ = write!(
        s,
        r##"<polyline points="{line}" fill="none" stroke="#0b3d6b" stroke-width="2.5"/></svg>"##
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use husk_domain::innovation::adoptions::SpreadType;
    use husk_domain::innovation::diffusion::{Edge, Node};

    #[test]
    fn the_graph_places_adopters_right_of_their_source_and_escapes_names() {
        let node = |name: &str, origin: bool| Node {
            name: name.into(),
            kommunenummer: None,
            origin,
            year: None,
            phase: None,
            source_only: false,
        };
        let g = Graph {
            nodes: vec![
                node("Trondheim", true),
                node("Bergen", false),
                node("A & B", false),
            ],
            edges: vec![
                Edge {
                    from: "Trondheim".into(),
                    to: "Bergen".into(),
                    adoption_id: 1,
                    channel: Channel::Report,
                    spread: SpreadType::Replication,
                    year: None,
                    status: EdgeStatus::Confirmed,
                    confidence: None,
                },
                Edge {
                    from: "Bergen".into(),
                    to: "A & B".into(),
                    adoption_id: 2,
                    channel: Channel::Network,
                    spread: SpreadType::Adoption,
                    year: None,
                    status: EdgeStatus::Suggested,
                    confidence: Some(40),
                },
            ],
        };
        let svg = graph(&g, "Spredning", "Fra Trondheim");
        assert!(svg.contains(r#"<circle cx="30" "#), "{svg}");
        assert!(svg.contains(r#"<circle cx="260" "#), "{svg}");
        assert!(svg.contains(r#"<circle cx="490" "#), "{svg}");
        assert!(svg.contains("A &amp; B"));
        assert!(svg.contains(r#"stroke-dasharray="2 4""#));
    }
}
