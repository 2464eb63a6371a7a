//! Reads the search index needs beyond what the pages use: articles in pages by id (a rebuild
//! must not hold every article in memory), one meeting or person by id, who held which post, the
//! records a membership, post or term belongs to, the articles waiting for their publication
//! time, and how many records of each kind a rebuild reads. Reads only; the index itself lives in `search`, and `web::indexer` turns these records
//! into its documents.

use chrono::{DateTime, NaiveDate, Utc};
use domain::article::{Article, SafeHtml, Slug};
use domain::meeting::Meeting;
use domain::people::Person;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::decode;
use crate::{Result, Store, StoreError};

/// One person in one post of one body, at any time: what the index says of people and bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    pub person_id: i64,
    pub full_name: String,
    pub body_id: i64,
    /// The unit of the body.
    pub unit_id: i64,
    /// "Hội đồng nhân dân quận Cầu Giấy".
    pub body_name: String,
    /// "Chủ tịch".
    pub post: String,
    /// "Nhiệm kỳ 2016–2021".
    pub term: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

/// How many records of each kind the index holds for a unit, for a rebuild's progress.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchableCounts {
    pub articles: i64,
    pub items: i64,
    pub targets: i64,
    pub meetings: i64,
    pub bodies: i64,
    pub people: i64,
    pub oversights: i64,
    pub recommendations: i64,
}

impl SearchableCounts {
    pub fn total(&self) -> i64 {
        self.articles
            + self.items
            + self.targets
            + self.meetings
            + self.bodies
            + self.people
            + self.oversights
            + self.recommendations
    }
}

const HOLDING_SELECT: &str =
    "SELECT pe.id AS person_id, pe.full_name, b.id AS body_id, b.unit_id, \
            b.name AS body_name, p.title AS post, t.name AS term_name, m.starts_on, m.ends_on \
     FROM memberships m \
     JOIN posts p ON p.id = m.post_id \
     JOIN bodies b ON b.id = p.body_id \
     JOIN people pe ON pe.id = m.person_id \
     LEFT JOIN terms t ON t.id = m.term_id";

const HOLDING_ORDER: &str = "ORDER BY pe.id, m.starts_on, b.position, p.position, m.id";

fn holding_from_row(row: &AnyRow) -> Result<Holding> {
    Ok(Holding {
        person_id: row.try_get("person_id")?,
        full_name: row.try_get("full_name")?,
        body_id: row.try_get("body_id")?,
        unit_id: row.try_get("unit_id")?,
        body_name: row.try_get("body_name")?,
        post: row.try_get("post")?,
        term: row.try_get("term_name")?,
        starts_on: decode::date("memberships", "starts_on", row)?,
        ends_on: decode::opt_date("memberships", "ends_on", row)?,
    })
}

fn article_row(row: &AnyRow, category_ids: Vec<i64>) -> Result<Article> {
    let slug: String = row.try_get("slug")?;
    Ok(Article {
        id: row.try_get("id")?,
        unit_id: row.try_get("unit_id")?,
        slug: Slug::parse(&slug).map_err(|_| StoreError::Corrupt {
            table: "articles",
            column: "slug",
            value: slug,
        })?,
        title: row.try_get("title")?,
        summary: row.try_get("summary")?,
        body: SafeHtml::from_trusted_storage(row.try_get("body_html")?),
        byline: row.try_get("byline")?,
        published_at: row
            .try_get::<Option<i64>, _>("published_at")?
            .map(domain::time::from_unix),
        category_ids,
        illustrative: decode::flag(row, "illustrative")?,
    })
}

