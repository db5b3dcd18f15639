//! Where an initiative was reported: the first later project, in any meeting read, that
//! is named like it and states a measured outcome.
//!
//! Initiatives are known once every meeting is read, so the projects of the series in
//! the report that might report one are indexed as they come ([`Mentions`]), each kept
//! small: the date, the line, and the agenda's path and outcome's text shared with the
//! rest of the report. A project dated no later than `--since` cannot follow an
//! initiative in scope and is not kept; of those dated after `--until`, only the
//! earliest of each name is. Of the series outside the report (`--with`), a project
//! keeps only its date and its file's place in the run's order (8 bytes); once the
//! initiatives are known, the files that may hold the first report of one are read
//! again ([`Mentions::outside_places`]) and their projects offered to [`Outside`].

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use super::document::{Initiative, ReportedAs, Source};
use crate::model::IsoDate;
use crate::series;

/// A project with a measured outcome, as one meeting names it.
#[derive(Clone, Debug)]
struct Mention {
    date: IsoDate,
    /// Its name as written there, among its key's [`Named::spellings`].
    name: u32,
    path: Rc<str>,
    /// The line of its first measured outcome.
    line: usize,
    /// That outcome's text.
    outcome: Rc<str>,
}

impl Mention {
    fn order(&self) -> (IsoDate, &str, usize) {
        (self.date, &self.path, self.line)
    }
}

/// The projects named alike (the same key), with a measured outcome.
struct Named {
    words: Vec<String>,
    spellings: Vec<Box<str>>,
    mentions: Vec<Mention>,
    /// The earliest mention dated after `--until`.
    after_until: Option<Mention>,
    /// Mentions in the series outside the report: the date, and the place of the
    /// agenda in the run's order.
    outside: Vec<(IsoDate, u32)>,
}

/// Every project read that might report an initiative.
pub struct Mentions {
    since: Option<IsoDate>,
    until: Option<IsoDate>,
    by_key: HashMap<Box<str>, usize>,
    named: Vec<Named>,
}

impl Mentions {
    /// An empty index for initiatives dated from `since` to `until`.
    pub fn new(since: Option<IsoDate>, until: Option<IsoDate>) -> Self {
        Mentions {
            since,
            until,
            by_key: HashMap::new(),
            named: Vec::new(),
        }
    }

    /// Whether a project dated `date` might report an initiative in scope: it must be
    /// dated after one.
    pub fn wants(&self, date: IsoDate) -> bool {
        self.since.is_none_or(|since| date > since)
    }

    /// The entry of the projects of key `key` (one of them named `name`).
    fn named(&mut self, key: &str, name: &str) -> &mut Named {
        let slot = if let Some(&slot) = self.by_key.get(key) {
            slot
        } else {
            self.by_key.insert(key.into(), self.named.len());
            self.named.push(Named {
                words: series::normalise(name),
                spellings: Vec::new(),
                mentions: Vec::new(),
                after_until: None,
                outside: Vec::new(),
            });
            self.named.len() - 1
        };
        &mut self.named[slot]
    }

    /// Indexes a project of key `key`, named `name`, in the meeting of `date` outside
    /// the report, whose agenda came `place`th in the run.
    pub fn add_outside(&mut self, (key, name): (&str, &str), date: IsoDate, place: usize) {
        if self.wants(date) {
            let place = u32::try_from(place).unwrap_or(u32::MAX);
            self.named(key, name).outside.push((date, place));
        }
    }

    /// The places of the agendas outside the report that may hold the first report of
    /// one of `initiatives` (text, date proposed): for each, those of the earliest date
    /// after it among the projects named like it.
    pub fn outside_places<'a>(
        &mut self,
        initiatives: impl Iterator<Item = (&'a str, IsoDate)>,
    ) -> BTreeSet<usize> {
        for entry in &mut self.named {
            entry.outside.sort_unstable();
        }
        let mut places = BTreeSet::new();
        let by_word = names_by_word(&self.named, |entry| !entry.outside.is_empty());
        if by_word.is_empty() {
            // Nothing outside the report was indexed (no `--with`, as a rule).
            return places;
        }
        for (text, date) in initiatives {
            let shared = shared_words(&by_word, &word_set(text));
            let later = |i: usize| {
                let outside = &self.named[i].outside;
                &outside[outside.partition_point(|&(d, _)| d <= date)..]
            };
            let naming: Vec<usize> = shared
                .iter()
                .filter(|&(&i, &n)| names_it(n, self.named[i].words.len()))
                .map(|(&i, _)| i)
                .collect();
            let Some(first) = naming
                .iter()
                .filter_map(|&i| later(i).first())
                .map(|m| m.0)
                .min()
            else {
                continue;
            };
            for &i in &naming {
                let on_first = later(i).iter().take_while(|m| m.0 == first);
                places.extend(on_first.map(|&(_, place)| place as usize));
            }
        }
        places
    }

