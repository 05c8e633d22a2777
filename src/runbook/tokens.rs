//! The `%name%` tokens of the templates and the values that fill them.
//!
//! Tokens are a closed, typed set: a template can only name one of them, and filling looks a
//! name up by a `match` rather than in a map, so that a plan's hundreds of steps cost little
//! more than copying their text.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;

use rustc_hash::FxHashMap;

/// Declares [`Token`] with the name each variant has in templates.
macro_rules! tokens {
    ($($variant:ident = $name:literal,)*) => {
        /// A value a template can name as `%name%`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Token {
            $(#[doc = concat!("`%", $name, "%`")] $variant,)*
        }

        impl Token {
            /// Every token, in declaration order (the index of each in [`Tokens`]).
            pub(crate) const ALL: &'static [Token] = &[$(Token::$variant,)*];

            /// Its name in templates, without the `%` signs.
            #[cfg(test)]
            pub(crate) fn name(self) -> &'static str {
                match self {
                    $(Token::$variant => $name,)*
                }
            }

            /// The token a name in a template stands for (`None`: the `%` text is not a
            /// token, as in `date +%Y%m%d`).
            pub(crate) fn from_name(name: &str) -> Option<Token> {
                match name {
                    $($name => Some(Token::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

tokens! {
    From = "from",
    To = "to",
    Mke = "mke",
    Mcr = "mcr",
    Channel = "channel",
    Product = "product",
    Tool = "tool",
    MkeSupport = "mke-support",
    UpgradeFlags = "upgrade-flags",
    UpgradeNote = "upgrade-note",
    MkeUrl = "mke-url",
    MsrUrl = "msr-url",
    TargetMsrUrl = "target-msr-url",
    Registry = "registry",
    Admin = "admin",
    Replica = "replica",
    BackupDir = "backup-dir",
    FirstMsrNode = "first-msr-node",
    MkeImage = "mke-image",
    MkeImageNow = "mke-image-now",
    MkeBackupId = "mke-backup-id",
    InterlockRepo = "interlock-repo",
    MsrImageFrom = "msr-image-from",
    MsrImage = "msr-image",
    TestImage = "test-image",
    FetchTestImage = "fetch-test-image",
    Chart = "chart",
    ChartVersion = "chart-version",
    Doc = "doc",
    Order = "order",
    Node = "node",
    ReplicaId = "replica-id",
    What = "what",
    Installed = "installed",
    Entries = "entries",
    When = "when",
    Requires = "requires",
    Nodes = "nodes",
    Procedure = "procedure",
    Others = "others",
    Requirements = "requirements",
    Reason = "reason",
    Condition = "condition",
    Source = "source",
    Fact = "fact",
    ChartName = "chart-name",
    ChartFile = "chart-file",
    Commands = "commands",
    Artifact = "artifact",
    Image = "image",
    Os = "os",
    Title = "title",
    Note = "note",
    ToolVersion = "tool-version",
    SourceTls = "source-tls",
    StorageMode = "storage-mode",
    LaunchpadConfig = "launchpad-config",
    LaunchpadSetting = "launchpad-setting",
    LaunchpadDoes = "launchpad-does",
    ImageMirror = "image-mirror",
    MkeBundle = "mke-bundle",
    BundleDownload = "bundle-download",
    BundleSource = "bundle-source",
}

const COUNT: usize = Token::ALL.len();

/// The values that fill a hop's templates; a token without a value stays as written.
#[derive(Debug, Clone)]
pub(crate) struct Tokens<'a> {
    values: [Option<Cow<'a, str>>; COUNT],
}

impl<'a> Tokens<'a> {
    /// No values: every token stays as written.
    pub(crate) fn none() -> Tokens<'a> {
        Tokens {
            values: std::array::from_fn(|_| None),
        }
    }

    /// One value: every other token stays as written.
    pub(crate) fn of(token: Token, value: impl Into<Cow<'a, str>>) -> Tokens<'a> {
        let mut tokens = Tokens::none();
        tokens.set(token, value);
        tokens
    }

    // Each token has its slot: `values` has one per variant (`COUNT`), and a variant's
    // discriminant is its place in the declaration. The lookups cannot miss.

    /// Sets a token's value.
    pub(crate) fn set(&mut self, token: Token, value: impl Into<Cow<'a, str>>) {
        if let Some(slot) = self.values.get_mut(token as usize) {
            *slot = Some(value.into());
        }
    }

    /// These values and one more, borrowing rather than copying them.
    pub(crate) fn with<'b>(&'b self, token: Token, value: &'b str) -> Tokens<'b> {
        self.with_each(&[(token, value)])
    }

    /// These values and more (a later one replaces an earlier one), borrowing rather than
    /// copying them.
    pub(crate) fn with_each<'b>(&'b self, more: &[(Token, &'b str)]) -> Tokens<'b> {
        let mut tokens = Tokens {
            values: self
                .values
                .each_ref()
                .map(|value| value.as_deref().map(Cow::Borrowed)),
        };
        for (token, value) in more {
            tokens.set(*token, *value);
        }
        tokens
    }

    /// The value of a token, if it has one.
    pub(crate) fn get(&self, token: Token) -> Option<&str> {
        self.values.get(token as usize)?.as_deref()
    }

    /// The text with each `%token%` replaced by its value; values are not scanned again,
    /// and a `%` that starts no token with a value (`date +%Y%m%d`) stays as written. The
    /// text is split into its pieces once per thread ([`with_pieces`]), so filling a plan's
    /// hundreds of steps is copying (into one buffer per plan: [`Tokens::fill_into`]).
    pub(crate) fn fill(&self, text: &'static str) -> Cow<'static, str> {
        let mut out = String::new();
        match self.fill_into(text, &mut out) {
            Span::Fixed(text) => Cow::Borrowed(text),
            Span::Written(_) => Cow::Owned(out),
        }
    }

    /// [`Tokens::fill`] into `out`: the filled text is appended to it, or, when the text has
    /// no token, it is the template's own and nothing is written.
    pub(crate) fn fill_into(&self, text: &'static str, out: &mut String) -> Span {
        with_pieces(text, |pieces| {
            if let [Piece::Text(_)] | [] = *pieces {
                return Span::Fixed(text);
            }
            let start = out.len();
            for piece in pieces {
                out.push_str(match *piece {
                    Piece::Text(text) => text,
                    Piece::Token(token, written) => self.get(token).unwrap_or(written),
                });
            }
            Span::Written(start..out.len())
        })
    }
}

/// Where a filled text is: the template's own text, or a span of the text written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Span {
    Fixed(&'static str),
    Written(Range<usize>),
}

/// A piece of a template's text: plain text, or a token with the text it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Text(&'static str),
    Token(Token, &'static str),
}

/// Runs `f` on a template text split into its pieces, computed once per distinct text and
/// thread (the texts are the runbook's static data, so each thread's cache is bounded, and a
/// cache per thread keeps planning threads from contending on a lock).
fn with_pieces<R>(text: &'static str, f: impl FnOnce(&[Piece]) -> R) -> R {
    /// Split texts by address and length.
    type Cache = RefCell<FxHashMap<(usize, usize), Box<[Piece]>>>;
    thread_local! {
        static CACHE: Cache = RefCell::default();
    }
    let key = (text.as_ptr() as usize, text.len());
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        f(cache.entry(key).or_insert_with(|| split(text).into()))
    })
}

/// Splits a text at its tokens: `%name%` where `name` is a [`Token`]. A `%` that does not
/// open a token may close one (`100% %to%`); the `%` that closes a token opens none.
fn split(text: &'static str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    // Where the plain text not yet in `pieces` starts.
    let mut plain = 0;
    let mut signs = text.match_indices('%').map(|(at, _)| at).peekable();
    while let Some(start) = signs.next() {
        let Some(&end) = signs.peek() else { break };
        let token = text
            .get(start..end)
            .and_then(|name| name.strip_prefix('%'))
            .and_then(Token::from_name);
        let (Some(token), Some(written)) = (token, text.get(start..=end)) else {
            continue;
        };
        signs.next();
        if let Some(before) = text.get(plain..start).filter(|before| !before.is_empty()) {
            pieces.push(Piece::Text(before));
        }
        pieces.push(Piece::Token(token, written));
        // Past the closing `%`, one byte.
        plain = end.saturating_add(1);
    }
    if let Some(rest) = text.get(plain..).filter(|rest| !rest.is_empty()) {
        pieces.push(Piece::Text(rest));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::{Token, Tokens};

    #[test]
    fn names_and_tokens_round_trip() {
        for token in Token::ALL {
            assert_eq!(Token::from_name(token.name()), Some(*token));
        }
        assert_eq!(Token::from_name("Y"), None);
    }

    #[test]
    fn fill_replaces_known_tokens_once_and_keeps_other_percent_signs() {
        let mut tokens = Tokens::none();
        tokens.set(Token::To, "3.9.0");
        tokens.set(Token::From, "%to%");
        assert_eq!(
            tokens.fill("from %from% to %to%, %mke% at $(date +%Y%m%d) 100%"),
            "from %to% to 3.9.0, %mke% at $(date +%Y%m%d) 100%"
        );
        let node = tokens.with(Token::Node, "manager-1");
        assert_eq!(node.fill("%node%: %to%"), "manager-1: 3.9.0");
        assert_eq!(tokens.fill("%node%"), "%node%");
        // A `%` that opens no token may close one; the one that closes a token opens none.
        for (text, filled) in [
            ("%", "%"),
            ("%%", "%%"),
            ("%to", "%to"),
            ("to%", "to%"),
            ("%%to%%", "%3.9.0%"),
            ("%to%to%", "3.9.0to%"),
            ("a%to%%to%b", "a3.9.03.9.0b"),
            ("é%to%é", "é3.9.0é"),
        ] {
            assert_eq!(tokens.fill(text), filled, "{text}");
        }
    }
}
