//! Withdrawing and restoring: whoever may change a record withdraws it (an article, a person, a
//! response, a progress note), the unit's administrator puts it back; each is one write, logged.

use domain::access::{anyone_may_read, Action, Record};
use domain::withdrawal::{listed_as, Withdrawable};
use store::withdrawals::{NewWithdrawal, Withdrawal};

use crate::{App, AppError, Result, Viewer};

/// What withdrawing a record needs: who may, which record its history is on, how it is listed.
struct Withdrawing {
    may: Action,
    parent_id: i64,
    title: String,
    was_public: bool,
}

impl App {
    /// What the rule needs to know about a record of the unit before it is withdrawn.
    async fn withdrawing(&self, v: &Viewer, kind: Withdrawable, id: i64) -> Result<Withdrawing> {
        let unit_id = v.unit_id();
        let store = &self.store;
        Ok(match kind {
            Withdrawable::Article => {
                let a = self.article_by_id(v, id).await?;
                Withdrawing {
                    may: Action::EditArticle { unit_id },
                    parent_id: id,
                    was_public: self.is_article_public(v, &a),
                    title: a.title,
                }
            }
            Withdrawable::Attachment => {
                let (a, may, was_public) = self.attachment_withdrawing(v, id).await?;
                Withdrawing {
                    may,
                    parent_id: id,
                    title: a.title,
                    was_public,
                }
            }
            Withdrawable::Person => {
                let p = store.person(unit_id, id).await?.ok_or(AppError::NotFound)?;
                let held = !store.holdings_of_person(unit_id, id).await?.is_empty();
                Withdrawing {
                    may: Action::EditOrganisation { unit_id },
                    parent_id: id,
                    title: p.full_name,
                    was_public: held,
                }
            }
            Withdrawable::Response => {
                let part = store
                    .part(unit_id, kind, id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                let r = store
                    .recommendation(unit_id, part.parent_id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                Withdrawing {
                    // The body that answered takes its answer back; an answer that names no
                    // body is the responsible body's.
                    may: Action::RespondRecommendation {
                        unit_id,
                        responsible_body_id: part.body_id.unwrap_or(r.responsible_body_id),
                    },
                    parent_id: part.parent_id,
                    title: listed_as(&part.text),
                    was_public: anyone_may_read(Record::Recommendation { public: r.public }),
                }
            }
            Withdrawable::ProgressNote => {
                let part = store
                    .part(unit_id, kind, id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                let item = store
                    .item(unit_id, part.parent_id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                let p = store
                    .programme_by_id(unit_id, item.programme_id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                Withdrawing {
                    may: Action::EditItem {
                        unit_id,
                        lead_body_id: item.lead_body_id,
                    },
                    parent_id: part.parent_id,
                    title: listed_as(&part.text),
                    was_public: anyone_may_read(Record::programme(&p)),
                }
            }
        })
    }

    /// Withdraw a record of the unit, as someone who may change it. Withdrawn by someone else a
    /// moment before, it is not found.
    pub async fn withdraw(&self, v: &Viewer, kind: Withdrawable, id: i64) -> Result<Withdrawal> {
        let w = self.withdrawing(v, kind, id).await?;
        let actor = v.require(&w.may)?;
        let mut tx = self.begin(actor, v).await?;
        let new = NewWithdrawal {
            kind,
            record_id: id,
            parent_id: w.parent_id,
            title: &w.title,
            was_public: w.was_public,
        };
        if !tx.withdraw(v.unit_id(), &new).await? {
            return Err(AppError::NotFound);
        }
        // A document leaves its record's text or list of documents with it.
        if kind == Withdrawable::Attachment {
            if let Some(a) = self.store.attachment_kept(v.unit_id(), id).await? {
                self.unlink_attachment(v, &mut tx, &a).await?;
            }
        }
        self.commit(tx, v).await?;
        self.store
            .withdrawal_of(v.unit_id(), kind, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Put a withdrawn record of the unit back: the unit's administrator's call.
    pub async fn restore(&self, v: &Viewer, withdrawal_id: i64) -> Result<Withdrawal> {
        let actor = v.require(&Action::Restore {
            unit_id: v.unit_id(),
        })?;
        let mut tx = self.begin(actor, v).await?;
        let restored = tx
            .restore(v.unit_id(), withdrawal_id)
            .await?
            .ok_or(AppError::NotFound)?;
        // A document is linked again at the end of its record.
        if restored.kind == Withdrawable::Attachment {
            self.relink_attachment(v, &mut tx, restored.record_id)
                .await?;
        }
        self.commit(tx, v).await?;
        Ok(restored)
    }

    /// What the unit has withdrawn, newest first: for its staff.
    pub async fn withdrawals(&self, v: &Viewer) -> Result<Vec<Withdrawal>> {
        v.staff()?;
        Ok(self.store.withdrawals(v.unit_id()).await?)
    }

    /// The parts of a record (its responses, its notes) with their ids, as the record lists
    /// them: what its page offers to withdraw one by one.
    pub async fn parts_of(
        &self,
        v: &Viewer,
        kind: Withdrawable,
        parent_id: i64,
    ) -> Result<Vec<store::withdrawals::Part>> {
        v.staff()?;
        Ok(self.store.parts_of(v.unit_id(), kind, parent_id).await?)
    }
}