    /// Indexes a project of key `key`, named `name`, in the meeting of `date` at
    /// `path`, whose first measured outcome, `outcome`, is at `line`.
    pub fn add(
        &mut self,
        (key, name): (&str, &str),
        (date, path): (IsoDate, &Rc<str>),
        line: usize,
        outcome: Rc<str>,
    ) {
        if !self.wants(date) {
            return;
        }
        let until = self.until;
        let named = self.named(key, name);
        let spelling = if let Some(i) = named.spellings.iter().position(|s| **s == *name) {
            i
        } else {
            named.spellings.push(name.into());
            named.spellings.len() - 1
        };
        let mention = Mention {
            date,
            name: u32::try_from(spelling).unwrap_or(u32::MAX),
            path: Rc::clone(path),
            line,
            outcome,
        };
        if until.is_some_and(|until| date > until) {
            // Any initiative in scope is older: of these, only the earliest can be the
            // first after it.
            if named
                .after_until
                .as_ref()
                .is_none_or(|kept| mention.order() < kept.order())
            {
                named.after_until = Some(mention);
            }
        } else {
            named.mentions.push(mention);
        }
    }

    /// Marks each initiative (proposed on its date in `dates`) with the first later
    /// project indexed that is named like it and states a measured outcome, unless the
    /// one it is already marked with (found outside the report) comes first.
    pub fn mark(self, initiatives: &mut [Initiative], dates: &[IsoDate]) {
        let mut named = self.named;
        for entry in &mut named {
            entry.mentions.extend(entry.after_until.take());
            entry.mentions.sort_by(|a, b| a.order().cmp(&b.order()));
        }
        // Which projects name each word, so that an initiative is compared only with the
        // projects that share a word with it, not with every project read.
        let by_word = names_by_word(&named, |_| true);
        for (initiative, &date) in initiatives.iter_mut().zip(dates) {
            let shared = shared_words(&by_word, &word_set(&initiative.text));
            let found = shared
                .iter()
                .filter(|&(&i, &n)| names_it(n, named[i].words.len()))
                .filter_map(|(&i, _)| {
                    let mentions = &named[i].mentions;
                    let next = mentions.get(mentions.partition_point(|m| m.date <= date))?;
                    Some((i, next))
                })
                .min_by(|a, b| a.1.order().cmp(&b.1.order()));
            let Some((i, mention)) = found else {
                continue;
            };
            let source = Source {
                date: mention.date.to_string(),
                path: mention.path.to_string(),
                line: mention.line,
            };
            if initiative
                .reported
                .as_ref()
                .is_some_and(|outside| outside.source < source)
            {
                continue;
            }
            initiative.reported = Some(ReportedAs {
                project: named[i]
                    .spellings
                    .get(mention.name as usize)
                    .map_or_else(String::new, ToString::to_string),
                outcome: mention.outcome.to_string(),
                source,
            });
        }
    }
}

/// The report's initiatives, offered the projects of the meetings outside the report in
/// a second reading: each keeps the earliest later project that is named like it and
/// states a measured outcome. Holds nothing per meeting.
pub struct Outside {
    /// Per word of an initiative, the initiatives that hold it (by place).
    by_word: HashMap<String, Vec<usize>>,
    dates: Vec<IsoDate>,
    found: Vec<Option<ReportedAs>>,
}

impl Outside {
    /// The initiatives `(text, date)` to find reports of.
    pub fn new<'a>(initiatives: impl Iterator<Item = (&'a str, IsoDate)>) -> Self {
        let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
        let mut dates = Vec::new();
        for (i, (text, date)) in initiatives.enumerate() {
            for word in word_set(text) {
                by_word.entry(word).or_default().push(i);
            }
            dates.push(date);
        }
        let found = vec![None; dates.len()];
        Outside {
            by_word,
            dates,
            found,
        }
    }

    /// Offers the project named `name`, in the meeting of `date` at `path`, whose first
    /// measured outcome, `outcome`, is at `line`.
    pub fn offer(&mut self, name: &str, (date, path): (IsoDate, &str), line: usize, outcome: &str) {
        let words = series::normalise(name);
        let shared = shared_words(&self.by_word, &words);
        let source = Source {
            date: date.to_string(),
            path: path.to_string(),
            line,
        };
        for (i, n) in shared {
            if !names_it(n, words.len()) || self.dates[i] >= date {
                continue;
            }
            let slot = &mut self.found[i];
            if slot.as_ref().is_none_or(|kept| source < kept.source) {
                *slot = Some(ReportedAs {
                    project: name.to_string(),
                    outcome: outcome.to_string(),
                    source: source.clone(),
                });
            }
        }
    }

    /// What was found, per initiative in the order given.
    pub fn into_found(self) -> Vec<Option<ReportedAs>> {
        self.found
    }
}

