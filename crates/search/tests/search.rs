//! The search engine as the portal uses it: the seed article and a few distractors indexed, and
//! the queries citizens type on a phone finding what they mean.

use search::{Document, Kind, Query, Results, SearchIndex, SCHEMA_VERSION};
use unicode_normalization::UnicodeNormalization;

const SEED_TITLE: &str = "HĐND- UBND- Ủy ban MTTQ Việt Nam quận Cầu Giấy ký kết chương trình \
                          phối hợp công tác năm 2021";
const SEED_HTML: &str = include_str!("../../store/demo/cau-giay-2021.html");
const SEED_ID: i64 = 1;

/// The text of an HTML fragment: tags dropped, a few entities decoded.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn doc(kind: Kind, id: i64, title: &str, body: &str) -> Document {
    Document {
        kind,
        id,
        title: title.to_string(),
        body: body.to_string(),
        url: format!("/{}/{id}", kind.as_str()),
        year: Some(2021),
        body_ids: vec![],
        unit_id: 0,
        public: true,
        published_at: Some(1_611_216_000 + id),
    }
}

fn seed_article() -> Document {
    Document {
        body_ids: vec![10, 11, 12],
        ..doc(Kind::Article, SEED_ID, SEED_TITLE, &strip_tags(SEED_HTML))
    }
}

fn distractors() -> Vec<Document> {
    vec![
        Document {
            year: Some(2019),
            ..doc(
                Kind::Article,
                2,
                "Kết quả bình chọn Hàng Việt Nam được người tiêu dùng yêu thích 2019",
                "Ban Chỉ đạo cuộc vận động Người Việt Nam ưu tiên dùng hàng Việt Nam công bố \
                 kết quả bình chọn.",
            )
        },
        doc(
            Kind::Article,
            3,
            "Đoàn công tác thành phố Đà Nẵng thăm và làm việc",
            "Đoàn công tác của thành phố Đà Nẵng trao đổi kinh nghiệm về chuyển đổi số.",
        ),
        doc(
            Kind::ProgrammeItem,
            4,
            "Tổ chức ngày hội đại đoàn kết toàn dân tộc",
            "Các khu dân cư tổ chức ngày hội; dong thuyền trên hồ, cây dong riềng.",
        ),
        Document {
            year: Some(2020),
            body_ids: vec![11],
            ..doc(
                Kind::Target,
                5,
                "Thu ngân sách nhà nước trên địa bàn",
                "Chỉ tiêu thu ngân sách vượt dự toán được giao.",
            )
        },
    ]
}

fn index_with(docs: &[Document]) -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    index.upsert(docs).unwrap();
    index.commit().unwrap();
    index
}

fn seeded() -> SearchIndex {
    let mut docs = vec![seed_article()];
    docs.extend(distractors());
    index_with(&docs)
}

fn search(index: &SearchIndex, text: &str) -> Results {
    index.search(&Query::new(text)).unwrap()
}

fn ids(results: &Results) -> Vec<(Kind, i64)> {
    results.hits.iter().map(|h| (h.kind, h.id)).collect()
}

/// The seed article is the first hit for `text`.
#[track_caller]
fn finds_the_seed_article_first(index: &SearchIndex, text: &str) {
    let results = search(index, text);
    assert_eq!(
        ids(&results).first(),
        Some(&(Kind::Article, SEED_ID)),
        "{text:?}: {results:#?}"
    );
}

#[test]
fn cau_giay_without_diacritics_finds_the_seed_article() {
    let index = seeded();
    finds_the_seed_article_first(&index, "cau giay");
    assert_eq!(search(&index, "cau giay").total, 1);
}

#[test]
fn uy_ban_mttq_without_diacritics_finds_the_seed_article() {
    finds_the_seed_article_first(&seeded(), "uy ban mttq");
}

#[test]
fn old_and_new_tone_placement_find_the_same_records() {
    let index = seeded();
    finds_the_seed_article_first(&index, "Uỷ ban");
    finds_the_seed_article_first(&index, "Ủy ban");
    assert_eq!(
        ids(&search(&index, "Uỷ ban")),
        ids(&search(&index, "Ủy ban"))
    );
    // The seed itself writes "hoà" (old placement); "hòa" finds it.
    finds_the_seed_article_first(&index, "hòa");
}

