//! The report as one self-contained HTML page: styles inline, charts as inline SVG
//! ([`super::svg`]), no script, no font, no image and no link to anywhere but the
//! agendas themselves (relative paths), so opening a report of private notes sends
//! nothing out.
//!
//! The page is also well-formed XML (every element closed, every attribute quoted,
//! only the five predefined entities), which the tests check with an XML parser. It
//! reads at 800 pixels wide, prints on light paper, and follows the reader's
//! `prefers-color-scheme`.

use std::fmt::Write as _;

use super::Links;
use super::document::{Digest, Guideline, Month, Project, Report, Source};
use super::svg;

/// Escapes text for an HTML text node or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --grid: #d1d9e0; --panel: #f6f8fa;
  --accent: #0969da; --gap: rgba(213, 94, 0, 0.16);
  --c0: #0072b2; --c1: #d55e00; --c2: #009e73; --c3: #cc79a7; --c4: #b07a00;
  --c5: #56b4e9; --c6: #882255; --c7: #44aa99; --c8: #8a8a2e; --c9: #6e7781; }
@media (prefers-color-scheme: dark) { :root {
  --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --grid: #30363d; --panel: #151b23;
  --accent: #4493f8; --gap: rgba(255, 140, 66, 0.22);
  --c0: #56b4e9; --c1: #ff8c42; --c2: #3ccf9e; --c3: #e7a3cb; --c4: #f0c04a;
  --c5: #9ad3f5; --c6: #d46a9f; --c7: #7fd4c6; --c8: #cfcf6b; --c9: #b0b8c0; } }
* { box-sizing: border-box; }
html { background: var(--bg); }
body { margin: 0 auto; max-width: 960px; padding: 24px 20px 48px; background: var(--bg);
  color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--grid); }
h3 { font-size: 16px; margin: 20px 0 4px; }
h4 { font-size: 15px; margin: 16px 0 2px; }
p { margin: 6px 0; }
.lede { color: var(--muted); }
.note { color: var(--muted); font-size: 13px; }
nav ul { list-style: none; padding: 0; margin: 12px 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 14px; }
a { color: var(--accent); }
code { font-size: 90%; }
.figures { display: flex; flex-wrap: wrap; gap: 8px; margin: 16px 0 0; padding: 0; list-style: none; }
.figures li { flex: 1 1 120px; background: var(--panel); border-radius: 6px; padding: 8px 12px; }
.figures b { display: block; font-size: 22px; font-variant-numeric: tabular-nums; }
.figures span { color: var(--muted); font-size: 13px; }
figure { margin: 12px 0; }
figcaption { color: var(--muted); font-size: 13px; }
svg.chart { display: block; width: 100%; height: auto; }
svg.chart text { fill: var(--muted); font-size: 11px; font-family: inherit; }
svg.chart text.value { fill: var(--fg); font-size: 10.5px; }
.grid { stroke: var(--grid); stroke-width: 1; }
.axis { stroke: var(--muted); stroke-width: 1.5; }
.meeting { fill: var(--bg); stroke: var(--c0); stroke-width: 2; }
.meeting.career { fill: var(--c1); stroke: var(--c1); }
.gap { fill: var(--gap); }
.legend { list-style: none; padding: 0; margin: 6px 0; display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 13px; }
.legend svg { vertical-align: middle; margin-right: 6px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 8px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--grid); vertical-align: top; }
th { font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.meter { display: inline-block; width: 120px; height: 8px; background: var(--grid); border-radius: 4px; vertical-align: middle; margin-right: 8px; overflow: hidden; }
.meter span { display: block; height: 100%; background: var(--c2); }
.src { color: var(--muted); font-size: 12.5px; white-space: nowrap; }
.src a { color: inherit; }
details { margin: 6px 0; }
summary { cursor: pointer; color: var(--muted); font-size: 13px; }
ul.points { margin: 2px 0 8px; padding-left: 20px; }
ul.points li { margin: 2px 0; }
ul.digest { list-style: none; margin: 4px 0 12px; padding: 0; }
ul.digest > li { padding: 8px 0; border-bottom: 1px solid var(--grid); }
ul.digest p { margin: 0; }
.facts { color: var(--muted); font-size: 13.5px; margin-top: 2px; }
.facts b { color: var(--fg); font-weight: 600; }
strong.metric { font-weight: 650; }
td > svg { vertical-align: middle; margin-right: 8px; }
article.project { margin: 0 0 4px; }
.tag { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 10px; background: var(--panel); color: var(--muted); border: 1px solid var(--grid); }
.tag.good { color: var(--c2); border-color: var(--c2); }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--grid); padding-top: 8px; }
@media print {
  :root { --bg: #ffffff; --fg: #000000; --muted: #444c56; --grid: #c8ced6; --panel: #f3f4f6; --accent: #000000;
    --c0: #0072b2; --c1: #d55e00; --c2: #009e73; --c3: #cc79a7; --c4: #b07a00;
    --c5: #56b4e9; --c6: #882255; --c7: #44aa99; --c8: #8a8a2e; --c9: #6e7781; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  h2 { break-after: avoid; }
  figure, tr, article, .series { break-inside: avoid; }
  a { text-decoration: none; }
}
"#;

/// `2026-09-01` → `1 Sep 2026`.
pub fn long_date(date: &str) -> String {
    let mut parts = date.splitn(3, '-');
    let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next()) else {
        return date.to_string();
    };
    let month = svg::month_label(&format!("{year}-{month}"), true);
    let month = month.split(' ').next().unwrap_or(&month);
    format!("{} {month} {year}", day.trim_start_matches('0'))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        crate::brief::count(n),
        if n == 1 { one } else { many }
    )
}

