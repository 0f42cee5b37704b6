//! Line charts drawn on the server as SVG: the coordinates, ticks and legend are computed here
//! and the template (`programmes/chart_macros.html`) only writes them out, escaped. Each
//! series has its own line style and point shape, so the chart is read without colour, and
//! every chart has a title and a description; its figures are in a table beside it.

/// The drawing's size in SVG units (it scales to the page's width).
pub const WIDTH: f64 = 640.0;
pub const HEIGHT: f64 = 320.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 40.0;

/// How a series' points are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
}

impl Marker {
    fn nth(i: usize) -> Marker {
        [Marker::Circle, Marker::Square, Marker::Triangle][i % 3]
    }

    /// How the legend says it: «heltrukken linje med runde punkter».
    pub fn words(self) -> &'static str {
        match self {
            Marker::Circle => "heltrukken linje med runde punkter",
            Marker::Square => "stiplet linje med firkantede punkter",
            Marker::Triangle => "prikket linje med trekantede punkter",
        }
    }
}

/// One point, with its figure for the point's tooltip title.
#[derive(Debug, Clone)]
pub struct PointView {
    pub x: String,
    pub y: String,
    /// The SVG path of a triangle around the point (for [`Marker::Triangle`]).
    pub triangle: String,
    pub label: String,
}

/// One line of the chart.
#[derive(Debug, Clone)]
pub struct SeriesView {
    pub label: String,
    /// `chart-series-0`, …: colour and dashes from the style sheet.
    pub class: String,
    pub marker: Marker,
    pub path: String,
    pub points: Vec<PointView>,
}

impl SeriesView {
    pub fn circles(&self) -> bool {
        self.marker == Marker::Circle
    }
    pub fn squares(&self) -> bool {
        self.marker == Marker::Square
    }
    pub fn legend(&self) -> &'static str {
        self.marker.words()
    }
}

/// A tick on an axis: its position and label.
#[derive(Debug, Clone)]
pub struct Tick {
    pub at: String,
    pub label: String,
}

/// A vertical mark at a year (the year a participant joined).
#[derive(Debug, Clone)]
pub struct YearMark {
    pub x: String,
    pub label: String,
}

/// A line chart over years.
#[derive(Debug, Clone)]
pub struct LineChart {
    /// Prefix of the drawing's element ids.
    pub id: String,
    pub title: String,
    pub description: String,
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<Tick>,
    pub series: Vec<SeriesView>,
    pub mark: Option<YearMark>,
    /// The y axis' unit.
    pub unit: String,
    pub left: String,
    pub right: String,
    pub top: String,
    pub bottom: String,
}

/// A number as the pages write it: «1 234», «1,27», «12,5».
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    if (v - v.round()).abs() < 1e-9 {
        return crate::format::int(v.round() as i64);
    }
    let rounded = (v * 100.0).round() / 100.0;
    let whole = rounded.trunc() as i64;
    let hundredths = ((rounded - rounded.trunc()).abs() * 100.0).round() as i64;
    let sign = if rounded < 0.0 && whole == 0 {
        "−"
    } else {
        ""
    };
    let decimals = format!("{hundredths:02}");
    let decimals = decimals.trim_end_matches('0');
    if decimals.is_empty() {
        format!("{sign}{}", crate::format::int(whole))
    } else {
        format!("{sign}{},{decimals}", crate::format::int(whole))
    }
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

