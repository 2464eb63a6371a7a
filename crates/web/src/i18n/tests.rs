//! The catalogues: well formed, the same messages in every language, and every message a page
//! asks for present.

use std::collections::BTreeSet;

use super::*;

/// The ids a catalogue defines, as its lines start.
fn ids(source: &str) -> BTreeSet<String> {
    source
        .lines()
        .filter_map(|line| line.split_once(" = ").map(|(id, _)| id))
        .filter(|id| {
            id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .map(str::to_string)
        .collect()
}

fn catalogue(lang: Lang) -> &'static str {
    CATALOGUES.iter().find(|(l, _)| *l == lang).unwrap().1
}

/// The kinds of the domain's names, which only the languages other than Vietnamese list.
const TERM_KINDS: [&str; 10] = [
    "programme-status-",
    "item-status-",
    "evaluation-",
    "direction-",
    "follow-up-",
    "oversight-kind-",
    "meeting-kind-",
    "body-kind-",
    "combine-",
    "search-kind-",
];

#[test]
fn every_catalogue_parses_and_names_each_message_once() {
    for (lang, source) in CATALOGUES {
        if let Err((_, errors)) = FluentResource::try_new(source.to_string()) {
            panic!("{}: {errors:?}", lang.code());
        }
        let resource = FluentResource::try_new(source.to_string()).unwrap();
        let mut bundle = Bundle::new_concurrent(vec![lang.code().parse().unwrap()]);
        bundle
            .add_resource(resource)
            .unwrap_or_else(|e| panic!("{}: {e:?}", lang.code()));
    }
}

#[test]
fn every_language_has_every_vietnamese_message_and_nothing_else() {
    let vi = ids(catalogue(Lang::Vi));
    assert!(vi.len() > 150, "{} messages", vi.len());
    for lang in Lang::ALL {
        let other = ids(catalogue(lang));
        let missing: Vec<_> = vi.difference(&other).collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
        let extra: Vec<_> = other
            .difference(&vi)
            .filter(|id| !TERM_KINDS.iter().any(|k| id.starts_with(k)))
            .collect();
        assert!(
            extra.is_empty(),
            "{} has no Vietnamese for {extra:?}",
            lang.code()
        );
    }
}

/// The ids in `text` given to `t("…")`, `t1("…"` and their kin.
fn asked_for(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for call in [
        ".t(\"", ".t1(\"", ".t2(\"", ".t3(\"", ".t4(\"", ".with(\n", ".with(\"",
    ] {
        for (at, _) in text.match_indices(call) {
            let rest = text[at + call.len()..].trim_start().trim_start_matches('"');
            let id: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if !id.is_empty() {
                found.push(id);
            }
        }
    }
    found
}

fn sources(dir: &std::path::Path, ext: &str, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
}

#[test]
fn every_message_a_page_asks_for_is_in_every_catalogue() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("templates"), "html", &mut files);
    sources(&root.join("src"), "rs", &mut files);
    // These tests ask for a missing message on purpose.
    files.retain(|(path, _)| !path.ends_with("i18n/tests.rs"));
    let mut asked = 0;
    let mut missing = Vec::new();
    for lang in Lang::ALL {
        let known = ids(catalogue(lang));
        for (path, text) in &files {
            for id in asked_for(text) {
                asked += 1;
                if !known.contains(&id) {
                    missing.push(format!("{path}: {id} ({})", lang.code()));
                }
            }
        }
    }
    assert!(asked > 300, "{asked} messages asked for");
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn every_name_of_the_domain_has_its_english() {
    fn all<T: Term>(values: impl IntoIterator<Item = T>, missing: &mut Vec<String>) {
        let en = ids(catalogue(Lang::En));
        for v in values {
            let id = format!("{}-{}", T::KIND, v.code());
            if !en.contains(&id) {
                missing.push(id);
            }
        }
    }
    use domain::programme::{ItemStatus, ProgrammeStatus};
    use domain::target::{Direction, Evaluation};
    let mut missing = Vec::new();
    all(
        [
            ProgrammeStatus::Draft,
            ProgrammeStatus::Signed,
            ProgrammeStatus::InProgress,
            ProgrammeStatus::Reviewed,
        ],
        &mut missing,
    );
    all(ItemStatus::ALL, &mut missing);
    all(
        [
            Evaluation::Pending,
            Evaluation::Missed,
            Evaluation::Met,
            Evaluation::Exceeded,
        ],
        &mut missing,
    );
    all(Direction::ALL, &mut missing);
    {
        use domain::oversight::FollowUp::*;
        all([Open, InProgress, Done, Overdue], &mut missing);
    }
    all(domain::oversight::OversightKind::ALL, &mut missing);
    all(domain::meeting::MeetingKind::ALL, &mut missing);
    all(domain::body::BodyKind::ALL, &mut missing);
    all(domain::indicator::Combine::ALL, &mut missing);
    all(search::Kind::ALL, &mut missing);
    assert!(missing.is_empty(), "{missing:?}");
}

#[test]
fn a_message_takes_its_values_and_english_counts_its_plurals() {
    let en = Tr::new(Lang::En);
    assert_eq!(en.t1("news-count", "count", 1), "1 article");
    assert_eq!(en.t1("news-count", "count", 12), "12 articles");
    assert_eq!(Tr::VI.t1("news-count", "count", 12), "12 tin");
    assert_eq!(en.t1("targets-of-year", "year", 2021), "Targets of 2021");
}

#[test]
fn vietnamese_names_are_the_domains_own_and_english_the_catalogues() {
    use domain::programme::ProgrammeStatus;
    assert_eq!(Tr::VI.name(ProgrammeStatus::Signed), "Đã ký kết");
    assert_eq!(Tr::new(Lang::En).name(ProgrammeStatus::Signed), "Signed");
}

#[test]
fn a_message_missing_from_a_catalogue_shows_its_id_never_nothing() {
    assert_eq!(Tr::VI.t("no-such-message"), "no-such-message");
}

#[test]
fn the_targets_sentence_reads_in_each_language() {
    let s = domain::target::TargetSummary {
        total: 15,
        exceeded: 5,
        met: 8,
        missed: 1,
        pending: 1,
    };
    assert_eq!(Tr::VI.targets_sentence(&s), s.sentence());
    assert_eq!(
        Tr::new(Lang::En).targets_sentence(&s),
        "13 of 15 targets achieved or exceeded (1 not yet reported)"
    );
}