/// A link back to a place in an agenda.
fn source(links: &Links, at: &Source) -> String {
    format!(
        r#"<span class="src"><a href="{}">{}:{}</a></span>"#,
        escape(&links.href(&at.path)),
        escape(links.shown(&at.path)),
        at.line
    )
}

/// The rules that have findings, most findings first.
fn rules_by_findings(report: &Report) -> Vec<(&str, usize)> {
    let mut rules: Vec<(&str, usize)> = report
        .totals
        .findings
        .iter()
        .map(|(rule, &n)| (rule.as_str(), n))
        .collect();
    rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    rules
}

/// The layers of the findings bars: a colour for each rule, most findings first,
/// while the palette lasts; the rest share its last colour as "other rules".
fn stacks(rules: &[(&str, usize)]) -> Vec<svg::Stack> {
    let own = if rules.len() > svg::COLOURS {
        svg::COLOURS - 1
    } else {
        rules.len()
    };
    let mut stacks: Vec<svg::Stack> = rules[..own]
        .iter()
        .enumerate()
        .map(|(i, (rule, _))| svg::Stack {
            label: (*rule).to_string(),
            rules: vec![(*rule).to_string()],
            colour: i,
        })
        .collect();
    if own < rules.len() {
        stacks.push(svg::Stack {
            label: "other rules".to_string(),
            rules: rules[own..].iter().map(|(r, _)| (*r).to_string()).collect(),
            colour: svg::COLOURS - 1,
        });
    }
    stacks
}

/// The whole page.
pub fn render(report: &Report, links: &Links) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let place = links.place(report);
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta name="color-scheme" content="light dark"/>
<title>1:1 report — {}</title>
<style>{STYLE}</style>
</head>
<body>
"#,
        escape(&place)
    );
    header(&mut out, report, &place);
    guidelines(&mut out, report);
    cadence(&mut out, report);
    findings(&mut out, report);
    actions(&mut out, report, links);
    digest(&mut out, report, links);
    footer(&mut out, report, &place);
    out.push_str("</body>\n</html>\n");
    out
}

fn header(out: &mut String, report: &Report, place: &str) {
    let summary = &report.summary;
    let people = report.series.len();
    let range = match (&summary.first, &summary.last) {
        (Some(first), Some(last)) if first == last => format!(" on {}", long_date(first)),
        (Some(first), Some(last)) => {
            format!(" from {} to {}", long_date(first), long_date(last))
        }
        _ => String::new(),
    };
    let _ = write!(
        out,
        r##"<header>
<h1>1:1 report</h1>
<p class="lede">{} with {}{range}, in <code>{}</code>.{}</p>
<ul class="figures">
<li><b>{}</b><span>meetings</span></li>
<li><b>{}</b><span>{}</span></li>
<li><b>{}</b><span>findings</span></li>
<li><b>{}</b><span>stale action items</span></li>
<li><b>{}</b><span>projects in the digest</span></li>
</ul>
<nav><ul><li><a href="#guidelines">Guidelines</a></li><li><a href="#meetings">Meetings</a></li><li><a href="#findings">Findings</a></li><li><a href="#action-items">Action items</a></li><li><a href="#contributions">Contributions</a></li></ul></nav>
</header>
"##,
        plural(summary.meetings, "meeting", "meetings"),
        plural(people, "person", "people"),
        escape(place),
        scope_note(report),
        crate::brief::count(summary.meetings),
        crate::brief::count(people),
        if people == 1 { "person" } else { "people" },
        crate::brief::count(summary.findings),
        crate::brief::count(report.stale_action_items.len()),
        crate::brief::count(report.digest.projects.len()),
    );
}

