//! The subcommands: resolve the command line into library settings, run, and hand the
//! results to `output`.

use std::collections::{BTreeMap, HashSet};
use std::io::{self, IsTerminal, Write as _};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::baseline::{self, Baseline};
use crate::cli::{
    BaselineArgs, CheckArgs, ColorArg, FailOnArg, FormatArg, HookAction, NewArgs, PrivacyAction,
    ReportArgs, ReportFormatArg, SectionsArgs,
};
use crate::diagnostic::{FILE_ERROR, Severity};
use crate::error::{ExitStatus, UsageError};
use crate::fix::FixMode;
use crate::output::{self, DiffWriter, FixedTextWriter, Format, OutputOptions, Report};
use crate::rules;
use crate::runner::{self, CheckOptions, CommitChange, ConfigChoice, StagedRun, VirtualFile};
use crate::scaffold::{self, NewAgenda};
use crate::{git, hook, series};

/// `agendalint check`.
pub(crate) fn check(args: &CheckArgs) -> ExitStatus {
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Concise => Format::Concise,
        FormatArg::Json => Format::Json,
        FormatArg::Github => Format::Github,
        FormatArg::Sarif => Format::Sarif,
    };
    let fail_on = match args.fail_on {
        FailOnArg::Error => Severity::Error,
        FailOnArg::Warning => Severity::Warning,
        FailOnArg::Info => Severity::Info,
    };
    let fix = match (args.fix, args.diff) {
        (true, _) => FixMode::Apply {
            unsafe_fixes: args.unsafe_fixes,
        },
        (false, true) => FixMode::Diff {
            unsafe_fixes: args.unsafe_fixes,
        },
        (false, false) => FixMode::Off,
    };
    if args.unsafe_fixes && !args.fix && !args.diff {
        return report_usage_error(&UsageError::Usage {
            message: "--unsafe-fixes needs --fix or --diff".to_string(),
            help: "apply them with `agendalint check --fix --unsafe-fixes`, or see them first with `agendalint check --diff --unsafe-fixes`".to_string(),
        });
    }
    let reads_stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    let mut options = CheckOptions {
        paths: args
            .paths
            .iter()
            .filter(|p| p.as_os_str() != "-")
            .cloned()
            .collect(),
        config: ConfigChoice::from_flags(args.config.as_deref(), args.no_config),
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        keep_sources: format == Format::Human && !args.statistics,
        max_file_size: args.max_file_size,
        fix,
        since: args.since,
        use_baseline: !args.no_baseline,
        series_cache: !args.no_cache,
        named_as_walked: args.only_agendas,
        privacy: args.privacy,
        ..CheckOptions::default()
    };
    if let Err(error) = stdin_input(args, reads_stdin, &mut options) {
        return report_usage_error(&error);
    }
    if let Some(reference) = &args.changed_since {
        match changed_since(reference) {
            Ok(files) => options.only = Some(Arc::new(files)),
            Err(error) => return report_error(&error),
        }
    }
    if args.staged {
        match staged_input(args, &mut options) {
            Ok(0) => {
                output::write_stderr("No staged agendas to check\n");
                return ExitStatus::Success;
            }
            Ok(_) => {}
            Err(error) => return report_error(&*error),
        }
    } else if options.paths.is_empty() && !reads_stdin {
        options.paths.push(PathBuf::from("."));
    }
    let status = print_run(
        &options,
        RunPrinting {
            format,
            statistics: args.statistics,
            color: args.color,
            fail_on,
            reads_stdin,
            verbose: args.verbose,
        },
    );
    if args.staged && status == ExitStatus::Failure {
        output::write_stderr(HOOK_REFUSED);
    }
    status
}

/// What `check --staged` adds when it fails, as the pre-commit hook does.
const HOOK_REFUSED: &str = "
agendalint stopped this commit. Fix the findings above and `git add` the files again,
or:
  - skip the check this once:  git commit --no-verify
  - accept today's findings:   agendalint baseline
                               git add .agendalint-baseline.json
