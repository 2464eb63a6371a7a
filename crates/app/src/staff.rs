//! A unit's administrator at work on the unit itself: its staff and their roles, the heads'
//! signing keys and the unit's settings; and every person's own API tokens. Accounts belong to
//! the installation; a role is held in one unit, so an administrator sees and changes only the
//! roles of their own unit.

use std::collections::BTreeMap;

use domain::access::{Action, Actor, Role};
use domain::credentials::{NewPassword, TokenRequest, Username};
use domain::entity::Entity;
use domain::settings::UnitSettings;
use domain::Id;
use store::accounts::{Account, RoleGrant, TokenView};
use store::signing::KeyView;

use crate::units::account_taken;
use crate::{App, AppError, Result, Viewer};

/// A role as the staff form chooses it: its code, and the body for an editor or a head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleChoice<'a> {
    pub code: &'a str,
    pub body_id: Option<Id>,
}

/// A new account made for someone, with its first role in the unit. An account that exists
/// already is invited instead (`invite_staff`): joining a unit is its holder's choice.
pub struct NewStaff<'a> {
    pub username: Username,
    pub display_name: &'a str,
    /// The first password, which its holder changes at their first sign-in.
    pub password: NewPassword,
    pub role: RoleChoice<'a>,
}

/// An account of the unit's staff as its administrator sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffAccount {
    /// Failed sign-ins keep it out for now.
    pub locked: bool,
    /// The administrator may give it a new password.
    pub resettable: bool,
}

/// The administrator of the viewer's unit, who manages its staff.
pub(crate) fn manage(v: &Viewer) -> Result<&Actor> {
    v.require(&Action::ManageAccounts {
        unit_id: v.unit_id(),
    })
}

impl App {
    /// The roles held in the unit, by account.
    pub async fn staff(&self, v: &Viewer) -> Result<Vec<RoleGrant>> {
        manage(v)?;
        Ok(self.store.unit_roles(v.unit_id()).await?)
    }

    /// A role of this unit from the form's choice: an editor or a head needs one of the unit's
    /// bodies.
    pub(crate) async fn role_of(&self, v: &Viewer, choice: RoleChoice<'_>) -> Result<Role> {
        let unit_id = v.unit_id();
        let needs_body = matches!(choice.code, "editor" | "head");
        let body_id = if needs_body {
            let body_id = choice.body_id.ok_or_else(|| {
                AppError::field(
                    "body_id",
                    "Chuyên viên và thủ trưởng cần một cơ quan của đơn vị",
                )
            })?;
            self.check_owned(v, "body_id", Entity::Body, &[body_id])
                .await?;
            Some(body_id)
        } else {
            None
        };
        Role::from_parts(choice.code, unit_id, body_id)
            .ok_or_else(|| AppError::field("role", "Hãy chọn vai trò"))
    }

    /// Make an account for someone and give it a role in the unit, in one transaction: a new
    /// account without its role is never left behind. Its holder changes the first password at
    /// their first sign-in. A name already taken is refused with the same words whoever holds it,
    /// in this unit or another.
    pub async fn add_staff(&self, v: &Viewer, new: &NewStaff<'_>) -> Result<Account> {
        let actor = manage(v)?;
        let role = self.role_of(v, new.role).await?;
        let name = crate::units::person_name("display_name", new.display_name)?;
        let mut tx = self.begin(actor, v).await?;
        let account = tx
            .insert_user(&new.username, &name, &new.password)
            .await
            .map_err(|e| account_taken(e, &new.username))?;
        tx.require_password_change(&account).await?;
        tx.grant_role(account.id, &role).await?;
        self.commit(tx, v).await?;
        Ok(account)
    }

