//! Deterministic corpus of realistic 1:1 agendas, for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- DIR N
//! ```
//!
//! Writes `N` agendas of 1–6 KB as `DIR/<person>/<year>/<date>-<person>.md`, one meeting
//! series per person (weekly meetings, several people), and a `.agendalint.yaml` at `DIR`.
//! Everything comes from a fixed-seed PRNG written inline (`SplitMix64`), seeded per file
//! from its index, so the same `N` always gives byte-identical files. `DIR` must be empty
//! or not exist yet.
//!
//! The vocabulary follows the README's agenda format: front matter with date, with and
//! duration; section headings from its synonym list with time boxes in each accepted
//! form; projects with (or without) decisions, lessons and metrics; initiatives with and
//! without metrics and deadlines; career, skills, feedback, alignment and non-technical
//! items; action items as task lists; some complaints, promotion asks, vague wishes and
//! template prompts; non-ASCII names and em dashes.

// A command-line tool: it reports on standard error.
#![allow(clippy::print_stderr)]

use std::fmt::Write as _;
use std::path::PathBuf;

/// The fixed seed of the whole corpus.
const SEED: u64 = 0x5EED_A6E7_DA11_0001;
/// Files are between these sizes (bytes).
const MIN_SIZE: usize = 1024;
const MAX_SIZE: usize = 6 * 1024;
/// At most this many meetings per person; more files means more people.
const MEETINGS_PER_PERSON: usize = 200;
/// At least this many people (fewer only when `N` is smaller).
const MIN_PEOPLE: usize = 6;

