//! The SVG swimlane timeline of the HTML pages: lanes of bars over a time (or wave)
//! axis, laid out so that no bar or label overlaps another, with the critical path,
//! states and points of no return marked by shape and symbol as well as colour (the
//! classes are styled by `html.rs`'s sheet).

use std::fmt::Write as _;

use super::html::{clip, esc};

/// The state a bar shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarState {
    /// Not started.
    Todo,
    /// Under way.
    InProgress,
    /// Finished.
    Done,
    /// Not needed.
    Skipped,
}

impl BarState {
    /// The CSS class and the word in legends.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            BarState::Todo => "todo",
            BarState::InProgress => "in-progress",
            BarState::Done => "done",
            BarState::Skipped => "skipped",
        }
    }

    /// The symbol before a bar's label (states are never told by colour alone).
    #[must_use]
    pub fn symbol(self) -> &'static str {
        match self {
            BarState::Todo => "",
            BarState::InProgress => "▶ ",
            BarState::Done => "✓ ",
            BarState::Skipped => "– ",
        }
    }
}

/// One bar of a timeline.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Short label drawn beside the bar (plain text).
    pub label: String,
    /// Longer text shown as the bar's tooltip (plain text).
    pub detail: String,
    /// Start on the axis.
    pub from: i64,
    /// End on the axis (equal to `from` for a zero-length bar, drawn as a thin mark).
    pub to: i64,
    /// Its state.
    pub state: BarState,
    /// On the critical path.
    pub critical: bool,
    /// A point of no return: a flag at its end.
    pub no_return: bool,
}

/// One swimlane: a party, or a plan.
#[derive(Debug, Clone)]
pub struct Lane {
    /// The lane's name (plain text).
    pub label: String,
    /// Its bars.
    pub bars: Vec<Bar>,
}

/// A vertical line across every lane (now, a deadline).
#[derive(Debug, Clone)]
pub struct Marker {
    /// Where on the axis.
    pub at: i64,
    /// Its label (plain text).
    pub label: String,
    /// `now` or `deadline` (the CSS class).
    pub class: &'static str,
}

/// A timeline: lanes of bars over an axis from `lo` to `hi` (seconds since the epoch,
/// or any other integer unit) with labelled ticks.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// Axis start.
    pub lo: i64,
    /// Axis end.
    pub hi: i64,
    /// Tick positions and labels.
    pub ticks: Vec<(i64, String)>,
    /// The lanes, top to bottom.
    pub lanes: Vec<Lane>,
    /// Vertical markers.
    pub markers: Vec<Marker>,
}

const WIDTH: f64 = 1000.0;
const LABEL_W: f64 = 190.0;
const RIGHT_PAD: f64 = 12.0;
const ROW_H: f64 = 26.0;
const AXIS_H: f64 = 30.0;
const CHAR_W: f64 = 6.6;

fn label_text(bar: &Bar) -> String {
    let mut t = format!("{}{}", bar.state.symbol(), bar.label);
    if bar.no_return {
        t.push_str(" ⚑");
    }
    t
}

/// A count as pixels (counts here are rows and characters: far below 2^52).
#[allow(clippy::cast_precision_loss)]
fn px(n: usize) -> f64 {
    n as f64
}

/// `part / whole` of two axis values, clamped to 0..=1 (both far below 2^52).
#[allow(clippy::cast_precision_loss)]
fn ratio(part: i64, whole: i64) -> f64 {
    (part as f64 / whole.max(1) as f64).clamp(0.0, 1.0)
}

/// Where each bar of a lane goes: (row, x0, x1, label on the left).
type Placed = Vec<(usize, f64, f64, bool)>;

/// Lay the bars of a lane out in rows so that no bar or label overlaps another.
fn place(lane: &Lane, x: &dyn Fn(i64) -> f64) -> (Placed, usize) {
    let mut row_ends: Vec<f64> = Vec::new();
    let mut placed = Vec::new();
    for bar in &lane.bars {
        let x0 = x(bar.from);
        let x1 = x(bar.to).max(x0 + 3.0);
        let label_w = px(label_text(bar).chars().count()) * CHAR_W + 6.0;
        let left = x1 + label_w > WIDTH - 2.0 && x0 - label_w >= LABEL_W;
        let (e0, e1) = if left {
            (x0 - label_w, x1)
        } else {
            (x0, x1 + label_w)
        };
        let row = row_ends
            .iter()
            .position(|&end| end + 4.0 <= e0)
            .unwrap_or(row_ends.len());
        if row == row_ends.len() {
            row_ends.push(e1);
        } else {
            row_ends[row] = e1;
        }
        placed.push((row, x0, x1, left));
    }
    (placed, row_ends.len().max(1))
}