impl Store {
    /// A unit's articles with an id above `after_id`, by id, at most `limit`, drafts and scheduled
    /// ones too: a rebuild walks them page by page.
    pub async fn articles_after(
        &self,
        unit_id: i64,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<Article>> {
        let rows = sqlx::query(
            "SELECT id, unit_id, slug, title, summary, body_html, byline, published_at, illustrative \
             FROM articles WHERE unit_id = $1 AND id > $2 ORDER BY id LIMIT $3",
        )
        .bind(unit_id)
        .bind(after_id)
        .bind(limit)
        .fetch_all(self.db_read())
        .await?;
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            return Ok(Vec::new());
        };
        let (from, to): (i64, i64) = (first.try_get("id")?, last.try_get("id")?);
        let links = sqlx::query(
            "SELECT article_id, category_id FROM article_categories \
             WHERE article_id >= $1 AND article_id <= $2 ORDER BY article_id, category_id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(self.db_read())
        .await?;
        let mut by_article: std::collections::HashMap<i64, Vec<i64>> =
            std::collections::HashMap::new();
        for l in &links {
            by_article
                .entry(l.try_get("article_id")?)
                .or_default()
                .push(l.try_get("category_id")?);
        }
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                article_row(r, by_article.remove(&id).unwrap_or_default())
            })
            .collect()
    }

    /// A unit's articles whose publication time is after `now`, with that time (Unix seconds).
    pub async fn scheduled_articles(
        &self,
        unit_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Vec<(i64, i64)>> {
        let rows = sqlx::query(
            "SELECT id, published_at FROM articles WHERE unit_id = $1 AND published_at > $2",
        )
        .bind(unit_id)
        .bind(now.timestamp())
        .fetch_all(self.db_read())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("published_at")?)))
            .collect()
    }

    /// One meeting by id, with its attendees.
    pub async fn meeting(&self, id: i64) -> Result<Option<Meeting>> {
        let unit_id: Option<i64> = sqlx::query_scalar("SELECT unit_id FROM meetings WHERE id = $1")
            .bind(id)
            .fetch_optional(self.db_read())
            .await?;
        match unit_id {
            Some(u) => Ok(self.meetings(u).await?.into_iter().find(|m| m.id == id)),
            None => Ok(None),
        }
    }

    /// One person by id.
    pub async fn person(&self, id: i64) -> Result<Option<Person>> {
        sqlx::query("SELECT id, full_name FROM people WHERE id = $1")
            .bind(id)
            .fetch_optional(self.db_read())
            .await?
            .map(|row| {
                Ok(Person {
                    id: row.try_get("id")?,
                    full_name: row.try_get("full_name")?,
                })
            })
            .transpose()
    }

    /// Every post ever held in the bodies of a unit, by person then date.
    pub async fn holdings_of_unit(&self, unit_id: i64) -> Result<Vec<Holding>> {
        sqlx::query(&format!(
            "{HOLDING_SELECT} WHERE b.unit_id = $1 {HOLDING_ORDER}"
        ))
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(holding_from_row)
        .collect()
    }

    /// Every post a person ever held, in any unit, by date.
    pub async fn holdings_of_person(&self, person_id: i64) -> Result<Vec<Holding>> {
        sqlx::query(&format!(
            "{HOLDING_SELECT} WHERE pe.id = $1 {HOLDING_ORDER}"
        ))
        .bind(person_id)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(holding_from_row)
        .collect()
    }

    /// Everyone who ever held a post of a body, by person then date.
    pub async fn holdings_of_body(&self, body_id: i64) -> Result<Vec<Holding>> {
        sqlx::query(&format!("{HOLDING_SELECT} WHERE b.id = $1 {HOLDING_ORDER}"))
            .bind(body_id)
            .fetch_all(self.db_read())
            .await?
            .iter()
            .map(holding_from_row)
            .collect()
    }

    /// The person and the body of a membership.
    pub async fn membership_refs(&self, id: i64) -> Result<Option<(i64, i64)>> {
        sqlx::query(
            "SELECT m.person_id, p.body_id FROM memberships m JOIN posts p ON p.id = m.post_id \
             WHERE m.id = $1",
        )
        .bind(id)
        .fetch_optional(self.db_read())
        .await?
        .map(|row| Ok((row.try_get("person_id")?, row.try_get("body_id")?)))
        .transpose()
    }

    /// The body a post belongs to.
    pub async fn post_body(&self, id: i64) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT body_id FROM posts WHERE id = $1")
                .bind(id)
                .fetch_optional(self.db_read())
                .await?,
        )
    }

    /// The body a term belongs to.
    pub async fn term_body(&self, id: i64) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT body_id FROM terms WHERE id = $1")
                .bind(id)
                .fetch_optional(self.db_read())
                .await?,
        )
    }

    /// How many records of each kind a rebuild of the unit's index reads.
    pub async fn searchable_counts(&self, unit_id: i64) -> Result<SearchableCounts> {
        let count = |sql: &'static str| async move {
            sqlx::query_scalar::<_, i64>(sql)
                .bind(unit_id)
                .fetch_one(self.db_read())
                .await
        };
        Ok(SearchableCounts {
            articles: count("SELECT COUNT(*) FROM articles WHERE unit_id = $1").await?,
            items: count(
                "SELECT COUNT(*) FROM programme_items i JOIN programmes p ON p.id = i.programme_id \
                 WHERE p.unit_id = $1",
            )
            .await?,
            targets: count(
                "SELECT COUNT(*) FROM targets t JOIN programmes p ON p.id = t.programme_id \
                 WHERE p.unit_id = $1",
            )
            .await?,
            meetings: count("SELECT COUNT(*) FROM meetings WHERE unit_id = $1").await?,
            bodies: count("SELECT COUNT(*) FROM bodies WHERE unit_id = $1").await?,
            people: count(
                "SELECT COUNT(DISTINCT m.person_id) FROM memberships m \
                 JOIN posts p ON p.id = m.post_id JOIN bodies b ON b.id = p.body_id \
                 WHERE b.unit_id = $1",
            )
            .await?,
            oversights: count("SELECT COUNT(*) FROM oversights WHERE unit_id = $1").await?,
            recommendations: count(
                "SELECT COUNT(*) FROM recommendations r JOIN oversights o ON o.id = r.oversight_id \
                 WHERE o.unit_id = $1",
            )
            .await?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::fresh_stores;

    #[tokio::test]
    async fn the_feed_reads_the_demo_records_on_every_engine() {
        for store in fresh_stores().await {
            crate::demo::load(&store).await.unwrap();
            let unit = store.portal_unit().await.unwrap();
            let counts = store.searchable_counts(unit.id).await.unwrap();
            assert!(counts.articles >= 1 && counts.bodies >= 3 && counts.people >= 3);
            assert_eq!(
                counts.oversights,
                store.oversights(unit.id).await.unwrap().len() as i64
            );
            assert_eq!(
                counts.recommendations,
                store.recommendations(unit.id).await.unwrap().len() as i64
            );

            // Articles page by id and add up to the count.
            let mut after = 0;
            let mut seen = 0;
            loop {
                let page = store.articles_after(unit.id, after, 2).await.unwrap();
                let Some(last) = page.last() else { break };
                assert!(page.windows(2).all(|w| w[0].id < w[1].id));
                after = last.id;
                seen += page.len() as i64;
            }
            assert_eq!(seen, counts.articles);
            let seed = store
                .article_by_slug(crate::demo::SEED_ARTICLE_SLUG)
                .await
                .unwrap()
                .unwrap();
            let paged = store.articles_after(unit.id, seed.id - 1, 1).await.unwrap();
            assert_eq!(paged, vec![seed]);

            let holdings = store.holdings_of_unit(unit.id).await.unwrap();
            let people: std::collections::BTreeSet<i64> =
                holdings.iter().map(|h| h.person_id).collect();
            assert_eq!(people.len() as i64, counts.people);
            let first = &holdings[0];
            let person = store.person(first.person_id).await.unwrap().unwrap();
            assert_eq!(person.full_name, first.full_name);
            assert!(store
                .holdings_of_person(first.person_id)
                .await
                .unwrap()
                .contains(first));
            assert!(store
                .holdings_of_body(first.body_id)
                .await
                .unwrap()
                .contains(first));

            let meetings = store.meetings(unit.id).await.unwrap();
            let one = store.meeting(meetings[0].id).await.unwrap().unwrap();
            assert_eq!(one, meetings[0]);
            assert!(store.meeting(-1).await.unwrap().is_none());
            assert!(store.person(-1).await.unwrap().is_none());
            assert!(store.membership_refs(-1).await.unwrap().is_none());
        }
    }
}
