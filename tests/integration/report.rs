//! `agendalint report`: the JSON and Markdown of the sample notes as snapshots, the
//! JSON against its own schema, the HTML page checked as a document (well-formed, every
//! chart there with the sample's numbers, nothing fetched from anywhere, the same bytes
//! every run), `--output`, the errors, and the page in a real browser when one is
//! installed.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{agendalint, root, run, run_in, temp_tree};

/// Runs the binary; returns exit code, stdout and stderr as one text to snapshot.
fn outcome(args: &[&str]) -> String {
    let (code, stdout, stderr) = run(args);
    format!("exit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}")
}

/// One meeting of a short series whose first action item is carried four times.
fn meeting(date: &str, tasks: &str) -> String {
    format!(
        "---\ndate: {date}\nwith: Sam Rivera\n---\n# 1:1\n\n## Projects\n\n### Payments migration\n- Decision: Postgres instead of DynamoDB, because of joins\n- Outcome: p99 from 900 to 300 ms\n- Lesson learned: load-test before the cutover\n\n## Action items\n{tasks}"
    )
}

/// Five fortnightly meetings with Sam, one missed fortnight between the fourth and the
/// fifth, and an item carried from the first to the fourth.
fn stale_series() -> (tempfile::TempDir, PathBuf) {
    let open = "- [ ] Write the migration RFC\n";
    let files = [
        ("sam/2026-01-05.md", meeting("2026-01-05", open)),
        ("sam/2026-01-19.md", meeting("2026-01-19", open)),
        ("sam/2026-02-02.md", meeting("2026-02-02", open)),
        ("sam/2026-02-16.md", meeting("2026-02-16", open)),
        ("sam/2026-03-16.md", meeting("2026-03-16", open)),
    ];
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    temp_tree(&borrowed)
}