#[test]
fn the_long_form_of_hdnd_finds_the_seed_article_that_only_abbreviates() {
    let index = seeded();
    assert!(!strip_tags(SEED_HTML).contains("Hội đồng nhân dân"));
    finds_the_seed_article_first(&index, "hoi dong nhan dan cau giay");
    finds_the_seed_article_first(&index, "Hội đồng nhân dân quận Cầu Giấy");
    finds_the_seed_article_first(&index, "\"hội đồng nhân dân\"");
}

#[test]
fn the_abbreviation_hdnd_finds_the_seed_article_and_records_with_the_long_form() {
    let mut docs = vec![seed_article()];
    docs.push(doc(
        Kind::Body,
        20,
        "Hội đồng nhân dân phường Dịch Vọng",
        "Thường trực Hội đồng nhân dân phường.",
    ));
    let index = index_with(&docs);
    for text in ["HĐND", "hdnd", "HDND", "hđnd"] {
        let results = search(&index, text);
        let found = ids(&results);
        assert!(found.contains(&(Kind::Article, SEED_ID)), "{text}");
        assert!(found.contains(&(Kind::Body, 20)), "{text}");
    }
    // Written with the official letters, the record writing "HĐND" ranks first.
    finds_the_seed_article_first(&index, "HĐND");
}

#[test]
fn a_quoted_phrase_finds_the_seed_article() {
    let index = seeded();
    finds_the_seed_article_first(&index, "\"chương trình phối hợp\"");
    finds_the_seed_article_first(&index, "\"chuong trinh phoi hop\"");
    // The same words in another order are not the phrase.
    assert_eq!(search(&index, "\"phối hợp chương trình\"").total, 0);
}

#[test]
fn a_query_in_decomposed_unicode_finds_the_seed_article() {
    let index = seeded();
    let nfd: String = "Ủy ban MTTQ quận Cầu Giấy".nfd().collect();
    assert_ne!(nfd, "Ủy ban MTTQ quận Cầu Giấy");
    finds_the_seed_article_first(&index, &nfd);
    let nfd_phrase: String = "\"chương trình phối hợp\"".nfd().collect();
    finds_the_seed_article_first(&index, &nfd_phrase);
}

#[test]
fn a_decomposed_document_is_found_like_a_composed_one() {
    let nfd_title: String = "Hội nghị tổng kết quận Cầu Giấy".nfd().collect();
    let index = index_with(&[doc(Kind::Meeting, 7, &nfd_title, "")]);
    let results = search(&index, "Cầu Giấy");
    assert_eq!(ids(&results), [(Kind::Meeting, 7)]);
    assert_eq!(results.hits[0].title, "Hội nghị tổng kết quận Cầu Giấy");
}

#[test]
fn dong_chi_finds_a_record_writing_dong_chi_with_diacritics() {
    let index = seeded();
    finds_the_seed_article_first(&index, "dong chi");
    let results = search(&index, "dong chi");
    assert!(results.hits[0].snippet_html.contains("<mark>"));
}

#[test]
fn dong_chi_finds_a_record_writing_the_abbreviation_dc() {
    let index = index_with(&[doc(
        Kind::Meeting,
        8,
        "Hội nghị giao ban",
        "Các đ/c phó chủ tịch dự họp.",
    )]);
    assert_eq!(ids(&search(&index, "dong chi")), [(Kind::Meeting, 8)]);
    assert_eq!(ids(&search(&index, "đồng chí")), [(Kind::Meeting, 8)]);
}

#[test]
fn d_with_stroke_and_plain_d_meet_only_in_the_folded_form() {
    let index = seeded();
    // Folded, "da nang" is also "đã … nâng" in the seed; the exact "Đà Nẵng" ranks first.
    assert_eq!(search(&index, "da nang").hits[0].id, 3);
    assert_eq!(search(&index, "Đà Nẵng").hits[0].id, 3);
    assert_eq!(ids(&search(&index, "\"da nang\"")), [(Kind::Article, 3)]);
    // "dong" finds "đồng" (seed), "động" (article 2) and "dong" (item 4); each spelling ranks
    // its own first.
    let dong = search(&index, "dong");
    assert_eq!(dong.total, 3);
    assert_eq!(dong.hits[0].id, 4);
    let dong_stroke = search(&index, "đồng");
    assert_eq!(dong_stroke.total, 3);
    assert_eq!(dong_stroke.hits[0].id, SEED_ID);
}