/// `SplitMix64`: small, fast and good enough for test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        let mut rng = Rng(seed);
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`%.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------
// Vocabulary.

const FIRST: &[&str] = &[
    "Alex",
    "Priya",
    "José",
    "Zoë",
    "Chloé",
    "Søren",
    "Łukasz",
    "Mei",
    "Ana",
    "Noah",
    "Fatima",
    "Björn",
    "Renée",
    "Kwame",
    "Ines",
    "Mateo",
    "Aiko",
    "Olu",
    "François",
    "Hana",
    "Dmitri",
    "Nuño",
    "Siobhán",
    "Ravi",
];
const LAST: &[&str] = &[
    "Kim",
    "García",
    "Müller",
    "Nguyễn",
    "O'Brien",
    "Okafor",
    "Haddad",
    "Kowalski",
    "Rossi",
    "Tanaka",
    "Løvås",
    "Dubois",
    "Patel",
    "Fernández",
    "Novák",
    "Çelik",
    "Schmidt",
    "Ahmed",
    "Lindqvist",
    "Moreau",
];

const SYSTEMS: &[&str] = &[
    "checkout service",
    "payments-api",
    "refund-events consumer",
    "search indexer",
    "billing pipeline",
    "notification fan-out",
    "ledger reconciliation job",
    "feature-flag service",
    "mobile release train",
    "data warehouse loader",
    "auth gateway",
    "inventory sync",
    "CI pipeline",
    "observability stack",
    "pricing engine",
    "recommendations API",
];
const PROJECT_VERBS: &[&str] = &[
    "rewrite",
    "migration to Kubernetes",
    "cut-over to Postgres 16",
    "sharding",
    "latency work",
    "on-call hardening",
    "v2 launch",
    "cost reduction",
    "multi-region rollout",
    "schema clean-up",
];
const DECISIONS: &[&str] = &[
    "moved to an event queue instead of polling — trade-off: more moving parts",
    "chose Kafka over SQS for ordering guarantees, at the cost of running brokers ourselves",
    "kept the monolith's write path and split only the reads, rather than a full rewrite",
    "dedupe on a client-generated idempotency key in Postgres instead of a Redis lock",
    "adopted gRPC between the two services instead of REST — stricter contracts, harder debugging",
    "pre-scale pods from the traffic forecast instead of relying on the HPA alone",
    "cooperative-sticky assignor instead of eager rebalancing, at the cost of a client upgrade",
    "feature flags for every migration step, so rollback is a config change and not a deploy",
    "one consumer group per region instead of a global one",
    "denormalised the order view into a read model, trading storage for 3x faster queries",
];
const LESSONS: &[&str] = &[
    "load-test before the cut-over; staging hid the connection-pool limit",
    "write the retry matrix before coding — two duplicate paths only showed up in review",
    "profile before optimising; the slowest 5% of tests took 40% of the runtime",
    "interview the service owners before designing the API",
    "rehearse the cutover with production-sized data",
    "upgrade clients one service at a time and watch consumer lag, not just error rates",
    "plan for the worst case, not the forecast",
    "a design doc with explicit non-goals saved two weeks of scope debate",
];
const OUTCOMES: &[&str] = &[
    "p99 latency from 2.1 s to 450 ms after the rollout",
    "duplicate charges went from ~30 a week to zero",
    "median pipeline time from 31 to 12 minutes, runner spend unchanged",
    "error rate down 60% since the Aug 18 release",
    "saved $4,200 a month in compute",
    "pages per week from 9 to 2",
    "index build time cut by 45%",
    "shipped to 100% of traffic with no incident",
];
const VAGUE_PROJECT_NOTES: &[&str] = &[
    "went fine overall, a few rough edges",
    "still in progress, more next time",
    "demoed to the team on Thursday",
    "waiting on the platform team for review",
    "pairing with Zoë on the tricky parts",
];
const INITIATIVES_GOOD: &[&str] = &[
    "Propose a flaky-test budget: cut CI reruns by 40% within 60 days",
    "Progressive canary deploys for payments-api: cut deploy time from 40 to 15 minutes by end of Q4",
    "Runbook-first on-call: every alert gets a runbook, to cut time to acknowledge from 14 to 5 minutes by March",
    "Reduce average bug resolution time by 30% in 60 days with a weekly triage rotation",
    "Shared consumer library for all 6 payments consumers by end of Q1, targeting 50% fewer DLQ pages",
    "Move nightly batch jobs to spot instances: save 25% of the batch bill within two sprints",
];
const INITIATIVES_VAGUE: &[&str] = &[
    "Improve CI reliability",
    "We should do something about flaky tests",
    "Better documentation for the onboarding flow",
    "Look into caching for the search page",
    "Clean up the alerting rules",
    "Make deploys faster",
];
const GOALS: &[&str] = &["reliability", "developer productivity", "cost"];
const CAREER_GOOD: &[&str] = &[
    "In 18 months lead a team; first step: run the Q1 migration as tech lead",
    "Within 12 months, be the tech lead for checkout; first step: lead the idempotency rollout by November 30",
    "By mid-2027, lead a cross-team design; first step: run the design review on the 19th",
    "Move toward staff engineer over the next year: own the platform RFC process starting this quarter",
];
const CAREER_VAGUE: &[&str] = &[
    "I want to lead",
    "Would like more ownership eventually",
    "Thinking about management at some point",
    "I'd like to grow into a bigger role",
];
const PROMOTION: &[&str] = &[
    "When can I get promoted to senior?",
    "Is a raise possible this cycle?",
    "Am I on track for the next level?",
];
const SKILLS_GOOD: &[&str] = &[
    "Deepen Kafka: finish the internals course and own one consumer by March",
    "Distributed tracing: instrument the consumer library with OpenTelemetry and finish “Observability Engineering” by January 31",
    "Learn Terraform: migrate the staging VPC module and pair with the platform team for 4 weeks",
    "Rust: rewrite the log shipper's parser as a side project and read the async book by end of Q2",
    "SQL performance: take the Postgres query-planning workshop and tune the 3 slowest reports this month",
];
const SKILLS_VAGUE: &[&str] = &[
    "get better at backend",
    "learn more about system design",
    "improve my communication",
    "be more strategic",
];
const FEEDBACK: &[&str] = &[
    "Any feedback for me?",
    "How did my design review presentation on Tuesday land with the staff engineers?",
    "Was the incident write-up for the ledger outage detailed enough for the exec summary?",
    "Anything I should do differently?",
    "Did the RFC comments come across as too blunt?",
];
const ALIGNMENT: &[&str] = &[
    "How does the canary proposal map to the H1 OKR on deploy frequency?",
    "Is reliability still the top company goal for Q1, or has cost moved up?",
    "Confirm the team's objectives for next half before planning",
];
const NON_TECH: &[&str] = &[
    "December holiday coverage: I'm out Dec 22 – Jan 2",
    "KubeCon travel in November — who else from the team is going?",
    "Team offsite ideas for spring",
    "Parental leave planning for April",
    "Moving desks to the 3rd floor next week",
    "Conference budget for next year",
];
const COMPLAINTS: &[&str] = &[
    "Swamped with on-call again: three pages last week, two between 2 and 4 a.m.",
    "Too many meetings this sprint, I barely got any focus time",
    "The platform team keeps ignoring our tickets",
    "I'm frustrated that the release process keeps changing",
    "Code reviews from the other team take forever",
];
const ACTIONS: &[&str] = &[
    "Send the migration RFC to {p} by Friday",
    "Book a design review for the refund-events consumer with José García",
    "Ask Zoë whether the refund SLA can move to 24 h",
    "Share the canary proposal doc with {p}",
    "Write up the incident timeline for the postmortem",
    "Update the on-call runbook for the ledger job",
    "Collect retry/DLQ patterns from the payments consumers",
    "Draft the Q1 roadmap section on reliability",
    "Follow up with Søren on the load-test numbers",
];
const PROMPTS: &[&str] = &[
    "<one proposal with a metric and a deadline>",
    "<what you chose, over which alternative, and why>",
];

/// Heading synonyms per section kind (from the README's agenda format section).
const H_PROJECTS: &[&str] = &[
    "Projects",
    "Project deep dives",
    "Deep dives",
    "Recent work",
    "What I shipped",
    "Technical topics",
];
const H_INITIATIVES: &[&str] = &["Initiatives", "Proposals", "Ideas", "Improvements"];
const H_CAREER: &[&str] = &["Career", "Growth", "Aspirations"];
const H_SKILLS: &[&str] = &[
    "Skills",
    "Skill gaps",
    "Learning",
    "Development",
    "Learning plan",
];
const H_FEEDBACK: &[&str] = &["Feedback", "Asks", "Questions"];
const H_ALIGNMENT: &[&str] = &["Alignment", "Company goals", "OKRs", "Objectives"];
const H_NON_TECH: &[&str] = &[
    "Non-technical",
    "Personal",
    "Wellbeing",
    "Work-life",
    "Misc",
    "Other topics",
];
const H_ACTIONS: &[&str] = &[
    "Action items",
    "Actions",
    "Follow-ups",
    "Next steps",
    "To do",
];

// ---------------------------------------------------------------------------------------
// Dates.

fn is_leap(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The date `days` days after 2019-01-07.
fn date_after(mut days: u32) -> (u32, u32, u32) {
    let (mut year, mut month, mut day) = (2019, 1, 7);
    while days > 0 {
        let left = days_in_month(year, month) - day;
        if days <= left {
            day += days;
            days = 0;
        } else {
            days -= left + 1;
            day = 1;
            month += 1;
            if month > 12 {
                month = 1;
                year += 1;
            }
        }
    }
    (year, month, day)
}

// ---------------------------------------------------------------------------------------
// People.

struct Person {
    name: String,
    first: &'static str,
    slug: String,
    /// Day offset of this person's first meeting.
    start: u32,
    /// Days between meetings.
    cadence: u32,
}

fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let mapped = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => "a",
            'é' | 'è' | 'ê' | 'ë' | 'ễ' => "e",
            'í' | 'ì' | 'î' | 'ï' => "i",
            'ó' | 'ò' | 'ô' | 'ö' | 'ø' => "o",
            'ú' | 'ù' | 'û' | 'ü' => "u",
            'ñ' => "n",
            'ç' | 'Ç' => "c",
            'ł' | 'Ł' => "l",
            'ß' => "ss",
            ' ' | '\'' => "-",
            c if c.is_ascii_alphanumeric() => {
                out.push(c.to_ascii_lowercase());
                continue;
            }
            _ => "",
        };
        out.push_str(mapped);
    }
    out.split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn people(count: usize) -> Vec<Person> {
    let mut rng = Rng::new(SEED ^ 0xFEED);
    let mut out: Vec<Person> = Vec::with_capacity(count);
    let mut n = 0usize;
    while out.len() < count {
        let first = FIRST[n % FIRST.len()];
        let last = LAST[(n / FIRST.len() + n * 7) % LAST.len()];
        let round = n / (FIRST.len() * LAST.len());
        n += 1;
        let name = if round == 0 {
            format!("{first} {last}")
        } else {
            format!("{first} {last} {}", round + 1)
        };
        let s = slug(&name);
        if out.iter().any(|p| p.slug == s) {
            continue;
        }
        let cadence = [7, 7, 14, 14, 14, 21][rng.below(6)];
        out.push(Person {
            name,
            first,
            slug: s,
            start: rng.range(0, 365) as u32,
            cadence,
        });
    }
    out
}

// ---------------------------------------------------------------------------------------
// One agenda.

fn timebox(rng: &mut Rng, minutes: usize) -> String {
    match rng.below(6) {
        0 => format!(" ({minutes} min)"),
        1 => format!(" ({minutes}m)"),
        2 => format!(" [{minutes} min]"),
        3 => format!(" — {minutes} min"),
        _ => String::new(),
    }
}

struct Section {
    heading: String,
    lines: Vec<String>,
    /// What kind of item to add when growing the agenda.
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Projects,
    Initiatives,
    Career,
    Skills,
    Feedback,
    Alignment,
    NonTech,
    Actions,
}

fn project(rng: &mut Rng, sub_headings: bool, level: &str) -> Vec<String> {
    let system = rng.pick(SYSTEMS);
    let verb = rng.pick(PROJECT_VERBS);
    let title = {
        let mut t = format!("{system} {verb}");
        t[..1].make_ascii_uppercase();
        t
    };
    let mut lines = Vec::new();
    let bullet = if sub_headings {
        lines.push(format!("{level} {title}"));
        "-"
    } else {
        lines.push(format!("- {title}"));
        "  -"
    };
    if rng.chance(75) {
        lines.push(format!("{bullet} Decision: {}", rng.pick(DECISIONS)));
        if rng.chance(30) {
            lines.push(format!(
                "{bullet}   - Trade-off: one extra write on the hot path, +{} ms at p50",
                rng.range(1, 9)
            ));
        }
    }
    if rng.chance(65) {
        lines.push(format!("{bullet} Outcome: {}", rng.pick(OUTCOMES)));
    }
    if rng.chance(70) {
        lines.push(format!("{bullet} Lesson learned: {}", rng.pick(LESSONS)));
    }
    if rng.chance(35) {
        lines.push(format!("{bullet} {}", rng.pick(VAGUE_PROJECT_NOTES)));
    }
    if rng.chance(8) {
        lines.push(format!("{bullet} Decision: {}", rng.pick(PROMPTS)));
    }
    if sub_headings && rng.chance(10) {
        lines.push(String::new());
        lines.push(format!(
            "| metric | before | after |\n| --- | --- | --- |\n| p99 (ms) | {} | {} |",
            rng.range(400, 2000),
            rng.range(80, 390)
        ));
    }
    if sub_headings {
        lines.push(String::new());
    }
    lines
}

fn item(rng: &mut Rng, kind: Kind, person: &Person) -> String {
    match kind {
        Kind::Projects => unreachable!("projects are built by `project`"),
        Kind::Initiatives => {
            if rng.chance(55) {
                let mut s = format!("- {}", rng.pick(INITIATIVES_GOOD));
                if rng.chance(50) {
                    write!(s, " (**{}**)", rng.pick(GOALS)).expect("write to string");
                }
                if rng.chance(20) {
                    s.push_str("\n  - First step: canary the refunds service behind the existing Argo Rollouts setup");
                }
                s
            } else if rng.chance(10) {
                format!("- {}", rng.pick(PROMPTS))
            } else {
                let mut s = format!("- {}", rng.pick(INITIATIVES_VAGUE));
                if rng.chance(15) {
                    s.push_str(" <!-- agendalint-disable-line missing-metric -->");
                }
                s
            }
        }
        Kind::Career => {
            if rng.chance(60) {
                format!("- {}", rng.pick(CAREER_GOOD))
            } else if rng.chance(40) {
                format!("- {}", rng.pick(PROMOTION))
            } else {
                format!("- {}", rng.pick(CAREER_VAGUE))
            }
        }
        Kind::Skills => {
            if rng.chance(60) {
                format!("- {}", rng.pick(SKILLS_GOOD))
            } else {
                format!("- {}", rng.pick(SKILLS_VAGUE))
            }
        }
        Kind::Feedback => format!("- {}", rng.pick(FEEDBACK)),
        Kind::Alignment => format!("- {}", rng.pick(ALIGNMENT)),
        Kind::NonTech => {
            if rng.chance(35) {
                format!("- {}", rng.pick(COMPLAINTS))
            } else {
                format!("- {}", rng.pick(NON_TECH))
            }
        }
        Kind::Actions => {
            let mark = if rng.chance(40) { "x" } else { " " };
            let text = rng.pick(ACTIONS).replace("{p}", person.first);
            format!("- [{mark}] {text}")
        }
    }
}

const PROSE: &[&str] = &[
    "Context: the error budget for Q{q} is already {n}% spent, mostly from the {s}.",
    "Background: {p2} asked for a written proposal before the planning meeting on the {d}th.",
    "Notes from the last review: the {s} owners want a rollback plan and a load test at {n}x peak.",
    "Open question: do we keep the {s} on the old cluster until Q{q}, or move it with the rest?",
    "Numbers for reference: {n} incidents last quarter, {d} of them paged at night.",
];

/// A paragraph of notes with some numbers in it.
fn prose(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..rng.range(1, 3) {
        if !out.is_empty() {
            out.push(' ');
        }
        let q = rng.range(1, 4).to_string();
        let n = rng.range(2, 90).to_string();
        let d = rng.range(2, 28).to_string();
        let p2 = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
        out.push_str(
            &rng.pick(PROSE)
                .replace("{q}", &q)
                .replace("{n}", &n)
                .replace("{d}", &d)
                .replace("{s}", rng.pick(SYSTEMS))
                .replace("{p2}", &p2),
        );
    }
    out
}

fn heading(rng: &mut Rng, names: &[&str], minutes: usize) -> String {
    let name = rng.pick(names);
    let prefix = match rng.below(10) {
        0 => "1. ",
        1 => "🚀 ",
        _ => "",
    };
    format!("## {prefix}{name}{}", timebox(rng, minutes))
}

fn render(front: &str, title: &str, sections: &[Section]) -> String {
    let mut out = String::with_capacity(MAX_SIZE);
    out.push_str(front);
    out.push_str(title);
    for section in sections {
        out.push('\n');
        out.push_str(&section.heading);
        out.push('\n');
        for line in &section.lines {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

// One recipe, read top to bottom like the agenda it writes.
#[allow(clippy::too_many_lines)]
fn agenda(index: usize, person: &Person, date: (u32, u32, u32)) -> String {
    let mut rng = Rng::new(SEED ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let (year, month, day) = date;
    let duration = [30, 30, 30, 45, 45, 60, 25][rng.below(7)];

    // Front matter: mostly right, sometimes missing a field, a misspelled key, an
    // unquoted string duration, or (rarely) no front matter at all.
    let mut front = String::new();
    if !rng.chance(2) {
        front.push_str("---\n");
        if rng.chance(97) {
            writeln!(front, "date: {year:04}-{month:02}-{day:02}").expect("write to string");
        } else {
            writeln!(front, "dat: {year:04}-{month:02}-{day:02}").expect("write to string");
        }
        writeln!(front, "with: {}", person.name).expect("write to string");
        match rng.below(10) {
            0 => {}
            1 => writeln!(front, "duration: {duration}m").expect("write to string"),
            2 => writeln!(front, "duration: \"{duration} min\"").expect("write to string"),
            _ => writeln!(front, "duration: {duration}").expect("write to string"),
        }
        if rng.chance(5) {
            front.push_str("agendalint: {disable: [complaint-phrasing]}\n");
        }
        if rng.chance(10) {
            front.push_str("tags: [weekly, 1on1]\n");
        }
        front.push_str("---\n");
    }
    let title = format!(
        "# 1:1 with {} — {year:04}-{month:02}-{day:02}\n",
        person.first
    );

    let mut sections: Vec<Section> = Vec::new();
    let mut budget = duration;
    let minutes = |rng: &mut Rng, budget: &mut usize| {
        let m = [5, 5, 10, 10, 15][rng.below(5)];
        // Sometimes overbook, so that time-budget fires now and then.
        if rng.chance(90) {
            let m = m.min(*budget);
            *budget -= m;
        }
        m.max(1)
    };

    // Carried-over follow-ups first, in some agendas.
    if rng.chance(40) {
        let n = rng.range(1, 3);
        let lines = (0..n)
            .map(|_| item(&mut rng, Kind::Actions, person))
            .collect();
        sections.push(Section {
            heading: "## Follow-ups".to_string(),
            lines,
            kind: Kind::Actions,
        });
    }

    // Projects: sub-headings or top-level items; usually two, sometimes one or three.
    if rng.chance(92) {
        let mins = minutes(&mut rng, &mut budget);
        let h = heading(&mut rng, H_PROJECTS, mins);
        let sub = rng.chance(60);
        let count = [1, 2, 2, 2, 3][rng.below(5)];
        let mut lines = Vec::new();
        if sub {
            lines.push(String::new());
        }
        for _ in 0..count {
            lines.extend(project(&mut rng, sub, "###"));
        }
        sections.push(Section {
            heading: h,
            lines,
            kind: Kind::Projects,
        });
    }

    let optional: [(Kind, &[&str], usize); 7] = [
        (Kind::Initiatives, H_INITIATIVES, 85),
        (Kind::Career, H_CAREER, 45),
        (Kind::Skills, H_SKILLS, 55),
        (Kind::Feedback, H_FEEDBACK, 35),
        (Kind::Alignment, H_ALIGNMENT, 20),
        (Kind::NonTech, H_NON_TECH, 50),
        (Kind::Actions, H_ACTIONS, 85),
    ];
    for (kind, names, percent) in optional {
        if !rng.chance(percent) {
            continue;
        }
        let mins = minutes(&mut rng, &mut budget);
        let h = if kind == Kind::Actions {
            format!("## {}", rng.pick(names))
        } else {
            heading(&mut rng, names, mins)
        };
        let n = rng.range(1, 2);
        let lines = (0..n).map(|_| item(&mut rng, kind, person)).collect();
        sections.push(Section {
            heading: h,
            lines,
            kind,
        });
    }
    if sections.is_empty() {
        sections.push(Section {
            heading: "## Notes".to_string(),
            lines: vec!["Nothing planned yet.".to_string()],
            kind: Kind::NonTech,
        });
    }

    // Occasionally a paragraph, a code block or a disable comment.
    if rng.chance(10) {
        let at = rng.below(sections.len());
        sections[at].lines.push(String::new());
        sections[at]
            .lines
            .push("Context: the error budget for Q4 is **already half spent**, see [the dashboard](https://grafana.example.com/d/abc).".to_string());
    }
    if rng.chance(5) {
        let at = rng.below(sections.len());
        sections[at].lines.push(String::new());
        sections[at]
            .lines
            .push("```sh\nkubectl rollout status deploy/checkout --timeout=5m\n```".to_string());
    }

    // Grow to a target size between 1 and 6 KB (skewed towards 2–3 KB), never past 6 KB.
    let target = match rng.below(10) {
        0..=2 => rng.range(MIN_SIZE, 2048),
        3..=7 => rng.range(2048, 3584),
        _ => rng.range(3584, MAX_SIZE - 256),
    };
    let mut size = render(&front, &title, &sections).len();
    let mut stalls = 0;
    while size < target && stalls < 50 {
        let at = rng.below(sections.len());
        let kind = sections[at].kind;
        let addition: Vec<String> = if kind == Kind::Projects {
            let sub = sections[at].lines.iter().any(|l| l.starts_with("###"));
            let projects = sections[at]
                .lines
                .iter()
                .filter(|l| l.starts_with("###") || l.starts_with("- "))
                .count();
            if projects >= 5 {
                stalls += 1;
                continue;
            }
            project(&mut rng, sub, "###")
        } else if sections[at].lines.len() < 5 {
            // A different item from those already there, when one can be found.
            let mut line = item(&mut rng, kind, person);
            for _ in 0..4 {
                if !sections[at].lines.contains(&line) {
                    break;
                }
                line = item(&mut rng, kind, person);
            }
            vec![line]
        } else if rng.chance(50) {
            vec![String::new(), prose(&mut rng)]
        } else {
            stalls += 1;
            continue;
        };
        let grow: usize = addition.iter().map(|l| l.len() + 1).sum();
        if size + grow > MAX_SIZE {
            stalls += 1;
            continue;
        }
        sections[at].lines.extend(addition);
        size += grow;
    }
    let mut text = render(&front, &title, &sections);
    // Pad a small agenda up to the 1 KB floor with a notes section.
    if text.len() < MIN_SIZE {
        text.push_str("\n## Notes\n");
        while text.len() < MIN_SIZE {
            text.push('\n');
            text.push_str(&prose(&mut rng));
            text.push('\n');
        }
    }
    text
}

/// The `.agendalint.yaml` written at the corpus root.
pub const CONFIG: &str = "\
# agendalint config for the benchmark corpus (generated by examples/gen_corpus.rs).
# Every rule runs; a few are tuned as a real notes folder would tune them.
company_goals: [reliability, developer productivity, cost]
sections:
  skills: [\"Learning plan\"]
rules:
  complaint-phrasing: { allow_phrases: [\"the worst case\"] }
  non-technical-share: { max_percent: 25 }
  too-few-projects: { min: 2 }
";

/// The agendas of a corpus of `n` files, one by one.
pub struct Corpus {
    people: Vec<Person>,
}

impl Corpus {
    /// The corpus of `n` agendas.
    pub fn new(n: usize) -> Self {
        let count = n
            .div_ceil(MEETINGS_PER_PERSON)
            .max(MIN_PEOPLE)
            .min(n.max(1));
        Self {
            people: people(count),
        }
    }

    /// How many people (meeting series) it has.
    pub fn people(&self) -> usize {
        self.people.len()
    }

    /// Agenda number `index`: its folder and file name relative to the corpus root, and
    /// its text.
    pub fn file(&self, index: usize) -> (PathBuf, String, String) {
        let person = &self.people[index % self.people.len()];
        let meeting = (index / self.people.len()) as u32;
        let date = date_after(person.start + meeting * person.cadence);
        let folder = PathBuf::from(&person.slug).join(format!("{:04}", date.0));
        let name = format!(
            "{:04}-{:02}-{:02}-{}.md",
            date.0, date.1, date.2, person.slug
        );
        (folder, name, agenda(index, person, date))
    }
}

#[allow(dead_code)] // unused where the benches include this file as a module
fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(n)) = (args.next(), args.next()) else {
        eprintln!("usage: gen_corpus DIR N");
        std::process::exit(2);
    };
    let n: usize = n.parse().unwrap_or_else(|_| {
        eprintln!("N must be a number");
        std::process::exit(2);
    });
    let dir = PathBuf::from(dir);
    if dir.exists() && std::fs::read_dir(&dir)?.next().is_some() {
        eprintln!("{} is not empty", dir.display());
        std::process::exit(2);
    }
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(".agendalint.yaml"), CONFIG)?;

    let corpus = Corpus::new(n);
    let mut bytes = 0usize;
    let mut created: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    for index in 0..n {
        let (folder, name, text) = corpus.file(index);
        let folder = dir.join(folder);
        if created.insert(folder.clone()) {
            std::fs::create_dir_all(&folder)?;
        }
        bytes += text.len();
        std::fs::write(folder.join(name), &text)?;
    }
    eprintln!(
        "wrote {n} agendas ({} KiB, {} people) under {}",
        bytes / 1024,
        corpus.people(),
        dir.display()
    );
    Ok(())
}
