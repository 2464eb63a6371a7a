//! The joint programme: reading it as a person may, creating it, moving it through its lifecycle,
//! copying it to the next year, signing it. A change to the content of a signed programme opens a
//! new version that must be signed again (`open_for_content_change`), in the same transaction.

use chrono::{Datelike, NaiveDate};
use domain::access::{Action, Record, UnitPath};
use domain::body::Body;
use domain::programme::{ItemDraft, ItemStatus, Programme, ProgrammeStatus, TimeFrame, Year};
use domain::Id;
use store::signing::SignatureView;
use store::{NewProgramme, NewTarget, ProgrammeOverview, WriteTx};

use crate::{App, AppError, Result, Viewer};

/// One party of a programme's current version, as [`App::parties`] gives it.
#[derive(Debug, Clone)]
pub struct PartySigning {
    pub body_id: Id,
    /// Its signature of the current version.
    pub signature: Option<SignatureView>,
    /// Whether the viewer may sign for it now.
    pub may_sign: bool,
}

/// What a new programme is called.
pub fn programme_title(year: Year) -> String {
    format!("Chương trình phối hợp công tác năm {year}")
}

/// How a save through the target form or the API is named in [`review_warning`].
pub const SAVING: &str = "Lưu thay đổi này";

/// What a change to the targets of a reviewed programme is said to do before it is made, by the
/// target form, the import page and the command line alike: `doing` names the change ("Lưu thay đổi
/// này", "Nhập tệp này"). `None` when the programme is not reviewed.
pub fn review_warning(p: &Programme, doing: &str) -> Option<String> {
    (p.status == ProgrammeStatus::Reviewed).then(|| {
        let when = p
            .reviewed_on
            .map(|d| format!(" ngày {}", domain::time::short_date(d)))
            .unwrap_or_default();
        format!(
            "Chương trình năm {} đã được tổng kết{when}. {doing} sẽ làm thay đổi số liệu của báo cáo tổng kết (số chỉ tiêu đạt, vượt, không đạt).",
            p.year
        )
    })
}

/// What a change to a programme's terms (an item's content, lead, partners or time frame; a
/// target's name, measure, direction or plan) does, said on the forms before it is made: on a
/// signed programme it opens an amendment, or belongs to the one being drafted. `None` for a
/// draft never signed, whose terms change in place.
pub fn amendment_warning(p: &Programme) -> Option<String> {
    let since = p
        .signed_on
        .map(|d| format!(" ngày {}", domain::time::short_date(d)))
        .unwrap_or_default();
    match p.signed_version {
        None => None,
        Some(in_force) if in_force < p.version => Some(format!(
            "Đang soạn bản sửa đổi, bổ sung (phiên bản {}) của chương trình đã ký{since}: thay \
             đổi về nội dung thuộc bản sửa đổi này. Bản đã ký (phiên bản {in_force}) vẫn là bản có \
             hiệu lực và được công bố cho đến khi các bên ký bản sửa đổi.",
            p.version
        )),
        Some(in_force) => Some(format!(
            "Chương trình đã được các bên ký{since}. Lưu một thay đổi về nội dung sẽ mở bản sửa \
             đổi, bổ sung (phiên bản {}) cần các bên ký lại; bản đã ký (phiên bản {in_force}) vẫn \
             là bản có hiệu lực và được công bố cho đến khi đó. Trạng thái, ghi chú tiến độ và \
             số thực hiện được cập nhật mà không cần sửa đổi.",
            p.version + 1
        )),
    }
}

/// The three parties of a joint programme, in the order documents list them.
pub fn programme_parties(bodies: &[Body]) -> Vec<i64> {
    bodies
        .iter()
        .filter(|b| b.kind.is_programme_party() && b.parent_body_id.is_none())
        .map(|b| b.id)
        .collect()
}

impl App {
    /// The unit's programmes this person may read, newest first.
    pub async fn programmes(&self, v: &Viewer) -> Result<Vec<Programme>> {
        Ok(self
            .store
            .programmes(v.unit_id())
            .await?
            .into_iter()
            .filter(|p| v.may_read(Record::programme(p)))
            .collect())
    }

    /// The programme the portal opens first: the newest this person may read.
    pub async fn current_programme(&self, v: &Viewer) -> Result<Option<Programme>> {
        Ok(self.programmes(v).await?.into_iter().next())
    }

