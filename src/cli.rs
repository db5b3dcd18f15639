//! The command line, as clap types only. `lib.rs` turns these into the settings the
//! library works with; rules never see them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// A fast linter for 1:1-meeting agendas kept as Markdown with YAML front matter.
///
/// agendalint checks each agenda against solid prep guidance — measurable, time-bound
/// goals; two project deep dives with decisions and lessons; one initiative; one skill
/// gap; no complaints, vague aspirations or promotion asks — and reports every problem at
/// its exact place with a concrete fix.
#[derive(Debug, Parser)]
#[command(
    name = "agendalint",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check agendas: files, or folders walked for *.md and *.markdown.
    ///
    /// Exit status: 0 when nothing at or above --fail-on was found, 1 when something was,
    /// 2 when the tool could not do its job (bad usage or config, a path that does not
    /// exist, a file that cannot be read or is not UTF-8) — the other files are still
    /// checked and reported.
    Check(CheckArgs),
    /// Accept today's findings: write them to `.agendalint-baseline.json`, so that
    /// `check` reports only new ones.
    ///
    /// The first step of adopting agendalint on notes that already have a history. The
    /// file goes next to the config file (or in the folder checked, when there is none)
    /// and names each finding by its rule, its file and a hash of the text it flags, not
    /// by its line, so edits elsewhere in the file do not revive it. Run it again to drop
    /// entries that no longer match anything; entries of files not checked this time
    /// are kept. `check --no-baseline` shows everything.
    Baseline(BaselineArgs),
    /// See your 1:1 habits over months, and the contributions to bring to a review.
    ///
    /// Reads the agendas `check` reads (same config, include/exclude and meeting series)
    /// and adds them up: per series and per month, the meetings held and the gaps
    /// between them, the share of agendas meeting each guideline, the findings per rule,
    /// what became of the action items (stale ones listed), and a digest of your
    /// projects with their decisions, lessons and measured outcomes, your initiatives
    /// and whether a later agenda reports them, and your skills with their learning
    /// paths, each with its file and line.
    ///
    /// Exit status: 0 when the report was written; 2 when it could not be (nothing in
    /// scope, bad usage), or when a file or config could not be read (the report covers
    /// the rest).
    Report(ReportArgs),
    /// List every rule with its default severity and a one-line summary.
    Rules,
    /// Show a rule's documentation page: what it checks, why, examples, options.
    Explain {
        /// The rule id, e.g. `missing-metric`: a built-in rule, `file-error`, or a
        /// custom rule of the config found from the current folder.
        #[arg(value_parser = RuleIdParser::explain(), hide_possible_values = true)]
        rule: String,
    },
    /// Show how each heading of an agenda is read: the section kind it names, or the
    /// one it inherits from the heading above it.
    ///
    /// Use it when a section is not recognised: the config's `sections:` adds headings
    /// to a kind.
    Sections(SectionsArgs),
    /// Write the next agenda of a meeting series, from the prep template or your own.
    ///
    /// It goes in the folder of the series' last meeting, named as it is (its date
    /// replaced), with its `duration`, dated by the series' cadence. The last meeting's
    /// open action items are carried over, except those checked off in any meeting of
    /// the series; the prep template adds a Career section when career is due. Never
    /// overwrites a file; prints the path written.
    New(NewArgs),
    /// Write a commented starter `.agendalint.yaml` with every option at its default.
    ///
    /// Markdown files in the folder that are not agendas (a README, a templates folder,
    /// a journal) are listed under `exclude`. An existing config is never overwritten
    /// unless --force is given.
    Init {
        /// The folder to write it in [default: the current folder].
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Replace an existing config file with the starter config.
        #[arg(long)]
        force: bool,
    },
    /// Install or remove the git pre-commit hook that runs `agendalint check --staged`.
    Hook {
        /// What to do.
        #[command(subcommand)]
        action: HookAction,
    },
    /// The privacy guard: accept a line it flags.
    ///
    /// The privacy rules (private-pay, private-health, private-life,
    /// colleague-performance, private-commit) run in `check --staged`, the pre-commit
    /// hook, unless the config's `privacy:` says `on` or `off`.
    Privacy {
        /// What to do.
        #[command(subcommand)]
        action: PrivacyAction,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the JSON Schema of `.agendalint.yaml`, for editors that complete and check
    /// YAML with one.
    Schema {
        /// Print the JSON Schema of `agendalint report --format json` instead.
        #[arg(long)]
        report: bool,
    },
    /// Run the language server on standard input and output, for editors.
    ///
    /// Diagnostics, quick fixes, a fix-all action (what `check --fix` does) and rule
    /// pages on hover, from the same engine and config as `check`. Settings come from
    /// the editor (`initializationOptions`): configPath, noConfig, unsafeFixes, select,
    /// ignore, severityOverrides. See the README, "In your editor".
    Server(ServerArgs),
}