fn scope_note(report: &Report) -> String {
    let scope = &report.scope;
    let mut parts = Vec::new();
    if let Some(since) = &scope.since {
        parts.push(format!("since {}", long_date(since)));
    }
    if let Some(until) = &scope.until {
        parts.push(format!("until {}", long_date(until)));
    }
    if let Some(with) = &scope.with {
        parts.push(format!("with “{}” only", escape(with)));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" Covering meetings {}.", parts.join(", "))
    }
}

/// A legend entry: a short line and marker in a guideline's style.
fn guideline_swatch(g: usize) -> String {
    let colour = format!("var(--c{g})");
    let dash = svg::dash(g);
    format!(
        r#"<svg width="34" height="12" viewBox="0 0 34 12" aria-hidden="true"><path d="M1 6H33" style="fill:none;stroke:{colour};stroke-width:2;stroke-dasharray:{}"/>{}</svg>"#,
        if dash.is_empty() { "none" } else { dash },
        svg::marker(g, 17.0, 6.0, &colour, "").replace("<title></title>", "")
    )
}

fn share_cell(met: usize, judged: usize, percent: Option<u32>) -> String {
    match percent {
        Some(p) => format!("{met}/{judged} ({p}%)"),
        None if judged == 0 => "—".to_string(),
        None => format!("{met}/{judged}"),
    }
}

