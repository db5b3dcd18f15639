//! Files agendalint writes for the user: a new agenda from the prep template
//! (`agendalint new`) and a commented starter config (`agendalint init`). Neither ever
//! overwrites a file.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::config::{Config, Discovery};
use crate::model::IsoDate;
use crate::rules::{REGISTRY, career_cadence, skeleton};
use crate::series::{self, Summary};

mod next;

/// Why a file could not be written.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ScaffoldError {
    /// The file is already there.
    #[error("{0} already exists; it was left as it is")]
    #[diagnostic(
        code(agendalint::exists),
        help("pick another date or name, or edit the file")
    )]
    Exists(String),
    /// No series to continue and no `--with`.
    #[error("no agenda with a `with` and a `date` in {0}, so there is no series to continue")]
    #[diagnostic(
        code(agendalint::usage),
        help("name the person: agendalint new --with \"Alex Kim\"")
    )]
    NoSeries(String),
    /// `--date` is not a real date: says why.
    #[error("{0}")]
    #[diagnostic(code(agendalint::usage), help("e.g. --date 2026-11-23"))]
    BadDate(String),
    /// The template to fill in cannot be read.
    #[error("cannot read the template {path}: {reason}")]
    #[diagnostic(
        code(agendalint::usage),
        help(
            "give a Markdown file with --template, or fix `template:` in .agendalint.yaml (relative to its folder)"
        )
    )]
    Template {
        /// The template.
        path: String,
        /// Why.
        reason: String,
    },
    /// `init` found a config file already there.
    #[error("{0} already exists; it was left as it is")]
    #[diagnostic(
        code(agendalint::exists),
        help("edit it, or run `agendalint init --force` to replace it with the starter config")
    )]
    ConfigExists(String),
    /// `--with` is empty or has no letter or digit to name the file with.
    #[error("`{0}` cannot name a meeting series")]
    #[diagnostic(code(agendalint::usage), help("give a name, e.g. --with \"Alex Kim\""))]
    BadName(String),
    /// The config governing the folder is broken.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// Writing failed.
    #[error("cannot write {path}: {reason}")]
    #[diagnostic(code(agendalint::io))]
    Write {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
}

/// Today's date (UTC), from the system clock.
pub fn today() -> IsoDate {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    IsoDate::from_days_since_epoch(i64::try_from(seconds / 86_400).unwrap_or(0))
}

/// `Alex Kim` → `alex-kim`; `José García` → `jose-garcia`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The letter without its accent (`é` → `e`), for names in file names and for
/// comparing names.
pub(crate) fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        other => other,
    }
}

/// What `agendalint new` was asked for.
#[derive(Debug, Clone, Default)]
pub struct NewAgenda {
    /// Who the meeting is with; default: the series of the most recent agenda.
    pub with: Option<String>,
    /// The meeting date as written; default: the next one by the series' cadence, else
    /// today.
    pub date: Option<String>,
    /// The folder to write into; default: the folder of the series' last meeting,
    /// else the current folder.
    pub dir: Option<PathBuf>,
    /// A template to fill in instead of the config's `template` or the prep template.
    pub template: Option<PathBuf>,
}

/// The notes root of `dir` (its config's folder, else itself) and the config.
fn root_and_config(dir: &Path) -> Result<(PathBuf, Config), ScaffoldError> {
    match Discovery::default().nearest(dir) {
        Some(file) => {
            let config = Config::load(&file)?;
            Ok((crate::files::parent_of(&file), config))
        }
        None => Ok((dir.to_path_buf(), Config::defaults(dir.to_path_buf()))),
    }
}

/// Every agenda summary under `root`.
fn summaries(root: &Path, config: &Config) -> Vec<Summary> {
    crate::files::collect(&[root.to_path_buf()])
        .into_iter()
        .filter_map(|c| match c {
            // Excluded agendas are meetings of their series too.
            crate::files::Candidate::File { path, .. } if config.in_series(&path) => {
                let text = crate::read::text(&path, crate::runner::DEFAULT_MAX_FILE_SIZE).ok()?;
                Some(series::summarize(&path, &text, &config.vocabulary))
            }
            _ => None,
        })
        .collect()
}

/// Who the most recent agenda in `dir` is with.
fn latest_person(all: &[Summary], dir: &Path) -> Result<String, ScaffoldError> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let dir_abs = absolute(dir);
    all.iter()
        .filter(|s| absolute(&s.path).starts_with(&dir_abs) && s.date.is_some() && s.with.is_some())
        .max_by_key(|s| (s.date, s.path.clone()))
        .and_then(|s| s.with.clone())
        .ok_or_else(|| ScaffoldError::NoSeries(crate::files::display_path(dir)))
}

