//! The report as Markdown: the tables and the contributions digest, ready to paste into
//! a self-review. Every number is a field of the report document; every digest line
//! names the file and line it comes from, linked relative to where the report is
//! written.

use std::fmt::Write as _;

use super::Links;
use super::document::{Guideline, Report, Source};
use super::html::long_date;
use super::svg::month_label;

/// Escapes text so that Markdown shows it as written (also inside a table cell).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn source(links: &Links, at: &Source) -> String {
    format!(
        "([{}:{}]({}))",
        escape(links.shown(&at.path)),
        at.line,
        links.href(&at.path).replace(' ', "%20")
    )
}

fn share(met: usize, judged: usize, percent: Option<u32>) -> String {
    match percent {
        Some(p) => format!("{met}/{judged} ({p}%)"),
        None => "—".to_string(),
    }
}

/// The whole document.
pub fn render(report: &Report, links: &Links) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let summary = &report.summary;
    let place = links.place(report);
    let _ = writeln!(out, "# 1:1 report: {}\n", escape(&place));
    let range = match (&summary.first, &summary.last) {
        (Some(first), Some(last)) if first == last => format!("on {}", long_date(first)),
        (Some(first), Some(last)) => format!("from {} to {}", long_date(first), long_date(last)),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "{} with {} {range}; {}, {}.\n",
        counted(summary.meetings, "meeting", "meetings"),
        counted(report.series.len(), "person", "people"),
        counted(summary.findings, "finding", "findings"),
        counted(
            report.stale_action_items.len(),
            "stale action item",
            "stale action items"
        )
    );
    guidelines(&mut out, report);
    meetings(&mut out, report);
    findings(&mut out, report);
    actions(&mut out, report, links);
    projects(&mut out, report, links);
    initiatives(&mut out, report, links);
    skills(&mut out, report, links);
    out
}

fn guidelines(out: &mut String, report: &Report) {
    out.push_str("## Prep guidelines\n\n| Guideline | Agendas | Share |\n| --- | ---: | ---: |\n");
    for guideline in Guideline::ALL {
        let s = report.totals.guidelines.get(guideline);
        let _ = writeln!(
            out,
            "| {} | {} of {} | {} |",
            guideline.title(),
            s.met,
            s.judged,
            s.percent
                .map_or_else(|| "—".to_string(), |p| format!("{p}%"))
        );
    }
    out.push_str("\n| Month | Meetings |");
    for guideline in Guideline::ALL {
        let _ = write!(out, " {} |", guideline.title());
    }
    out.push_str("\n| --- | ---: |");
    for _ in Guideline::ALL {
        out.push_str(" ---: |");
    }
    out.push('\n');
    for month in &report.months {
        let _ = write!(
            out,
            "| {} | {} |",
            month_label(&month.month, false),
            month.period.meetings
        );
        for guideline in Guideline::ALL {
            let s = month.period.guidelines.get(guideline);
            let _ = write!(out, " {} |", share(s.met, s.judged, s.percent));
        }
        out.push('\n');
    }
}

fn meetings(out: &mut String, report: &Report) {
    out.push_str("\n## Meetings\n\n| With | Meetings | Usual interval | Career came up | Long gaps |\n| --- | ---: | ---: | ---: | --- |\n");
    for series in &report.series {
        let gaps: Vec<String> = series
            .long_gaps
            .iter()
            .map(|g| format!("{} to {} ({} days)", g.from, g.to, g.days))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            escape(&series.with),
            series.meetings.len(),
            series
                .interval_days
                .map_or_else(|| "—".to_string(), |d| format!("{d} days")),
            series.meetings.iter().filter(|m| m.career).count(),
            if gaps.is_empty() {
                "none".to_string()
            } else {
                gaps.join("; ")
            }
        );
    }
}

fn findings(out: &mut String, report: &Report) {
    out.push_str(
        "\n## Findings per month\n\n| Month | Findings | By rule |\n| --- | ---: | --- |\n",
    );
    for month in &report.months {
        let mut rules: Vec<(&String, &usize)> = month.period.findings.iter().collect();
        rules.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let by_rule: Vec<String> = rules
            .iter()
            .map(|(rule, n)| format!("`{rule}` {n}"))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            month_label(&month.month, false),
            month.period.findings.values().sum::<usize>(),
            by_rule.join(", ")
        );
    }
}