#[test]
fn json_of_the_sample_notes() {
    let (code, json, stderr) = run(&["report", "fixtures/notes", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "", "a small folder draws no progress bar");
    insta::assert_snapshot!("report_notes_json", json);
}

#[test]
fn markdown_of_the_sample_notes() {
    let (code, markdown, stderr) = run(&["report", "fixtures/notes"]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("report_notes_markdown", markdown);
}

#[test]
fn json_validates_against_its_schema() {
    let (code, schema, _) = run(&["schema", "--report"]);
    assert_eq!(code, 0);
    let schema: Value = serde_json::from_str(&schema).expect("the schema is JSON");
    assert_eq!(schema["title"], "agendalint report");
    let validator = jsonschema::validator_for(&schema).expect("a usable schema");
    let (_dir, stale) = stale_series();
    let stale = stale.to_string_lossy().into_owned();
    for args in [
        vec!["report", "fixtures/notes", "--format", "json"],
        vec![
            "report",
            "fixtures/notes",
            "--format",
            "json",
            "--with",
            "priya",
        ],
        vec!["report", &stale, "--format", "json"],
    ] {
        let (code, json, stderr) = run(&args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        let document: Value = serde_json::from_str(&json).expect("the report is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&document)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}:\n{}", errors.join("\n"));
    }
    // The schema is strict: a misspelt field does not validate.
    let (_, json, _) = run(&["report", "fixtures/notes", "--format", "json"]);
    let mut document: Value = serde_json::from_str(&json).expect("JSON");
    document["summary"]["meeting"] = Value::from(9);
    assert!(!validator.is_valid(&document));
}

/// The elements of `document` with `name`.
fn elements<'a, 'i>(
    document: &'a roxmltree::Document<'i>,
    name: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
    document
        .descendants()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

fn by_id<'a, 'i>(document: &'a roxmltree::Document<'i>, id: &str) -> roxmltree::Node<'a, 'i> {
    document
        .descendants()
        .find(|n| n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no element with id {id}"))
}

/// The text of an element's `<title>` child.
fn title_of<'a>(node: roxmltree::Node<'a, '_>) -> Option<&'a str> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == "title")
        .and_then(|t| t.text())
}

fn classes<'a>(node: roxmltree::Node<'a, '_>) -> Vec<&'a str> {
    node.attribute("class")
        .unwrap_or("")
        .split_whitespace()
        .collect()
}

/// Writes the sample's report to `report.html` in a fresh folder; returns the folder
/// and the page.
fn sample_page() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = dir.path().join("report.html");
    let (code, stdout, stderr) = run(&[
        "report",
        "fixtures/notes",
        "--output",
        &output.to_string_lossy(),
    ]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
    let page = std::fs::read_to_string(&output).expect("the page was written");
    (dir, page)
}

#[test]
fn html_is_well_formed_and_every_chart_is_there() {
    let (_dir, page) = sample_page();
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(&page, options)
        .unwrap_or_else(|e| panic!("the page is not well-formed: {e}"));
    assert_eq!(document.root_element().tag_name().name(), "html");
    assert_eq!(
        elements(&document, "title").next().and_then(|t| t.text()),
        Some("1:1 report — fixtures/notes")
    );

    let charts = [
        "chart-guidelines",
        "chart-findings",
        "chart-cadence-0",
        "chart-cadence-1",
    ];
    for id in charts {
        let chart = by_id(&document, id);
        assert_eq!(chart.tag_name().name(), "svg", "{id}");
        assert_eq!(chart.attribute("role"), Some("img"), "{id}");
        // Text alternatives: a title and a description, named by aria-labelledby.
        let title = by_id(&document, &format!("{id}-title"));
        let desc = by_id(&document, &format!("{id}-desc"));
        assert!(!title.text().unwrap_or("").is_empty(), "{id}");
        assert!(desc.text().unwrap_or("").len() > 20, "{id}");
        assert_eq!(
            chart.attribute("aria-labelledby"),
            Some(format!("{id}-title {id}-desc").as_str())
        );
    }
    let svgs = elements(&document, "svg")
        .filter(|s| classes(*s).contains(&"chart"))
        .count();
    assert_eq!(
        svgs,
        charts.len(),
        "one cadence strip per series, no other chart"
    );
    // The stale action items have their table or say there are none.
    assert!(page.contains("<h3>Stale action items</h3>\n<p>No action item was carried"));
}

#[test]
fn html_charts_show_the_sample_history() {
    let (_dir, page) = sample_page();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(&page, options).expect("XML");

    // Cadence strips: one mark per meeting, career marked, each with a tooltip.
    for (id, meetings, career) in [("chart-cadence-0", 7, 4), ("chart-cadence-1", 2, 2)] {
        let marks: Vec<_> = by_id(&document, id)
            .descendants()
            .filter(|n| classes(*n).contains(&"meeting"))
            .collect();
        assert_eq!(marks.len(), meetings, "{id}");
        let marked = marks
            .iter()
            .filter(|m| classes(**m).contains(&"career"))
            .count();
        assert_eq!(marked, career, "{id}");
        assert!(marks.iter().all(|m| title_of(*m).is_some()), "{id}");
    }
    let first = by_id(&document, "chart-cadence-0")
        .descendants()
        .find(|n| classes(*n).contains(&"meeting"))
        .and_then(title_of);
    assert_eq!(
        first,
        Some("2026-09-01 — fixtures/notes/alex/2026-09-01.md, career came up, 0 findings")
    );

    // Guideline lines: a marker per guideline and month, its tooltip the share.
    let guidelines = by_id(&document, "chart-guidelines");
    let tooltips: Vec<&str> = guidelines
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() != "svg")
        .filter_map(title_of)
        .collect();
    assert_eq!(tooltips.len(), 5 * 3);
    for expected in [
        "Sep 2026: Two projects with a decision and a lesson — 4 of 4 agendas (100%)",
        "Oct 2026: Career on cadence — 1 of 2 agendas (50%)",
        "Nov 2026: Two projects with a decision and a lesson — 2 of 3 agendas (67%)",
        "Nov 2026: A skill gap with a learning path — 1 of 3 agendas (33%)",
    ] {
        assert!(tooltips.contains(&expected), "{expected}\n{tooltips:#?}");
    }

    // Findings bars: one stack per month, its blocks adding up to the month's total.
    let bars: Vec<_> = by_id(&document, "chart-findings")
        .descendants()
        .filter(|n| classes(*n).contains(&"bar"))
        .collect();
    let months: Vec<&str> = bars
        .iter()
        .filter_map(|b| b.attribute("data-month"))
        .collect();
    assert_eq!(months, ["2026-09", "2026-10", "2026-11"]);
    for (bar, total) in bars.iter().zip([7, 5, 5]) {
        let counts: usize = bar
            .children()
            .filter(|c| c.tag_name().name() == "rect")
            .map(|r| {
                let title = title_of(r).expect("every block has a tooltip");
                let count = title.rsplit(", ").next().expect("a count");
                count
                    .split(' ')
                    .next()
                    .and_then(|n| n.parse::<usize>().ok())
                    .expect("a number")
            })
            .sum();
        assert_eq!(counts, total);
        let label = bar
            .children()
            .find(|c| c.tag_name().name() == "text")
            .and_then(|t| t.text());
        assert_eq!(label, Some(total.to_string().as_str()));
    }
    assert!(page.contains("<title>Oct 2026: career-cadence, 1 finding</title>"));
}

#[test]
fn html_fetches_nothing_and_links_only_to_the_agendas() {
    let (dir, page) = sample_page();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(&page, options).expect("XML");
    for forbidden in [
        "script", "link", "img", "iframe", "object", "embed", "image", "use",
    ] {
        assert_eq!(elements(&document, forbidden).count(), 0, "<{forbidden}>");
    }
    let style: String = elements(&document, "style")
        .filter_map(|s| s.text())
        .collect();
    assert!(!style.contains("url(") && !style.contains("@import"));
    let ids: HashSet<&str> = document
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    let mut links = 0;
    for node in document.descendants().filter(roxmltree::Node::is_element) {
        for attribute in node.attributes() {
            let name = attribute.name();
            let value = attribute.value();
            assert!(
                !matches!(name, "src" | "srcset" | "action" | "poster" | "formaction"),
                "<{} {name}=\"{value}\">",
                node.tag_name().name()
            );
            assert!(
                !value.contains("://") && !value.starts_with("//"),
                "<{} {name}=\"{value}\"> names another place",
                node.tag_name().name()
            );
            if name == "href" {
                links += 1;
                if let Some(fragment) = value.strip_prefix('#') {
                    assert!(ids.contains(fragment), "#{fragment} is on the page");
                } else {
                    let target = dir.path().join(value);
                    assert!(target.is_file(), "{value} leads to an agenda");
                    assert!(
                        target.canonicalize().expect("a real path").starts_with(
                            root().join("fixtures/notes").canonicalize().expect("path")
                        ),
                        "{value}"
                    );
                }
            }
        }
    }
    assert!(
        links > 50,
        "the digest links back to its lines ({links} links)"
    );
}

#[test]
fn html_is_the_same_bytes_every_run() {
    let page = |threads: &str| {
        let output = agendalint()
            .args(["report", "fixtures/notes", "--format", "html"])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .expect("runs");
        assert!(output.status.success());
        output.stdout
    };
    let one = page("1");
    assert_eq!(one, page("4"), "the thread count changes nothing");
    assert_eq!(one, page("1"), "nor does the clock");
}

#[test]
fn stale_items_and_missed_meetings_show() {
    let (_dir, notes) = stale_series();
    let (code, page, stderr) = run_in(&notes, &["report", "--format", "html"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(page.contains("<td>Write the migration RFC</td><td>Sam Rivera</td>"));
    assert!(page.contains(r#"<td class="num">4×</td><td>open</td>"#));
    assert!(page.contains(r#"<rect class="gap""#));
    assert!(page.contains("28 days from 2026-02-16 to 2026-03-16: about 1 meeting missed"));
    let (code, markdown, _) = run_in(&notes, &["report"]);
    assert_eq!(code, 0);
    assert!(markdown.contains(
        "- Write the migration RFC — with Sam Rivera, carried 4 times since 2026-01-05, still open ([2026-03-16.md:15](sam/2026-03-16.md))"
    ));
    assert!(
        markdown.contains("| Sam Rivera | 5 | 14 days | 0 | 2026-02-16 to 2026-03-16 (28 days) |")
    );
}

#[test]
fn output_format_follows_the_extension_and_replaces_the_file_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json = dir.path().join("report.json");
    let markdown = dir.path().join("report.md");
    std::fs::write(&json, "x".repeat(1_000_000)).expect("write");
    for path in [&json, &markdown] {
        let (code, stdout, stderr) =
            run(&["report", "fixtures/notes", "-o", &path.to_string_lossy()]);
        assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
    }
    let written = std::fs::read_to_string(&json).expect("read");
    serde_json::from_str::<Value>(&written).expect("JSON, and nothing of the old file");
    assert!(
        std::fs::read_to_string(&markdown)
            .expect("read")
            .starts_with("# 1:1 report: fixtures/notes\n")
    );
    // Links are relative to where the report is written.
    assert!(
        std::fs::read_to_string(&markdown)
            .expect("read")
            .contains("](../")
    );
    let leftovers = std::fs::read_dir(dir.path()).expect("ls").count();
    assert_eq!(leftovers, 2, "no temporary file is left behind");
}

#[test]
fn nothing_to_report_is_a_usage_error() {
    let (_dir, empty) = temp_tree(&[
        ("notes.md", "# just a note\n"),
        (
            "undated.md",
            "---\nwith: Sam Rivera\n---\n# 1:1\n\n## Projects\n- migration\n",
        ),
    ]);
    let (_dir2, readme) = temp_tree(&[("README.md", "# My notes\n\nWhat is in here.\n")]);
    let readme = readme.to_string_lossy().into_owned();
    let empty = empty.to_string_lossy().into_owned();
    let cases: [(&str, Vec<&str>); 7] = [
        (
            "report_unknown_person",
            vec!["report", "fixtures/notes", "--with", "Alx Kim"],
        ),
        (
            "report_ambiguous_person",
            vec!["report", "fixtures/notes", "--with", "a"],
        ),
        (
            "report_dates_reversed",
            vec![
                "report",
                "fixtures/notes",
                "--since",
                "2026-12-01",
                "--until",
                "2026-01-01",
            ],
        ),
        ("report_no_meetings", vec!["report", &empty]),
        ("report_no_agendas", vec!["report", &readme]),
        (
            "report_no_meetings_in_range",
            vec!["report", "fixtures/notes", "--since", "2027-01-01"],
        ),
        (
            "report_unwritable_output",
            vec![
                "report",
                "fixtures/notes",
                "-o",
                "no/such/folder/report.html",
            ],
        ),
    ];
    for (name, args) in cases {
        let text = outcome(&args)
            .replace(&empty, "<tmp>")
            .replace(&readme, "<tmp>");
        assert!(text.starts_with("exit: 2\n"), "{name}: {text}");
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn an_unreadable_agenda_is_left_out_and_said() {
    let good = meeting("2026-01-05", "- [ ] Write the migration RFC\n");
    let (dir, notes) = temp_tree(&[("sam/2026-01-05.md", &good)]);
    std::fs::write(
        notes.join("sam/2026-01-19.md"),
        b"---\ndate: 2026-01-19\n\xff\xfe\n",
    )
    .expect("write");
    let (code, json, stderr) = run_in(&notes, &["report", "--format", "json"]);
    assert_eq!(
        code, 2,
        "the report is written, but a file is missing from it"
    );
    assert!(stderr.contains("sam/2026-01-19.md"), "{stderr}");
    assert!(stderr.contains("left out of the report"), "{stderr}");
    let document: Value = serde_json::from_str(&json).expect("the report is still written");
    assert_eq!(document["summary"]["meetings"], 1);
    assert_eq!(document["summary"]["file_errors"], 1);
    drop(dir);
}

#[test]
fn a_large_folder_draws_no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    for day in 0..2_100 {
        let month = 1 + (day / 28) % 12;
        let text = format!(
            "---\ndate: {}-{month:02}-{:02}\nwith: Person {}\n---\n# 1:1\n",
            2000 + day / 336,
            1 + day % 28,
            day % 7
        );
        std::fs::write(dir.path().join(format!("{day}.md")), text).expect("write");
    }
    let (code, stdout, stderr) = run_in(dir.path(), &["report", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "", "nothing is drawn on a pipe");
    let document: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(document["summary"]["meetings"], 2_100);
}

/// Headless Chromium, when installed: `AGENDALINT_CHROMIUM` names it (`.ci/run`
/// installs Debian's `chromium` and sets it), else `chromium` on the `PATH`.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("AGENDALINT_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Runs headless Chromium on `page` with a fresh profile, 800 pixels wide.
fn browse(chromium: &Path, profile: &Path, page: &Path, what: &[&str]) -> std::process::Output {
    std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--window-size=800,6000", "--virtual-time-budget=2000"])
        .args(what)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs")
}

#[test]
fn the_sample_report_renders_in_a_browser() {
    let Some(chromium) = chromium() else {
        eprintln!("note: no headless Chromium (set AGENDALINT_CHROMIUM); the browser test skipped");
        assert!(
            std::env::var_os("AGENDALINT_REQUIRE_CHROMIUM").is_none(),
            "AGENDALINT_REQUIRE_CHROMIUM is set but no Chromium was found"
        );
        return;
    };
    let (dir, _) = sample_page();
    let page = dir.path().join("report.html");
    let profile = tempfile::tempdir().expect("temp dir");
    let dom = browse(&chromium, profile.path(), &page, &["--dump-dom"]);
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    // The browser read the whole page and built every chart and section.
    for id in [
        "chart-guidelines",
        "chart-findings",
        "chart-cadence-0",
        "chart-cadence-1",
        "guidelines",
        "meetings",
        "findings",
        "action-items",
        "contributions",
    ] {
        assert!(dom.contains(&format!("id=\"{id}\"")), "{id} is in the DOM");
    }
    assert!(dom.contains("Checkout idempotency keys"));
    assert!(dom.contains("</footer>"));

    // The screenshot is kept for a person to look at, never compared pixel by pixel.
    let artefacts = root().join("target/report-screenshot");
    std::fs::create_dir_all(&artefacts).expect("mkdir");
    let shot = artefacts.join("fixtures-notes-800.png");
    let _ = std::fs::remove_file(&shot);
    let taken = browse(
        &chromium,
        profile.path(),
        &page,
        &[&format!("--screenshot={}", shot.display())],
    );
    assert!(
        taken.status.success(),
        "{}",
        String::from_utf8_lossy(&taken.stderr)
    );
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    // PNG width and height: big-endian at bytes 16..24 of the IHDR chunk.
    let width = u32::from_be_bytes(png[16..20].try_into().expect("4 bytes"));
    assert_eq!(width, 800);
    eprintln!("screenshot: {}", shot.display());
}

#[test]
fn a_report_of_the_current_folder_is_titled_by_its_name() {
    let (_dir, root) = stale_series();
    let notes = root.join("my-notes");
    std::fs::create_dir_all(&notes).expect("mkdir");
    std::fs::rename(root.join("sam"), notes.join("sam")).expect("move");
    // A second series in a folder of its own: the agendas share no folder below ".".
    std::fs::create_dir_all(notes.join("lee")).expect("mkdir");
    let lee = meeting("2026-01-12", "").replace("Sam Rivera", "Lee Chen");
    std::fs::write(notes.join("lee/2026-01-12.md"), lee).expect("write");
    let (code, markdown, stderr) = run_in(&notes, &["report", ".", "--format", "markdown"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(markdown.lines().next(), Some("# 1:1 report: my-notes"));
    let (code, html, stderr) = run_in(&notes, &["report", ".", "--format", "html"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        html.contains("<title>1:1 report — my-notes</title>"),
        "{html}"
    );
}