    /// The command line's `user role`, which acts as the operator: a role for an account that
    /// exists, given at once. Whoever runs the command holds the whole installation; a unit's
    /// administrator invites instead (`invite_staff`).
    pub async fn grant_role_as_operator(
        &self,
        v: &Viewer,
        username: &Username,
        choice: RoleChoice<'_>,
    ) -> Result<Account> {
        let actor = v.require(&Action::ManageUnits)?;
        let role = self.role_of(v, choice).await?;
        let account = self
            .store
            .account_by_username(username.as_str())
            .await?
            .ok_or_else(|| {
                AppError::field(
                    "username",
                    format!("Không có tài khoản “{}”", username.as_str()),
                )
            })?;
        if self
            .store
            .unit_roles(v.unit_id())
            .await?
            .iter()
            .any(|g| g.user_id == account.id && g.role == role)
        {
            return Err(AppError::field(
                "role",
                format!("{} đã giữ vai trò này", account.display_name),
            ));
        }
        let mut tx = self.begin(actor, v).await?;
        tx.grant_role(account.id, &role).await?;
        self.commit(tx, v).await?;
        Ok(account)
    }

    /// Take back a role held in the unit; the unit keeps at least one administrator.
    pub async fn revoke_staff_role(&self, v: &Viewer, grant_id: Id) -> Result<()> {
        let actor = manage(v)?;
        let held = self.store.unit_roles(v.unit_id()).await?;
        let grant = held
            .iter()
            .find(|g| g.id == grant_id)
            .ok_or(AppError::NotFound)?;
        let admins = held
            .iter()
            .filter(|g| matches!(g.role, Role::Admin { .. }))
            .count();
        if matches!(grant.role, Role::Admin { .. }) && admins == 1 {
            return Err(AppError::field(
                "role",
                "Đơn vị cần ít nhất một quản trị: hãy giao vai trò quản trị cho người khác trước",
            ));
        }
        let mut tx = self.begin(actor, v).await?;
        tx.revoke_role(grant).await?;
        self.commit(tx, v).await
    }

    /// Give a new password to a member of the unit's staff who forgot theirs or whom wrong
    /// passwords locked out: every session of the account ends and the lock is lifted. Only for
    /// someone who manages every unit the account works in (`access::may_reset_password`); one's
    /// own password is changed on one's own page, which asks for the current one.
    pub async fn reset_staff_password(
        &self,
        v: &Viewer,
        user_id: Id,
        password: &str,
    ) -> Result<Account> {
        let actor = manage(v)?;
        let held = self.store.unit_roles(v.unit_id()).await?;
        let grant = held
            .iter()
            .find(|g| g.user_id == user_id)
            .ok_or(AppError::NotFound)?;
        if user_id == actor.user_id {
            return Err(AppError::field(
                "reset_password",
                "Mật khẩu của chính mình được đổi ở trang “Tài khoản của tôi”",
            ));
        }
        let holder = self.store.actor(user_id).await?.ok_or(AppError::NotFound)?;
        if !domain::access::may_reset_password(actor, &holder.roles) {
            return Err(AppError::Forbidden(
                "Tài khoản này còn làm việc ở đơn vị khác: chỉ quản trị của mọi đơn vị đó, hoặc \
                 quản trị hệ thống, mới đặt lại được mật khẩu"
                    .into(),
            ));
        }
        let password = NewPassword::parse(password).map_err(|e| {
            AppError::Invalid(domain::ValidationError::single(
                "reset_password",
                crate::accounts::message_of(e),
            ))
        })?;
        let account = self
            .store
            .account_by_username(&grant.username)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut tx = self.begin(actor, v).await?;
        tx.set_password(&account, &password).await?;
        tx.require_password_change(&account).await?;
        self.commit(tx, v).await?;
        self.unlock_account(&account.username).await?;
        Ok(account)
    }

