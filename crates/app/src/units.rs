//! The installation's own business, for its operator: setting the installation up from nothing,
//! creating units (one by one or from the official list, with a preview and every bad cell),
//! mapping host names, choosing the default unit, appointing each unit's first administrator, and
//! merging or splitting units with an effective date, the old units kept as archives.

use chrono::NaiveDate;
use docs::import::{CellError, ImportError, UnitField, UnitsRead};
use domain::access::{Action, Actor, Role};
use domain::credentials::{NewPassword, Username};
use domain::unit::{AdminUnit, Succession, UnitDraft, UnitInput, UnitLevel};
use domain::Id;
use store::accounts::Account;
use store::{NewMembership, NewUnit, WriteTx};

use crate::{App, AppError, Result};

/// A unit as the official list would create it, with the name of the unit above.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedUnit {
    pub draft: UnitDraft,
    /// "thành phố Hà Nội", or empty for a province.
    pub parent_name: String,
    /// The code of the unit above, when it is in the same file.
    parent_code: Option<String>,
}

/// A merge (several predecessors, one successor) or a split (one predecessor, several
/// successors), or both at once, from a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reorganisation {
    pub predecessors: Vec<Id>,
    pub successors: Vec<Id>,
    /// The successors' first day; the predecessors' last day is the day before.
    pub effective_on: NaiveDate,
    /// Whether the people holding posts in the predecessors' bodies go on in the same posts of
    /// the successor (the first one's body of the same kind); otherwise their posts end.
    pub carry_over: bool,
}

/// What a staged list of units waits for.
const UNITS_PURPOSE: &str = "units";

fn taken(field: &'static str, message: String) -> AppError {
    AppError::field(field, message)
}

impl App {
    /// Whether the installation still needs its operator: the first visit then sets it up.
    pub async fn needs_setup(&self) -> Result<bool> {
        Ok(!self.store.has_operator().await?)
    }

    /// Create the installation's operator, once: refused when there is one already.
    pub async fn set_up_operator(
        &self,
        username: &Username,
        display_name: &str,
        password: &NewPassword,
    ) -> Result<Account> {
        let name = person_name("name", display_name)?;
        let mut tx = self.store.begin("cai-dat").await?;
        // Asked inside the write that makes the operator, never before it: of twenty set-ups
        // posted at once, the first to hold the chain's head makes the operator and the others
        // find it there.
        if tx.has_operator().await? {
            return Err(AppError::Forbidden(
                "Hệ thống đã có quản trị; hãy đăng nhập.".into(),
            ));
        }
        let account = tx
            .insert_user(username, &name, password)
            .await
            .map_err(|e| account_taken(e, username))?;
        tx.set_operator(&account, true).await?;
        tx.commit().await?;
        Ok(account)
    }

    /// The accounts that hold the installation: its console lists them, so an operator made by
    /// anyone else is seen.
    pub async fn operators(&self, actor: &Actor) -> Result<Vec<Account>> {
        require(actor)?;
        Ok(self.store.operators().await?)
    }

    /// Check a unit's fields, the unit above looked up by its id.
    pub async fn parse_unit(
        &self,
        input: &UnitInput<'_>,
        parent_id: Option<Id>,
    ) -> Result<UnitDraft> {
        let directory = self.directory().await?;
        let parent = match parent_id {
            None => None,
            Some(id) => Some(
                directory
                    .unit(id)
                    .map(|p| (p.id, p.level))
                    .ok_or_else(|| AppError::field("parent", "Không có đơn vị cấp trên này"))?,
            ),
        };
        Ok(UnitDraft::parse(&UnitInput {
            parent,
            ..input.clone()
        })?)
    }

    /// Whether a code or host name is free among the units still in force.
    async fn check_free(&self, draft: &UnitDraft, except: Option<Id>) -> Result<()> {
        let directory = self.directory().await?;
        for u in directory.all() {
            if Some(u.id) == except {
                continue;
            }
            if u.valid_to.is_none() && !u.code.is_empty() && u.code == draft.code {
                return Err(taken(
                    "code",
                    format!("Mã {} đã là của {}", draft.code, u.full_name()),
                ));
            }
            if draft.host.is_some() && u.host == draft.host {
                return Err(taken(
                    "host",
                    format!("Tên miền này đã dùng cho {}", u.full_name()),
                ));
            }
        }
        Ok(())
    }