";

/// `--changed-since REF`: the files changed since `reference`, symlinks resolved.
fn changed_since(reference: &str) -> Result<HashSet<PathBuf>, git::GitError> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let root = git::work_tree_root(&cwd)?;
    Ok(git::changed_since(&root, reference)?
        .into_iter()
        .filter_map(|path| std::fs::canonicalize(path).ok())
        .collect())
}

/// How `check` prints a run.
#[derive(Clone, Copy)]
struct RunPrinting {
    format: Format,
    statistics: bool,
    color: ColorArg,
    fail_on: Severity,
    reads_stdin: bool,
    /// Say which files were skipped as not agendas.
    verbose: bool,
}

/// Runs the check, writing each file's results as they come; returns the exit status.
fn print_run(options: &CheckOptions, printing: RunPrinting) -> ExitStatus {
    let RunPrinting {
        format,
        statistics,
        color,
        fail_on,
        reads_stdin,
        verbose,
    } = printing;
    let fix = options.fix;
    let stdout = io::stdout();
    let output_options = OutputOptions {
        format,
        color: use_color(color, stdout.is_terminal()),
        statistics,
        width: terminal_width(stdout.is_terminal()),
    };
    let mut stdout = io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut stderr = io::stderr();
    // Results are written as each chunk of files is done; the fixed text of standard
    // input goes to standard output, as formatters do for editors, and the findings to
    // standard error.
    let mut findings = output::findings_writer(&output_options);
    // In a GitHub Actions step, annotations show at most ten findings: the job summary
    // lists them.
    let step_summary = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty());
    if let (Format::Github, false, Some(path)) = (format, statistics, step_summary) {
        findings = output::with_step_summary(findings, PathBuf::from(path));
    }
    let (mut report, mut fixed_text) = match fix {
        FixMode::Diff { .. } => (Report::new(Box::new(DiffWriter), &mut stdout), None),
        FixMode::Apply { .. } if reads_stdin => {
            let original = options
                .virtual_files
                .first()
                .and_then(|f| f.text.clone().ok())
                .unwrap_or_default();
            (
                Report::new(findings, &mut stderr),
                Some(Report::new(
                    Box::new(FixedTextWriter::new(original)),
                    &mut stdout,
                )),
            )
        }
        _ => (Report::new(findings, &mut stdout), None),
    };
    let mut write_error = None;
    let streamed = runner::stream(options, &mut |file| {
        if let Some(reason) = file.skipped {
            if verbose {
                output::write_stderr(&format!(
                    "note: skipped {}: not an agenda ({})\n",
                    file.path,
                    reason.describe()
                ));
            }
        }
        let written = match &mut fixed_text {
            Some(text) => text.file(&file),
            None => Ok(()),
        }
        .and_then(|()| report.file(&file));
        match written {
            Ok(()) => ControlFlow::Continue(()),
            Err(error) => {
                write_error = Some(error);
                ControlFlow::Break(())
            }
        }
    });
    let end = match streamed {
        Ok(end) => end,
        Err(error) => return report_usage_error(&error),
    };
    if let Some(error) = write_error {
        return write_failed(&error);
    }
    report.add_stale_baseline(end.stale_baseline);
    report.add_config_errors(end.config_errors.len() + end.baseline_errors.len());
    let finished = match fixed_text {
        Some(text) => text.finish().map(|_| ()),
        None => Ok(()),
    }
    .and_then(|()| report.finish());
    let tally = match finished {
        Ok(tally) => tally,
        Err(error) => return write_failed(&error),
    };
    let stderr_color = use_color(color, io::stderr().is_terminal());
    for error in &end.config_errors {
        output::write_stderr(&output::render_error(error, stderr_color));
    }
    for error in &end.baseline_errors {
        output::write_stderr(&output::render_error(error, stderr_color));
    }
    let tool_errors =
        tally.file_errors || !end.config_errors.is_empty() || !end.baseline_errors.is_empty();
    exit_status(&tally, tool_errors, fix, fail_on)
}