    /// The programme of a year, as this person may read it.
    pub async fn programme(&self, v: &Viewer, year: Year) -> Result<Programme> {
        let p = self
            .store
            .programme(v.unit_id(), year)
            .await?
            .ok_or(AppError::NotFound)?;
        v.read(p.unit_id, Record::programme(&p), p)
    }

    /// A programme with its items, targets and budget: while an amendment is drafted, the unit's
    /// staff read the working copy and everyone else the version in force.
    pub async fn programme_overview(&self, v: &Viewer, year: Year) -> Result<ProgrammeOverview> {
        let p = self.programme(v, year).await?;
        let overview = self
            .store
            .programme_overview(p.unit_id, p.year)
            .await?
            .ok_or(AppError::NotFound)?;
        let working = v.is_staff() && p.unit_id == v.unit_id();
        self.as_read(overview, working).await
    }

    /// A programme with its items, targets and budget, if this person may take it for `read`
    /// (a document, an export).
    pub(crate) async fn programme_overview_as(
        &self,
        v: &Viewer,
        year: Year,
        read: fn(UnitPath, Record) -> Action,
    ) -> Result<ProgrammeOverview> {
        let p = self
            .store
            .programme(v.unit_id(), year)
            .await?
            .ok_or(AppError::NotFound)?;
        let action = read(v.at(), Record::programme(&p));
        v.check(p.unit_id, &action)?;
        // An official document of a signed programme is of the version in force, for everyone;
        // a spreadsheet is the unit's staff's working copy, to edit and import again.
        let working = matches!(action, Action::ReadExport { .. }) && v.is_staff();
        let overview = self
            .store
            .programme_overview(p.unit_id, year)
            .await?
            .ok_or(AppError::NotFound)?;
        self.as_read(overview, working).await
    }

