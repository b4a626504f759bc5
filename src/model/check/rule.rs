//! The rules of the model check as one type. Each rule owns its stable code, its severity and
//! the summary the README's table shows, all written in one table below: a finding cannot
//! name a rule that does not exist, and a rule's severity is written once.

/// How much a finding matters. Errors make exports wrong (or `stormpad check` fail);
/// warnings are what a facilitator would point at; infos are reminders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// The word used in reports: `error`, `warning`, `info`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Declares [`Rule`] and [`Rule::ALL`] from one table, so the list of every rule cannot miss
/// one (the way a derive would, without a dependency).
macro_rules! rules {
    ($($(#[$doc:meta])* $rule:ident = $code:literal, $severity:ident, $summary:literal;)*) => {
        /// A rule of the model check (NOTATION.md, last section; the README's table).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($(#[$doc])* $rule,)*
        }

        impl Rule {
            /// Every rule, in the order of their codes.
            pub const ALL: &'static [Rule] = &[$(Rule::$rule),*];

            /// The rule's row of the table: code, severity, summary.
            fn row(self) -> (&'static str, Severity, &'static str) {
                match self {
                    $(Rule::$rule => ($code, Severity::$severity, $summary),)*
                }
            }
        }
    };
}

rules! {
    /// An event's name says what happened: "Order Placed".
    EventNotPast = "ES001", Warning, "an event not in the past tense";
    /// A command's name is an intention: "Place Order".
    CommandLikeEvent = "ES002", Warning, "a command that reads like an event";
    /// A command goes to what handles it.
    CommandUnhandled = "ES003", Warning,
        "a command that nothing handles (process level on)";
    /// An event comes from somewhere.
    EventUnproduced = "ES004", Warning,
        "an event that nothing produces (process level on)";
    /// A policy reacts to an event.
    PolicyUntriggered = "ES005", Warning, "a policy that nothing triggers";
    /// A policy issues a command.
    PolicyIssuesNothing = "ES006", Warning, "a policy that issues no command";
    /// Duplicates left over from exploration.
    SameNameTwice = "ES007", Warning, "the same event or command twice in one context";
    /// An arrow NOTATION.md's grammar has no meaning for.
    UnknownArrow = "ES008", Warning, "an arrow between kinds the grammar does not know";
    /// Another context depends on an event its own context keeps internal.
    InternalEventConsumedElsewhere = "ES009", Error,
        "an event consumed in another context but marked internal";
    /// A published contract relies on derived defaults.
    PublicEventWithoutContract = "ES010", Warning,
        "a public event without its own version or channel (the exports use the defaults)";
    /// Different names that collide in generated code.
    NamesCollideInCode = "ES011", Warning,
        "two names that become the same identifier in code (\"Order Placed\", \"order-placed\"): \
         types of one context, or handlers of one aggregate, policy or read model";
    /// At design level every modelled sticky belongs to a bounded context.
    OutsideContexts = "ES012", Warning,
        "a sticky outside every bounded context, once the board has one (design level)";
    /// A question still open.
    OpenHotspot = "ES013", Info, "an open hotspot";
    /// A field's type the exports cannot write.
    FieldType = "ES014", Error,
        "a field type that is not understood, or an object type the board does not define";
    /// A field's name the exports cannot write.
    FieldName = "ES015", Error,
        "a field name that cannot be used, or two fields with one name";
    /// A contract version that is not semver.
    Version = "ES016", Error, "a version that is not MAJOR.MINOR.PATCH";
    /// An object type no finite value of which exists.
    TypeRequiresItself = "ES017", Error,
        "an object type that requires itself, so no value of it can exist";
    /// Names brokers and URLs refuse.
    ChannelCharacters = "ES018", Warning,
        "a channel or namespace with characters brokers and URLs refuse";
    /// An event that leaves its context, or comes from a partner, goes somewhere.
    CrossingEventUnconsumed = "ES019", Warning,
        "a public or external event that nothing consumes (process level on)";
    /// A channel or CloudEvents type identifies one event.
    SharedChannelOrType = "ES020", Warning,
        "two events that share one channel or one CloudEvents type";
    /// Personal data stays inside the context unless someone decided otherwise.
    PersonalDataPublished = "ES021", Warning,
        "a public event that publishes a field marked personal data";
    /// Partners and front ends upgrade on their own schedule.
    AudienceWithoutVersion = "ES022", Warning,
        "an event delivered to or received from a partner or front end without a version";
}

impl Rule {
    /// The stable code (`ES012`): documented, searchable, safe to filter on in CI.
    pub fn code(self) -> &'static str {
        self.row().0
    }

    /// How much a finding of this rule matters.
    pub fn severity(self) -> Severity {
        self.row().1
    }

    /// What the rule reports, in the words of the README's table.
    pub fn summary(self) -> &'static str {
        self.row().2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_its_own_code_in_order() {
        // Codes are stable: a code is never reused, so the list may have gaps (ES019 is
        // another rule's), but it is in order and has no duplicates.
        let codes: Vec<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
        assert!(codes.iter().all(|c| c.len() == 5 && c.starts_with("ES")));
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "{codes:?}");
        for rule in Rule::ALL {
            assert!(!rule.summary().is_empty(), "{rule:?} has no summary");
        }
    }

    #[test]
    fn errors_are_the_rules_that_make_exports_wrong() {
        let errors: Vec<&str> = Rule::ALL
            .iter()
            .filter(|r| r.severity() == Severity::Error)
            .map(|r| r.code())
            .collect();
        assert_eq!(errors, ["ES009", "ES014", "ES015", "ES016", "ES017"]);
        assert_eq!(Rule::OpenHotspot.severity(), Severity::Info);
    }
}
