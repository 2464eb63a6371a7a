//! How many records of each kind a unit holds: what a rebuild of the search index reads, for its
//! progress bar.

use crate::{Result, Store};

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

impl Store {
    /// How many records of each kind a rebuild of the unit's index reads.
    pub async fn searchable_counts(&self, unit_id: i64) -> Result<SearchableCounts> {
        let count = |sql: &'static str| async move {
            sqlx::query_scalar::<_, i64>(sql)
                .bind(unit_id)
                .fetch_one(self.db_read())
                .await
        };
        Ok(SearchableCounts {
            articles: count("SELECT COUNT(*) FROM articles WHERE unit_id = $1 AND withdrawn_at IS NULL").await?,
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
    async fn a_unit_is_counted_as_a_rebuild_reads_it_on_every_engine() {
        for store in fresh_stores().await {
            crate::demo::load(&store).await.unwrap();
            let unit = store.default_unit().await.unwrap();
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
                .article_by_slug(unit.id, crate::demo::SEED_ARTICLE_SLUG)
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
            let person = store
                .person(unit.id, first.person_id)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(person.full_name, first.full_name);
            assert!(store
                .holdings_of_person(unit.id, first.person_id)
                .await
                .unwrap()
                .contains(first));
            assert!(store
                .holdings_of_body(unit.id, first.body_id)
                .await
                .unwrap()
                .contains(first));
            // Asked under another unit, the same ids find nothing.
            let other = store
                .units()
                .await
                .unwrap()
                .into_iter()
                .find(|u| u.id != unit.id)
                .unwrap();
            assert!(store
                .person(other.id, first.person_id)
                .await
                .unwrap()
                .is_none());
            assert!(store
                .holdings_of_body(other.id, first.body_id)
                .await
                .unwrap()
                .is_empty());

            assert!(store.person(unit.id, -1).await.unwrap().is_none());
            assert!(store.membership_refs(unit.id, -1).await.unwrap().is_none());
        }
    }
}
