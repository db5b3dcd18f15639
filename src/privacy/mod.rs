//! The privacy guard: pay, health, private life and judgements of a colleague's
//! performance, found in an agenda's prose before it enters a repository that is pushed.
//!
//! [`detect`] finds the words of each [`Category`] with closed lexicons and a context
//! condition (an amount next to a pay term, a condition tied to a person, a roster name
//! next to a judgement). The four `private-*`/`colleague-performance` rules report them;
//! [`mask`] keeps the flagged words out of every output; [`allowlist`] remembers, as
//! salted hashes, the lines a user has accepted.

pub mod allow;
pub mod allowlist;
pub mod corpus;
pub mod detect;
pub mod mask;
pub mod rule;
pub mod scorer;

/// The four kinds of private content, one rule each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// An amount, percentage or band tied to a person's pay.
    Pay,
    /// A condition, treatment, medication or medical leave tied to a person.
    Health,
    /// Divorce, pregnancy, custody, bereavement, immigration or visa status.
    Life,
    /// A colleague on the roster next to a judgement of their performance.
    ColleaguePerformance,
}

impl Category {
    /// Every category, in the order the rules are listed.
    pub const ALL: [Category; 4] = [
        Category::Pay,
        Category::Health,
        Category::Life,
        Category::ColleaguePerformance,
    ];

    /// The id of the rule that reports it.
    pub const fn rule_id(self) -> &'static str {
        match self {
            Category::Pay => "private-pay",
            Category::Health => "private-health",
            Category::Life => "private-life",
            Category::ColleaguePerformance => "colleague-performance",
        }
    }

    /// The category of a rule id, if it is one of the privacy rules.
    pub fn of_rule(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.rule_id() == id)
    }

    /// What the finding names instead of the words: "pay details".
    pub const fn describe(self) -> &'static str {
        match self {
            Category::Pay => "pay details",
            Category::Health => "health details",
            Category::Life => "private-life details",
            Category::ColleaguePerformance => "a judgement of a colleague's performance",
        }
    }
}

/// Whether `id` names one of the four rules that flag private text.
pub fn is_privacy_rule(id: &str) -> bool {
    Category::of_rule(id).is_some()
}

/// The rule that keeps a `private: true` note out of a pushed repository.
pub const PRIVATE_COMMIT: &str = "private-commit";

/// The rules of the privacy guard.
pub const GUARD_RULES: [&str; 5] = [
    "private-pay",
    "private-health",
    "private-life",
    "colleague-performance",
    PRIVATE_COMMIT,
];

/// Whether `id` names a rule of the privacy guard: the four that flag private text, and
/// `private-commit`. They run where the config's `privacy:` says (by default only in
/// `check --staged`).
pub fn is_guard_rule(id: &str) -> bool {
    GUARD_RULES.contains(&id)
}

/// The people a judgement may name: the agenda's attendees and the config's
/// `privacy.people`, less the agenda's owner (a judgement of oneself is not about a
/// colleague).
#[derive(Clone, Debug, Default)]
pub struct Roster {
    /// Names as written (`Ana Lopes`, `Raj`).
    pub people: Vec<String>,
    /// The owner's names, never a colleague.
    pub owner: Vec<String>,
}

impl Roster {
    /// A roster of `people`, less anyone named in `owner`.
    pub fn new<P, O>(people: P, owner: O) -> Self
    where
        P: IntoIterator,
        P::Item: Into<String>,
        O: IntoIterator,
        O::Item: Into<String>,
    {
        Self {
            people: people.into_iter().map(Into::into).collect(),
            owner: owner.into_iter().map(Into::into).collect(),
        }
    }
}