#[test]
fn exact_diacritics_rank_an_exact_match_above_folded_matches() {
    let index = index_with(&[
        doc(Kind::Article, 31, "Hoa", "Tin về hoa trong công viên."),
        doc(Kind::Article, 32, "Hóa", "Tin về hóa chất trong công viên."),
        doc(Kind::Article, 33, "Hòa", "Tin về hòa giải trong công viên."),
    ]);
    let hoa_huyen = search(&index, "hòa");
    assert_eq!(hoa_huyen.total, 3, "without marks all three match");
    assert_eq!(hoa_huyen.hits[0].id, 33);
    assert_eq!(search(&index, "hóa").hits[0].id, 32);
    assert_eq!(search(&index, "hoa").hits[0].id, 31);
    assert_eq!(search(&index, "hoà").hits[0].id, 33, "old tone placement");
}

#[test]
fn more_words_narrow_and_unmatched_words_fall_back_to_any_word() {
    let index = seeded();
    let broad = search(&index, "công tác");
    let narrow = search(&index, "công tác kinh nghiệm");
    assert_eq!(broad.total, 2);
    assert!(narrow.all_words);
    assert_eq!(ids(&narrow), [(Kind::Article, 3)]);
    let either = search(&index, "kinh nghiệm Cầu Giấy");
    assert!(!either.all_words);
    assert_eq!(either.total, 2);
}

#[test]
fn filters_by_kind_year_and_body() {
    let index = seeded();
    let mut q = Query::new("ngân sách");
    assert_eq!(index.search(&q).unwrap().total, 2);
    q.kinds = vec![Kind::Target];
    assert_eq!(ids(&index.search(&q).unwrap()), [(Kind::Target, 5)]);
    q.kinds = vec![Kind::Article, Kind::ProgrammeItem];
    assert_eq!(ids(&index.search(&q).unwrap()), [(Kind::Article, SEED_ID)]);

    let mut q = Query::new("ngân sách");
    q.year = Some(2020);
    assert_eq!(ids(&index.search(&q).unwrap()), [(Kind::Target, 5)]);
    q.year = Some(1999);
    assert_eq!(index.search(&q).unwrap().total, 0);

    let mut q = Query::new("ngân sách");
    q.body_id = Some(11);
    assert_eq!(index.search(&q).unwrap().total, 2);
    q.body_id = Some(12);
    assert_eq!(ids(&index.search(&q).unwrap()), [(Kind::Article, SEED_ID)]);
    q.body_id = Some(99);
    assert_eq!(index.search(&q).unwrap().total, 0);
}

#[test]
fn facets_count_kinds_and_years_of_the_same_query() {
    let index = seeded();
    let mut q = Query::new("ngân sách");
    q.kinds = vec![Kind::Target];
    let results = index.search(&q).unwrap();
    // Kinds ignore the kind filter, so the other kind stays on offer; years respect it.
    assert_eq!(
        results.facets.kinds,
        [(Kind::Article, 1), (Kind::Target, 1)]
    );
    assert_eq!(results.facets.years, [(2020, 1)]);
    let all = search(&index, "năm");
    assert!(all.facets.years.windows(2).all(|w| w[0].0 > w[1].0));
}

