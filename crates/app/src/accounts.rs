//! Signing in and out, sessions and API tokens: who is behind a request. The limits on failed
//! sign-ins are in `limits`.

use domain::access::Actor;
use domain::unit::AdminUnit;
use store::accounts::{NewSession, Session};

use domain::credentials::NewPassword;
use domain::ValidationError;

use crate::limits::Checked;
use crate::{App, AppError, Result};

/// A working day and a little more.
pub const SESSION_TTL_SECONDS: i64 = 10 * 3600;
pub use crate::limits::{
    Client, DEVICE_COOKIE, DEVICE_COOKIE_SECONDS, FAILURE_WINDOW_SECONDS, MAX_FAILURES_PER_ACCOUNT,
    MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_DEVICE,
};

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
    /// A new session (its cookie value and form token), and the device cookie the browser keeps.
    Opened {
        session: NewSession,
        device_cookie: String,
    },
    /// The name or the password is wrong.
    Refused,
    /// Too many failures for this client: try again later.
    Locked,
}

impl App {
    /// Check a name and a password from a client, within the limits on failures.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
        client: Client<'_>,
    ) -> Result<SignIn> {
        let username = username.trim().to_ascii_lowercase();
        Ok(
            match self
                .check_within_limits(&username, password, client)
                .await?
            {
                Checked::Passed {
                    user_id,
                    device_cookie,
                } => SignIn::Opened {
                    session: self
                        .store
                        .create_session(user_id, SESSION_TTL_SECONDS)
                        .await?,
                    device_cookie,
                },
                Checked::Refused => SignIn::Refused,
                Checked::Locked => SignIn::Locked,
            },
        )
    }

    /// A person changes their own password: the current one first (within the limits on
    /// failures), then the new one twice. Every session of the account ends, this one included,
    /// and a new session is opened for the person at the keyboard.
    pub async fn change_own_password(
        &self,
        actor: &Actor,
        change: &PasswordChange<'_>,
        client: Client<'_>,
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
        self.confirm_password(actor, change.current, client, "current_password")
            .await?;
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

    /// Ask a signed-in person for their password again before an act that is theirs alone (a
    /// signature), counted against the same limits as a sign-in.
    pub(crate) async fn confirm_password(
        &self,
        actor: &Actor,
        password: &str,
        client: Client<'_>,
        field: &'static str,
    ) -> Result<()> {
        if password.is_empty() {
            return Err(AppError::field(
                field,
                "Hãy nhập mật khẩu của bạn để xác nhận",
            ));
        }
        match self
            .check_within_limits(&actor.username, password, client)
            .await?
        {
            Checked::Passed { user_id, .. } if user_id == actor.user_id => Ok(()),
            Checked::Passed { .. } | Checked::Refused => {
                Err(AppError::field(field, "Mật khẩu hiện tại chưa đúng"))
            }
            Checked::Locked => Err(AppError::field(
                field,
                "Nhập sai quá nhiều lần. Vì an toàn, hãy thử lại sau 15 phút",
            )),
        }
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