    /// Create a unit. The first unit of an installation becomes its default.
    pub async fn create_unit(&self, actor: &Actor, draft: &UnitDraft) -> Result<AdminUnit> {
        require(actor)?;
        self.check_free(draft, None).await?;
        let first = self.directory().await?.is_empty();
        let mut tx = self.store.begin(&actor.username).await?;
        let unit = insert(&mut tx, draft).await?;
        if first {
            tx.set_setting(store::DEFAULT_UNIT, &unit.id.to_string())
                .await?;
        }
        tx.commit().await?;
        self.units_changed();
        Ok(unit)
    }

    /// Change a unit's name or host name.
    pub async fn update_unit(
        &self,
        actor: &Actor,
        unit_id: Id,
        name: &str,
        host: &str,
    ) -> Result<AdminUnit> {
        require(actor)?;
        let before = self.unit(unit_id).await?;
        let host = domain::unit::parse_host(host)?;
        let name = domain::input::single_line("name", name).map_err(AppError::Invalid)?;
        if name.is_empty() {
            return Err(AppError::field("name", "Tên đơn vị không được để trống"));
        }
        let after = AdminUnit {
            name,
            host,
            ..before.clone()
        };
        if after.host.is_some() {
            let directory = self.directory().await?;
            if let Some(other) = directory
                .all()
                .into_iter()
                .find(|u| u.id != unit_id && u.host == after.host)
            {
                return Err(taken(
                    "host",
                    format!("Tên miền này đã dùng cho {}", other.full_name()),
                ));
            }
        }
        let mut tx = self.store.begin(&actor.username).await?;
        tx.update_unit(&before, &after).await?;
        tx.commit().await?;
        self.units_changed();
        self.written(unit_id);
        Ok(after)
    }

