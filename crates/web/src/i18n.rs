//! The public portal's words in each language, from the Fluent catalogues in `crates/web/i18n/`
//! (one file per language): a page asks here for its text, so translating the portal is editing
//! a file, and a test finds every message a page uses in every catalogue.

use std::fmt::Display;
use std::sync::OnceLock;

use domain::lang::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The catalogues, built into the binary.
const CATALOGUES: [(Lang, &str); 2] = [
    (Lang::Vi, include_str!("../i18n/vi.ftl")),
    (Lang::En, include_str!("../i18n/en.ftl")),
];

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<Vec<(Lang, Bundle)>> = OnceLock::new();
    let bundles = BUNDLES.get_or_init(|| {
        CATALOGUES
            .iter()
            .map(|(lang, source)| (*lang, build(*lang, source)))
            .collect()
    });
    bundles
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, b)| b)
        .unwrap_or(&bundles[0].1)
}

/// A catalogue as a bundle. The catalogues are part of the source: one that does not parse is a
/// defect the tests catch, and its well-formed messages still serve.
fn build(lang: Lang, source: &str) -> Bundle {
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
    let tag = lang
        .code()
        .parse::<unic_langid::LanguageIdentifier>()
        .unwrap_or_default();
    let mut bundle = Bundle::new_concurrent(vec![tag]);
    // The pages are HTML, whose `dir` handles direction: no invisible isolation marks in text
    // that people copy.
    bundle.set_use_isolating(false);
    // A message written twice keeps its first text; the tests find the second.
    let _ = bundle.add_resource(resource);
    bundle
}

/// A value given to a message: a whole number as a number (for plural forms), anything else as
/// text.
fn value(v: impl Display) -> FluentValue<'static> {
    let text = v.to_string();
    match text.parse::<i64>() {
        Ok(n) if n.to_string() == text => FluentValue::from(n),
        _ => FluentValue::from(text),
    }
}

/// The words of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr(Lang);

impl Tr {
    /// Vietnamese, the workspace's language.
    pub const VI: Tr = Tr(Lang::Vi);

    pub const fn new(lang: Lang) -> Self {
        Self(lang)
    }

    pub fn lang(self) -> Lang {
        self.0
    }

    /// The attribute that marks the records' text, as written in Vietnamese, on a page in another
    /// language: ` lang="vi"`; nothing on a Vietnamese page, whose every word is Vietnamese.
    pub fn vi(&self) -> &'static str {
        match self.0 {
            Lang::Vi => "",
            _ => r#" lang="vi""#,
        }
    }

    /// What opens records' text within the interface's words on a page in another language:
    /// `<span lang="vi">`; nothing on a Vietnamese page.
    pub fn vi_open(&self) -> &'static str {
        match self.0 {
            Lang::Vi => "",
            _ => r#"<span lang="vi">"#,
        }
    }

    /// What closes [`Tr::vi_open`].
    pub fn vi_close(&self) -> &'static str {
        match self.0 {
            Lang::Vi => "",
            _ => "</span>",
        }
    }

    /// A message without values.
    pub fn t(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// A message with one value.
    pub fn t1(&self, id: &str, name: &str, v: impl Display) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), value(v));
        self.format(id, Some(&args))
    }

    /// A message with two values.
    pub fn t2(&self, id: &str, n1: &str, v1: impl Display, n2: &str, v2: impl Display) -> String {
        let mut args = FluentArgs::new();
        args.set(n1.to_string(), value(v1));
        args.set(n2.to_string(), value(v2));
        self.format(id, Some(&args))
    }

    /// A message with three values.
    #[allow(clippy::too_many_arguments)] // a template's call, names beside their values
    pub fn t3(
        &self,
        id: &str,
        n1: &str,
        v1: impl Display,
        n2: &str,
        v2: impl Display,
        n3: &str,
        v3: impl Display,
    ) -> String {
        self.with(id, &[(n1, &v1), (n2, &v2), (n3, &v3)])
    }

    /// A message with four values.
    #[allow(clippy::too_many_arguments)] // a template's call, names beside their values
    pub fn t4(
        &self,
        id: &str,
        n1: &str,
        v1: impl Display,
        n2: &str,
        v2: impl Display,
        n3: &str,
        v3: impl Display,
        n4: &str,
        v4: impl Display,
    ) -> String {
        self.with(id, &[(n1, &v1), (n2, &v2), (n3, &v3), (n4, &v4)])
    }

    /// A message with values by name.
    pub fn with(&self, id: &str, values: &[(&str, &dyn Display)]) -> String {
        let mut args = FluentArgs::new();
        for (name, v) in values {
            args.set(name.to_string(), value(v));
        }
        self.format(id, Some(&args))
    }

    /// The name of a domain value: its own Vietnamese label in Vietnamese, elsewhere the message
    /// `{kind}-{code}`, or the Vietnamese label where the catalogue has none.
    pub fn label(&self, kind: &str, code: &str, vietnamese: &str) -> String {
        if self.0 == Lang::Vi {
            return vietnamese.to_string();
        }
        let id = format!("{kind}-{code}");
        if bundle(self.0).has_message(&id) {
            self.t(&id)
        } else {
            vietnamese.to_string()
        }
    }

    fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        let bundle = bundle(self.0);
        match bundle.get_message(id).and_then(|m| m.value()) {
            Some(pattern) => {
                let mut errors = Vec::new();
                bundle
                    .format_pattern(pattern, args, &mut errors)
                    .into_owned()
            }
            // Never a blank: a missing message shows its id, which the catalogue tests forbid.
            None => id.to_string(),
        }
    }
}

/// A value of the domain the portal names: the kind of its names in the catalogues, its code
/// and its own Vietnamese label.
pub trait Term: Copy {
    const KIND: &'static str;
    fn code(self) -> &'static str;
    fn vietnamese(self) -> &'static str;
}

macro_rules! terms {
    ($($ty:ty => $kind:literal,)*) => {$(
        impl Term for $ty {
            const KIND: &'static str = $kind;
            fn code(self) -> &'static str {
                self.as_str()
            }
            fn vietnamese(self) -> &'static str {
                self.label()
            }
        }
    )*};
}

terms! {
    domain::programme::ProgrammeStatus => "programme-status",
    domain::programme::ItemStatus => "item-status",
    domain::target::Evaluation => "evaluation",
    domain::target::Direction => "direction",
    domain::oversight::FollowUp => "follow-up",
    domain::oversight::OversightKind => "oversight-kind",
    domain::meeting::MeetingKind => "meeting-kind",
    domain::body::BodyKind => "body-kind",
    domain::indicator::Combine => "combine",
    search::Kind => "search-kind",
}

impl Tr {
    /// "hoàn thành 13/15 chỉ tiêu", in this language.
    pub fn targets_sentence(&self, s: &domain::target::TargetSummary) -> String {
        if self.0 == Lang::Vi {
            return s.sentence();
        }
        if s.total == 0 {
            return self.t("targets-none");
        }
        let id = if s.exceeded > 0 {
            "targets-accomplished-exceeded"
        } else {
            "targets-accomplished"
        };
        let mut sentence = self.t2(id, "accomplished", s.accomplished(), "total", s.total);
        if s.pending > 0 {
            sentence.push(' ');
            sentence.push_str(&self.t1("targets-pending", "count", s.pending));
        }
        sentence
    }

    /// A domain value's name in this language.
    pub fn name<T: Term>(&self, value: T) -> String {
        self.label(T::KIND, value.code(), value.vietnamese())
    }
}

#[cfg(test)]
mod tests;
