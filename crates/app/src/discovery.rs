//! What a unit offers the machines that find and follow its pages: the addresses of its public
//! pages, each with when it last changed by the change log (the sitemap), and its news as a feed,
//! all or of one category. Made for an anonymous visitor whoever asks: only what the public reads.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use domain::access::Record;
use domain::entity::Entity;
use domain::Id;

use crate::{App, AppError, Result, Viewer};

/// How many articles a news feed carries: the newest.
const FEED_ENTRIES: i64 = 30;

/// One public page of a unit, and when it last changed (`None`: nothing in the log says).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    /// The page's path under the unit's address: `/tin-tuc/ky-ket-chuong-trinh`.
    pub path: String,
    pub lastmod: Option<DateTime<Utc>>,
}

/// A unit's news as a feed reader follows it.
#[derive(Debug, Clone)]
pub struct NewsFeed {
    /// The category's name, for a feed of one category.
    pub category: Option<String>,
    pub articles: Vec<FeedArticle>,
}

/// An article of a feed.
#[derive(Debug, Clone)]
pub struct FeedArticle {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub published: DateTime<Utc>,
    /// Its last change, or its publication when that is later (a scheduled article).
    pub updated: DateTime<Utc>,
}

/// A change to one of a unit's records, as the public reads it in the record's history.
#[derive(Debug, Clone)]
pub struct PublicChange {
    pub entity: Entity,
    pub entry: store::ChangeEntry,
    /// The names the entry's ids stand for (bodies, categories, people).
    pub names: crate::Names,
}

/// When each record of a unit last changed, by kind and id.
struct Changes(HashMap<(Entity, Id), i64>);

impl Changes {
    fn of(&self, entity: Entity, id: Id) -> Option<DateTime<Utc>> {
        self.0
            .get(&(entity, id))
            .map(|at| domain::time::from_unix(*at))
    }

    /// The newest change of any record of these kinds.
    fn latest(&self, kinds: &[Entity]) -> Option<DateTime<Utc>> {
        self.0
            .iter()
            .filter(|((e, _), _)| kinds.contains(e))
            .map(|(_, at)| *at)
            .max()
            .map(domain::time::from_unix)
    }

    /// The newest change of these records.
    /// When a published article last changed: its last change, or its publication when that is
    /// later (a scheduled article); `None` for a draft.
    fn article(&self, a: &domain::article::Article) -> Option<DateTime<Utc>> {
        a.modified(self.of(Entity::Article, a.id))
    }

    fn latest_of(&self, records: impl IntoIterator<Item = (Entity, Id)>) -> Option<DateTime<Utc>> {
        records
            .into_iter()
            .filter_map(|(e, id)| self.of(e, id))
            .max()
    }
}

impl App {
    /// The unit's articles anyone may read now, newest first.
    async fn public_articles(&self, v: &Viewer) -> Result<Vec<domain::article::Article>> {
        let now = v.now();
        Ok(self
            .store
            .all_articles(v.unit_id())
            .await?
            .into_iter()
            .filter(|a| v.may_read(Record::article(a, now)))
            .collect())
    }

    async fn changes(&self, v: &Viewer) -> Result<Changes> {
        let rows = self.store.last_changes(v.unit_id()).await?;
        Ok(Changes(
            rows.into_iter()
                .filter_map(|(entity, id, at)| Some(((Entity::parse(&entity)?, id), at)))
                .collect(),
        ))
    }

    /// The unit's public pages, as a sitemap lists them: its home and lists, every public
    /// article, programme, oversight activity and meeting, each with its last change.
    pub async fn sitemap(&self, v: &Viewer) -> Result<Vec<SitemapEntry>> {
        let v = &v.anonymous();
        let changes = self.changes(v).await?;
        let entry = |path: String, lastmod| SitemapEntry { path, lastmod };
        let everything = changes
            .0
            .values()
            .max()
            .map(|at| domain::time::from_unix(*at));
        let mut out = vec![entry("/".into(), everything)];

        let articles = self.public_articles(v).await?;
        let article_updated = |a: &domain::article::Article| changes.article(a);
        out.push(entry(
            "/tin-tuc".into(),
            articles.iter().filter_map(article_updated).max(),
        ));
        for a in &articles {
            out.push(entry(
                format!("/tin-tuc/{}", a.slug.as_str()),
                article_updated(a),
            ));
        }

        for p in self.programmes(v).await? {
            let items = self.store.items(p.id).await?;
            let targets = self.store.targets(p.id).await?;
            let lastmod = changes.latest_of(
                [(Entity::Programme, p.id)]
                    .into_iter()
                    .chain(items.iter().map(|i| (Entity::ProgrammeItem, i.id)))
                    .chain(targets.iter().map(|t| (Entity::Target, t.id))),
            );
            let year = p.year.get();
            out.push(entry(format!("/chuong-trinh/{year}"), lastmod));
            out.push(entry(format!("/chi-tieu/{year}"), lastmod));
        }

        let organisation = [
            Entity::Body,
            Entity::Person,
            Entity::Post,
            Entity::Membership,
        ];
        out.push(entry("/co-quan".into(), changes.latest(&organisation)));
        let oversight = [Entity::Oversight, Entity::Recommendation];
        out.push(entry("/giam-sat".into(), changes.latest(&oversight)));
        out.push(entry("/kien-nghi".into(), changes.latest(&oversight)));
        for o in self.oversights(v).await? {
            out.push(entry(
                format!("/giam-sat/{}", o.id),
                changes.of(Entity::Oversight, o.id),
            ));
        }
        let meetings = [Entity::Meeting, Entity::MeetingDetails];
        out.push(entry("/hoi-nghi".into(), changes.latest(&meetings)));
        for m in self.meetings(v).await? {
            out.push(entry(
                format!("/hoi-nghi/{}", m.id),
                changes.latest_of([(Entity::Meeting, m.id), (Entity::MeetingDetails, m.id)]),
            ));
        }
        Ok(out)
    }