    /// What the administrator may see and do about each account of the unit's staff, by id.
    pub async fn staff_accounts(&self, v: &Viewer) -> Result<BTreeMap<Id, StaffAccount>> {
        let actor = manage(v)?;
        let grants = self.store.unit_roles(v.unit_id()).await?;
        let locked = self
            .locked_accounts(grants.iter().map(|g| g.username.as_str()))
            .await?;
        let mut accounts = BTreeMap::new();
        for grant in &grants {
            if accounts.contains_key(&grant.user_id) {
                continue;
            }
            let resettable = grant.user_id != actor.user_id
                && self
                    .store
                    .actor(grant.user_id)
                    .await?
                    .is_some_and(|h| domain::access::may_reset_password(actor, &h.roles));
            let locked = locked.contains(grant.username.as_str());
            accounts.insert(grant.user_id, StaffAccount { locked, resettable });
        }
        Ok(accounts)
    }

    /// The signing keys of the unit's heads.
    pub async fn unit_signing_keys(&self, v: &Viewer) -> Result<Vec<KeyView>> {
        manage(v)?;
        Ok(self.store.signing_keys(v.unit_id()).await?)
    }

    /// Make a signing key for someone who heads a body of the unit; returns its public half.
    pub async fn create_signing_key(&self, v: &Viewer, grant_id: Id) -> Result<String> {
        let actor = manage(v)?;
        let held = self.store.unit_roles(v.unit_id()).await?;
        let (user_id, body_id) = held
            .iter()
            .find_map(|g| match g.role {
                Role::Head { body_id, .. } if g.id == grant_id => Some((g.user_id, body_id)),
                _ => None,
            })
            .ok_or_else(|| {
                AppError::field("grant_id", "Chỉ thủ trưởng của một cơ quan mới có khóa ký")
            })?;
        let mut tx = self.begin(actor, v).await?;
        let (_, public) = tx.create_signing_key(user_id, body_id).await?;
        self.commit(tx, v).await?;
        Ok(public)
    }

    /// Revoke one of the unit's signing keys (a head who left, a key thought lost).
    pub async fn revoke_signing_key(&self, v: &Viewer, key_id: Id) -> Result<()> {
        let actor = manage(v)?;
        if !self
            .store
            .signing_keys(v.unit_id())
            .await?
            .iter()
            .any(|k| k.id == key_id && !k.revoked)
        {
            return Err(AppError::NotFound);
        }
        let mut tx = self.begin(actor, v).await?;
        tx.revoke_signing_key(key_id).await?;
        self.commit(tx, v).await
    }

    /// The unit's settings, for its administrator's form.
    pub async fn unit_settings(&self, v: &Viewer) -> Result<UnitSettings> {
        manage(v)?;
        Ok(self.directory().await?.settings(v.unit_id()))
    }

    /// Check and keep the unit's settings: all of them or, with one bad field, none.
    pub async fn save_unit_settings(
        &self,
        v: &Viewer,
        form: &BTreeMap<String, String>,
    ) -> Result<UnitSettings> {
        let actor = manage(v)?;
        let settings = UnitSettings::parse(form)?;
        let mut tx = self.begin(actor, v).await?;
        for (key, value) in settings.pairs() {
            tx.set_unit_setting(v.unit_id(), key, value).await?;
        }
        self.commit(tx, v).await?;
        self.units_changed();
        Ok(settings)
    }

    /// A person's own API tokens.
    pub async fn api_tokens(&self, actor: &Actor) -> Result<Vec<TokenView>> {
        Ok(self.store.api_tokens_of(actor.user_id).await?)
    }

    /// Issue a token for oneself; its secret is shown once and never again.
    pub async fn create_api_token(&self, actor: &Actor, request: &TokenRequest) -> Result<String> {
        let mut tx = self.store.begin(&actor.username).await?;
        let (_, secret) = tx.create_api_token(actor.user_id, request).await?;
        tx.commit().await?;
        Ok(secret)
    }

    /// Revoke one of one's own tokens; another person's is not found.
    pub async fn revoke_api_token(&self, actor: &Actor, token_id: Id) -> Result<()> {
        if !self.store.owns_api_token(actor.user_id, token_id).await? {
            return Err(AppError::NotFound);
        }
        let mut tx = self.store.begin(&actor.username).await?;
        tx.revoke_api_token(token_id).await?;
        tx.commit().await?;
        Ok(())
    }
}