#[test]
fn results_are_paginated() {
    let docs: Vec<Document> = (1..=25)
        .map(|i| {
            doc(
                Kind::ProgrammeItem,
                i,
                &format!("Nội dung phối hợp số {i}"),
                "",
            )
        })
        .collect();
    let index = index_with(&docs);
    let mut q = Query::new("phoi hop");
    q.limit = 10;
    let first = index.search(&q).unwrap();
    assert_eq!(first.total, 25);
    assert_eq!(first.hits.len(), 10);
    q.offset = 20;
    let last = index.search(&q).unwrap();
    assert_eq!(last.total, 25);
    assert_eq!(last.hits.len(), 5);
    let mut seen: Vec<i64> = first.hits.iter().map(|h| h.id).collect();
    q.offset = 10;
    seen.extend(index.search(&q).unwrap().hits.iter().map(|h| h.id));
    seen.extend(last.hits.iter().map(|h| h.id));
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 25, "pages do not overlap");
    q.offset = usize::MAX;
    q.limit = usize::MAX;
    assert!(index.search(&q).unwrap().hits.is_empty());
    q.offset = 0;
    q.limit = 0;
    assert_eq!(index.search(&q).unwrap().hits.len(), 1);
}

#[test]
fn a_query_without_words_lists_records_newest_first() {
    let index = seeded();
    let results = search(&index, "  ");
    assert_eq!(results.total, 5);
    assert_eq!(results.hits[0].id, 5, "the latest published_at");
    let mut q = Query::new("");
    q.kinds = vec![Kind::Target];
    assert_eq!(ids(&index.search(&q).unwrap()), [(Kind::Target, 5)]);
}

#[test]
fn a_private_record_is_hidden_unless_private_records_are_included() {
    let mut docs = vec![seed_article()];
    docs.push(Document {
        unit_id: 0,
        public: false,
        ..doc(
            Kind::Recommendation,
            40,
            "Kiến nghị nội bộ về Cầu Giấy",
            "Dự thảo kiến nghị chưa công bố về dự án Zalobaxo.",
        )
    });
    let index = index_with(&docs);
    let public = search(&index, "cau giay");
    assert_eq!(ids(&public), [(Kind::Article, SEED_ID)]);
    assert!(!public
        .facets
        .kinds
        .iter()
        .any(|(k, _)| *k == Kind::Recommendation));
    let mut q = Query::new("cau giay");
    q.scope.private_in = vec![0];
    assert_eq!(index.search(&q).unwrap().total, 2);
    // Nor do its words leak through suggestions or as-you-type titles.
    let typo = search(&index, "zalobaxp");
    assert_eq!(typo.total, 0);
    assert!(typo.suggestions.is_empty(), "{:?}", typo.suggestions);
    assert!(index.suggest("kien ngh", &[], 5).is_empty());
}

#[test]
fn snippets_mark_the_matches_and_escape_everything_else() {
    let index = seeded();
    let results = search(&index, "cau giay");
    let hit = &results.hits[0];
    assert!(
        hit.title_html.contains("<mark>Cầu Giấy</mark>"),
        "{}",
        hit.title_html
    );
    let results = search(&index, "phoi hop");
    let hit = &results.hits[0];
    assert!(
        hit.snippet_html.contains("<mark>phối hợp</mark>"),
        "{}",
        hit.snippet_html
    );

    let hostile = index_with(&[doc(
        Kind::Article,
        50,
        "<b>Tiêu đề</b> & \"nháy\"",
        "<script>alert('xss')</script> Nội dung <img src=x onerror=alert(1)> về tiêu đề.",
    )]);
    let results = search(&hostile, "tieu de");
    let hit = &results.hits[0];
    for html in [&hit.snippet_html, &hit.title_html] {
        let without_marks = html.replace("<mark>", "").replace("</mark>", "");
        assert!(!without_marks.contains('<'), "{html}");
        assert!(!without_marks.contains('>'), "{html}");
        assert!(!without_marks.contains('"'), "{html}");
    }
    assert!(hit.snippet_html.contains("&lt;script&gt;"));
    assert!(hit.title_html.contains("<mark>Tiêu đề</mark>"));
}