fn actions(out: &mut String, report: &Report, links: &Links) {
    out.push_str("\n## Action items\n\n| Month | Opened | Closed | Carried over | Stale | Dropped |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (label, period) in report
        .months
        .iter()
        .map(|m| (month_label(&m.month, false), &m.period))
        .chain(std::iter::once(("**All**".to_string(), &report.totals)))
    {
        let a = &period.action_items;
        let _ = writeln!(
            out,
            "| {label} | {} | {} | {} | {} | {} |",
            a.opened, a.closed, a.carried_over, a.stale, a.dropped
        );
    }
    if !report.stale_action_items.is_empty() {
        out.push_str("\nStale action items (carried over three times or more):\n\n");
        for item in &report.stale_action_items {
            let now = match &item.ended {
                Some(date) => format!("{} on {date}", item.status.as_str()),
                None => "still open".to_string(),
            };
            let _ = writeln!(
                out,
                "- {} — with {}, carried {} times since {}, {now} {}",
                escape(&item.text),
                escape(&item.with),
                item.carried,
                item.first.date,
                source(links, &item.last)
            );
        }
    }
}

fn projects(out: &mut String, report: &Report, links: &Links) {
    let digest = &report.digest;
    out.push_str("\n## Contributions\n\n### Projects\n");
    if digest.projects.is_empty() {
        out.push_str("\nNo project was discussed.\n");
    }
    for project in &digest.projects {
        let when = if project.first.date == project.last.date {
            project.first.date.clone()
        } else {
            format!("{} to {}", project.first.date, project.last.date)
        };
        let _ = writeln!(
            out,
            "\n#### {}\n\n{}, {when}.\n",
            escape(&project.name),
            counted(project.meetings, "meeting", "meetings")
        );
        let said = project.points();
        for (kind, text, metric, at) in said {
            let kind = if super::record::has_label(text) {
                String::new()
            } else {
                format!("**{kind}:** ")
            };
            let _ = writeln!(
                out,
                "- {kind}{} {}",
                with_metric(text, metric),
                source(links, at)
            );
        }
    }
}

/// `n` and the noun, singular or plural.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `text` escaped, with the first occurrence of `metric` in it set in bold.
fn with_metric(text: &str, metric: Option<&str>) -> String {
    match metric
        .filter(|m| !m.is_empty())
        .and_then(|m| Some((text.find(m)?, m)))
    {
        Some((at, metric)) => format!(
            "{}**{}**{}",
            escape(&text[..at]),
            escape(metric),
            escape(&text[at + metric.len()..])
        ),
        None => escape(text),
    }
}

fn initiatives(out: &mut String, report: &Report, links: &Links) {
    let digest = &report.digest;
    out.push_str("\n### Initiatives\n\n");
    if digest.initiatives.is_empty() {
        out.push_str("No initiative was proposed.\n");
    }
    for initiative in &digest.initiatives {
        let mut facts = Vec::new();
        // The target is set in bold in the text; named apart only when the text does
        // not show it.
        if let Some(metric) = initiative
            .metric
            .as_ref()
            .filter(|m| !initiative.text.contains(m.as_str()))
        {
            facts.push(format!("target: {}", escape(metric)));
        }
        if let Some(deadline) = &initiative.deadline {
            facts.push(format!("deadline: {}", escape(deadline)));
        }
        facts.push(format!(
            "proposed to {} on {}",
            escape(&initiative.with),
            initiative.source.date
        ));
        if initiative.raised > 1 {
            facts.push(format!("raised {} times", initiative.raised));
        }
        let _ = writeln!(
            out,
            "- {} — {} {}",
            with_metric(&initiative.text, initiative.metric.as_deref()),
            facts.join("; "),
            source(links, &initiative.source)
        );
        if let Some(reported) = &initiative.reported {
            let _ = writeln!(
                out,
                "  - Reported on {} as “{}”: {} {}",
                reported.source.date,
                escape(&reported.project),
                escape(&reported.outcome),
                source(links, &reported.source)
            );
        }
    }
}

fn skills(out: &mut String, report: &Report, links: &Links) {
    let digest = &report.digest;
    out.push_str("\n### Skills\n\n");
    if digest.skills.is_empty() {
        out.push_str("No skill to deepen was named.\n");
    }
    for skill in &digest.skills {
        let _ = writeln!(
            out,
            "- {}{} — with {}, {} {}",
            escape(&skill.text),
            if skill.learning_path {
                ""
            } else {
                " (no learning path yet)"
            },
            escape(&skill.with),
            skill.source.date,
            source(links, &skill.source)
        );
    }
}
