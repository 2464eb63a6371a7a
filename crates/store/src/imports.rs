//! Bulk inserts of rows read from a spreadsheet: every row of a file goes in through one `WriteTx`,
//! so an import is all or nothing — a failure on row 80,000 leaves no trace of the first 79,999,
//! and a successful one appears to readers (and to the log's followers) at once.

use domain::programme::{ItemDraft, Programme, ProgrammeStatus};

use crate::{NewTarget, Result, Store, StoreError};

/// What an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    /// How many rows were inserted.
    pub rows: usize,
    /// The position the first of them was given; the others follow in file order.
    pub first_position: i64,
    /// The change log's head after the commit.
    pub log_head: i64,
}

/// How often the progress callback is told, in rows.
const PROGRESS_EVERY: usize = 1000;

impl Store {
    /// Append `rows` to the targets of a programme, after those it already has, in one transaction.
    /// `progress` is told the number of rows written every thousand rows and at the end.
    pub async fn import_targets(
        &self,
        actor: &str,
        programme_id: i64,
        rows: &[NewTarget],
        mut progress: impl FnMut(usize),
    ) -> Result<ImportSummary> {
        let first_position = self.next_position("targets", programme_id).await?;
        let mut tx = self.begin(actor).await?;
        for (i, row) in rows.iter().enumerate() {
            tx.insert_target(programme_id, first_position + i as i64, row)
                .await?;
            if (i + 1) % PROGRESS_EVERY == 0 {
                progress(i + 1);
            }
        }
        let log_head = tx.commit().await?;
        progress(rows.len());
        Ok(ImportSummary {
            rows: rows.len(),
            first_position,
            log_head,
        })
    }

    /// Append `drafts` to the items of a programme in one transaction. A signed programme opens a
    /// new version in the same transaction, to be signed again, as any change to its content does;
    /// a reviewed one is final and refuses.
    pub async fn import_items(
        &self,
        actor: &str,
        programme: &Programme,
        drafts: &[ItemDraft],
        mut progress: impl FnMut(usize),
    ) -> Result<ImportSummary> {
        if programme.status == ProgrammeStatus::Reviewed {
            return Err(StoreError::Invalid(domain::ValidationError::single(
                "programme",
                "Chương trình đã tổng kết; nội dung không thay đổi được nữa.",
            )));
        }
        let first_position = self.next_position("programme_items", programme.id).await?;
        let mut tx = self.begin(actor).await?;
        if !drafts.is_empty() && programme.status != ProgrammeStatus::Draft {
            tx.start_new_version(programme).await?;
        }
        for (i, draft) in drafts.iter().enumerate() {
            tx.insert_item(programme.id, first_position + i as i64, draft, &[])
                .await?;
            if (i + 1) % PROGRESS_EVERY == 0 {
                progress(i + 1);
            }
        }
        let log_head = tx.commit().await?;
        progress(drafts.len());
        Ok(ImportSummary {
            rows: drafts.len(),
            first_position,
            log_head,
        })
    }

    /// One past the highest position of a programme's targets or items.
    async fn next_position(&self, table: &'static str, programme_id: i64) -> Result<i64> {
        let max: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT MAX(position) FROM {table} WHERE programme_id = $1"
        ))
        .bind(programme_id)
        .fetch_one(self.db_read())
        .await?;
        Ok(max.unwrap_or(0) + 1)
    }
}