fn guidelines(out: &mut String, report: &Report) {
    out.push_str(
        r#"<section id="guidelines">
<h2>Prep guidelines</h2>
<p>How many agendas meet each point of the prep guidance, over every meeting in the report and month by month.</p>
<table>
<thead><tr><th>Guideline</th><th class="num">Agendas</th><th>Share</th></tr></thead>
<tbody>
"#,
    );
    for (g, guideline) in Guideline::ALL.iter().enumerate() {
        let share = report.totals.guidelines.get(*guideline);
        let bar = share.percent.map_or_else(
            || "<span class=\"note\">not judged</span>".to_string(),
            |p| {
                format!(
                    r#"<span class="meter"><span style="width:{p}%;background:var(--c{g})"></span></span>{p}%"#
                )
            },
        );
        let _ = writeln!(
            out,
            r#"<tr><td>{}{}</td><td class="num">{} of {}</td><td>{bar}</td></tr>"#,
            guideline_swatch(g),
            escape(guideline.title()),
            share.met,
            share.judged
        );
    }
    out.push_str("</tbody>\n</table>\n");
    let _ = write!(
        out,
        "<figure>
{}
<figcaption>Share of agendas meeting each guideline, month by month. Hover a marker for its numbers; a month with no agenda judged has no marker.</figcaption>
</figure>
",
        svg::guideline_lines(&report.months)
    );
    out.push_str(r#"<details><summary>The same numbers as a table</summary><div class="scroll"><table><thead><tr><th>Month</th><th class="num">Meetings</th>"#);
    for guideline in Guideline::ALL {
        let _ = write!(out, r#"<th class="num">{}</th>"#, escape(guideline.title()));
    }
    out.push_str("</tr></thead><tbody>\n");
    for month in &report.months {
        let _ = write!(
            out,
            r#"<tr><td>{}</td><td class="num">{}</td>"#,
            svg::month_label(&month.month, false),
            month.period.meetings
        );
        for guideline in Guideline::ALL {
            let share = month.period.guidelines.get(guideline);
            let _ = write!(
                out,
                r#"<td class="num">{}</td>"#,
                share_cell(share.met, share.judged, share.percent)
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div></details>\n<details><summary>How each guideline is judged</summary><ul class=\"points\">\n");
    for guideline in Guideline::ALL {
        let _ = writeln!(
            out,
            "<li><b>{}</b>: {}.</li>",
            escape(guideline.title()),
            escape(guideline.judged_by()).replace('`', "")
        );
    }
    out.push_str("</ul><p class=\"note\">An agenda whose config turns off every rule of a guideline is not judged on it.</p></details>\n</section>\n");
}

fn cadence(out: &mut String, report: &Report) {
    out.push_str(
        r#"<section id="meetings">
<h2>Meetings</h2>
<p>One mark per meeting on a common time line; a filled mark is a meeting where career came up, a shaded stretch a gap long enough that meetings were missed.</p>
<ul class="legend"><li><svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true"><circle class="meeting" cx="7" cy="7" r="5"/></svg>meeting</li><li><svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><circle class="meeting career" cx="8" cy="8" r="6.5"/></svg>career came up</li><li><svg width="26" height="14" viewBox="0 0 26 14" aria-hidden="true"><rect class="gap" x="0" y="0" width="26" height="14"/></svg>long gap</li></ul>
"#,
    );
    let first = report.summary.first.clone().unwrap_or_default();
    let last = report.summary.last.clone().unwrap_or_default();
    for (i, series) in report.series.iter().enumerate() {
        let career = series.meetings.iter().filter(|m| m.career).count();
        let interval = series
            .interval_days
            .map_or_else(String::new, |d| format!(", usually {d} days apart"));
        let gaps = if series.long_gaps.is_empty() {
            "No long gap.".to_string()
        } else {
            let spans: Vec<String> = series
                .long_gaps
                .iter()
                .map(|g| {
                    format!(
                        "{} to {} ({} days, about {} missed)",
                        long_date(&g.from),
                        long_date(&g.to),
                        g.days,
                        plural(g.missed as usize, "meeting", "meetings")
                    )
                })
                .collect();
            format!("Long gaps: {}.", spans.join("; "))
        };
        let _ = write!(
            out,
            r#"<div class="series">
<h3>{}</h3>
<p>{}{interval}; career came up in {career}. {gaps}</p>
{}
</div>
"#,
            escape(&series.with),
            plural(series.meetings.len(), "meeting", "meetings"),
            svg::cadence_strip(i, series, &first, &last)
        );
    }
    out.push_str("</section>\n");
}

fn findings(out: &mut String, report: &Report) {
    let rules = rules_by_findings(report);
    let stacks = stacks(&rules);
    out.push_str(
        r#"<section id="findings">
<h2>Findings per rule</h2>
<p>What <code>agendalint check</code> reports in these agendas, month by month.</p>
"#,
    );
    let _ = write!(
        out,
        "<figure>\n{}\n<figcaption>Findings per month, stacked by rule. Hover a block for its rule and count.</figcaption>\n</figure>\n",
        svg::findings_bars(&report.months, &stacks)
    );
    if rules.is_empty() {
        out.push_str("<p>No findings.</p>\n</section>\n");
        return;
    }
    out.push_str(r#"<ul class="legend">"#);
    for stack in &stacks {
        let total: usize = report.months.iter().map(|m| stack.count(m)).sum();
        let _ = write!(
            out,
            r#"<li><svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><rect width="12" height="12" style="fill:var(--c{})"/></svg><code>{}</code> {total}</li>"#,
            stack.colour,
            escape(&stack.label),
        );
    }
    out.push_str("</ul>\n");
    out.push_str(r#"<details><summary>The same numbers as a table</summary><div class="scroll"><table><thead><tr><th>Rule</th><th class="num">Total</th>"#);
    for month in &report.months {
        let _ = write!(
            out,
            r#"<th class="num">{}</th>"#,
            svg::month_label(&month.month, false)
        );
    }
    out.push_str("</tr></thead><tbody>\n");
    for (rule, total) in &rules {
        let _ = write!(
            out,
            r#"<tr><td><code>{}</code></td><td class="num">{total}</td>"#,
            escape(rule),
        );
        for month in &report.months {
            let _ = write!(
                out,
                r#"<td class="num">{}</td>"#,
                month.period.findings.get(*rule).copied().unwrap_or(0)
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div></details>\n</section>\n");
}

fn action_row(out: &mut String, label: &str, month: &Month) {
    let a = &month.period.action_items;
    let _ = writeln!(
        out,
        r#"<tr><td>{label}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
        a.opened, a.closed, a.carried_over, a.stale, a.dropped
    );
}

fn actions(out: &mut String, report: &Report, links: &Links) {
    out.push_str(
        r#"<section id="action-items">
<h2>Action items</h2>
<p>Task-list items followed from one meeting to the next with the same person: new, checked off, carried over still open, carried for the third time or more (stale), or left out while still open (dropped).</p>
<div class="scroll"><table>
<thead><tr><th>Month</th><th class="num">Opened</th><th class="num">Closed</th><th class="num">Carried over</th><th class="num">Stale</th><th class="num">Dropped</th></tr></thead>
<tbody>
"#,
    );
    for month in &report.months {
        action_row(out, &svg::month_label(&month.month, false), month);
    }
    action_row(
        out,
        "<b>All</b>",
        &Month {
            month: String::new(),
            period: report.totals.clone(),
        },
    );
    out.push_str("</tbody>\n</table></div>\n<h3>Stale action items</h3>\n");
    if report.stale_action_items.is_empty() {
        out.push_str("<p>No action item was carried over three times or more.</p>\n");
    } else {
        out.push_str(r#"<div class="scroll"><table><thead><tr><th>Item</th><th>With</th><th>First written</th><th>Last seen open</th><th class="num">Carried</th><th>Now</th></tr></thead><tbody>"#);
        for item in &report.stale_action_items {
            let now = match &item.ended {
                Some(date) => format!("{} {}", item.status.as_str(), long_date(date)),
                None => item.status.as_str().to_string(),
            };
            let _ = writeln!(
                out,
                r#"<tr><td>{}</td><td>{}</td><td>{} {}</td><td>{} {}</td><td class="num">{}×</td><td>{now}</td></tr>"#,
                escape(&item.text),
                escape(&item.with),
                long_date(&item.first.date),
                source(links, &item.first),
                long_date(&item.last.date),
                source(links, &item.last),
                item.carried
            );
        }
        out.push_str("</tbody></table></div>\n");
    }
    out.push_str("</section>\n");
}

fn digest(out: &mut String, report: &Report, links: &Links) {
    let digest = &report.digest;
    out.push_str(
        r#"<section id="contributions">
<h2>Contributions</h2>
<p>The record to bring to a review instead of a promotion ask: the projects you discussed with the decisions, lessons and measured outcomes you stated, the initiatives you proposed and what became of them, and the skills you set out to deepen. Each line links back to where you wrote it.</p>
<h3>Projects</h3>
"#,
    );
    if digest.projects.is_empty() {
        out.push_str("<p>No project was discussed.</p>\n");
    }
    for project in &digest.projects {
        project_article(out, project, links);
    }
    initiatives(out, digest, links);
    skills(out, digest, links);
    out.push_str("</section>\n");
}

/// `text` escaped, with the first occurrence of `metric` in it set in bold.
fn with_metric(text: &str, metric: Option<&str>) -> String {
    match metric
        .filter(|m| !m.is_empty())
        .and_then(|m| Some((text.find(m)?, m)))
    {
        Some((at, metric)) => format!(
            "{}<strong class=\"metric\">{}</strong>{}",
            escape(&text[..at]),
            escape(metric),
            escape(&text[at + metric.len()..])
        ),
        None => escape(text),
    }
}

/// A digest line: as written when it names its own kind ("Decision: …"), else with the
/// kind in front.
fn kind_and_text(kind: &str, text: &str, html: String) -> String {
    if super::record::has_label(text) {
        html
    } else {
        format!("<b>{kind}:</b> {html}")
    }
}

fn project_article(out: &mut String, project: &Project, links: &Links) {
    let when = if project.first.date == project.last.date {
        long_date(&project.first.date)
    } else {
        format!(
            "{} to {}",
            long_date(&project.first.date),
            long_date(&project.last.date)
        )
    };
    let _ = write!(
        out,
        "<article class=\"project\">\n<h4>{}</h4>\n<p class=\"note\">{}, {when} {}</p>\n",
        escape(&project.name),
        plural(project.meetings, "meeting", "meetings"),
        source(links, &project.first)
    );
    let said = project.points();
    let mut any = false;
    for (kind, text, metric, at) in said {
        if !any {
            out.push_str("<ul class=\"points\">\n");
            any = true;
        }
        let _ = writeln!(
            out,
            "<li>{} {}</li>",
            kind_and_text(kind, text, with_metric(text, metric)),
            source(links, at)
        );
    }
    if any {
        out.push_str("</ul>\n");
    } else {
        out.push_str(
            "<p class=\"note\">No decision, lesson or measured outcome written down.</p>\n",
        );
    }
    out.push_str("</article>\n");
}

fn initiatives(out: &mut String, digest: &Digest, links: &Links) {
    out.push_str("<h3>Initiatives</h3>\n");
    if digest.initiatives.is_empty() {
        out.push_str("<p>No initiative was proposed.</p>\n");
        return;
    }
    out.push_str("<ul class=\"digest\">\n");
    for initiative in &digest.initiatives {
        let none = "<span class=\"note\">none stated</span>";
        let target = initiative
            .metric
            .as_deref()
            .map_or_else(|| none.to_string(), escape);
        let deadline = initiative
            .deadline
            .as_deref()
            .map_or_else(|| none.to_string(), escape);
        let raised = if initiative.raised > 1 {
            format!(", raised {} times", initiative.raised)
        } else {
            String::new()
        };
        let reported = initiative.reported.as_ref().map_or_else(
            || "<span class=\"tag\">not reported yet</span>".to_string(),
            |r| {
                format!(
                    "<span class=\"tag good\">reported</span> {} in “{}”: {} {}",
                    long_date(&r.source.date),
                    escape(&r.project),
                    escape(&r.outcome),
                    source(links, &r.source)
                )
            },
        );
        let _ = writeln!(
            out,
            "<li><p>{}</p><p class=\"facts\">Target: <b>{target}</b> · Deadline: <b>{deadline}</b> · Proposed to {}, {}{raised} {}</p><p class=\"facts\">{reported}</p></li>",
            with_metric(&initiative.text, initiative.metric.as_deref()),
            escape(&initiative.with),
            long_date(&initiative.source.date),
            source(links, &initiative.source)
        );
    }
    out.push_str("</ul>\n");
}

fn skills(out: &mut String, digest: &Digest, links: &Links) {
    out.push_str("<h3>Skills</h3>\n");
    if digest.skills.is_empty() {
        out.push_str("<p>No skill to deepen was named.</p>\n");
        return;
    }
    out.push_str("<ul class=\"digest\">\n");
    for skill in &digest.skills {
        let tag = if skill.learning_path {
            "<span class=\"tag good\">learning path</span>"
        } else {
            "<span class=\"tag\">no learning path yet</span>"
        };
        let _ = writeln!(
            out,
            "<li><p>{}</p><p class=\"facts\">{tag} With {}, {} {}</p></li>",
            escape(&skill.text),
            escape(&skill.with),
            long_date(&skill.source.date),
            source(links, &skill.source)
        );
    }
    out.push_str("</ul>\n");
}

fn footer(out: &mut String, report: &Report, place: &str) {
    let summary = &report.summary;
    let mut notes = Vec::new();
    if summary.unplaced > 0 {
        notes.push(format!(
            "{} without a real <code>date</code> or a <code>with</code> left out ({}).",
            plural(summary.unplaced, "file", "files"),
            escape(&crate::brief::name_a_few(
                &summary.unplaced_files,
                summary.unplaced
            ))
        ));
    }
    if summary.not_agendas > 0 {
        notes.push(format!(
            "{} skipped as not {}, as <code>agendalint check</code> skips them.",
            plural(summary.not_agendas, "Markdown file", "Markdown files"),
            if summary.not_agendas == 1 {
                "an agenda"
            } else {
                "agendas"
            }
        ));
    }
    if summary.file_errors > 0 {
        notes.push(format!(
            "{} could not be read and {} left out.",
            plural(summary.file_errors, "file", "files"),
            if summary.file_errors == 1 {
                "is"
            } else {
                "are"
            }
        ));
    }
    let _ = write!(
        out,
        "<footer>\n<p>Written by <code>agendalint report</code> from the agendas in <code>{}</code>. This page is self-contained: it loads nothing from anywhere.</p>\n{}</footer>\n",
        escape(place),
        notes.iter().fold(String::new(), |mut all, n| {
            let _ = writeln!(all, "<p>{n}</p>");
            all
        })
    );
}
