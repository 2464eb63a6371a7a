//! Signing in and out, sessions and API tokens: who is behind a request. The limits on failed
//! sign-ins are counted per account and per address.

use domain::access::Actor;
use domain::unit::AdminUnit;
use store::accounts::{NewSession, Session};

use crate::{App, Result};

/// A working day and a little more.
pub const SESSION_TTL_SECONDS: i64 = 10 * 3600;
/// Failed sign-ins allowed per account, and per address, in the window below.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const FAILURE_WINDOW_SECONDS: i64 = 15 * 60;

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

impl App {
    /// Check a name and a password from an address, within the limits on failures.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
        address: Option<std::net::IpAddr>,
    ) -> Result<SignIn> {
        let username = username.trim().to_ascii_lowercase();
        let account_key = format!("user:{username}");
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
            return Ok(SignIn::Locked);
        }
        let Some(user_id) = store.check_password(&username, password).await? else {
            return Ok(SignIn::Refused);
        };
        // A sign-in that succeeds was no failure: the account starts afresh, and the address
        // keeps only its real failures.
        store.forget_sign_in_attempt(account_attempt).await?;
        store.forget_sign_in_attempt(address_attempt).await?;
        store.clear_sign_in_failures(&account_key).await?;
        Ok(SignIn::Opened(
            store.create_session(user_id, SESSION_TTL_SECONDS).await?,
        ))
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