/// How a check run ends: 2 when the tool could not do its whole job; with `--diff`, 1
/// when there would be changes; else 1 when a finding is at or above `fail_on`.
fn exit_status(
    tally: &output::Tally,
    tool_errors: bool,
    fix: FixMode,
    fail_on: Severity,
) -> ExitStatus {
    if tool_errors {
        ExitStatus::Error
    } else if matches!(fix, FixMode::Diff { .. }) {
        if tally.changed_files > 0 {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        }
    } else if tally.worst.is_some_and(|worst| worst >= fail_on) {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}

/// With PATH `-`, reads the agenda from standard input.
fn stdin_input(
    args: &CheckArgs,
    reads_stdin: bool,
    options: &mut CheckOptions,
) -> Result<(), UsageError> {
    if !reads_stdin {
        if args.stdin_filename.is_some() {
            return Err(UsageError::Usage {
                message: "--stdin-filename needs the path `-`".to_string(),
                help: "run `agendalint check - --stdin-filename notes/2026-11-23.md < agenda.md`"
                    .to_string(),
            });
        }
        return Ok(());
    }
    if matches!(options.fix, FixMode::Diff { .. }) {
        return Err(UsageError::Usage {
            message: "--diff does not read standard input".to_string(),
            help: "use --fix with `-`: the fixed text goes to standard output".to_string(),
        });
    }
    // Like a file on disk, standard input is read up to the size cap and no further
    // (`agendalint check - < /dev/zero` ends); too much, or not UTF-8, is a file error.
    let text = match crate::read::stream(io::stdin().lock(), options.max_file_size) {
        Err(crate::read::ReadError::Io(e)) => {
            return Err(UsageError::Usage {
                message: format!("cannot read standard input: {e}"),
                help: "send UTF-8 text on standard input".to_string(),
            });
        }
        read => read.and_then(crate::read::utf8).map_err(|e| e.to_string()),
    };
    options.virtual_files.push(VirtualFile {
        path: args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>")),
        display: None,
        text,
        walked: false,
        commit: None,
    });
    Ok(())
}

/// `--staged`: the index version of every staged file, reported as in the repository.
/// Returns how many staged files there are.
fn staged_input(
    args: &CheckArgs,
    options: &mut CheckOptions,
) -> Result<usize, Box<dyn miette::Diagnostic>> {
    if args.fix || args.diff || !options.paths.is_empty() || !options.virtual_files.is_empty() {
        return Err(Box::new(UsageError::Usage {
            message:
                "--staged checks the staged files only: no paths, `-`, --fix or --diff with it"
                    .to_string(),
            help: "fix the files with `agendalint check --fix <files>`, then `git add` them"
                .to_string(),
        }));
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let root = git::work_tree_root(&cwd).map_err(|e| Box::new(e) as Box<dyn miette::Diagnostic>)?;
    let staged = git::staged_files(&root, options.max_file_size)
        .map_err(|e| Box::new(e) as Box<dyn miette::Diagnostic>)?;
    let count = staged.len();
    if count == 0 {
        return Ok(0);
    }
    options.staged = Some(StagedRun {
        remote: git::push_remote(&root).map_err(|e| Box::new(e) as Box<dyn miette::Diagnostic>)?,
    });
    let today = scaffold::today();
    for file in staged {
        let path = root.join(&file.path);
        let text = file
            .content
            .and_then(crate::read::utf8)
            .map_err(|e| e.to_string());
        // A past meeting is a record: the commit answers only for what it brings in.
        // An agenda dated today or later, or with no date, is judged whole (and so is a
        // new file, all of whose lines the commit adds).
        let past = text
            .as_ref()
            .is_ok_and(|t| series::identify(&path, t).date.is_some_and(|d| d < today));
        let commit = if past {
            let changes = git::staged_line_changes(&root, &file.path)
                .map_err(|e| Box::new(e) as Box<dyn miette::Diagnostic>)?;
            let previous = git::committed_content(&root, &file.path)
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .map(|text| (text, changes.old));
            Some(CommitChange {
                lines: changes.new,
                previous,
            })
        } else {
            None
        };
        options.virtual_files.push(VirtualFile {
            path,
            display: Some(file.path),
            text,
            walked: true,
            commit,
        });
    }
    Ok(count)
}

/// `agendalint baseline`: checks the paths with no baseline, and writes every finding
/// into the baseline of the folder it belongs to, keeping the entries of files this run
/// did not check (and that still exist).
pub(crate) fn baseline(args: &BaselineArgs) -> ExitStatus {
    let options = CheckOptions {
        paths: paths_or_here(&args.paths),
        config: ConfigChoice::from_flags(args.config.as_deref(), args.no_config),
        keep_sources: true,
        max_file_size: args.max_file_size,
        use_baseline: false,
        // A baseline entry keeps an excerpt of the text; private findings are accepted
        // only as salted hashes (`agendalint privacy allow`).
        ignore: crate::privacy::GUARD_RULES.map(str::to_string).to_vec(),
        ..CheckOptions::default()
    };
    let (plans, end, unreadable) = match collect_baselines(&options) {
        Ok(collected) => collected,
        Err(error) => return report_usage_error(&error),
    };
    let color = use_color(ColorArg::Auto, io::stderr().is_terminal());
    for error in &end.config_errors {
        output::write_stderr(&output::render_error(error, color));
    }
    for path in &unreadable {
        output::write_stderr(&format!(
            "error: {path} could not be checked; run `agendalint check {path}` to see why\n"
        ));
    }
    if !end.config_errors.is_empty() || !unreadable.is_empty() {
        output::write_stderr("No baseline was written: fix the errors above first\n");
        return ExitStatus::Error;
    }
    let mut stdout = io::stdout().lock();
    for (dir, plan) in plans {
        let line = match write_baseline(&dir, plan) {
            Ok(line) => line,
            Err(error) => return report_error(&error),
        };
        if let Err(error) = output::write_line(&line, &mut stdout) {
            return write_failed(&error);
        }
    }
    ExitStatus::Success
}

/// What `agendalint baseline` writes, by baseline folder.
type Plans = BTreeMap<PathBuf, BaselinePlan>;

/// Checks every file and sorts its findings into the baseline of its folder; returns
/// the plans, what is left of the run, and the files that could not be checked.
fn collect_baselines(
    options: &CheckOptions,
) -> Result<(Plans, runner::RunEnd, Vec<String>), UsageError> {
    let mut plans = Plans::new();
    let mut unreadable = Vec::new();
    let end = runner::stream(options, &mut |file| {
        if file.skipped.is_some() {
            // Not an agenda: nothing to accept.
            return ControlFlow::Continue(());
        }
        let place = match &file.baseline {
            Some(place)
                if !file
                    .diagnostics
                    .iter()
                    .any(|d| d.diagnostic.rule == FILE_ERROR) =>
            {
                place
            }
            _ => {
                unreadable.push(file.path.clone());
                return ControlFlow::Continue(());
            }
        };
        let plan = plans.entry(place.dir.to_path_buf()).or_default();
        if file.omitted.before_since {
            // Not checked: its entries, if any, stay as they are.
            return ControlFlow::Continue(());
        }
        plan.checked.insert(place.path.clone());
        let source = file.source.as_deref().unwrap_or("");
        for located in &file.diagnostics {
            let d = &located.diagnostic;
            plan.findings += 1;
            baseline::add(
                &mut plan.entries,
                baseline::Entry {
                    path: place.path.clone(),
                    rule: d.rule.to_string(),
                    hash: baseline::fingerprint(source, d.span),
                    count: 1,
                    text: baseline::excerpt(source, d.span),
                },
            );
        }
        ControlFlow::Continue(())
    })?;
    Ok((plans, end, unreadable))
}

/// Writes one baseline: the plan's entries, plus the entries of the old baseline for
/// files not checked this time that still exist (a broken old baseline is replaced).
/// Returns the line that says what was written.
fn write_baseline(dir: &Path, mut plan: BaselinePlan) -> Result<String, baseline::BaselineError> {
    let previous = Baseline::load(dir).ok().flatten();
    let mut kept = 0;
    for entry in previous.iter().flat_map(Baseline::entries) {
        if !plan.checked.contains(&entry.path) && dir.join(&entry.path).is_file() {
            kept += entry.count;
            baseline::add(&mut plan.entries, entry.clone());
        }
    }
    let files = plan
        .entries
        .values()
        .map(|e| &e.path)
        .collect::<HashSet<_>>()
        .len();
    let total = plan.findings + kept;
    let path = baseline::write(dir, plan.entries.into_values().collect())?;
    Ok(match (total, previous.is_some()) {
        (0, true) => format!("No findings to accept: removed {}", shown(&path)),
        (0, false) => "No findings to accept: no baseline written".to_string(),
        _ => format!(
            "Wrote {total} {} in {files} {} to {}{}",
            if total == 1 { "finding" } else { "findings" },
            if files == 1 { "file" } else { "files" },
            shown(&path),
            if kept > 0 {
                format!(" ({kept} kept from files not checked this time)")
            } else {
                String::new()
            }
        ),
    })
}

/// A path as the user would type it: relative to the current folder when inside it.
fn shown(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    crate::files::display_path(relative.as_deref().unwrap_or(path))
}

/// What `agendalint baseline` writes into one baseline.
#[derive(Default)]
struct BaselinePlan {
    /// Files checked (relative paths): their old entries are replaced.
    checked: HashSet<String>,
    /// Findings accepted, merged by file, rule and hash.
    entries: BTreeMap<(String, String, String), baseline::Entry>,
    /// How many findings were found.
    findings: usize,
}

/// `agendalint rules`.
pub(crate) fn list_rules() -> ExitStatus {
    match output::write_rules(rules::REGISTRY, &mut io::stdout().lock()) {
        Ok(()) => ExitStatus::Success,
        Err(error) => write_failed(&error),
    }
}

/// `agendalint explain RULE`: a built-in rule's page, the page of `file-error`, or what
/// the config found from the current folder says of a custom rule.
pub(crate) fn explain(rule: &str) -> ExitStatus {
    let stdout = io::stdout();
    let color = use_color(ColorArg::Auto, stdout.is_terminal());
    let written = if let Some(entry) = rules::find(rule) {
        output::write_doc(entry.meta.doc, color, &mut stdout.lock())
    } else if rule == FILE_ERROR {
        output::write_doc(output::FILE_ERROR_DOC, color, &mut stdout.lock())
    } else {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let config = match crate::config::Discovery::default().nearest(&cwd) {
            Some(file) => match crate::config::Config::load(&file) {
                Ok(config) => Some(config),
                Err(error) => return report_error(&error),
            },
            None => None,
        };
        let custom = config.as_ref().and_then(|c| {
            c.file
                .custom_rules
                .0
                .iter()
                .find(|r| r.id.0 == rule)
                .map(|r| (r, c.path.as_deref()))
        });
        let Some((custom, path)) = custom else {
            let known = config
                .iter()
                .flat_map(|c| c.file.custom_rules.0.iter().map(|r| r.id.0.as_str()));
            return report_usage_error(&UsageError::unknown_rule_among(rule, "", known));
        };
        output::write_custom_doc(custom, path, color, &mut stdout.lock())
    };
    match written {
        Ok(()) => ExitStatus::Success,
        Err(error) => write_failed(&error),
    }
}

/// `agendalint new`.
pub(crate) fn new_agenda(args: &NewArgs) -> ExitStatus {
    let request = NewAgenda {
        with: args.with.clone(),
        date: args.date.clone(),
        dir: args.dir.clone(),
        template: args.template.clone(),
    };
    match scaffold::new_agenda(&request) {
        Ok(written) => {
            for note in &written.notes {
                output::write_stderr(&format!("note: {note}\n"));
            }
            print_path(&written.path)
        }
        Err(error) => report_error(&error),
    }
}

/// `agendalint init`.
pub(crate) fn init(dir: Option<&Path>, force: bool) -> ExitStatus {
    match scaffold::init(dir.unwrap_or(Path::new(".")), force) {
        Ok(written) => {
            if !written.excluded.is_empty() {
                output::write_stderr(&format!(
                    "note: `exclude` lists what is not an agenda here: {}\n",
                    written.excluded.join(", ")
                ));
            }
            if let Some(ignore) = &written.ignored_cache_in {
                output::write_stderr(&format!(
                    "note: `{}/` (what the series rules read, kept between runs) is listed in {}\n",
                    crate::runner::CACHE_DIR,
                    crate::files::display_path(ignore)
                ));
            }
            print_path(&written.path)
        }
        Err(error) => report_error(&error),
    }
}

/// `agendalint sections FILE...`.
pub(crate) fn sections(args: &SectionsArgs) -> ExitStatus {
    let choice = ConfigChoice::from_flags(args.config.as_deref(), args.no_config);
    let mut stdout = io::stdout().lock();
    let mut status = ExitStatus::Success;
    for (index, path) in args.files.iter().enumerate() {
        let config = choice.load_for(path);
        let config = match config {
            Ok(config) => config,
            Err(error) => {
                report_error(&error);
                status = ExitStatus::Error;
                continue;
            }
        };
        let shown = crate::files::display_path(path);
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) => {
                output::write_stderr(&format!(
                    "error: cannot read {shown}: {}\n",
                    crate::files::describe_io(&error)
                ));
                status = ExitStatus::Error;
                continue;
            }
        };
        let agenda = crate::model::Agenda::parse(&shown, &text, &config.vocabulary);
        let written = if index > 0 { writeln!(stdout) } else { Ok(()) }
            .and_then(|()| output::write_sections(&agenda, &mut stdout));
        if let Err(error) = written {
            return write_failed(&error);
        }
    }
    status
}