/// An initiative's words (`series::normalise`), each once.
fn word_set(text: &str) -> Vec<String> {
    let mut words = series::normalise(text);
    words.sort_unstable();
    words.dedup();
    words
}

/// Per word of the projects' names, the projects (by place in `named`) whose name holds
/// it, once per time it does; only the projects `keep` takes.
fn names_by_word(named: &[Named], keep: impl Fn(&Named) -> bool) -> HashMap<&str, Vec<usize>> {
    let mut by_word: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, entry) in named.iter().enumerate().filter(|(_, e)| keep(e)) {
        for word in &entry.words {
            by_word.entry(word.as_str()).or_default().push(i);
        }
    }
    by_word
}

/// How many of `words` each entry of `by_word` shares: the count by entry.
fn shared_words<K>(by_word: &HashMap<K, Vec<usize>>, words: &[String]) -> HashMap<usize, usize>
where
    K: std::borrow::Borrow<str> + std::hash::Hash + Eq,
{
    let mut shared: HashMap<usize, usize> = HashMap::new();
    for word in words {
        for &i in by_word.get(word.as_str()).map_or(&[][..], Vec::as_slice) {
            *shared.entry(i).or_insert(0) += 1;
        }
    }
    shared
}

/// Whether a project's name of `words` words, `shared` of which are the initiative's,
/// names the initiative: at least two shared, and three in five or more.
fn names_it(shared: usize, words: usize) -> bool {
    shared >= 2 && shared * 5 >= words * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_names_name_initiatives() {
        let shared = |name: &str, initiative: &str| {
            let initiative = series::normalise(initiative);
            let name = series::normalise(name);
            let n = name.iter().filter(|w| initiative.contains(w)).count();
            names_it(n, name.len())
        };
        let runbooks =
            "Runbook-first on-call: every payments alert gets a linked runbook and a named owner";
        assert!(shared("Runbook-first on-call (pilot)", runbooks));
        assert!(!shared(
            "Consumer-library design review",
            "Roll the consumer library out to all 6 payments consumers"
        ));
        assert!(!shared("Runbooks", runbooks));
    }

    fn date(text: &str) -> IsoDate {
        IsoDate::parse(text).expect("a date")
    }

    fn initiative(text: &str) -> Initiative {
        Initiative {
            text: text.to_string(),
            ..Initiative::default()
        }
    }

    #[test]
    fn the_first_project_after_an_initiative_reports_it_whatever_the_order_read() {
        let text = "Cut flaky CI reruns by 30% by end of June";
        let mentions = [
            ("2026-03-02", "b/2026-03-02.md", "Flaky CI reruns (done)"),
            ("2026-02-02", "a/2026-02-02.md", "Flaky CI reruns"),
            ("2026-01-05", "a/2026-01-05.md", "Flaky CI reruns"),
            ("2026-02-02", "a/2026-02-02.md", "Unrelated work"),
        ];
        let reported = |order: &[usize], since: Option<&str>, until: Option<&str>| {
            let mut index = Mentions::new(since.map(date), until.map(date));
            for &i in order {
                let (day, path, name) = mentions[i];
                index.add(
                    (&crate::report::digest::key_of(name), name),
                    (date(day), &Rc::from(path)),
                    7,
                    Rc::from(format!("Outcome of {name}")),
                );
            }
            let mut initiatives = [initiative(text)];
            index.mark(&mut initiatives, &[date("2026-01-05")]);
            initiatives[0].reported.take()
        };
        let expected = reported(&[0, 1, 2, 3], None, None).expect("reported");
        assert_eq!(expected.source.path, "a/2026-02-02.md");
        assert_eq!(expected.project, "Flaky CI reruns");
        for order in [[3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]] {
            assert_eq!(reported(&order, None, None).as_ref(), Some(&expected));
        }
        // Dated after `--until`, the earliest still reports it.
        let late = reported(&[0, 1, 2, 3], None, Some("2026-01-31")).expect("reported");
        assert_eq!(late, expected);
        assert_eq!(
            reported(&[3, 0, 1, 2], None, Some("2026-01-31")).as_ref(),
            Some(&expected)
        );
        // Nothing dated no later than `--since` is kept, and nothing is needed from it.
        let mut index = Mentions::new(Some(date("2026-02-02")), None);
        assert!(!index.wants(date("2026-02-02")));
        index.add(
            ("flaky ci reruns", "Flaky CI reruns"),
            (date("2026-02-02"), &Rc::from("a.md")),
            1,
            Rc::from("x"),
        );
        assert!(index.named.is_empty());
    }
}