/// What `agendalint new` wrote, and what it chose that the user did not say.
#[derive(Debug)]
pub struct Written {
    /// The new agenda.
    pub path: PathBuf,
    /// Notes on what was chosen (the date, by the series' cadence).
    pub notes: Vec<String>,
}

/// Writes a new agenda, continuing its meeting series: in the series' folder, named as
/// its files are, with its `duration`, dated by its cadence, with the open items of
/// its last meeting that no meeting checked off; from the config's or the given
/// template, else the prep template. Returns what it wrote.
pub fn new_agenda(request: &NewAgenda) -> Result<Written, ScaffoldError> {
    let start = request.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let asked_date = match &request.date {
        Some(text) => Some(
            IsoDate::parse(text.trim())
                .ok_or_else(|| ScaffoldError::BadDate(IsoDate::problem(text)))?,
        ),
        None => None,
    };
    let (root, config) = root_and_config(&start)?;
    let mut all = summaries(&root, &config);
    for summary in &mut all {
        config.file.people.apply(summary);
    }
    let with = match &request.with {
        Some(name) => config.file.people.canonical(name.trim()).to_string(),
        None => latest_person(&all, &start)?,
    };
    let name = slug(&with);
    if name.is_empty() {
        return Err(ScaffoldError::BadName(with));
    }
    let key = with.to_lowercase();
    let mut series: Vec<&Summary> = all
        .iter()
        .filter(|s| s.series_key().as_deref() == Some(key.as_str()) && s.date.is_some())
        .collect();
    series.sort_by_key(|s| (s.date, s.path.clone()));
    let mut notes = Vec::new();
    let date = asked_date.unwrap_or_else(|| {
        let dates: Vec<IsoDate> = series.iter().filter_map(|s| s.date).collect();
        next::next_date(&dates, today()).map_or_else(today, |(date, gap)| {
            notes.push(format!(
                "dated {date}: the meetings with {with} are {gap} days apart (`--date` to choose)"
            ));
            date
        })
    });
    let earlier: Vec<&Summary> = series
        .iter()
        .copied()
        .filter(|s| s.date.is_some_and(|d| d < date))
        .collect();
    // The meeting the new one follows: its folder, file naming and duration.
    let model = earlier.last().or(series.last()).copied();
    let dir = match (&request.dir, model) {
        (Some(dir), _) => dir.clone(),
        (None, Some(model)) => crate::files::parent_of(&model.path),
        (None, None) => start.clone(),
    };
    let duration = earlier
        .iter()
        .rev()
        .chain(series.iter().rev())
        .find_map(|s| s.duration)
        .unwrap_or(DEFAULT_DURATION);
    let open = next::open_items(&series, earlier.last().copied());
    let template_file = request.template.clone().or_else(|| {
        let relative = config.file.template.as_ref()?;
        Some(config.root.join(relative))
    });
    let text = if let Some(file) = template_file {
        let template = std::fs::read_to_string(&file).map_err(|e| ScaffoldError::Template {
            path: crate::files::display_path(&file),
            reason: crate::files::describe_io(&e),
        })?;
        let filling = next::Filling {
            date,
            with: &with,
            duration,
            open_items: &open,
        };
        next::fill_template(&template, &filling, &config.vocabulary)
    } else {
        let career_due = career_due(&config, &earlier);
        template(date, &with, duration, career_due, &open)
    };
    let path = dir.join(next::file_name(
        model.map(|m| m.path.as_path()),
        date,
        &name,
    ));
    write_new(&path, &text)?;
    Ok(Written { path, notes })
}

/// Whether career is due in the meeting after `earlier`: it has not come up in the
/// last `every - 1` meetings (the config's `career-cadence`).
fn career_due(config: &Config, earlier: &[&Summary]) -> bool {
    let every = config
        .file
        .rules
        .career_cadence
        .as_ref()
        .and_then(|setting| match setting {
            crate::rules::RuleSetting::Options(options) => Some(options.every as usize),
            _ => None,
        })
        .unwrap_or(3);
    earlier.len() + 1 >= every
        && earlier
            .iter()
            .rev()
            .take(every.saturating_sub(1))
            .all(|s| !s.career)
}

/// Minutes of a meeting when its series says nothing.
const DEFAULT_DURATION: u32 = 30;