/// A round step for about four intervals up to `max`.
fn nice_step(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let rough = max / 4.0;
    let magnitude = 10f64.powf(rough.log10().floor());
    let f = rough / magnitude;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// A series as given: its label and a value (or none) per year of the chart's years.
pub struct SeriesInput {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

impl LineChart {
    /// The chart of `series` over `years` (ascending). `mark` draws a vertical line at a year.
    pub fn new(
        id: &str,
        title: String,
        description: String,
        unit: &str,
        years: &[i32],
        series: &[SeriesInput],
        mark: Option<(i32, String)>,
    ) -> LineChart {
        let plot_w = WIDTH - LEFT - RIGHT;
        let plot_h = HEIGHT - TOP - BOTTOM;
        let (first, last) = match (years.first(), years.last()) {
            (Some(f), Some(l)) => (*f, *l),
            _ => (0, 0),
        };
        let x_of = |year: f64| {
            if last == first {
                LEFT + plot_w / 2.0
            } else {
                LEFT + (year - f64::from(first)) / f64::from(last - first) * plot_w
            }
        };
        let max = series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .fold(0.0f64, |m, v| m.max(*v));
        let step = nice_step(max);
        let top_value = ((max / step).ceil() * step).max(step);
        let y_of = |v: f64| TOP + plot_h - (v / top_value) * plot_h;
        let mut y_ticks = Vec::new();
        let mut v = 0.0;
        while v <= top_value + step / 1000.0 {
            y_ticks.push(Tick {
                at: fmt(y_of(v)),
                label: number(v),
            });
            v += step;
        }
        // Every year is labelled when there is room; otherwise about eight labels.
        let every = years.len().div_ceil(8).max(1);
        let x_ticks = years
            .iter()
            .enumerate()
            .filter(|(i, _)| i % every == 0 || *i + 1 == years.len())
            .map(|(_, y)| Tick {
                at: fmt(x_of(f64::from(*y))),
                label: y.to_string(),
            })
            .collect();
        let series = series
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let points: Vec<(f64, f64, f64, i32)> = years
                    .iter()
                    .zip(&s.values)
                    .filter_map(|(y, v)| v.map(|v| (x_of(f64::from(*y)), y_of(v), v, *y)))
                    .collect();
                let path = points
                    .iter()
                    .enumerate()
                    .map(|(j, (x, y, _, _))| {
                        format!("{}{},{}", if j == 0 { "M" } else { " L" }, fmt(*x), fmt(*y))
                    })
                    .collect::<String>();
                SeriesView {
                    label: s.label.clone(),
                    class: format!("chart-series-{i}"),
                    marker: Marker::nth(i),
                    path,
                    points: points
                        .iter()
                        .map(|(x, y, v, year)| PointView {
                            x: fmt(*x),
                            y: fmt(*y),
                            triangle: format!(
                                "M{},{} L{},{} L{},{} Z",
                                fmt(*x),
                                fmt(y - 6.0),
                                fmt(x + 6.0),
                                fmt(y + 5.0),
                                fmt(x - 6.0),
                                fmt(y + 5.0)
                            ),
                            label: format!("{}, {year}: {}", s.label, number(*v)),
                        })
                        .collect(),
                }
            })
            .collect();
        let mark = mark
            .filter(|(y, _)| *y >= first && *y <= last && !years.is_empty())
            .map(|(y, label)| YearMark {
                x: fmt(x_of(f64::from(y))),
                label,
            });
        LineChart {
            id: id.to_string(),
            title,
            description,
            x_ticks,
            y_ticks,
            series,
            mark,
            unit: unit.to_string(),
            left: fmt(LEFT),
            right: fmt(WIDTH - RIGHT),
            top: fmt(TOP),
            bottom: fmt(HEIGHT - BOTTOM),
        }
    }

    pub fn label_x(&self) -> String {
        fmt(LEFT - 8.0)
    }

    pub fn year_label_y(&self) -> String {
        fmt(HEIGHT - BOTTOM + 22.0)
    }

    pub fn mark_label_y(&self) -> String {
        fmt(TOP - 10.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_norwegian_way() {
        assert_eq!(number(1234.0), "1 234");
        assert_eq!(number(1.27), "1,27");
        assert_eq!(number(12.5), "12,5");
        assert_eq!(number(6259.0), "6 259");
    }

    #[test]
    fn points_lie_in_the_plot_and_the_axis_reaches_the_largest_value() {
        let chart = LineChart::new(
            "t",
            "T".into(),
            "D".into(),
            "personer",
            &[2008, 2010, 2012],
            &[
                SeriesInput {
                    label: "A".into(),
                    values: vec![Some(10.0), None, Some(30.0)],
                },
                SeriesInput {
                    label: "B".into(),
                    values: vec![Some(5.0), Some(7.0), Some(9.0)],
                },
            ],
            Some((2010, "Opptak 2010".into())),
        );
        assert_eq!(
            chart.series[0].points.len(),
            2,
            "a year without a value has no point"
        );
        assert_eq!(chart.series[0].path, "M72.0,196.0 L616.0,28.0");
        assert_eq!(chart.series[1].marker, Marker::Square);
        assert_eq!(chart.y_ticks.last().unwrap().label, "30");
        assert_eq!(chart.mark.as_ref().unwrap().x, "344.0");
        assert_eq!(chart.x_ticks.len(), 3);
    }
}
