//! Search over an index large enough that very common queries take the fast path: the page from
//! block-max WAND, the total and the facets estimated from a sample. The answers must stay right:
//! the best record first, only matching and visible records, totals close to the truth.

use std::sync::OnceLock;

use search::{Document, Kind, Query, Results, SearchIndex, ESTIMATE_ABOVE};

/// Records in the index: more than the sample probes, with common words in most of them.
const RECORDS: i64 = 24_000;

/// The record that says "HĐND" more than any other.
const MOST_HDND: i64 = 20_777;
/// The record with "chương trình phối hợp" in its title and body, several times.
const MOST_PHRASE: i64 = 13_013;
/// A private record saying "HĐND" even more, which anonymous users must never see.
const PRIVATE_HDND: i64 = 20_778;
/// A meeting, to filter by kind inside a large result list.
const MEETING: i64 = 5;

fn record(id: i64) -> Document {
    let mut body = String::from("Tin hoạt động của phường trong tuần. ");
    // Three records in four mention HĐND; every third has the words of the phrase apart,
    // every sixth the phrase itself.
    if id % 4 != 0 {
        body.push_str("Thường trực HĐND phường làm việc với các ngành. ");
    }
    if id % 3 == 0 {
        body.push_str("Chương trình công tác được phối hợp và thống nhất. ");
    }
    if id % 6 == 0 {
        body.push_str("Ký kết chương trình phối hợp năm 2021. ");
    }
    if id % 50 == 0 {
        body.push_str("Tổ dân phố quận Cầu Giấy họp. ");
    }
    let mut title = format!("Tin số {id}");
    let mut kind = Kind::Article;
    let mut public = true;
    match id {
        MOST_HDND => {
            title = "HĐND phường: HĐND họp, HĐND giám sát".into();
            body.push_str(&"HĐND ".repeat(12));
        }
        PRIVATE_HDND => {
            title = "HĐND HĐND HĐND HĐND HĐND".into();
            body.push_str(&"HĐND ".repeat(40));
            public = false;
        }
        MOST_PHRASE => {
            title = "Chương trình phối hợp giữa HĐND, UBND và MTTQ".into();
            body.push_str(&"Chương trình phối hợp. ".repeat(6));
        }
        MEETING => kind = Kind::Meeting,
        _ => {}
    }
    Document {
        kind,
        id,
        title,
        body,
        url: format!("/tin-tuc/{id}"),
        year: Some(2019 + (id % 4) as i32),
        body_ids: vec![],
        unit_id: 0,
        public,
        published_at: Some(1_600_000_000 + id),
    }
}

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = SearchIndex::in_memory().unwrap();
        let docs: Vec<Document> = (1..=RECORDS).map(record).collect();
        index.upsert(&docs).unwrap();
        index.commit().unwrap();
        index.merge_segments().unwrap();
        index
    })
}

fn search(q: Query) -> Results {
    index().search(&q).unwrap()
}

/// How many public records `keep` accepts.
fn truly(keep: impl Fn(i64) -> bool) -> u64 {
    (1..=RECORDS)
        .filter(|&id| record(id).public && keep(id))
        .count() as u64
}

#[track_caller]
fn close_to(estimate: usize, truth: u64) {
    let estimate = estimate as f64;
    let truth = truth as f64;
    assert!(
        (estimate - truth).abs() <= truth * 0.05,
        "estimate {estimate} is not within 5 % of {truth}"
    );
}

#[test]
fn a_word_in_most_records_gets_an_estimated_total_close_to_the_truth() {
    let results = search(Query::new("HĐND"));
    let truth = truly(|id| id % 4 != 0 || id == MOST_HDND || id == MOST_PHRASE);
    assert!(truth > ESTIMATE_ABOVE);
    assert!(results.total_estimated);
    close_to(results.total, truth);
    let by_year: u64 = results.facets.years.iter().map(|(_, n)| n).sum();
    close_to(by_year as usize, truth);
}

#[test]
fn the_record_saying_a_common_word_most_comes_first_and_private_ones_stay_hidden() {
    let results = search(Query::new("hdnd"));
    assert_eq!(results.hits.first().map(|h| h.id), Some(MOST_HDND));
    assert!(results.hits.iter().all(|h| h.id != PRIVATE_HDND));
    let mut staff = Query::new("hdnd");
    staff.scope.private_in = vec![0];
    assert_eq!(search(staff).hits.first().map(|h| h.id), Some(PRIVATE_HDND));
}

#[test]
fn hits_of_an_estimated_list_are_best_first_and_each_has_the_word() {
    let results = search(Query::new("hội đồng nhân dân"));
    assert!(results.total_estimated);
    assert_eq!(results.hits.len(), search::DEFAULT_LIMIT);
    assert!(results.hits.windows(2).all(|w| w[0].score >= w[1].score));
    for hit in &results.hits {
        let id = hit.id;
        assert!(id % 4 != 0 || id == MOST_HDND || id == MOST_PHRASE, "{id}");
    }
}

#[test]
fn a_common_phrase_finds_only_records_with_the_words_together() {
    let results = search(Query::new("\"chương trình phối hợp\""));
    assert_eq!(results.hits.first().map(|h| h.id), Some(MOST_PHRASE));
    // Every third record has the words apart: none of those may be found.
    for hit in &results.hits {
        assert!(hit.id % 6 == 0 || hit.id == MOST_PHRASE, "{}", hit.id);
    }
    let truth = truly(|id| id % 6 == 0 || id == MOST_PHRASE);
    if results.total_estimated {
        close_to(results.total, truth);
    } else {
        assert_eq!(results.total as u64, truth);
    }
}

#[test]
fn a_word_in_few_records_gets_an_exact_total() {
    let results = search(Query::new("cau giay"));
    assert!(!results.total_estimated);
    assert_eq!(results.total as u64, truly(|id| id % 50 == 0));
}

#[test]
fn a_kind_filter_inside_a_large_list_finds_the_one_meeting() {
    let mut q = Query::new("phuong");
    q.kinds = vec![Kind::Meeting];
    let results = search(q);
    let ids: Vec<i64> = results.hits.iter().map(|h| h.id).collect();
    assert_eq!(ids, [MEETING]);
    assert_eq!(results.total, 1);
}

#[test]
fn further_pages_of_an_estimated_list_continue_the_first() {
    let mut q = Query::new("hdnd");
    q.limit = 10;
    let first = search(q.clone());
    q.offset = 10;
    let second = search(q);
    let last_of_first = first.hits.last().map(|h| h.score).unwrap();
    assert!(second.hits.iter().all(|h| h.score <= last_of_first));
    assert!(second
        .hits
        .iter()
        .all(|h| first.hits.iter().all(|f| f.id != h.id)));
}