/// The prep template: front matter, the sections of a good agenda with prompts that say
/// what a good entry looks like, and the carried-over action items.
pub fn template(
    date: IsoDate,
    with: &str,
    duration: u32,
    career: bool,
    open_items: &[&str],
) -> String {
    // The time boxes plan 30 minutes; a shorter meeting gets them in proportion.
    let minutes =
        |planned: u32| (planned * duration.min(DEFAULT_DURATION) / DEFAULT_DURATION).max(1);
    let mut text = String::new();
    let _ = writeln!(
        text,
        "---\ndate: {date}\nwith: {}\nduration: {duration}\n---",
        yaml_scalar(with)
    );
    let _ = writeln!(text, "# 1:1 with {with} — {date}\n");
    let _ = writeln!(text, "## Projects ({} min)\n", minutes(15));
    for _ in 0..2 {
        let _ = writeln!(text, "### {}\n", skeleton::PROJECT_NAME_PROMPT);
        for prompt in skeleton::PROJECT_PROMPTS {
            let _ = writeln!(text, "- {prompt}");
        }
        text.push('\n');
    }
    let initiatives = minutes(if career { 5 } else { 10 });
    let _ = writeln!(
        text,
        "## Initiatives ({initiatives} min)\n\n- <one proposal with a metric and a deadline, for a company goal, e.g. cut deploy time by 20% in 90 days, for developer productivity>\n"
    );
    if career {
        let _ = writeln!(
            text,
            "## Career ({} min)\n\n- {}\n",
            minutes(5),
            career_cadence::PROMPT
        );
    }
    let _ = writeln!(
        text,
        "## Skills ({} min)\n\n- <one skill to deepen, with a course, book or project and a deadline, e.g. master Kafka: finish the internals course and own one consumer by March>\n",
        minutes(5)
    );
    let _ = writeln!(text, "## Action items\n");
    for item in open_items {
        let _ = writeln!(text, "- [ ] {item}");
    }
    text
}

/// A YAML scalar for a name: plain when safe, double-quoted otherwise.
pub(crate) fn yaml_scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '\'' | '’'))
        && !text.starts_with(['-', '\'', ' '])
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "yes" | "no" | "true" | "false" | "on" | "off" | "null" | "~"
        );
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Writes `text` to a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    let shown = crate::files::display_path(path);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                ScaffoldError::Exists(shown.clone())
            } else {
                ScaffoldError::Write {
                    path: shown.clone(),
                    reason: crate::files::describe_io(&e),
                }
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| ScaffoldError::Write {
            path: shown.clone(),
            reason: crate::files::describe_io(&e),
        })
}

/// The commented starter `.agendalint.yaml`: every option with its default.
pub fn starter_config() -> String {
    starter_config_excluding(&[])
}

