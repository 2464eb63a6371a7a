//! Signing in and out, sessions and API tokens: who is behind a request. The limits on failed
//! sign-ins are counted per account and per address.

use domain::access::Actor;
use domain::unit::AdminUnit;
use store::accounts::{NewSession, Session};

use domain::credentials::NewPassword;
use domain::ValidationError;

use crate::{App, AppError, Result};

/// A working day and a little more.
pub const SESSION_TTL_SECONDS: i64 = 10 * 3600;
/// Failed sign-ins allowed per account, and per address, in the window below.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const FAILURE_WINDOW_SECONDS: i64 = 15 * 60;

/// What a person types to change their own password.
pub struct PasswordChange<'a> {
    pub current: &'a str,
    pub new: &'a str,
    pub repeat: &'a str,
}

/// The message of a one-field error, to show it beside another field.
pub(crate) fn message_of(e: ValidationError) -> String {
    e.errors
        .into_iter()
        .next()
        .map(|e| e.message)
        .unwrap_or_default()
}

/// How a sign-in ended.
#[derive(Debug)]
pub enum SignIn {
    /// A new session: its cookie value and form token.
    Opened(NewSession),
    /// The name or the password is wrong.
    Refused,
    /// Too many failures for this account or address: try again later.
    Locked,
}

/// How a password check within the limits ended.
enum Checked {
    Passed(i64),
    Refused,
    Locked,
}

/// The key failed sign-ins of an account are counted under.
fn account_key(username: &str) -> String {
    format!("user:{username}")
}

