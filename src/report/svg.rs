//! The report's charts, as inline SVG written by hand: a line chart of guideline shares
//! per month, stacked bars of findings per rule per month, and a cadence strip per
//! meeting series.
//!
//! Each chart is `role="img"` with a `<title>` and a `<desc>` that say in words what it
//! shows, and every mark carries a `<title>` (the browser's tooltip) with its numbers.
//! Colours come from CSS custom properties of the page (`--c0`…), so the page's
//! light and dark schemes both apply; lines also differ by dash pattern and markers by
//! shape, so nothing depends on colour alone. Coordinates are rounded to a tenth, and
//! nothing depends on the clock or the thread count: the same report gives the same
//! bytes.

use std::fmt::Write as _;

use super::document::{Guideline, Month, Series};
use super::html::escape;
use crate::model::IsoDate;

/// Width of every chart's view box; the page scales it to fit.
pub const WIDTH: f64 = 760.0;

const LEFT: f64 = 44.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;

/// How many colours the palette has (`--c0` … `--c9`).
pub const COLOURS: usize = 10;

/// The dash pattern of guideline `i`'s line.
pub fn dash(i: usize) -> &'static str {
    ["", "7 4", "2 3", "10 3 2 3", "4 4"][i % 5]
}

/// A marker of shape `i` centred on (`x`, `y`), with a tooltip.
pub fn marker(i: usize, x: f64, y: f64, colour: &str, tooltip: &str) -> String {
    let title = format!("<title>{}</title>", escape(tooltip));
    let style = format!("fill:{colour};stroke:var(--bg);stroke-width:1");
    match i % 5 {
        0 => format!(r#"<circle cx="{x:.1}" cy="{y:.1}" r="4.5" style="{style}">{title}</circle>"#),
        1 => format!(
            r#"<rect x="{:.1}" y="{:.1}" width="8" height="8" style="{style}">{title}</rect>"#,
            x - 4.0,
            y - 4.0
        ),
        2 => format!(
            r#"<path d="M{:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z" style="{style}">{title}</path>"#,
            x,
            y - 5.0,
            x + 5.0,
            y + 4.0,
            x - 5.0,
            y + 4.0
        ),
        3 => format!(
            r#"<path d="M{:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z" style="{style}">{title}</path>"#,
            x,
            y - 5.5,
            x + 5.5,
            y,
            x,
            y + 5.5,
            x - 5.5,
            y
        ),
        _ => format!(
            r#"<path d="M{:.1} {:.1}h4v-4h3v4h4v3h-4v4h-3v-4h-4Z" style="{style}">{title}</path>"#,
            x - 5.5,
            y - 1.5
        ),
    }
}

/// The opening of a chart: its view box, title and description.
fn open(id: &str, height: f64, title: &str, desc: &str) -> String {
    format!(
        r#"<svg id="{id}" class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{id}-title {id}-desc" preserveAspectRatio="xMidYMid meet"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(title),
        escape(desc)
    )
}

/// `2026-09` → `Sep 2026`; with `short`, `Sep` (and the year on January).
pub fn month_label(key: &str, short: bool) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (year, month) = key.split_once('-').unwrap_or((key, "1"));
    let name = month
        .parse::<usize>()
        .ok()
        .and_then(|m| NAMES.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or("?");
    if short && name != "Jan" {
        name.to_string()
    } else {
        format!("{name} {year}")
    }
}

/// A count as a coordinate (counts on a chart are far below `u32::MAX`).
fn float(n: usize) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Every how many months a label fits on an axis `width` wide (a label needs 56 units).
fn label_step(count: usize, width: f64) -> usize {
    let mut room = 1;
    while float(room + 1) * 56.0 <= width {
        room += 1;
    }
    count.div_ceil(room).max(1)
}

/// The x of month `i` of `n`, and the width each month gets.
fn month_x(i: usize, n: usize) -> (f64, f64) {
    let plot = WIDTH - LEFT - RIGHT;
    let slot = plot / float(n.max(1));
    (LEFT + slot * (float(i) + 0.5), slot)
}

/// Month labels under a plot whose bottom is at `y`.
fn month_axis(out: &mut String, months: &[Month], y: f64) {
    let step = label_step(months.len(), WIDTH - LEFT - RIGHT);
    for (i, month) in months.iter().enumerate() {
        if i % step != 0 {
            continue;
        }
        let (x, _) = month_x(i, months.len());
        let _ = write!(
            out,
            r#"<text class="tick" x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            y + 16.0,
            escape(&month_label(&month.month, i != 0))
        );
    }
}

/// The line chart of the share of agendas meeting each guideline, per month.
pub fn guideline_lines(months: &[Month]) -> String {
    let height = 250.0;
    let bottom = height - 30.0;
    let plot_h = bottom - TOP;
    let desc = guideline_desc(months);
    let mut out = open(
        "chart-guidelines",
        height,
        "Share of agendas meeting each guideline, per month",
        &desc,
    );
    for percent in [0, 25, 50, 75, 100] {
        let y = bottom - plot_h * f64::from(percent) / 100.0;
        let _ = write!(
            out,
            r#"<line class="grid" x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{percent}%</text>"#,
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0
        );
    }
    month_axis(&mut out, months, bottom);
    let n = months.len();
    for (g, guideline) in Guideline::ALL.iter().enumerate() {
        let colour = format!("var(--c{g})");
        // Lines of a month apart are dodged sideways a little, so that equal shares
        // stay visible as separate markers.
        let dodge = (float(g) - 2.0) * 3.0;
        let points: Vec<Option<(f64, f64, String)>> = months
            .iter()
            .enumerate()
            .map(|(i, month)| {
                let share = month.period.guidelines.get(*guideline);
                let percent = share.percent?;
                let (x, _) = month_x(i, n);
                let y = bottom - plot_h * f64::from(percent) / 100.0;
                let tooltip = format!(
                    "{}: {} — {} of {} agendas ({percent}%)",
                    month_label(&month.month, false),
                    guideline.title(),
                    share.met,
                    share.judged
                );
                Some((x + dodge, y, tooltip))
            })
            .collect();
        let _ = write!(
            out,
            r#"<g class="series" data-guideline="{}">"#,
            guideline.id()
        );
        for run in points.split(Option::is_none) {
            let run: Vec<&(f64, f64, String)> = run.iter().flatten().collect();
            if run.len() < 2 {
                continue;
            }
            let d: Vec<String> = run
                .iter()
                .enumerate()
                .map(|(i, (x, y, _))| format!("{}{x:.1} {y:.1}", if i == 0 { 'M' } else { 'L' }))
                .collect();
            let _ = write!(
                out,
                r#"<path d="{}" style="fill:none;stroke:{colour};stroke-width:2;stroke-dasharray:{}"/>"#,
                d.join(""),
                if dash(g).is_empty() { "none" } else { dash(g) }
            );
        }
        for (x, y, tooltip) in points.iter().flatten() {
            out.push_str(&marker(g, *x, *y, &colour, tooltip));
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

fn guideline_desc(months: &[Month]) -> String {
    let mut parts = Vec::new();
    for guideline in Guideline::ALL {
        let shares: Vec<String> = months
            .iter()
            .filter_map(|m| {
                let share = m.period.guidelines.get(guideline);
                share
                    .percent
                    .map(|p| format!("{} {p}%", month_label(&m.month, false)))
            })
            .collect();
        if !shares.is_empty() {
            parts.push(format!("{}: {}", guideline.title(), shares.join(", ")));
        }
    }
    if parts.is_empty() {
        "No agenda was judged on any guideline.".to_string()
    } else {
        format!("{}.", parts.join(". "))
    }
}

/// A round upper bound for an axis from 0 to `max`, and its tick step.
fn nice_scale(max: usize) -> (usize, usize) {
    let max = max.max(1);
    for step in [
        1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000,
    ] {
        if max.div_ceil(step) <= 5 {
            return (max.div_ceil(step) * step, step);
        }
    }
    let step = max.div_ceil(5).next_power_of_two();
    (max.div_ceil(step) * step, step)
}

/// One layer of the findings bars: one rule, or the rules too few to get a colour of
/// their own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stack {
    /// The rule's id, or "other rules".
    pub label: String,
    /// The rules it adds up.
    pub rules: Vec<String>,
    /// Its palette index.
    pub colour: usize,
}

impl Stack {
    /// Its findings in `month`.
    pub fn count(&self, month: &Month) -> usize {
        self.rules
            .iter()
            .filter_map(|r| month.period.findings.get(r))
            .sum()
    }
}

/// The stacked bars of findings per rule, per month; `stacks` in stacking order (the
/// first at the bottom).
pub fn findings_bars(months: &[Month], stacks: &[Stack]) -> String {
    let height = 260.0;
    let bottom = height - 30.0;
    let plot_h = bottom - TOP - 12.0;
    let most = months
        .iter()
        .map(|m| m.period.findings.values().sum::<usize>())
        .max()
        .unwrap_or(0);
    let (top, step) = nice_scale(most);
    let total: usize = months
        .iter()
        .map(|m| m.period.findings.values().sum::<usize>())
        .sum();
    let desc = if total == 0 {
        "No findings in any month.".to_string()
    } else {
        let per_month: Vec<String> = months
            .iter()
            .map(|m| {
                let n: usize = m.period.findings.values().sum();
                let parts: Vec<String> = stacks
                    .iter()
                    .map(|stack| (stack, stack.count(m)))
                    .filter(|&(_, c)| c > 0)
                    .map(|(stack, c)| format!("{} {c}", stack.label))
                    .collect();
                if parts.is_empty() {
                    format!("{}: none", month_label(&m.month, false))
                } else {
                    format!(
                        "{}: {n} ({})",
                        month_label(&m.month, false),
                        parts.join(", ")
                    )
                }
            })
            .collect();
        format!("{total} findings. {}.", per_month.join("; "))
    };
    let mut out = open(
        "chart-findings",
        height,
        "Findings per rule, per month",
        &desc,
    );
    let y_of = |value: usize| bottom - plot_h * float(value) / float(top);
    let mut tick = 0;
    while tick <= top {
        let y = y_of(tick);
        let _ = write!(
            out,
            r#"<line class="grid" x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{tick}</text>"#,
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0
        );
        tick += step;
    }
    month_axis(&mut out, months, bottom);
    let n = months.len();
    for (i, month) in months.iter().enumerate() {
        let (x, slot) = month_x(i, n);
        let width = (slot * 0.6).min(46.0);
        let mut below = 0;
        let _ = write!(out, r#"<g class="bar" data-month="{}">"#, month.month);
        for stack in stacks {
            let count = stack.count(month);
            if count == 0 {
                continue;
            }
            let (rule, colour) = (&stack.label, stack.colour);
            let (y0, y1) = (y_of(below), y_of(below + count));
            let _ = write!(
                out,
                r#"<rect x="{:.1}" y="{y1:.1}" width="{width:.1}" height="{:.1}" style="fill:var(--c{colour});stroke:var(--bg);stroke-width:1"><title>{}</title></rect>"#,
                x - width / 2.0,
                y0 - y1,
                escape(&format!(
                    "{}: {rule}, {count} {}",
                    month_label(&month.month, false),
                    if count == 1 { "finding" } else { "findings" }
                ))
            );
            below += count;
        }
        if below > 0 && slot >= 18.0 {
            let _ = write!(
                out,
                r#"<text class="value" x="{x:.1}" y="{:.1}" text-anchor="middle">{below}</text>"#,
                y_of(below) - 4.0
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// A date's day number, for placing it on a time axis.
fn day(date: &str) -> f64 {
    IsoDate::parse(date).map_or(0.0, |d| {
        f64::from(super::fold::days_between(
            IsoDate {
                year: 1000,
                month: 1,
                day: 1,
            },
            d,
        ))
    })
}

/// The cadence strip of one series on the time axis from `first` to `last` (dates):
/// one mark per meeting, filled where career came up, and the long gaps shaded.
pub fn cadence_strip(index: usize, series: &Series, first: &str, last: &str) -> String {
    let height = 64.0;
    let line_y = 24.0;
    let (start, end) = (day(first), day(last));
    let span = (end - start).max(1.0);
    let plot = WIDTH - LEFT - RIGHT;
    let x_of = |date: &str| {
        if end <= start {
            LEFT + plot / 2.0
        } else {
            LEFT + plot * (day(date) - start) / span
        }
    };
    let desc = cadence_desc(series);
    let mut out = open(
        &format!("chart-cadence-{index}"),
        height,
        &format!("Meetings with {}", series.with),
        &desc,
    );
    for gap in &series.long_gaps {
        let (x0, x1) = (x_of(&gap.from), x_of(&gap.to));
        let _ = write!(
            out,
            r#"<rect class="gap" x="{:.1}" y="{:.1}" width="{:.1}" height="18"><title>{}</title></rect>"#,
            x0 + 6.0,
            line_y - 9.0,
            (x1 - x0 - 12.0).max(1.0),
            escape(&format!(
                "{} days from {} to {}: about {} {} missed",
                gap.days,
                gap.from,
                gap.to,
                gap.missed,
                if gap.missed == 1 {
                    "meeting"
                } else {
                    "meetings"
                }
            ))
        );
    }
    let _ = write!(
        out,
        r#"<line class="axis" x1="{LEFT}" x2="{:.1}" y1="{line_y}" y2="{line_y}"/>"#,
        WIDTH - RIGHT
    );
    time_axis(&mut out, first, last, line_y, &x_of);
    for meeting in &series.meetings {
        let x = x_of(&meeting.date);
        let tooltip = format!(
            "{} — {}{}, {} {}",
            meeting.date,
            meeting.path,
            if meeting.career {
                ", career came up"
            } else {
                ""
            },
            meeting.findings,
            if meeting.findings == 1 {
                "finding"
            } else {
                "findings"
            }
        );
        let class = if meeting.career {
            "meeting career"
        } else {
            "meeting"
        };
        let _ = write!(
            out,
            r#"<circle class="{class}" cx="{x:.1}" cy="{line_y}" r="{}"><title>{}</title></circle>"#,
            if meeting.career { 6.5 } else { 5.0 },
            escape(&tooltip)
        );
    }
    out.push_str("</svg>");
    out
}

/// The cadence strip's description: the series in words.
fn cadence_desc(series: &Series) -> String {
    let career = series.meetings.iter().filter(|m| m.career).count();
    format!(
        "{} meetings with {} from {} to {}{}; career came up in {career} of them{}.",
        series.meetings.len(),
        series.with,
        series.meetings.first().map_or("", |m| m.date.as_str()),
        series.meetings.last().map_or("", |m| m.date.as_str()),
        series
            .interval_days
            .map_or_else(String::new, |d| format!(", usually {d} days apart")),
        if series.long_gaps.is_empty() {
            String::new()
        } else {
            let gaps: Vec<String> = series
                .long_gaps
                .iter()
                .map(|g| format!("{} to {} ({} days)", g.from, g.to, g.days))
                .collect();
            format!("; long gaps: {}", gaps.join(", "))
        }
    )
}

/// Month ticks and labels along a strip whose line is at `line_y`.
fn time_axis(out: &mut String, first: &str, last: &str, line_y: f64, x_of: &dyn Fn(&str) -> f64) {
    let plot = WIDTH - LEFT - RIGHT;
    let months = month_starts(first, last);
    let step = label_step(months.len(), plot);
    for (i, (key, date)) in months.iter().enumerate() {
        let x = x_of(date);
        let _ = write!(
            out,
            r#"<line class="grid" x1="{x:.1}" x2="{x:.1}" y1="{:.1}" y2="{:.1}"/>"#,
            line_y + 10.0,
            line_y + 15.0
        );
        if i % step == 0 {
            let _ = write!(
                out,
                r#"<text class="tick" x="{x:.1}" y="{:.1}" text-anchor="start">{}</text>"#,
                line_y + 30.0,
                escape(&month_label(key, i != 0))
            );
        }
    }
}

/// The first day of every month whose start falls within `first`..=`last`, and the
/// month `first` is in: (`YYYY-MM`, date).
fn month_starts(first: &str, last: &str) -> Vec<(String, String)> {
    let (Some(a), Some(b)) = (IsoDate::parse(first), IsoDate::parse(last)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut year, mut month) = (a.year, a.month);
    loop {
        let key = format!("{year:04}-{month:02}");
        let start = if (year, month) == (a.year, a.month) {
            first.to_string()
        } else {
            format!("{key}-01")
        };
        if IsoDate::parse(&start).is_none_or(|d| d > b) {
            break;
        }
        out.push((key, start));
        if month == 12 {
            year += 1;
            month = 1;
        } else {
            month += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_round() {
        assert_eq!(nice_scale(0), (1, 1));
        assert_eq!(nice_scale(4), (4, 1));
        assert_eq!(nice_scale(7), (8, 2));
        assert_eq!(nice_scale(23), (25, 5));
        assert_eq!(nice_scale(1234), (1250, 250));
    }

    #[test]
    fn month_labels() {
        assert_eq!(month_label("2026-09", false), "Sep 2026");
        assert_eq!(month_label("2026-09", true), "Sep");
        assert_eq!(month_label("2027-01", true), "Jan 2027");
    }

    #[test]
    fn month_starts_begin_at_the_first_date() {
        let starts = month_starts("2026-09-15", "2026-11-24");
        let keys: Vec<&str> = starts.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["2026-09", "2026-10", "2026-11"]);
        assert_eq!(starts[0].1, "2026-09-15");
        assert_eq!(starts[1].1, "2026-10-01");
    }
}