/// Arguments of `agendalint server`.
#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Talk over standard input and output (the only transport; accepted because many
    /// editors pass it).
    #[arg(long)]
    pub stdio: bool,
}

/// `agendalint hook ...`.
#[derive(Debug, Subcommand)]
pub enum HookAction {
    /// Write `.git/hooks/pre-commit` (or into `core.hooksPath`). A hook agendalint did
    /// not write is never overwritten.
    Install {
        /// Move an existing hook aside (to `pre-commit.agendalint-backup`) and install.
        #[arg(long)]
        force: bool,
    },
    /// Remove agendalint's hook (only its own), putting back a hook moved aside.
    Uninstall,
}

/// `agendalint privacy ...`.
#[derive(Debug, Subcommand)]
pub enum PrivacyAction {
    /// Accept the privacy findings on one line, so they are no longer reported: a salted
    /// hash of the flagged text goes into `.agendalint-privacy.json` (next to the config
    /// file, else at the repository's root), which names no word of it. Commit that file
    /// to share the decision.
    Allow {
        /// The line, as `check` prints it: `notes/2026-11-23.md:14`.
        #[arg(value_name = "FILE:LINE")]
        place: String,
        /// Use this config file instead of the nearest one.
        #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
        config: Option<PathBuf>,
        /// Use the built-in defaults, ignoring config files.
        #[arg(long)]
        no_config: bool,
    },
}

/// Arguments of `agendalint new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Who the meeting is with [default: the person of the most recent agenda in DIR].
    #[arg(long, value_name = "NAME")]
    pub with: Option<String>,
    /// The meeting date, YYYY-MM-DD [default: the next one by the series' cadence: the
    /// last meeting plus its usual gap, not before today; else today].
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// The folder to write the agenda in [default: the folder of the series' last
    /// meeting, else the current folder].
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Fill in this Markdown file instead of the prep template [default: the config's
    /// `template`]: `{{date}}`, `{{with}}`, `{{duration}}` and `{{open_items}}` are
    /// replaced, and the front matter's `date`, `with` and `duration` set.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
}

/// Arguments of `agendalint sections`.
#[derive(Debug, Args)]
pub struct SectionsArgs {
    /// The agendas to read.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Use this config file's section headings instead of discovering
    /// `.agendalint.yaml` upward from each file.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Use the built-in section headings only.
    #[arg(long)]
    pub no_config: bool,
}

/// Arguments of `agendalint baseline`.
#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// Files or folders whose findings to accept [default: the current folder].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Use this config file for every checked file (the baseline goes next to it).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore every config file; use the built-in defaults.
    #[arg(long)]
    pub no_config: bool,

    /// Files larger than this are reported as `file-error`, not read (bytes, or with a
    /// K, M or G suffix).
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = parse_size)]
    pub max_file_size: u64,
}

/// Arguments of `agendalint report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Files or folders to report on [default: the current folder].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Cover meetings from this day on (YYYY-MM-DD). Earlier meetings still count for
    /// career cadence and for how long an action item has been carried.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<crate::model::IsoDate>,

    /// Cover meetings up to this day (YYYY-MM-DD), included.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<crate::model::IsoDate>,

    /// Cover only the meetings with this person (any case; part of the name will do
    /// when only one series has it).
    #[arg(long, value_name = "NAME")]
    pub with: Option<String>,

    /// Output format [default: from the --output file's extension (.html, .json,
    /// .md), else markdown].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormatArg>,

    /// Write the report to this file (replaced whole, never left half-written)
    /// instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Use this config file for every file instead of discovering `.agendalint.yaml`
    /// upward from each one.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore every config file; use the built-in defaults.
    #[arg(long)]
    pub no_config: bool,

    /// Files larger than this are not read (bytes, or with a K, M or G suffix).
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = parse_size)]
    pub max_file_size: u64,
}

/// `report --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormatArg {
    /// One self-contained page with charts, for a browser; sends nothing anywhere.
    Html,
    /// The aggregate itself, versioned (`agendalint schema --report` describes it).
    Json,
    /// The digest and the tables, to paste into a self-review.
    Markdown,
}