impl App {
    /// Check a name and a password from an address, within the limits on failures.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
        address: Option<std::net::IpAddr>,
    ) -> Result<SignIn> {
        let username = username.trim().to_ascii_lowercase();
        Ok(
            match self
                .check_within_limits(&username, password, address)
                .await?
            {
                Checked::Passed(user_id) => SignIn::Opened(
                    self.store
                        .create_session(user_id, SESSION_TTL_SECONDS)
                        .await?,
                ),
                Checked::Refused => SignIn::Refused,
                Checked::Locked => SignIn::Locked,
            },
        )
    }

    /// Check a password, counting it against the account's and the address's limits on failures:
    /// the sign-in form and a person changing their own password both go through here, so that an
    /// open session gives no way round the limits.
    async fn check_within_limits(
        &self,
        username: &str,
        password: &str,
        address: Option<std::net::IpAddr>,
    ) -> Result<Checked> {
        let account_key = account_key(username);
        let address_key = format!(
            "ip:{}",
            address.map_or("unknown".to_string(), |a| a.to_string())
        );
        let store = &self.store;
        // The attempt is counted before the password is checked, each count committed before
        // it is read: of any number of attempts sent at once, only those within the limits reach
        // the (deliberately slow) check, and a burst cannot slip past a limit read before the
        // others were written.
        let account_attempt = store.record_sign_in_failure(&account_key).await?;
        let address_attempt = store.record_sign_in_failure(&address_key).await?;
        if store
            .recent_sign_in_failures(&account_key, FAILURE_WINDOW_SECONDS)
            .await?
            > MAX_FAILURES_PER_ACCOUNT
            || store
                .recent_sign_in_failures(&address_key, FAILURE_WINDOW_SECONDS)
                .await?
                > MAX_FAILURES_PER_ADDRESS
        {
            return Ok(Checked::Locked);
        }
        let Some(user_id) = store.check_password(username, password).await? else {
            return Ok(Checked::Refused);
        };
        // A sign-in that succeeds was no failure: the account starts afresh, and the address
        // keeps only its real failures.
        store.forget_sign_in_attempt(account_attempt).await?;
        store.forget_sign_in_attempt(address_attempt).await?;
        store.clear_sign_in_failures(&account_key).await?;
        Ok(Checked::Passed(user_id))
    }

    /// A person changes their own password: the current one first (within the limits on
    /// failures), then the new one twice. Every session of the account ends, this one included,
    /// and a new session is opened for the person at the keyboard.
    pub async fn change_own_password(
        &self,
        actor: &Actor,
        change: &PasswordChange<'_>,
        address: Option<std::net::IpAddr>,
    ) -> Result<NewSession> {
        let new = NewPassword::parse(change.new).map_err(|e| {
            AppError::Invalid(ValidationError::single("new_password", message_of(e)))
        })?;
        if change.repeat != change.new {
            return Err(AppError::field(
                "repeat_password",
                "Hai lần nhập mật khẩu mới chưa giống nhau",
            ));
        }
        match self
            .check_within_limits(&actor.username, change.current, address)
            .await?
        {
            Checked::Passed(user_id) if user_id == actor.user_id => {}
            Checked::Passed(_) | Checked::Refused => {
                return Err(AppError::field(
                    "current_password",
                    "Mật khẩu hiện tại chưa đúng",
                ))
            }
            Checked::Locked => {
                return Err(AppError::field(
                    "current_password",
                    "Nhập sai quá nhiều lần. Vì an toàn, hãy thử lại sau 15 phút",
                ))
            }
        }
        let account = self
            .store
            .account_by_username(&actor.username)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut tx = self.store.begin(&actor.username).await?;
        tx.set_password(&account, &new).await?;
        tx.commit().await?;
        Ok(self
            .store
            .create_session(actor.user_id, SESSION_TTL_SECONDS)
            .await?)
    }

    /// The command line's `user passwd`, which acts as the operator: a new password for any
    /// account, its sessions ended and its lock lifted, as an administrator's reset does.
    pub async fn reset_password_from_command_line(
        &self,
        username: &str,
        password: &NewPassword,
    ) -> Result<store::accounts::Account> {
        let account = self
            .store
            .account_by_username(username)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut tx = self.store.begin(&Actor::command_line().username).await?;
        tx.set_password(&account, password).await?;
        tx.commit().await?;
        self.unlock_account(&account.username).await?;
        Ok(account)
    }

    /// Lift the lock that failed sign-ins put on an account (after its password was reset).
    pub(crate) async fn unlock_account(&self, username: &str) -> Result<()> {
        Ok(self
            .store
            .clear_sign_in_failures(&account_key(username))
            .await?)
    }

    /// Of these accounts, those that failed sign-ins lock now: the next attempt would be refused
    /// (`check_within_limits` counts it before comparing).
    pub(crate) async fn locked_accounts<'a>(
        &self,
        usernames: impl IntoIterator<Item = &'a str>,
    ) -> Result<std::collections::HashSet<&'a str>> {
        let failures = self
            .store
            .recent_sign_in_failures_by_key(&account_key(""), FAILURE_WINDOW_SECONDS)
            .await?;
        Ok(usernames
            .into_iter()
            .filter(|u| {
                failures.get(&account_key(u)).copied().unwrap_or(0) >= MAX_FAILURES_PER_ACCOUNT
            })
            .collect())
    }

    /// The live session a cookie names.
    pub async fn session(&self, token: &str) -> Result<Option<Session>> {
        Ok(self.store.session(token).await?)
    }

    pub async fn sign_out(&self, token: &str) -> Result<()> {
        Ok(self.store.end_session(token).await?)
    }

    /// The units a person holds a role in, in the directory's order: where their work is.
    pub async fn units_of(&self, actor: &Actor) -> Result<Vec<AdminUnit>> {
        let directory = self.directory().await?;
        Ok(directory
            .all()
            .into_iter()
            .filter(|u| actor.roles.iter().any(|r| r.unit_id() == Some(u.id)))
            .cloned()
            .collect())
    }

    /// The person a personal API token acts for.
    pub async fn actor_by_token(&self, token: &str) -> Result<Option<Actor>> {
        Ok(self.store.actor_by_token(token).await?)
    }
}