/// Draw a timeline as an inline SVG. `title` and `desc` name it for assistive
/// technology (the page also gives the same facts as a table).
#[must_use]
pub fn svg(tl: &Timeline, id: &str, title: &str, desc: &str) -> String {
    let plot = WIDTH - LABEL_W - RIGHT_PAD;
    let x = |v: i64| LABEL_W + ratio(v - tl.lo, tl.hi - tl.lo) * plot;
    let (layout, rows): (Vec<Placed>, Vec<usize>) =
        tl.lanes.iter().map(|lane| place(lane, &x)).unzip();
    let bottom = AXIS_H + px(rows.iter().sum()) * ROW_H;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">\n<title id=\"{id}-t\">{}</title>\n<desc id=\"{id}-d\">{}</desc>\n",
        bottom + 8.0,
        esc(title),
        esc(desc)
    );
    let mut top = AXIS_H;
    for (k, lane) in tl.lanes.iter().enumerate() {
        let height = px(rows[k]) * ROW_H;
        if k % 2 == 0 {
            let _ = writeln!(
                out,
                "<rect class=\"band\" x=\"0\" y=\"{top}\" width=\"{WIDTH}\" height=\"{height}\"/>"
            );
        }
        let _ = writeln!(
            out,
            "<text class=\"lane-label\" x=\"6\" y=\"{:.1}\">{}</text>",
            top + 17.0,
            esc(&clip(&lane.label, 27))
        );
        top += height;
    }
    for (at, label) in &tl.ticks {
        let tx = x(*at);
        let _ = writeln!(
            out,
            "<line class=\"grid\" x1=\"{tx:.1}\" y1=\"{:.1}\" x2=\"{tx:.1}\" y2=\"{bottom:.1}\"/><text class=\"tick\" x=\"{:.1}\" y=\"18\">{}</text>",
            AXIS_H - 6.0,
            tx + 3.0,
            esc(label)
        );
    }
    let mut top = AXIS_H;
    for (k, lane) in tl.lanes.iter().enumerate() {
        for (bar, &(row, x0, x1, left)) in lane.bars.iter().zip(&layout[k]) {
            draw_bar(&mut out, bar, top + px(row) * ROW_H + 5.0, x0, x1, left);
        }
        top += px(rows[k]) * ROW_H;
    }
    for m in &tl.markers {
        let mx = x(m.at);
        let _ = writeln!(
            out,
            "<g><title>{}</title><line class=\"{}\" x1=\"{mx:.1}\" y1=\"{:.1}\" x2=\"{mx:.1}\" y2=\"{bottom:.1}\"/></g>",
            esc(&m.label),
            m.class,
            AXIS_H - 4.0
        );
    }
    out.push_str("</svg>\n");
    out
}

fn draw_bar(out: &mut String, bar: &Bar, y: f64, x0: f64, x1: f64, left: bool) {
    let crit = if bar.critical { " critical" } else { "" };
    let _ = write!(
        out,
        "<g><title>{}</title><rect class=\"bar {}{crit}\" x=\"{x0:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"16\" rx=\"2\"/>",
        esc(&bar.detail),
        bar.state.as_str(),
        x1 - x0
    );
    if bar.no_return {
        let _ = write!(
            out,
            "<path class=\"noreturn\" d=\"M{x1:.1} {:.1} l5 -5 l5 5 l-5 5 z\"/>",
            y + 8.0
        );
    }
    let (lx, anchor) = if left {
        (x0 - 4.0, "end")
    } else {
        (x1 + if bar.no_return { 13.0 } else { 4.0 }, "start")
    };
    let _ = writeln!(
        out,
        "<text x=\"{lx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text></g>",
        y + 12.5,
        esc(&label_text(bar))
    );
}

/// Ticks for a time axis from `lo` to `hi` (seconds since the epoch, UTC): about ten,
/// on round hours or days.
#[must_use]
pub fn time_ticks(lo: i64, hi: i64) -> Vec<(i64, String)> {
    const HOUR: i64 = 3600;
    const DAY: i64 = 24 * HOUR;
    let span = (hi - lo).max(HOUR);
    let step = [
        HOUR,
        2 * HOUR,
        3 * HOUR,
        6 * HOUR,
        12 * HOUR,
        DAY,
        2 * DAY,
        7 * DAY,
        14 * DAY,
        28 * DAY,
        56 * DAY,
        91 * DAY,
        182 * DAY,
        364 * DAY,
    ]
    .into_iter()
    .find(|s| span / s <= 8)
    .unwrap_or(364 * DAY);
    let mut out = Vec::new();
    let mut at = lo.div_euclid(step) * step;
    if at < lo {
        at += step;
    }
    while at <= hi && out.len() < 20 {
        if let Ok(ts) = jiff::Timestamp::from_second(at) {
            let fmt = if step < DAY {
                "%b %d %H:%M"
            } else {
                "%a %b %d"
            };
            out.push((at, ts.strftime(fmt).to_string()));
        }
        at += step;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        let lo = 1_796_630_400; // 2026-12-07T08:00:00Z
        let ticks = time_ticks(lo, lo + 5 * 86_400);
        assert!(!ticks.is_empty() && ticks.len() <= 9, "{ticks:?}");
        assert!(ticks.iter().all(|(at, _)| at % 3600 == 0));
    }
}