/// `agendalint hook install|uninstall`.
/// `agendalint privacy allow FILE:LINE`.
pub(crate) fn privacy(action: &PrivacyAction) -> ExitStatus {
    let PrivacyAction::Allow {
        place,
        config,
        no_config,
    } = action;
    match crate::privacy::allow::allow(
        place,
        &ConfigChoice::from_flags(config.as_deref(), *no_config),
    ) {
        Ok(accepted) => {
            let count = accepted.rules.len();
            let mut rules = accepted.rules.clone();
            rules.dedup();
            let already = if accepted.new < count {
                format!(" ({} already accepted)", count - accepted.new)
            } else {
                String::new()
            };
            output::write_stderr(&format!(
                "Accepted {count} finding{} of {} on {place}{already}, as salted hashes in {}; commit it to share the decision\n",
                if count == 1 { "" } else { "s" },
                rules.join(", "),
                crate::files::display_path(
                    std::env::current_dir()
                        .ok()
                        .and_then(|cwd| accepted.allowlist.strip_prefix(cwd).ok())
                        .unwrap_or(&accepted.allowlist)
                ),
            ));
            ExitStatus::Success
        }
        Err(error) => report_error(&error),
    }
}

pub(crate) fn hook(action: &HookAction) -> ExitStatus {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let outcome = match action {
        HookAction::Install { force } => hook::install(&cwd, *force),
        HookAction::Uninstall => hook::uninstall(&cwd),
    };
    let message = match outcome {
        Ok(hook::Outcome::Installed { path, backup }) => {
            let moved = backup.map_or_else(String::new, |b| {
                format!(
                    "; your hook was moved to {}",
                    crate::files::display_path(&b)
                )
            });
            format!(
                "Installed the pre-commit hook at {}{moved}",
                crate::files::display_path(&path)
            )
        }
        Ok(hook::Outcome::Removed { path, restored }) => format!(
            "Removed the pre-commit hook at {}{}",
            crate::files::display_path(&path),
            if restored {
                "; your earlier hook is back"
            } else {
                ""
            }
        ),
        Ok(hook::Outcome::NothingToRemove(path)) => {
            format!(
                "No pre-commit hook at {}; nothing to remove",
                crate::files::display_path(&path)
            )
        }
        Err(error) => return report_error(&error),
    };
    match output::write_line(&message, &mut io::stdout().lock()) {
        Ok(()) => ExitStatus::Success,
        Err(error) => write_failed(&error),
    }
}