    /// The newest changes to the unit's programmes, their contents and targets that anyone may
    /// read, newest first: each record's public history (withdrawn notes left out, as there),
    /// cut to its entries among the newest.
    pub async fn programme_changes(&self, v: &Viewer) -> Result<Vec<PublicChange>> {
        let v = &v.anonymous();
        let kinds = [Entity::Programme, Entity::ProgrammeItem, Entity::Target];
        // Drafts' changes are among the newest too, and left out: read more than a feed holds.
        let recent = self
            .store
            .recent_changes_of_kinds(v.unit_id(), &kinds, FEED_ENTRIES * 4)
            .await?;
        let mut histories: HashMap<(String, Id), Option<crate::History>> = HashMap::new();
        let mut out = Vec::new();
        for entry in recent {
            let Some(entity) = entry.entity_kind() else {
                continue;
            };
            let key = (entry.entity.clone(), entry.entity_id);
            if !histories.contains_key(&key) {
                let history = match self.history(v, entity, entry.entity_id).await {
                    Ok(h) => Some(h),
                    Err(AppError::NotFound | AppError::Forbidden(_)) => None,
                    Err(e) => return Err(e),
                };
                histories.insert(key.clone(), history);
            }
            let Some(history) = histories.get(&key).and_then(Option::as_ref) else {
                continue;
            };
            if let Some(shown) = history.entries.iter().find(|e| e.seq == entry.seq) {
                out.push(PublicChange {
                    entity,
                    entry: shown.clone(),
                    names: history.names.clone(),
                });
            }
            if out.len() == FEED_ENTRIES as usize {
                break;
            }
        }
        Ok(out)
    }

    /// The unit's newest public articles, all or of the category with this address; a category
    /// the unit has not is not found.
    pub async fn news_feed(&self, v: &Viewer, category: Option<&str>) -> Result<NewsFeed> {
        let v = &v.anonymous();
        let category = match category {
            None => None,
            Some(slug) => Some(
                self.categories(v)
                    .await?
                    .into_iter()
                    .find(|c| c.slug.as_str() == slug)
                    .ok_or(AppError::NotFound)?,
            ),
        };
        let changes = self.changes(v).await?;
        let articles = self
            .public_articles(v)
            .await?
            .into_iter()
            .filter(|a| {
                category
                    .as_ref()
                    .is_none_or(|c| a.category_ids.contains(&c.id))
            })
            .filter_map(|a| {
                let published = a.published_at?;
                let updated = changes.article(&a)?;
                Some(FeedArticle {
                    slug: a.slug.as_str().to_string(),
                    title: a.title,
                    summary: a.summary,
                    published,
                    updated,
                })
            })
            .take(FEED_ENTRIES as usize)
            .collect();
        Ok(NewsFeed {
            category: category.map(|c| c.name),
            articles,
        })
    }
}

impl App {
    /// Every unit's sitemap address (its public origin) with its last change: the installation's
    /// index. The default unit is at the installation's own address.
    pub async fn sitemaps(&self) -> Result<Vec<(String, Option<DateTime<Utc>>)>> {
        let directory = self.directory().await?;
        let latest = self.store.last_change_of_units().await?;
        let mut out = Vec::new();
        for unit in directory.all() {
            let origin = self.unit_origin(unit).await?;
            out.push((
                origin,
                latest.get(&unit.id).map(|at| domain::time::from_unix(*at)),
            ));
        }
        Ok(out)
    }

    /// The index of every unit's sitemap, when the viewer's unit is served at the installation's
    /// own address (the default unit there), where `robots.txt` names it.
    pub async fn sitemap_index_here(&self, v: &Viewer) -> Result<Option<String>> {
        let origin = self.public_origin(v).await?;
        Ok((origin == *self.public_url).then(|| format!("{}/sitemap-index.xml", self.public_url)))
    }
}