/// The starter config with `exclude` listing `excludes` (see [`not_agenda_globs`]).
pub fn starter_config_excluding(excludes: &[String]) -> String {
    let mut text = String::from(
        "# agendalint configuration: every option, set to its default.\n\
         # Docs: `agendalint rules`, `agendalint explain RULE`.\n\n\
         # Files to check when walking folders, relative to this file's folder.\n\
         include: [\"**/*.md\", \"**/*.markdown\"]\n\
         # Files never checked, even when named on the command line (an excluded\n\
         # agenda still counts as a meeting of its series; leave it out of include\n\
         # to take it out of the series too). Without `include`, a Markdown file is\n\
         # an agenda when its front matter has `date` or `with`; others are skipped.\n\
         # `agendalint init` lists here the files it found that are not agendas.\n\
         exclude: {EXCLUDE}\n\
         # Agendas dated before this day (YYYY-MM-DD) are read for the series rules\n\
         # but not checked: uncomment to leave old notes alone. `agendalint baseline`\n\
         # is the other way: it accepts today's findings and reports only new ones.\n\
         # since: 2026-01-01\n\
         # The company's goals; an initiative that names one counts as aligned.\n\
         company_goals: []\n\
         # Whether every suppression must say why: `<!-- agendalint-disable-line RULE\n\
         # -- the reason -->`, or `reason:` in the front matter's `agendalint:` block.\n\
         require_reason: false\n\
         # Each person's other spellings, so that they make one meeting series:\n\
         #   Dana Whitfield: [Dana, DW]\n\
         people: {}\n\
         # The Markdown file `agendalint new` fills in ({{date}}, {{with}},\n\
         # {{duration}}, {{open_items}}), relative to this folder; unset: the prep\n\
         # template.\n\
         # template: templates/1on1.md\n\
         # The privacy guard: pay, health, private life and judgements of colleagues\n\
         # are kept out of the repository. Its rules run in `check --staged` (the\n\
         # pre-commit hook) by default; `on` runs them everywhere, `off` nowhere. A\n\
         # file with `private: true` in its front matter is left alone, and may not\n\
         # be committed to a repository with a remote unless allow_private_commits.\n\
         # privacy:\n\
         #   checks: staged\n\
         #   # Colleagues a judgement may name, besides each agenda's `with` and\n\
         #   # `attendees`:\n\
         #   people: []\n\
         #   # Your own names, never taken for a colleague:\n\
         #   owner: []\n\
         #   allow_private_commits: false\n\
         # More headings for each section kind.\n\
         sections:\n",
    );
    for kind in crate::model::SectionKind::ALL {
        if kind != crate::model::SectionKind::Other {
            let _ = writeln!(text, "  {kind}: []");
        }
    }
    text.push_str(
        "\n# Per rule: `off`, a severity (`error`, `warning`, `info`), or options\n\
         # (`{ level: error, min: 3 }`).\nrules:\n",
    );
    for entry in REGISTRY {
        let meta = entry.meta;
        let _ = writeln!(
            text,
            "  # {}. Default severity: {}.",
            meta.summary, meta.default_severity
        );
        for option in meta.options {
            let _ = writeln!(text, "  #   {}: {}", option.name, option.doc);
        }
        // `level` is left out: setting it would also raise or lower the findings a rule
        // reports at another severity on purpose (a typo'd key at info, say).
        if meta.options.is_empty() {
            let _ = writeln!(text, "  {}: on", meta.id);
        } else {
            let fields: Vec<String> = meta
                .options
                .iter()
                .map(|o| format!("{}: {}", o.name, o.default))
                .collect();
            let _ = writeln!(text, "  {}: {{ {} }}", meta.id, fields.join(", "));
        }
    }
    let excludes: Vec<String> = excludes.iter().map(|g| yaml_quoted(g)).collect();
    text = text.replace("{EXCLUDE}", &format!("[{}]", excludes.join(", ")));
    text.push_str(
        "\n# Your own checks: a regular expression, a message and a help line.\n\
         custom_rules: []\n\
         #  - id: no-jargon\n\
         #    level: warning\n\
         #    pattern: '(?i)\\bsynergy\\b'\n\
         #    message: \"Say what you mean instead of 'synergy'\"\n\
         #    help: \"Name the concrete outcome\"\n\
         #    sections: [initiatives]\n",
    );
    text
}

/// A double-quoted YAML string.
fn yaml_quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// What `agendalint init` wrote.
#[derive(Debug)]
pub struct Initialised {
    /// The config file.
    pub path: PathBuf,
    /// The globs it put under `exclude`: what it found that is not an agenda.
    pub excluded: Vec<String>,
    /// The `.gitignore` it added the cache folder to, when it was not listed there.
    pub ignored_cache_in: Option<PathBuf>,
}

/// Writes the starter config into `dir`, with `exclude` listing the Markdown files found
/// there that are not agendas; with `force`, over an existing config. Returns what it
/// wrote.
pub fn init(dir: &Path, force: bool) -> Result<Initialised, ScaffoldError> {
    let mut path = dir.join(crate::config::FILE_NAMES[0]);
    let mut previous = None;
    for name in crate::config::FILE_NAMES {
        let existing = dir.join(name);
        if existing.exists() {
            if !force {
                return Err(ScaffoldError::ConfigExists(crate::files::display_path(
                    &existing,
                )));
            }
            previous =
                Some(
                    std::fs::read_to_string(&existing).map_err(|e| ScaffoldError::Write {
                        path: crate::files::display_path(&existing),
                        reason: crate::files::describe_io(&e),
                    })?,
                );
            path = existing;
            break;
        }
    }
    let excluded = not_agenda_globs(dir);
    let text = starter_config_excluding(&excluded);
    match previous {
        Some(before) => crate::fix::write_atomically(&path, &before, &text).map_err(|reason| {
            ScaffoldError::Write {
                path: crate::files::display_path(&path),
                reason,
            }
        })?,
        None => write_new(&path, &text)?,
    }
    let ignored_cache_in = ignore_cache(dir)?;
    Ok(Initialised {
        path,
        excluded,
        ignored_cache_in,
    })
}