/// `agendalint completions SHELL`.
pub(crate) fn completions(shell: clap_complete::Shell) -> ExitStatus {
    let mut command = <crate::cli::Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "agendalint", &mut script);
    match io::Write::write_all(&mut io::stdout().lock(), &script) {
        Ok(()) => ExitStatus::Success,
        Err(error) => write_failed(&error),
    }
}

/// `agendalint report`.
pub(crate) fn report(args: &ReportArgs) -> ExitStatus {
    use crate::report::{self, Range, ReportOptions};
    if let (Some(since), Some(until)) = (args.since, args.until) {
        if since > until {
            return report_usage_error(&UsageError::Usage {
                message: format!("--since {since} is after --until {until}"),
                help: "give the first day, then the last: --since 2026-01-01 --until 2026-06-30"
                    .to_string(),
            });
        }
    }
    let format = args
        .format
        .unwrap_or_else(|| report_format_of(args.output.as_deref()));
    let options = ReportOptions {
        paths: paths_or_here(&args.paths),
        config: ConfigChoice::from_flags(args.config.as_deref(), args.no_config),
        range: Range {
            since: args.since,
            until: args.until,
        },
        with: args.with.clone(),
        max_file_size: args.max_file_size,
    };
    let progress = report::progress::Progress::for_paths(&options.paths);
    let built = report::build(&options, &mut || progress.tick());
    progress.finish();
    let built = match built {
        Ok(built) => built,
        Err(error) => return report_usage_error(&error),
    };
    let color = use_color(ColorArg::Auto, io::stderr().is_terminal());
    for error in &built.end.config_errors {
        output::write_stderr(&output::render_error(error, color));
    }
    for (path, reason) in &built.file_errors {
        output::write_stderr(&format!(
            "error: {path}: {reason}; it is left out of the report\n"
        ));
    }
    let partial = !built.end.config_errors.is_empty() || !built.file_errors.is_empty();
    let document = match built.report {
        Ok(document) => document,
        Err(nothing) => return report_usage_error(&nothing_to_report(nothing)),
    };
    let links = report::Links::new(&document, args.output.as_deref());
    let write = |out: &mut dyn io::Write| match format {
        ReportFormatArg::Html => out.write_all(report::html::render(&document, &links).as_bytes()),
        ReportFormatArg::Markdown => {
            out.write_all(report::markdown::render(&document, &links).as_bytes())
        }
        ReportFormatArg::Json => report::write_json(&document, out),
    };
    let written = if let Some(path) = &args.output {
        report::write_file(path, write).map_err(|reason| {
            output::write_stderr(&format!(
                "error: cannot write {}: {reason}\n",
                crate::files::display_path(path)
            ));
            ExitStatus::Error
        })
    } else {
        let mut stdout = io::BufWriter::new(io::stdout().lock());
        write(&mut stdout)
            .and_then(|()| io::Write::flush(&mut stdout))
            .map_err(|error| write_failed(&error))
    };
    match written {
        Err(status) => status,
        Ok(()) if partial => ExitStatus::Error,
        Ok(()) => ExitStatus::Success,
    }
}