    /// Correct the days a unit's existence runs from and, for a unit that has ended, to: a date
    /// typed wrong at its creation or its reorganisation. Logged as any change of the unit. It
    /// neither ends a living unit nor revives an ended one: that is a reorganisation's business.
    pub async fn correct_unit_dates(
        &self,
        actor: &Actor,
        unit_id: Id,
        valid_from: &str,
        valid_to: &str,
    ) -> Result<AdminUnit> {
        require(actor)?;
        let before = self.unit(unit_id).await?;
        let mut errors = domain::ValidationError::default();
        let from = domain::time::parse_date(valid_from);
        if from.is_none() {
            errors.push(
                "valid_from",
                format!(
                    "Ngày bắt đầu hiệu lực không hợp lệ (ngày/tháng/năm, {})",
                    domain::time::years_message().to_lowercase()
                ),
            );
        }
        let to = match (before.valid_to, valid_to.trim()) {
            (None, "") => None,
            (None, _) => {
                errors.push(
                    "valid_to",
                    "Đơn vị đang hoạt động: việc kết thúc một đơn vị làm ở trang Sắp xếp đơn vị",
                );
                None
            }
            (Some(_), "") => {
                errors.push(
                    "valid_to",
                    "Đơn vị đã kết thúc: hãy ghi ngày kết thúc đúng, không để trống",
                );
                None
            }
            (Some(_), typed) => {
                let day = domain::time::parse_date(typed);
                if day.is_none() {
                    errors.push("valid_to", "Ngày kết thúc không hợp lệ (ngày/tháng/năm)");
                }
                day
            }
        };
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                errors.push("valid_to", "Ngày kết thúc phải sau ngày bắt đầu hiệu lực");
            }
        }
        let Some(valid_from) = from.filter(|_| errors.is_empty()) else {
            return Err(AppError::Invalid(errors));
        };
        let after = AdminUnit {
            valid_from,
            valid_to: to,
            ..before.clone()
        };
        if after == before {
            return Ok(after);
        }
        let mut tx = self.store.begin(&actor.username).await?;
        tx.update_unit(&before, &after).await?;
        tx.commit().await?;
        self.units_changed();
        self.written(unit_id);
        Ok(after)
    }

    /// Choose the unit the installation's unprefixed addresses serve.
    pub async fn set_default_unit(&self, actor: &Actor, unit_id: Id) -> Result<()> {
        require(actor)?;
        self.unit(unit_id).await?;
        let mut tx = self.store.begin(&actor.username).await?;
        tx.set_setting(store::DEFAULT_UNIT, &unit_id.to_string())
            .await?;
        tx.commit().await?;
        self.units_changed();
        Ok(())
    }

    /// Read the official list and check every row against the installation: each unit above must
    /// exist (or come earlier in the file), each code must be free. Writes nothing.
    pub async fn plan_units_import(
        &self,
        actor: &Actor,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<std::result::Result<Vec<PlannedUnit>, Vec<CellError>>> {
        require(actor)?;
        if bytes.is_empty() {
            return Err(AppError::field(
                "file",
                "Hãy chọn một tệp .xlsx hoặc .csv để tải lên.",
            ));
        }
        if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
            return Err(AppError::field(
                "file",
                "Tệp Excel 97-2003 (.xls) chưa được hỗ trợ: hãy lưu lại dưới dạng .xlsx hoặc .csv.",
            ));
        }
        let (rows, mut errors) = match read_units(file_name, bytes) {
            Ok(read) => (read.rows, read.errors),
            Err(ImportError::Cells(errors)) => return Ok(Err(errors)),
            Err(other) => return Err(AppError::field("file", other.to_string())),
        };
        if rows.is_empty() && errors.is_empty() {
            return Err(AppError::field(
                "file",
                "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.",
            ));
        }
        let directory = self.directory().await?;
        let existing = |code: &str| {
            directory
                .all()
                .into_iter()
                .find(|u| u.valid_to.is_none() && u.code == code)
        };
        let mut planned: Vec<PlannedUnit> = Vec::new();
        for row in &rows {
            let before = errors.len();
            if existing(&row.code).is_some() || planned.iter().any(|p| p.draft.code == row.code) {
                errors.push(row.cell(UnitField::Code, format!("Mã {} đã có", row.code)));
            }
            let parent: Option<(Option<Id>, UnitLevel, String)> = match &row.parent_code {
                None => None,
                Some(code) => {
                    if let Some(u) = existing(code) {
                        Some((Some(u.id), u.level, u.full_name()))
                    } else if let Some(p) = planned.iter().find(|p| &p.draft.code == code) {
                        Some((
                            None,
                            p.draft.level,
                            format!("{} {}", p.draft.kind, p.draft.name),
                        ))
                    } else {
                        errors.push(row.cell(
                            UnitField::Parent,
                            format!("Không có đơn vị mã {code} trong hệ thống hay ở dòng trước"),
                        ));
                        continue;
                    }
                }
            };
            let input = UnitInput {
                code: &row.code,
                name: &row.name,
                kind: &row.kind,
                parent: parent
                    .as_ref()
                    .map(|(id, level, _)| (id.unwrap_or(0), *level)),
                valid_from: &row.valid_from.to_string(),
                host: row.host.as_deref().unwrap_or(""),
            };
            match UnitDraft::parse(&input) {
                Ok(draft) if errors.len() == before => planned.push(PlannedUnit {
                    parent_name: parent.as_ref().map(|p| p.2.clone()).unwrap_or_default(),
                    parent_code: row.parent_code.clone(),
                    draft,
                }),
                Ok(_) => {}
                Err(e) => {
                    for f in e.errors {
                        let field = match f.field {
                            "parent" => UnitField::Parent,
                            "host" => UnitField::Host,
                            "code" => UnitField::Code,
                            _ => UnitField::Kind,
                        };
                        errors.push(row.cell(field, f.message));
                    }
                }
            }
        }
        Ok(if errors.is_empty() {
            Ok(planned)
        } else {
            docs::import::sort_cells(&mut errors);
            Err(errors)
        })
    }

    /// Check the official list and keep it for confirmation: the units it would create, under a
    /// token, or every bad cell. Writes nothing.
    pub async fn stage_units_import(
        &self,
        actor: &Actor,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<std::result::Result<(String, Vec<PlannedUnit>), Vec<CellError>>> {
        let planned = match self.plan_units_import(actor, file_name, bytes).await? {
            Ok(p) => p,
            Err(errors) => return Ok(Err(errors)),
        };
        let token = self
            .stash_upload(&store::imports::StashedUpload {
                user_id: actor.user_id,
                purpose: UNITS_PURPOSE.into(),
                file_name: file_name.to_string(),
                bytes: bytes.to_vec(),
            })
            .await?;
        Ok(Ok((token, planned)))
    }

    /// Create the units of a staged list, checked again: the installation may have changed since
    /// the preview.
    pub async fn confirm_units_import(&self, actor: &Actor, token: &str) -> Result<usize> {
        require(actor)?;
        match self.take_upload(token).await? {
            Some(stash) if stash.user_id == actor.user_id && stash.purpose == UNITS_PURPOSE => {
                self.import_units(actor, &stash.file_name, &stash.bytes)
                    .await
            }
            _ => Err(AppError::BadRequest(
                "Phiên nhập đã hết hạn hoặc đã được xác nhận. Hãy tải tệp lên lại.".into(),
            )),
        }
    }

    /// Create every unit of the official list in one transaction, or none.
    pub async fn import_units(
        &self,
        actor: &Actor,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<usize> {
        let planned = match self.plan_units_import(actor, file_name, bytes).await? {
            Ok(p) => p,
            Err(errors) => {
                return Err(AppError::field(
                    "file",
                    format!(
                        "Tệp có {} ô không hợp lệ; chưa tạo đơn vị nào.",
                        errors.len()
                    ),
                ))
            }
        };
        let first = self.directory().await?.is_empty();
        let mut tx = self.store.begin(&actor.username).await?;
        let mut created: Vec<AdminUnit> = Vec::new();
        for p in &planned {
            let mut draft = p.draft.clone();
            // A unit above that comes from the same file has its id only now.
            if let Some(code) = &p.parent_code {
                if let Some(parent) = created.iter().find(|u| &u.code == code) {
                    draft.parent_id = Some(parent.id);
                }
            }
            created.push(insert(&mut tx, &draft).await?);
        }
        if first {
            if let Some(u) = created.first() {
                tx.set_setting(store::DEFAULT_UNIT, &u.id.to_string())
                    .await?;
            }
        }
        tx.commit().await?;
        self.units_changed();
        Ok(created.len())
    }

    /// Make someone the administrator of a unit: an existing account, or a new one with the
    /// password given.
    pub async fn appoint_admin(
        &self,
        actor: &Actor,
        unit_id: Id,
        username: &Username,
        display_name: &str,
        password: Option<&NewPassword>,
    ) -> Result<Account> {
        require(actor)?;
        self.unit(unit_id).await?;
        let existing = self.store.account_by_username(username.as_str()).await?;
        let mut tx = self.store.begin_for(&actor.username, unit_id).await?;
        let account = match (existing, password) {
            (Some(a), _) => a,
            (None, Some(password)) => {
                let name = person_name("name", display_name)?;
                let account = tx
                    .insert_user(username, &name, password)
                    .await
                    .map_err(|e| account_taken(e, username))?;
                // The operator chose the password: its holder chooses their own at first.
                tx.require_password_change(&account).await?;
                account
            }
            (None, None) => {
                return Err(AppError::field(
                    "password",
                    "Tài khoản mới cần mật khẩu ban đầu",
                ))
            }
        };
        let role = Role::Admin { unit_id };
        let already = self
            .store
            .unit_roles(unit_id)
            .await?
            .iter()
            .any(|g| g.user_id == account.id && g.role == role);
        if !already {
            tx.grant_role(account.id, &role).await?;
        }
        tx.commit().await?;
        Ok(account)
    }

    /// The administrators of a unit, for the console.
    pub async fn unit_administrators(
        &self,
        actor: &Actor,
        unit_id: Id,
    ) -> Result<Vec<store::accounts::RoleGrant>> {
        require(actor)?;
        Ok(self
            .store
            .unit_roles(unit_id)
            .await?
            .into_iter()
            .filter(|g| matches!(g.role, Role::Admin { .. }))
            .collect())
    }

    /// Merge or split units from a day: the predecessors end the day before and stay readable as
    /// archives, linked both ways with their successors; their posts end then too, unless the
    /// people go on in the successor. One transaction.
    pub async fn reorganise(&self, actor: &Actor, r: &Reorganisation) -> Result<()> {
        require(actor)?;
        if r.predecessors.is_empty() || r.successors.is_empty() {
            return Err(AppError::field(
                "units",
                "Hãy chọn ít nhất một đơn vị cũ và một đơn vị kế thừa",
            ));
        }
        if r.predecessors.iter().any(|p| r.successors.contains(p)) {
            return Err(AppError::field(
                "units",
                "Một đơn vị không kế thừa chính nó",
            ));
        }
        let last_day = r
            .effective_on
            .pred_opt()
            .ok_or_else(|| AppError::field("effective_on", "Ngày hiệu lực không hợp lệ"))?;
        let directory = self.directory().await?;
        let mut predecessors = Vec::new();
        for id in &r.predecessors {
            let u = directory.unit(*id).ok_or(AppError::NotFound)?;
            if !u.is_valid_on(last_day) {
                return Err(AppError::field(
                    "effective_on",
                    format!(
                        "{} không còn hiệu lực vào ngày {}",
                        u.full_name(),
                        domain::time::short_date(last_day)
                    ),
                ));
            }
            predecessors.push(u.clone());
        }
        for id in &r.successors {
            let u = directory.unit(*id).ok_or(AppError::NotFound)?;
            if !u.is_valid_on(r.effective_on) {
                return Err(AppError::field(
                    "effective_on",
                    format!(
                        "{} chưa có hiệu lực vào ngày {}",
                        u.full_name(),
                        domain::time::short_date(r.effective_on)
                    ),
                ));
            }
        }
        let mut tx = self.store.begin(&actor.username).await?;
        for before in &predecessors {
            tx.set_unit(Some(before.id));
            let after = AdminUnit {
                valid_to: Some(last_day),
                ..before.clone()
            };
            tx.update_unit(before, &after).await?;
            for s in &r.successors {
                tx.add_succession(&Succession {
                    predecessor_id: before.id,
                    successor_id: *s,
                    effective_on: r.effective_on,
                })
                .await?;
            }
            if r.carry_over {
                self.carry_over(&mut tx, before.id, r.successors[0], r.effective_on)
                    .await?;
            }
            tx.end_open_posts(before.id, last_day).await?;
        }
        tx.commit().await?;
        self.units_changed();
        for u in predecessors
            .iter()
            .map(|u| u.id)
            .chain(r.successors.iter().copied())
        {
            self.written(u);
        }
        Ok(())
    }

    /// The people holding posts in a predecessor's bodies go on in the same posts of the
    /// successor's body of the same kind (the post made there when it has none).
    async fn carry_over(
        &self,
        tx: &mut WriteTx,
        from: Id,
        to: Id,
        effective_on: NaiveDate,
    ) -> Result<()> {
        let from_bodies = self.store.bodies(from).await?;
        let to_bodies = self.store.bodies(to).await?;
        let mut posts = self.store.posts(to).await?;
        let last_day = effective_on.pred_opt().unwrap_or(effective_on);
        for h in self
            .store
            .holdings_of_unit(from)
            .await?
            .into_iter()
            .filter(|h| h.ends_on.is_none_or(|e| e > last_day))
        {
            let Some(kind) = from_bodies
                .iter()
                .find(|b| b.id == h.body_id)
                .map(|b| b.kind)
            else {
                continue;
            };
            let Some(body) = to_bodies.iter().find(|b| b.kind == kind) else {
                continue;
            };
            tx.set_unit(Some(to));
            let post_id = match posts
                .iter()
                .find(|p| p.body_id == body.id && p.title == h.post)
            {
                Some(p) => p.id,
                None => {
                    let p = tx.insert_post(body.id, &h.post, 10).await?;
                    let id = p.id;
                    posts.push(p);
                    id
                }
            };
            tx.insert_membership(&NewMembership {
                person_id: h.person_id,
                post_id,
                term_id: None,
                starts_on: effective_on,
                ends_on: None,
            })
            .await?;
            tx.set_unit(Some(from));
        }
        Ok(())
    }
}

/// Only the installation's operator does this.
fn require(actor: &Actor) -> Result<()> {
    if actor.can(&Action::ManageUnits) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Chỉ quản trị hệ thống mới quản lý các đơn vị.".into(),
        ))
    }
}

