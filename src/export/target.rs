//! The list of export targets: the enum is the one list, and every other list of targets
//! (all of them, the specs, the code languages) and their names are derived from it.

/// Every export target (ARCHITECTURE.md's CLI surface names them). The enum is the one list:
/// [`Target::ALL`], [`Target::SPECS`], [`Target::CODE`] and the names are derived from it.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    strum::VariantArray,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "lowercase")]
pub enum Target {
    /// One JSON Schema (draft 2020-12) and a sample per event and command.
    JsonSchema,
    /// One AsyncAPI 3.0 document per bounded context.
    AsyncApi,
    /// An EventCatalog (v3) folder: domains, services, events, commands, queries, channels.
    EventCatalog,
    /// CloudEvents 1.0 types, envelope schemas and samples of the public events.
    CloudEvents,
    /// One readable Markdown document of the whole model.
    Markdown,
    /// A Rust crate: types with serde, aggregate, policy and read-model skeletons.
    Rust,
    /// TypeScript modules.
    TypeScript,
    /// Java 17 packages.
    Java,
    /// Python packages (typed, checked with mypy --strict).
    Python,
    /// Go packages.
    Go,
    /// Kotlin packages.
    Kotlin,
    /// A picture of the board as SVG (text as text).
    Svg,
    /// A picture of the board as PNG.
    Png,
    /// A picture of the board as PDF (text as text), for printing.
    Pdf,
}

/// The kinds of target, which the dialogs and the tests treat alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// Event definitions (no templates involved).
    Spec,
    /// Code from templates.
    Code,
    /// Pictures of the board.
    Picture,
}

impl Target {
    /// Every target, in the order the export dialog lists them (the order of the enum).
    pub const ALL: [Target; <Self as strum::VariantArray>::VARIANTS.len()] = {
        let variants = <Self as strum::VariantArray>::VARIANTS;
        let mut all = [Target::JsonSchema; <Self as strum::VariantArray>::VARIANTS.len()];
        let mut i = 0;
        while i < all.len() {
            all[i] = variants[i];
            i += 1;
        }
        all
    };

    /// The code targets, one per language.
    pub const CODE: [Target; 6] = Self::those(Group::Code);

    /// The event-definition targets (no templates involved).
    pub const SPECS: [Target; 5] = Self::those(Group::Spec);

    /// The pictures of the board.
    pub const PICTURES: [Target; 3] = Self::those(Group::Picture);

    /// The targets of [`Target::ALL`] in `group`, in order. `N` must be their number: a new
    /// target that changes it stops the build here.
    const fn those<const N: usize>(group: Group) -> [Target; N] {
        let mut those = [Target::JsonSchema; N];
        let (mut i, mut n) = (0, 0);
        while i < Self::ALL.len() {
            if Self::ALL[i].group() as u8 == group as u8 {
                assert!(n < N, "more targets of this group than the constant says");
                those[n] = Self::ALL[i];
                n += 1;
            }
            i += 1;
        }
        assert!(n == N, "fewer targets of this group than the constant says");
        those
    }

    /// What kind of target it is.
    pub const fn group(self) -> Group {
        match self {
            Target::Rust
            | Target::TypeScript
            | Target::Java
            | Target::Python
            | Target::Go
            | Target::Kotlin => Group::Code,
            Target::JsonSchema
            | Target::AsyncApi
            | Target::EventCatalog
            | Target::CloudEvents
            | Target::Markdown => Group::Spec,
            Target::Svg | Target::Png | Target::Pdf => Group::Picture,
        }
    }

    /// Whether the target writes code from templates (rather than event definitions).
    pub const fn is_code(self) -> bool {
        matches!(self.group(), Group::Code)
    }

    /// Whether the target is a picture of the board (File → Export picture…).
    pub const fn is_picture(self) -> bool {
        matches!(self.group(), Group::Picture)
    }

    /// The template language of a code target (its name), `None` for spec targets.
    pub fn language(self) -> Option<&'static str> {
        self.is_code().then(|| self.name())
    }

    /// The name used on the command line and in the dialog (the variant in lower case).
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// One line on what it produces.
    pub fn summary(self) -> &'static str {
        match self {
            Target::JsonSchema => "JSON Schema 2020-12 and a sample per event and command",
            Target::AsyncApi => "AsyncAPI 3.0 document per bounded context",
            Target::EventCatalog => "EventCatalog 3 folder (domains, services, messages)",
            Target::CloudEvents => "CloudEvents 1.0 types, envelope schemas and samples",
            Target::Markdown => "one Markdown overview of the model",
            Target::Rust => "Rust crate: types, aggregates, policies, projectors",
            Target::TypeScript => "TypeScript modules: types, aggregates, policies, projectors",
            Target::Java => "Java 17 packages: records, aggregates, policies, projectors",
            Target::Python => "Python packages: dataclasses, aggregates, policies, projectors",
            Target::Go => "Go packages: structs, aggregates, policies, projectors",
            Target::Kotlin => "Kotlin packages: data classes, aggregates, policies, projectors",
            Target::Svg => "picture of the board as SVG (--scale, --context)",
            Target::Png => "picture of the board as PNG (--scale, --context)",
            Target::Pdf => "picture of the board as PDF, for printing (--scale, --context)",
        }
    }
}