/// The report format `--output`'s extension names (`.html`, `.json`, `.md`); Markdown
/// for any other and for standard output.
fn report_format_of(output: Option<&Path>) -> ReportFormatArg {
    let extension = output
        .and_then(Path::extension)
        .map(|e| e.to_string_lossy().to_lowercase());
    match extension.as_deref() {
        Some("html" | "htm") => ReportFormatArg::Html,
        Some("json") => ReportFormatArg::Json,
        _ => ReportFormatArg::Markdown,
    }
}

/// Why there is no report, said as a usage error.
fn nothing_to_report(nothing: crate::report::Nothing) -> UsageError {
    use crate::report::Nothing;
    let counted = |n: usize, one: &str, many: &str| {
        format!(
            "{} {}",
            crate::brief::count(n),
            if n == 1 { one } else { many }
        )
    };
    let (message, help) = match nothing {
        Nothing::NoSuchSeries { asked, known } => (
            format!("no meetings with `{asked}`"),
            match crate::suggest::did_you_mean(&asked, known.iter().map(String::as_str)) {
                Some(name) => format!("did you mean `{name}`?"),
                None if known.is_empty() => "no agenda names a person in `with`".to_string(),
                None => format!(
                    "the meetings are with {}",
                    crate::brief::name_a_few(&known, known.len())
                ),
            },
        ),
        Nothing::Ambiguous { asked, matches } => (
            format!("`{asked}` names more than one person"),
            format!(
                "give the whole name: {}",
                crate::brief::name_a_few(&matches, matches.len())
            ),
        ),
        Nothing::NoMeetings {
            read,
            unplaced,
            not_agendas,
        } => (
            "no meetings to report on".to_string(),
            if read == 0 && not_agendas > 0 {
                format!(
                    "{}: an agenda starts with front matter that has a `date` and a `with`",
                    if not_agendas == 1 {
                        "the one Markdown file found is not an agenda".to_string()
                    } else {
                        format!(
                            "{} found, none of them an agenda",
                            counted(not_agendas, "Markdown file", "Markdown files")
                        )
                    }
                )
            } else if read == 0 {
                "no agenda was read: give the notes folder, e.g. `agendalint report notes/`"
                    .to_string()
            } else if unplaced == read {
                format!(
                    "{} read; none has both a real `date` and a `with` in its front matter",
                    counted(read, "agenda", "agendas")
                )
            } else {
                format!(
                    "{} read; none is dated within --since and --until",
                    counted(read - unplaced, "meeting", "meetings")
                )
            },
        ),
    };
    UsageError::Usage { message, help }
}