async fn insert(tx: &mut WriteTx, d: &UnitDraft) -> Result<AdminUnit> {
    Ok(tx
        .insert_unit(&NewUnit {
            code: d.code.clone(),
            name: d.name.clone(),
            kind: d.kind.clone(),
            level: d.level,
            parent_id: d.parent_id,
            valid_from: d.valid_from,
            valid_to: None,
            host: d.host.clone(),
        })
        .await?)
}

fn read_units(file_name: &str, bytes: &[u8]) -> std::result::Result<UnitsRead, ImportError> {
    if crate::imports::is_xlsx(file_name, bytes) {
        docs::import::import_units_xlsx(bytes)
    } else {
        docs::import::import_units_csv(bytes)
    }
}

/// A name already taken is a field error, not a failure.
/// A person's name as an account shows it: one line, not empty.
pub(crate) fn person_name(field: &'static str, raw: &str) -> Result<String> {
    let name = domain::input::single_line(field, raw).map_err(AppError::Invalid)?;
    if name.is_empty() {
        return Err(AppError::field(field, "Hãy nhập họ tên"));
    }
    Ok(name)
}

pub(crate) fn account_taken(e: store::StoreError, username: &Username) -> AppError {
    if e.is_unique_violation() {
        AppError::field(
            "username",
            format!(
                "Tên đăng nhập “{}” đã có người dùng: hãy chọn tên khác, hoặc mời tài khoản đó \
                 nếu đó đúng là người cần giao việc",
                username.as_str()
            ),
        )
    } else {
        e.into()
    }
}