/// Arguments of `agendalint check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check [default: the current folder]; `-` reads one agenda
    /// from standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// With PATH `-`: the path the agenda on standard input is reported under (and
    /// looked up from for its config).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,

    /// Apply safe fixes to the files, then report what remains. Only files with a
    /// reported finding change (not baselined, not before --since). With `-`, print the
    /// fixed text to standard output and the findings to standard error.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,

    /// Print the fixes as a unified diff (for `patch -p1` or `git apply`) and write
    /// nothing; exit status 1 when there would be changes.
    #[arg(long)]
    pub diff: bool,

    /// With --fix or --diff: apply unsafe fixes too (skeletons with `<...>` prompts,
    /// renamed keys).
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Also say which Markdown files were skipped as not agendas, and why.
    #[arg(long, short = 'v')]
    pub verbose: bool,

    /// Take files named on the command line as if found by walking a folder: the
    /// config's `include` applies, and a file that is not an agenda (no front matter
    /// naming a meeting) is skipped. For tools that name every staged Markdown file,
    /// such as the pre-commit framework.
    #[arg(long)]
    pub only_agendas: bool,

    /// Run the privacy rules (private-pay, private-health, private-life,
    /// colleague-performance) whatever the config's `privacy:` says. They run by default
    /// only with --staged, the last moment before text enters history; this runs them on
    /// files named by a hook framework, or over notes already committed.
    #[arg(long)]
    pub privacy: bool,

    /// Files larger than this are reported as `file-error`, not read (bytes, or with a
    /// K, M or G suffix); standard input and staged files too.
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = parse_size)]
    pub max_file_size: u64,

    /// Check the staged (index) content of every staged agenda, as it will be committed
    /// — what the pre-commit hook runs. Exits 0 at once when nothing is staged. In an
    /// agenda dated before today, only the findings the commit brings in count: on the
    /// lines it changes, and not there before it.
    #[arg(long)]
    pub staged: bool,

    /// Check only the agendas changed since this git ref (committed, staged or not, and
    /// new files), e.g. `origin/main` in a pull request. The series rules still read
    /// every agenda.
    #[arg(long, value_name = "REF", conflicts_with = "staged")]
    pub changed_since: Option<String>,

    /// Agendas dated before this day (YYYY-MM-DD) are read for the series rules but not
    /// reported or fixed [default: the config's `since`].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<crate::model::IsoDate>,

    /// Report the findings accepted in `.agendalint-baseline.json` too.
    #[arg(long)]
    pub no_baseline: bool,

    /// Read every agenda under the notes root for the series rules, and neither read nor
    /// write `.agendalint-cache/` there. By default, what the series rules need of each
    /// agenda is kept in that folder of a notes root set up with a config file, and a file
    /// whose size, time stamp and content are unchanged is not read again for it.
    #[arg(long)]
    pub no_cache: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,

    /// Use this config file for every checked file instead of discovering
    /// `.agendalint.yaml` upward from each one.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore every config file; use the built-in defaults.
    #[arg(long)]
    pub no_config: bool,

    /// Run only these rules (comma-separated ids).
    #[arg(
        long,
        value_name = "RULE,...",
        value_delimiter = ',',
        value_parser = RuleIdParser::rules(),
        hide_possible_values = true
    )]
    pub select: Vec<String>,

    /// Do not run these rules (comma-separated ids).
    #[arg(
        long,
        value_name = "RULE,...",
        value_delimiter = ',',
        value_parser = RuleIdParser::rules(),
        hide_possible_values = true
    )]
    pub ignore: Vec<String>,

    /// The lowest severity that makes the run fail (exit status 1).
    #[arg(long, value_enum, default_value_t = FailOnArg::Warning)]
    pub fail_on: FailOnArg,

    /// Print how many findings each rule produced instead of each finding.
    #[arg(long)]
    pub statistics: bool,

    /// When to colour human output (`auto`: on a terminal, unless `NO_COLOR` is set).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// rustc-style: the source line with the span underlined, the message and help.
    Human,
    /// One line per finding: path:line:col: severity[rule] message.
    Concise,
    /// One versioned JSON document.
    Json,
    /// GitHub Actions workflow commands: annotations on the lines in pull requests.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other tools.
    Sarif,
}

/// `--fail-on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    /// Fail only on errors.
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on any finding.
    Info,
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `2026-10-01` → a date that exists.
fn parse_date(text: &str) -> Result<crate::model::IsoDate, String> {
    crate::model::IsoDate::parse(text.trim()).ok_or_else(|| crate::model::IsoDate::problem(text))
}

/// A rule id: any text (custom rules come from the config), completed from the
/// built-in ids (and `file-error`, for `explain`) by shell completion scripts.
#[derive(Clone, Copy, Debug, Default)]
pub struct RuleIdParser {
    /// Whether `file-error` is offered too.
    file_error: bool,
}

impl RuleIdParser {
    /// The ids `--select` and `--ignore` take: the rules.
    pub const fn rules() -> Self {
        Self { file_error: false }
    }

    /// The ids `explain` takes: the rules and `file-error`.
    pub const fn explain() -> Self {
        Self { file_error: true }
    }
}

impl clap::builder::TypedValueParser for RuleIdParser {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let file_error = self.file_error.then_some(crate::diagnostic::FILE_ERROR);
        Some(Box::new(
            crate::rules::ids()
                .chain(file_error)
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

/// `10M`, `512K`, `1048576` → bytes.
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, factor) = match text.char_indices().last() {
        Some((i, 'k' | 'K')) => (&text[..i], 1u64 << 10),
        Some((i, 'm' | 'M')) => (&text[..i], 1u64 << 20),
        Some((i, 'g' | 'G')) => (&text[..i], 1u64 << 30),
        _ => (text, 1),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("`{text}` is not a size: use bytes, or a number with K, M or G"))
}