#[test]
fn hostile_queries_return_ok() {
    let index = seeded();
    let long = "a".repeat(100_000);
    let many = "cầu ".repeat(5_000);
    for text in [
        "",
        "\"",
        "\"\"\"",
        "\"cầu giấy",
        "title:cầu",
        "(cầu OR giấy",
        "cầu^10",
        "giấy*",
        "*",
        "?",
        "~2",
        "+-!&&||",
        "[1 TO 2]",
        "{a TO b}",
        "\\",
        "\u{0}",
        "\u{0301}\u{0301}",
        "😀👨‍👩‍👧",
        "中文 Москва",
        "<script>alert(1)</script>",
        "'; DROP TABLE articles; --",
        long.as_str(),
        many.as_str(),
    ] {
        let results = index.search(&Query::new(text));
        assert!(results.is_ok(), "{text:?}");
        let _ = index.suggest(text, &[], 10);
    }
    finds_the_seed_article_first(&index, "title:(cầu^2 giấy*)");
}

#[test]
fn a_typo_gets_suggestions_with_diacritics() {
    let index = seeded();
    let results = search(&index, "cau giya");
    let folded: Vec<String> = results
        .suggestions
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
    assert_eq!(
        folded.first().map(String::as_str),
        Some("cầu giấy"),
        "{folded:?}"
    );
    assert!(folded.contains(&"giấy".to_string()), "{folded:?}");

    let nothing = search(&index, "ngan sachh");
    assert_eq!(
        nothing.suggestions.first().map(String::as_str),
        Some("ngân sách")
    );

    // A correct query gets none.
    assert!(search(&index, "cau giay").suggestions.is_empty());
}

#[test]
fn no_results_offers_the_closest_terms() {
    let index = seeded();
    let results = search(&index, "Đà Nẳngg");
    assert!(!results.all_words);
    assert_eq!(results.hits[0].id, 3, "\"Đà\" still matches, exactly first");
    assert_eq!(
        results.suggestions.first().map(String::as_str),
        Some("đà nẵng")
    );
    let results = search(&index, "nẳngg");
    assert_eq!(results.total, 0);
    assert_eq!(results.suggestions, ["nẵng"]);
}

#[test]
fn prefix_suggest_completes_the_word_being_typed() {
    let index = seeded();
    let titles = index.suggest("chuong tr", &[], 5);
    assert_eq!(
        titles.first().map(String::as_str),
        Some(SEED_TITLE),
        "{titles:?}"
    );
    assert_eq!(index.suggest("cau gi", &[], 5), [SEED_TITLE]);
    assert_eq!(
        index.suggest("Đà N", &[], 5),
        ["Đoàn công tác thành phố Đà Nẵng thăm và làm việc"]
    );
    assert!(index
        .suggest("hdnd ", &[], 5)
        .contains(&SEED_TITLE.to_string()));
    assert!(index.suggest("zzz", &[], 5).is_empty());
    assert!(index.suggest("", &[], 5).is_empty());
    assert!(index.suggest("c", &[], 2).len() <= 2);
}

#[test]
fn upsert_replaces_the_old_version_of_a_record() {
    let index = seeded();
    assert_eq!(ids(&search(&index, "\"Đà Nẵng\"")), [(Kind::Article, 3)]);
    index
        .upsert(&[doc(
            Kind::Article,
            3,
            "Đoàn công tác thành phố Huế",
            "Thăm và làm việc.",
        )])
        .unwrap();
    index.commit().unwrap();
    assert_eq!(search(&index, "\"Đà Nẵng\"").total, 0);
    assert_eq!(ids(&search(&index, "Huế")), [(Kind::Article, 3)]);
    // Same id, other kind: a different record.
    index.upsert(&[doc(Kind::Meeting, 3, "Huế", "")]).unwrap();
    index.commit().unwrap();
    assert_eq!(search(&index, "Huế").total, 2);
}

#[test]
fn delete_removes_a_record() {
    let index = seeded();
    index.delete(Kind::Article, 3).unwrap();
    assert_eq!(
        search(&index, "\"Đà Nẵng\"").total,
        1,
        "visible until commit"
    );
    index.commit().unwrap();
    assert_eq!(search(&index, "\"Đà Nẵng\"").total, 0);
    assert_eq!(search(&index, "cau giay").total, 1, "the others stay");
    index.delete(Kind::Article, 999).unwrap();
    index.commit().unwrap();
}