/// `agendalint schema [--report]`.
pub(crate) fn schema(report: bool) -> ExitStatus {
    let schema = if report {
        crate::report::json_schema()
    } else {
        crate::config::json_schema()
    };
    let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    match output::write_line(&text, &mut io::stdout().lock()) {
        Ok(()) => ExitStatus::Success,
        Err(error) => write_failed(&error),
    }
}

fn print_path(path: &Path) -> ExitStatus {
    match output::write_line(&shown(path), &mut io::stdout().lock()) {
        Ok(()) => ExitStatus::Success,
        Err(error) => write_failed(&error),
    }
}

fn report_error(error: &dyn miette::Diagnostic) -> ExitStatus {
    output::write_stderr(&output::render_error(
        error,
        use_color(ColorArg::Auto, io::stderr().is_terminal()),
    ));
    ExitStatus::Error
}

fn report_usage_error(error: &UsageError) -> ExitStatus {
    output::write_stderr(&output::render_error(
        error,
        use_color(ColorArg::Auto, io::stderr().is_terminal()),
    ));
    ExitStatus::Error
}

/// A closed pipe (`agendalint check | head`) is not an error.
fn write_failed(error: &io::Error) -> ExitStatus {
    if error.kind() == io::ErrorKind::BrokenPipe {
        ExitStatus::Success
    } else {
        output::write_stderr(&format!("error: cannot write output: {error}\n"));
        ExitStatus::Error
    }
}

fn use_color(choice: ColorArg, is_terminal: bool) -> bool {
    match choice {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

fn terminal_width(is_terminal: bool) -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok());
    match columns {
        Some(width) if width >= 40 => width,
        _ if is_terminal => 100,
        _ => 80,
    }
}

/// The paths given, or the current folder when none is.
fn paths_or_here(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    }
}
