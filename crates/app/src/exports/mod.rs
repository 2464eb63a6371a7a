//! Every list as a spreadsheet (XLSX and CSV) and the open-data archive, as a person may take them
//! out: the read rule is asked for each, as an export.

mod open_data;
pub mod popolo;
pub mod rollups;
pub mod tables;

use domain::access::{anyone_may_read, Action, Record};
use domain::article::Article;
use domain::programme::Year;

use crate::{App, AppError, Result, Viewer};
pub use tables::{Sheet, Table};

pub const PDF: &str = "application/pdf";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const CSV: &str = "text/csv; charset=utf-8";
pub const ZIP: &str = "application/zip";

/// A table to take out, and whether it holds what only staff may read (so no shared cache may
/// keep it).
#[derive(Debug, Clone)]
pub struct Export {
    pub table: Table,
    pub private: bool,
}

impl Export {
    /// The file, in the format asked for.
    pub fn to_bytes(&self, sheet: Sheet) -> Result<Vec<u8>> {
        self.table
            .to_bytes(sheet)
            .map_err(|e| AppError::Internal(format!("export: {e}")))
    }

    /// "Chỉ tiêu năm 2020.xlsx".
    pub fn file_name(&self, sheet: Sheet) -> String {
        format!("{}.{}", self.table.title, sheet.extension())
    }
}

impl App {
    /// The programme of a year, if this person may take it out.
    async fn exported_programme(&self, v: &Viewer, year: Year) -> Result<store::ProgrammeOverview> {
        self.programme_overview_as(v, year, |at, record| Action::ReadExport { at, record })
            .await
    }

    /// The targets of a year, with the review's summary line.
    pub async fn targets_export(&self, v: &Viewer, year: Year) -> Result<Export> {
        let o = self.exported_programme(v, year).await?;
        let links = self.store.target_links(v.unit_id(), o.programme.id).await?;
        let codes: std::collections::HashMap<i64, String> = if links.is_empty() {
            Default::default()
        } else {
            let offered = self.indicators(v).await?;
            links
                .into_iter()
                .filter_map(|(target, indicator)| {
                    let code = offered.iter().find(|i| i.id == indicator)?.code.to_string();
                    Some((target, code))
                })
                .collect()
        };
        Ok(Export {
            table: tables::targets(year.get(), &o.targets, &codes),
            private: !anyone_may_read(Record::programme(&o.programme)),
        })
    }

    /// A province's roll-up of a year, indicator by indicator; kept from shared caches when it
    /// counts what only staff read.
    pub async fn rollup_export(&self, v: &Viewer, year: Year) -> Result<Export> {
        let roll = self.roll_up(v, year).await?;
        Ok(Export {
            table: rollups::indicators(&roll),
            private: v.is_staff(),
        })
    }

    /// A province's roll-up of a year, unit by unit.
    pub async fn rollup_units_export(&self, v: &Viewer, year: Year) -> Result<Export> {
        let roll = self.roll_up(v, year).await?;
        Ok(Export {
            table: rollups::units(&roll),
            private: v.is_staff(),
        })
    }

    /// The contents of a year's programme.
    pub async fn items_export(&self, v: &Viewer, year: Year) -> Result<Export> {
        let o = self.exported_programme(v, year).await?;
        let bodies = self.store.bodies(v.unit_id()).await?;
        Ok(Export {
            table: tables::items(year.get(), &o.items, &bodies),
            private: !anyone_may_read(Record::programme(&o.programme)),
        })
    }

    /// The unit's articles anyone may read now, newest first, each asked of the rule.
    pub async fn published_articles(&self, v: &Viewer) -> Result<Vec<Article>> {
        let v = v.anonymous();
        let mut articles: Vec<Article> = self
            .store
            .all_articles(v.unit_id())
            .await?
            .into_iter()
            .filter(|a| {
                v.may(&Action::ReadExport {
                    at: v.at(),
                    record: Record::article(a, v.now()),
                })
            })
            .collect();
        articles.sort_by_key(|a| std::cmp::Reverse(a.published_at));
        Ok(articles)
    }

    /// The published news, or those of one category (by its slug).
    pub async fn news_export(&self, v: &Viewer, category: Option<&str>) -> Result<Export> {
        let categories = self.store.categories(v.unit_id()).await?;
        let category = match category.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(slug) => Some(
                categories
                    .iter()
                    .find(|c| c.slug.as_str() == slug)
                    .ok_or(AppError::NotFound)?,
            ),
        };
        let articles: Vec<Article> = self
            .published_articles(v)
            .await?
            .into_iter()
            .filter(|a| category.is_none_or(|c| a.category_ids.contains(&c.id)))
            .collect();
        let title = match category {
            Some(c) => format!("Tin tức – {}", c.name),
            None => "Tin tức".to_string(),
        };
        Ok(Export {
            table: tables::news(&title, &articles, &categories),
            private: false,
        })
    }
}