/// Lists the cache folder (`.agendalint-cache/`) in the `.gitignore` of `dir`, creating
/// it if need be; returns that file when it added the line, `None` when the folder was
/// already listed.
fn ignore_cache(dir: &Path) -> Result<Option<PathBuf>, ScaffoldError> {
    let path = dir.join(".gitignore");
    let failed = |reason: String| ScaffoldError::Write {
        path: crate::files::display_path(&path),
        reason,
    };
    let before = match crate::read::text(&path, crate::read::CONFIG_LIMIT) {
        Ok(text) => text,
        Err(crate::read::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            String::new()
        }
        Err(e) => return Err(failed(e.to_string())),
    };
    let name = crate::runner::CACHE_DIR;
    let listed = before.lines().any(|line| {
        let line = line.trim();
        let line = line.strip_prefix('/').unwrap_or(line);
        line.strip_suffix('/').unwrap_or(line) == name
    });
    if listed {
        return Ok(None);
    }
    let mut text = before.clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("# What agendalint's series rules read, kept between runs\n");
    text.push_str(name);
    text.push_str("/\n");
    if before.is_empty() && !path.exists() {
        write_new(&path, &text)?;
    } else {
        crate::fix::write_atomically(&path, &before, &text).map_err(failed)?;
    }
    Ok(Some(path))
}

/// File names that are never agendas, compared without case or extension.
const NOT_AGENDA_NAMES: [&str; 6] = [
    "readme",
    "changelog",
    "contributing",
    "license",
    "code_of_conduct",
    "index",
];

/// Folder names that hold templates.
const TEMPLATE_FOLDERS: [&str; 4] = ["template", "templates", "_templates", "_template"];

/// Globs, relative to `dir`, for the Markdown files under it that are not agendas: a
/// README (and the like), template folders, and files whose front matter names no
/// meeting — a whole top-level folder when none of its files is an agenda (a journal).
pub fn not_agenda_globs(dir: &Path) -> Vec<String> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut globs = BTreeSet::new();
    // Per top-level folder: (agendas, files that are not).
    let mut folders: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
    let mut loose = Vec::new();
    for candidate in crate::files::collect(&[dir.to_path_buf()]) {
        let crate::files::Candidate::File { path, .. } = candidate else {
            continue;
        };
        let Ok(relative) = path.strip_prefix(dir) else {
            continue;
        };
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let shown = parts.join("/");
        if let Some(at) = parts[..parts.len().saturating_sub(1)]
            .iter()
            .position(|p| TEMPLATE_FOLDERS.contains(&p.to_lowercase().as_str()))
        {
            globs.insert(format!("{}/**", parts[..=at].join("/")));
            continue;
        }
        let name = parts.last().cloned().unwrap_or_default();
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        if NOT_AGENDA_NAMES.contains(&stem.to_lowercase().as_str()) {
            globs.insert(if parts.len() == 1 {
                name.clone()
            } else {
                format!("**/{name}")
            });
            continue;
        }
        let text = std::fs::File::open(&path).ok().and_then(|file| {
            use std::io::Read as _;
            let mut text = String::new();
            file.take(64 * 1024).read_to_string(&mut text).ok()?;
            Some(text)
        });
        let agenda = text.is_some_and(|t| crate::model::front_matter::not_an_agenda(&t).is_none());
        if parts.len() == 1 {
            if !agenda {
                loose.push(shown);
            }
        } else {
            let entry = folders.entry(parts[0].clone()).or_default();
            if agenda {
                entry.0 += 1;
            } else {
                entry.1.push(shown);
            }
        }
    }
    for (folder, (agendas, others)) in folders {
        if others.is_empty() {
            continue;
        }
        if agendas == 0 {
            globs.insert(format!("{folder}/**"));
        } else {
            globs.extend(others);
        }
    }
    globs.extend(loose);
    // A file under a folder already excluded needs no glob of its own.
    let folders: Vec<String> = globs
        .iter()
        .filter_map(|g| g.strip_suffix("/**").map(|f| format!("{f}/")))
        .collect();
    globs
        .iter()
        .filter(|g| {
            !folders
                .iter()
                .any(|f| g.starts_with(f.as_str()) && **g != format!("{f}**"))
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Alex Kim"), "alex-kim");
        assert_eq!(slug("José García"), "jose-garcia");
        assert_eq!(slug("  O'Brien, Pat "), "o-brien-pat");
        assert_eq!(slug("???"), "");
    }

    #[test]
    fn the_starter_config_is_valid() {
        let text = starter_config();
        let file =
            Config::parse(&text, Path::new(".agendalint.yaml")).expect("starter config parses");
        assert!(file.custom_rules.0.is_empty());
        for entry in REGISTRY {
            assert!(
                text.contains(&format!("\n  {}: ", entry.meta.id)),
                "{}",
                entry.meta.id
            );
        }
    }

    #[test]
    fn names_that_need_quotes_are_quoted() {
        assert_eq!(yaml_scalar("Alex Kim"), "Alex Kim");
        assert_eq!(yaml_scalar("Kim: Alex"), "\"Kim: Alex\"");
        assert_eq!(yaml_scalar("No"), "\"No\"");
    }
}