#[test]
fn clear_empties_the_index_at_the_next_commit() {
    let index = seeded();
    index.set_last_seq(42).unwrap();
    index.commit().unwrap();
    index.clear().unwrap();
    index
        .upsert(&[doc(Kind::Body, 60, "Ủy ban nhân dân", "")])
        .unwrap();
    assert_eq!(
        search(&index, "cau giay").total,
        1,
        "old records until commit"
    );
    index.commit().unwrap();
    assert_eq!(search(&index, "cau giay").total, 0);
    assert_eq!(search(&index, "ubnd").total, 1, "added after clear");
    assert_eq!(index.last_seq().unwrap(), 0);
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("phoihop-search-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn reopening_an_index_directory_keeps_records_and_the_sequence_number() {
    let dir = temp_dir("reopen");
    {
        let index = SearchIndex::open_or_create(&dir).unwrap();
        assert!(index.needs_rebuild());
        assert_eq!(index.last_seq().unwrap(), 0);
        index.upsert(&[seed_article()]).unwrap();
        index.set_last_seq(17).unwrap();
        index.commit().unwrap();
        assert!(!index.needs_rebuild());
    }
    {
        let index = SearchIndex::open_or_create(&dir).unwrap();
        assert!(!index.needs_rebuild());
        assert_eq!(index.last_seq().unwrap(), 17);
        finds_the_seed_article_first(&index, "cau giay");
        index.set_last_seq(18).unwrap();
        index.commit().unwrap();
    }
    let index = SearchIndex::open_or_create(&dir).unwrap();
    assert_eq!(
        index.last_seq().unwrap(),
        18,
        "a commit without changes records it too"
    );
    drop(index);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_version_marker_mismatch_recreates_the_index_and_asks_for_a_rebuild() {
    let dir = temp_dir("version");
    {
        let index = SearchIndex::open_or_create(&dir).unwrap();
        index.upsert(&[seed_article()]).unwrap();
        index.set_last_seq(5).unwrap();
        index.commit().unwrap();
    }
    std::fs::write(dir.join("README.txt"), "not ours").unwrap();
    let marker = dir.join("phoihop-search-version");
    assert_eq!(
        std::fs::read_to_string(&marker).unwrap().trim(),
        SCHEMA_VERSION.to_string()
    );
    std::fs::write(&marker, format!("{}\n", SCHEMA_VERSION + 1)).unwrap();
    let index = SearchIndex::open_or_create(&dir).unwrap();
    assert!(index.needs_rebuild());
    assert_eq!(index.last_seq().unwrap(), 0);
    assert_eq!(search(&index, "cau giay").total, 0);
    assert!(
        dir.join("README.txt").exists(),
        "files that are not the index's stay"
    );
    drop(index);

    // A missing marker counts as a mismatch too.
    std::fs::remove_file(&marker).unwrap();
    let index = SearchIndex::open_or_create(&dir).unwrap();
    assert!(index.needs_rebuild());
    drop(index);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_second_process_on_the_same_directory_gets_an_error_not_a_panic() {
    let dir = temp_dir("locked");
    let first = SearchIndex::open_or_create(&dir).unwrap();
    first.commit().unwrap();
    assert!(SearchIndex::open_or_create(&dir).is_err());
    drop(first);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_index_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SearchIndex>();
    let index = std::sync::Arc::new(seeded());
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let index = index.clone();
            std::thread::spawn(move || {
                index
                    .upsert(&[doc(Kind::Person, 100 + i, "Nguyễn Văn Chiến", "")])
                    .unwrap();
                index.search(&Query::new("cau giay")).unwrap().total
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 1);
    }
    index.commit().unwrap();
    let mut q = Query::new("nguyen van chien");
    q.kinds = vec![Kind::Person];
    assert_eq!(index.search(&q).unwrap().total, 4);
}

#[test]
fn a_typo_drops_only_the_misspelt_word() {
    let index = index_with(&[
        doc(
            Kind::Article,
            1,
            "Giải phóng mặt bằng dự án đường vành đai",
            "Tiến độ giải phóng mặt bằng.",
        ),
        doc(
            Kind::Article,
            2,
            "Phòng cháy chữa cháy",
            "Kiểm tra an toàn, giải thưởng.",
        ),
    ]);
    // "bnag" is in no record: the other words, all of them, still narrow the results.
    let r = search(&index, "giai phong mat bnag");
    assert!(!r.all_words);
    assert_eq!(ids(&r), [(Kind::Article, 1)]);
    assert!(
        r.suggestions.iter().any(|s| s.contains("bằng")),
        "{:?}",
        r.suggestions
    );
}

#[test]
fn a_snippet_is_found_far_into_a_long_text() {
    let filler = "Các đại biểu thảo luận về nhiệm vụ năm tới. ".repeat(200);
    let body = format!("{filler}Hội thi cắm hoa nghệ thuật diễn ra sôi nổi. {filler}");
    let index = index_with(&[doc(Kind::Article, 1, "Tin phường", &body)]);
    let r = search(&index, "cam hoa");
    assert_eq!(r.total, 1);
    assert!(
        r.hits[0].snippet_html.contains("<mark>cắm hoa</mark>"),
        "{}",
        r.hits[0].snippet_html
    );
}

#[test]
fn long_forms_and_abbreviations_meet_without_quotes() {
    let index = index_with(&[
        doc(Kind::Article, 1, "Tin 1", "Kỳ họp Hội đồng nhân dân quận."),
        doc(Kind::Article, 2, "Tin 2", "Kỳ họp HĐND quận."),
        doc(Kind::Article, 3, "Tin 3", "Hội nghị đồng chí nhân dân."),
    ]);
    for q in ["HĐND", "hdnd", "hoi dong nhan dan", "hội đồng nhân dân"] {
        let mut found = ids(&search(&index, q));
        found.sort();
        assert_eq!(found, [(Kind::Article, 1), (Kind::Article, 2)], "{q}");
    }
    let r = search(&index, "hoi dong nhan dan");
    assert!(
        r.hits
            .iter()
            .any(|h| h.snippet_html.contains("<mark>Hội đồng nhân dân</mark>")),
        "{:?}",
        r.hits
    );
}

/// Two wards in one index: each portal finds its own records, a ward that took over from another
/// finds the archive's too, and private records show only to the staff of their unit.
#[test]
fn a_search_covers_the_units_of_its_scope_and_private_records_only_for_their_staff() {
    let index = SearchIndex::in_memory().unwrap();
    let in_unit = |id: i64, unit: i64, title: &str, public: bool| Document {
        unit_id: unit,
        public,
        ..doc(
            Kind::Article,
            id,
            title,
            "Hội nghị tiếp xúc cử tri trước kỳ họp",
        )
    };
    index
        .upsert(&[
            in_unit(1, 10, "Tiếp xúc cử tri phường Nghĩa Đô", true),
            in_unit(2, 20, "Tiếp xúc cử tri phường Cầu Giấy", true),
            in_unit(3, 20, "Dự thảo tiếp xúc cử tri chưa công bố", false),
            in_unit(4, 30, "Tiếp xúc cử tri quận Cầu Giấy năm 2024", true),
        ])
        .unwrap();
    index.commit().unwrap();
    let found = |scope: search::Scope| {
        let mut q = Query::new("tiep xuc cu tri");
        q.scope = scope;
        let mut ids: Vec<i64> = index
            .search(&q)
            .unwrap()
            .hits
            .iter()
            .map(|h| h.id)
            .collect();
        ids.sort_unstable();
        ids
    };
    assert_eq!(found(search::Scope::public_of(vec![10])), [1]);
    // The ward of Cầu Giấy with the archive of the district it took over from.
    assert_eq!(found(search::Scope::public_of(vec![20, 30])), [2, 4]);
    let staff_of = |units: Vec<i64>, private_in: Vec<i64>| search::Scope { units, private_in };
    assert_eq!(found(staff_of(vec![20, 30], vec![20])), [2, 3, 4]);
    // Staff of another ward see no draft of this one.
    assert_eq!(found(staff_of(vec![20], vec![10])), [2]);
    let hit = &index.search(&Query::new("nghia do")).unwrap().hits[0];
    assert_eq!((hit.id, hit.unit_id), (1, 10));
    assert_eq!(
        index.suggest("tiep xuc", &[10], 5),
        ["Tiếp xúc cử tri phường Nghĩa Đô"]
    );
}