    /// A programme by its id, as this person may read it.
    pub async fn programme_by_id(&self, v: &Viewer, id: i64) -> Result<Programme> {
        let p = self
            .store
            .programme_by_id(v.unit_id(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        v.read(p.unit_id, Record::programme(&p), p)
    }

    /// One item and its programme, as this person may read them.
    pub async fn item(
        &self,
        v: &Viewer,
        id: i64,
    ) -> Result<(domain::programme::ProgrammeItem, Programme)> {
        let item = self
            .store
            .item(v.unit_id(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        let p = self.programme_by_id(v, item.programme_id).await?;
        Ok((item, p))
    }

    /// One target and its programme, as this person may read them.
    pub async fn target(&self, v: &Viewer, id: i64) -> Result<(domain::target::Target, Programme)> {
        let t = self
            .store
            .target(v.unit_id(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        let p = self.programme_by_id(v, t.programme_id).await?;
        Ok((t, p))
    }

    /// The version being drafted or signed now.
    pub async fn programme_version(&self, v: &Viewer, p: &Programme) -> Result<i64> {
        v.read(p.unit_id, Record::programme(p), ())?;
        Ok(self.store.programme_version(p.id).await?)
    }

    /// Who signed which version, and whether each signature verifies.
    pub async fn signatures(&self, v: &Viewer, p: &Programme) -> Result<Vec<SignatureView>> {
        v.read(p.unit_id, Record::programme(p), ())?;
        Ok(self.store.signatures(p.id).await?)
    }

    /// The parties of the version being drafted or signed now: each one's signature of it, if
    /// given, and whether this viewer may sign for it now (the version waits for signatures, the
    /// party has not signed, the viewer heads it). Pages show this; they never work it out.
    pub async fn parties(&self, v: &Viewer, p: &Programme) -> Result<Vec<PartySigning>> {
        let version = self.programme_version(v, p).await?;
        let signatures = self.signatures(v, p).await?;
        let open = Self::to_sign(p).is_some();
        Ok(p.party_ids
            .iter()
            .map(|&body_id| {
                let signature = signatures
                    .iter()
                    .find(|s| s.body_id == body_id && s.version == version)
                    .cloned();
                let may_sign = open
                    && signature.is_none()
                    && v.may(&Action::Sign {
                        unit_id: v.unit_id(),
                        body_id,
                    });
                PartySigning {
                    body_id,
                    signature,
                    may_sign,
                }
            })
            .collect())
    }

    /// A version its parties signed, read from its canonical text. A signed version is public
    /// whatever the programme has become since: it is what was signed.
    pub async fn signed_version(
        &self,
        v: &Viewer,
        year: Year,
        version: i64,
    ) -> Result<store::signing::SignedContent> {
        let p = self
            .store
            .programme(v.unit_id(), year)
            .await?
            .ok_or(AppError::NotFound)?;
        let text = self
            .store
            .signed_version(p.id, version)
            .await?
            .ok_or(AppError::NotFound)?;
        v.read(
            p.unit_id,
            Record::Programme {
                status: ProgrammeStatus::Signed,
                signed_before: true,
            },
            store::signing::SignedContent::parse(&text)?,
        )
    }

    /// Create the programme of a year as a draft, its parties the unit's three.
    pub async fn create_programme(&self, v: &Viewer, year: Year) -> Result<Programme> {
        let actor = v.require(&Action::ManageProgramme {
            unit_id: v.unit_id(),
        })?;
        if self.store.programme(v.unit_id(), year).await?.is_some() {
            return Err(AppError::field(
                "year",
                format!("Đã có chương trình năm {year}."),
            ));
        }
        let parties = programme_parties(&self.store.bodies(v.unit_id()).await?);
        let mut tx = self.begin(actor, v).await?;
        let p = tx
            .insert_programme(&NewProgramme {
                unit_id: v.unit_id(),
                year,
                title: programme_title(year),
                status: ProgrammeStatus::Draft,
                party_ids: parties,
                signed_on: None,
                reviewed_on: None,
                review_summary: None,
            })
            .await?;
        self.commit(tx, v).await?;
        Ok(p)
    }

    /// Start or review a programme. Signing is not a transition a person picks: a programme is
    /// signed when its parties have signed it.
    pub async fn transition_programme(
        &self,
        v: &Viewer,
        year: Year,
        to: ProgrammeStatus,
        review_summary: Option<String>,
    ) -> Result<Programme> {
        let actor = v.require(&Action::ManageProgramme {
            unit_id: v.unit_id(),
        })?;
        let p = self.programme(v, year).await?;
        if to == ProgrammeStatus::Signed {
            return Err(AppError::BadRequest(
                "Trạng thái không hợp lệ; chương trình chuyển sang “Đã ký kết” khi các bên ký."
                    .into(),
            ));
        }
        let status = p
            .status
            .transition(to)
            .map_err(|e| AppError::field("to", e.to_string()))?;
        let after = Programme {
            status,
            reviewed_on: (status == ProgrammeStatus::Reviewed)
                .then_some(v.today())
                .or(p.reviewed_on),
            review_summary: review_summary
                .map(|s| vi::normalize(&s))
                .filter(|s| !s.is_empty())
                .or(p.review_summary.clone()),
            ..p.clone()
        };
        let mut tx = self.begin(actor, v).await?;
        tx.update_programme(&p, &after).await?;
        self.commit(tx, v).await?;
        Ok(after)
    }

    /// Copy a programme to the next year as a draft: its parties, items (dates moved a year, not
    /// started) and targets (the plan kept, no actual).
    pub async fn copy_programme_to_next_year(&self, v: &Viewer, year: Year) -> Result<Programme> {
        let actor = v.require(&Action::ManageProgramme {
            unit_id: v.unit_id(),
        })?;
        let p = self.programme(v, year).await?;
        let next = Year::new(year.get() + 1)?;
        if self.store.programme(v.unit_id(), next).await?.is_some() {
            return Err(AppError::field(
                "year",
                format!("Đã có chương trình năm {next}."),
            ));
        }
        let items = self.store.items(p.id).await?;
        let targets = self.store.targets(p.id).await?;
        let shift = |d: NaiveDate| {
            d.with_year(next.get())
                .unwrap_or(d + chrono::Duration::days(365))
        };
        let mut tx = self.begin(actor, v).await?;
        let copy = tx
            .insert_programme(&NewProgramme {
                unit_id: v.unit_id(),
                year: next,
                title: programme_title(next),
                status: ProgrammeStatus::Draft,
                party_ids: p.party_ids.clone(),
                signed_on: None,
                reviewed_on: None,
                review_summary: None,
            })
            .await?;
        for item in &items {
            let draft = ItemDraft {
                content: item.content.clone(),
                lead_body_id: item.lead_body_id,
                partner_body_ids: item.partner_body_ids.clone(),
                time_frame: TimeFrame {
                    starts_on: shift(item.time_frame.starts_on),
                    ends_on: shift(item.time_frame.ends_on),
                },
                status: ItemStatus::NotStarted,
            };
            tx.insert_item(copy.id, item.position, &draft, &[]).await?;
        }
        for t in &targets {
            tx.insert_target(
                copy.id,
                t.position,
                &NewTarget {
                    name: t.name.clone(),
                    measure: t.measure.clone(),
                    direction: t.direction,
                    plan: t.plan,
                    actual: None,
                    reporting_body_id: t.reporting_body_id,
                    illustrative: t.illustrative,
                    note: None,
                },
            )
            .await?;
        }
        self.commit(tx, v).await?;
        Ok(copy)
    }

    /// What a head would sign now for a programme: the version, and whether it is the first
    /// signing or an amendment. `None` when there is nothing to sign (every party signed the
    /// version in force, or the programme is reviewed).
    pub fn to_sign(p: &Programme) -> Option<i64> {
        let open = p.signed_version.is_none() || p.amending();
        (open && p.status != ProgrammeStatus::Reviewed).then_some(p.version)
    }

    /// Sign the version being drafted (the programme, or an amendment of it) for one body, with
    /// the key held for its head, once the head has given their password again: a signature is
    /// the person's own act, not a click left on an open screen. The signed text is read in the
    /// write that signs it.
    pub async fn sign_programme(
        &self,
        v: &Viewer,
        year: Year,
        body_id: i64,
        password: &str,
        client: crate::accounts::Client<'_>,
    ) -> Result<Programme> {
        let actor = v.require(&Action::Sign {
            unit_id: v.unit_id(),
            body_id,
        })?;
        let p = self.programme(v, year).await?;
        if Self::to_sign(&p).is_none() {
            return Err(AppError::field(
                "programme",
                "Phiên bản này đã được các bên ký.",
            ));
        }
        self.confirm_password(actor, password, client, "password")
            .await?;
        let unit = self.store.unit(p.unit_id).await?;
        let bodies = self.store.bodies(p.unit_id).await?;
        let mut tx = self.begin(actor, v).await?;
        let p = tx.refresh_versions(&p).await?;
        let canonical = tx.working_content(&unit, &bodies, &p).await?.canonical()?;
        let after = tx
            .sign_programme(
                &p,
                p.version,
                &canonical,
                body_id,
                actor.user_id,
                v.now().timestamp(),
            )
            .await?;
        self.commit(tx, v).await?;
        Ok(after)
    }
}

/// Before changing what a programme's parties sign (an item's content, lead, partners or time
/// frame; a target's name, measure, direction or plan): a reviewed programme is final; a signed
/// one opens an amendment, and the version in force stays public until every party signs it; a
/// version some party has already signed is not changed under their signature, but followed by a
/// new one. All in the transaction of the change.
pub(crate) async fn open_for_content_change(tx: &mut WriteTx, p: &Programme) -> Result<Programme> {
    if p.status == ProgrammeStatus::Reviewed {
        return Err(AppError::field(
            "programme",
            "Chương trình đã tổng kết; nội dung không thay đổi được nữa.",
        ));
    }
    let p = tx.refresh_versions(p).await?;
    if p.signed_version == Some(p.version) || tx.version_has_signatures(&p).await? {
        return Ok(tx.set_working_version(&p, p.version + 1).await?);
    }
    Ok(p)
}

impl App {
    /// After a change to a programme being amended: an amendment that puts back every term of the
    /// version in force is no amendment, and is withdrawn, in the transaction of the change.
    pub(crate) async fn settle_amendment(&self, tx: &mut WriteTx, p: &Programme) -> Result<()> {
        let Some(in_force) = p.signed_version.filter(|s| *s < p.version) else {
            return Ok(());
        };
        let Some(text) = self.store.signed_version(p.id, in_force).await? else {
            return Ok(());
        };
        let signed = store::signing::SignedContent::parse(&text)?;
        let unit = self.store.unit(p.unit_id).await?;
        let bodies = self.store.bodies(p.unit_id).await?;
        let working = tx.working_content(&unit, &bodies, p).await?;
        if working.same_terms(&signed) && !tx.version_has_signatures(p).await? {
            tx.set_working_version(p, in_force).await?;
        }
        Ok(())
    }
}
