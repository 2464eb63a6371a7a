//! Accounts, roles, sessions, sign-in failures and API tokens. Passwords are kept as argon2id hashes,
//! sessions and tokens by the SHA-256 of their secret, so a copy of the database opens nothing.
//!
//! Account changes go through the change log like any record (without the hashes). Sessions and
//! sign-in failures do not: they are short-lived security state, not records of the unit's work.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use domain::access::{Actor, Grant, Role};
use domain::credentials::{NewPassword, TokenRequest, Username};
use domain::entity::Entity;
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::changelog::to_json;
use crate::{Result, Store, StoreError, WriteTx};

/// An account as the log and the pages know it: never its password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub disabled: bool,
}

/// A role held by an account, as the unit's staff page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleGrant {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

/// A personal API token as its owner sees it listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenView {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    /// Unix seconds.
    pub created_at: i64,
    pub revoked: bool,
    /// What it may do within its holder's roles.
    pub grant: Grant,
    /// Unix seconds; `None` until revoked.
    pub expires_at: Option<i64>,
}

/// A fresh session: the cookie's secret (shown once) and the form token tied to it.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
}

/// A live session.
#[derive(Debug, Clone)]
pub struct Session {
    pub actor: Actor,
    pub csrf_token: String,
    /// The account's password was chosen by someone else: its holder chooses their own first.
    pub must_change_password: bool,
}

/// A random secret, URL-safe, 256 bits.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub(crate) fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// Hash a password with argon2id and a random salt.
pub fn hash_password(password: &NewPassword) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Corrupt {
            table: "users",
            column: "password_hash",
            value: e.to_string(),
        })
}

/// How many passwords this process has checked against a hash: what the sign-in limits are
/// measured by, since each check costs the server a deliberate ~50 ms of one core.
static PASSWORD_CHECKS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The number of password checks made so far by this process.
pub fn password_checks() -> u64 {
    PASSWORD_CHECKS.load(std::sync::atomic::Ordering::Relaxed)
}

/// Password hashing runs on the blocking pool, at most this many at once, so that a burst of
/// sign-ins queues for one core instead of taking every core (and the async workers) from the
/// pages and the health check.
static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    tokio::sync::Semaphore::new(cores.saturating_sub(1).max(1))
});

/// [`verify_password`] off the async workers, on the bounded hashing pool.
async fn verify_password_bounded(hash: String, password: String) -> bool {
    let _permit = HASHING
        .acquire()
        .await
        .expect("the hashing pool stays open");
    tokio::task::spawn_blocking(move || verify_password(&hash, &password))
        .await
        .unwrap_or(false)
}

/// Check a password against a stored hash; a malformed hash never matches.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PASSWORD_CHECKS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

impl Store {
    /// The roles of an account, in one query.
    async fn roles_of(&self, user_id: i64) -> Result<Vec<Role>> {
        let rows = sqlx::query(
            "SELECT role, unit_id, body_id FROM user_roles WHERE user_id = $1 ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(self.db_read())
        .await?;
        rows.iter()
            .map(|r| {
                let code: String = r.try_get("role")?;
                Role::from_parts(&code, r.try_get("unit_id")?, r.try_get("body_id")?).ok_or(
                    StoreError::Corrupt {
                        table: "user_roles",
                        column: "role",
                        value: code,
                    },
                )
            })
            .collect()
    }

    /// The person behind an account, with their roles; `None` for a missing or disabled account.
    pub async fn actor(&self, user_id: i64) -> Result<Option<Actor>> {
        let Some(row) = sqlx::query(
            "SELECT id, username, display_name, operator FROM users WHERE id = $1 AND disabled = 0",
        )
        .bind(user_id)
        .fetch_optional(self.db_read())
        .await?
        else {
            return Ok(None);
        };
        let mut roles = self.roles_of(user_id).await?;
        if crate::decode::flag(&row, "operator")? {
            roles.push(Role::Operator);
        }
        Ok(Some(Actor {
            user_id: row.try_get("id")?,
            username: row.try_get("username")?,
            display_name: row.try_get("display_name")?,
            roles,
            grant: None,
        }))
    }

    /// Whether the installation has its operator yet: until it has, the first visit sets it up.
    pub async fn has_operator(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE operator = 1")
            .fetch_one(self.db_read())
            .await?;
        Ok(n > 0)
    }

    /// The installation's operators, by account name: the console lists them, so that whoever
    /// installed it sees every account that holds it.
    pub async fn operators(&self) -> Result<Vec<Account>> {
        sqlx::query(
            "SELECT id, username, display_name, disabled FROM users WHERE operator = 1 ORDER BY username",
        )
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(account_from_row)
        .collect()
    }

    /// The roles held in a unit, with their accounts, by account name.
    pub async fn unit_roles(&self, unit_id: i64) -> Result<Vec<RoleGrant>> {
        sqlx::query(
            "SELECT r.id, r.role, r.unit_id, r.body_id, u.id AS user_id, u.username, u.display_name \
             FROM user_roles r JOIN users u ON u.id = r.user_id \
             WHERE r.unit_id = $1 AND u.disabled = 0 ORDER BY u.username, r.id",
        )
        .bind(unit_id)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(|r| {
            let code: String = r.try_get("role")?;
            Ok(RoleGrant {
                id: r.try_get("id")?,
                user_id: r.try_get("user_id")?,
                username: r.try_get("username")?,
                display_name: r.try_get("display_name")?,
                role: Role::from_parts(&code, r.try_get("unit_id")?, r.try_get("body_id")?)
                    .ok_or(StoreError::Corrupt {
                        table: "user_roles",
                        column: "role",
                        value: code,
                    })?,
            })
        })
        .collect()
    }

    /// A person's API tokens, newest first: their names and dates, never the secrets.
    pub async fn api_tokens_of(&self, user_id: i64) -> Result<Vec<TokenView>> {
        sqlx::query(
            "SELECT id, name, created_at, revoked_at, grant_code, expires_at FROM api_tokens \
             WHERE user_id = $1 ORDER BY id DESC",
        )
        .bind(user_id)
        .fetch_all(self.db_read())
        .await?
        .iter()
        .map(|r| {
            Ok(TokenView {
                id: r.try_get("id")?,
                user_id,
                name: r.try_get("name")?,
                created_at: r.try_get("created_at")?,
                revoked: r.try_get::<Option<i64>, _>("revoked_at")?.is_some(),
                grant: token_grant(r)?,
                expires_at: r.try_get("expires_at")?,
            })
        })
        .collect()
    }

    /// Whether an API token is one of an account's own.
    pub async fn owns_api_token(&self, user_id: i64, token_id: i64) -> Result<bool> {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens WHERE id = $1 AND user_id = $2")
                .bind(token_id)
                .bind(user_id)
                .fetch_one(self.db_read())
                .await?;
        Ok(n > 0)
    }

    pub async fn account_by_username(&self, username: &str) -> Result<Option<Account>> {
        sqlx::query("SELECT id, username, display_name, disabled FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(self.db_read())
            .await?
            .as_ref()
            .map(account_from_row)
            .transpose()
    }

    /// Check a username and password; the account's id when they match an enabled account.
    pub async fn check_password(&self, username: &str, password: &str) -> Result<Option<i64>> {
        let row =
            sqlx::query("SELECT id, password_hash FROM users WHERE username = $1 AND disabled = 0")
                .bind(username)
                .fetch_optional(self.db_read())
                .await?;
        match row {
            Some(r) => {
                let hash: String = r.try_get("password_hash")?;
                let matches = verify_password_bounded(hash, password.to_string()).await;
                Ok(matches.then_some(r.try_get("id")?))
            }
            None => {
                // Spend the same time as a real check, so timing does not reveal which names exist.
                verify_password_bounded(DUMMY_HASH.clone(), password.to_string()).await;
                Ok(None)
            }
        }
    }

    /// Open a session for an account, valid for `ttl_seconds`.
    pub async fn create_session(&self, user_id: i64, ttl_seconds: i64) -> Result<NewSession> {
        let token = random_secret();
        let csrf_token = random_secret();
        let now = chrono::Utc::now().timestamp();
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(sha256_hex(&token))
        .bind(user_id)
        .bind(&csrf_token)
        .bind(now)
        .bind(now + ttl_seconds)
        .execute(self.db_write())
        .await?;
        Ok(NewSession { token, csrf_token })
    }

    /// The session a cookie names, if it is live and its account enabled.
    pub async fn session(&self, token: &str) -> Result<Option<Session>> {
        let Some(row) = sqlx::query(
            "SELECT s.user_id, s.csrf_token, u.must_change_password FROM sessions s \
             JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(sha256_hex(token))
        .bind(chrono::Utc::now().timestamp())
        .fetch_optional(self.db_read())
        .await?
        else {
            return Ok(None);
        };
        let Some(actor) = self.actor(row.try_get("user_id")?).await? else {
            return Ok(None);
        };
        Ok(Some(Session {
            actor,
            csrf_token: row.try_get("csrf_token")?,
            must_change_password: crate::decode::flag(&row, "must_change_password")?,
        }))
    }

    pub async fn end_session(&self, token: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1 OR expires_at < $2")
            .bind(sha256_hex(token))
            .bind(chrono::Utc::now().timestamp())
            .execute(self.db_write())
            .await?;
        Ok(())
    }

    /// Remember a failed sign-in for a key ("user:name" or "ip:address").
    pub async fn record_sign_in_failure(&self, key: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO sign_in_failures (key, at) VALUES ($1, $2) RETURNING id",
        )
        .bind(key)
        .bind(chrono::Utc::now().timestamp())
        .fetch_one(self.db_write())
        .await?)
    }

    /// Take back one recorded attempt (a sign-in that succeeded after all).
    pub async fn forget_sign_in_attempt(&self, id: i64) -> Result<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE id = $1")
            .bind(id)
            .execute(self.db_write())
            .await?;
        Ok(())
    }

    /// How many sign-ins failed for a key in the last `window_seconds`.
    pub async fn recent_sign_in_failures(&self, key: &str, window_seconds: i64) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_failures WHERE key = $1 AND at > $2")
                .bind(key)
                .bind(chrono::Utc::now().timestamp() - window_seconds)
                .fetch_one(self.db_read())
                .await?,
        )
    }

    /// The failed sign-ins of every key starting with `prefix` ("user:", no wildcards) in the last
    /// `window_seconds`, in one query: a list of accounts asks once, not once a row.
    pub async fn recent_sign_in_failures_by_key(
        &self,
        prefix: &str,
        window_seconds: i64,
    ) -> Result<std::collections::HashMap<String, i64>> {
        let rows = sqlx::query(
            "SELECT key, COUNT(*) AS n FROM sign_in_failures \
             WHERE key LIKE $1 AND at > $2 GROUP BY key",
        )
        .bind(format!("{prefix}%"))
        .bind(chrono::Utc::now().timestamp() - window_seconds)
        .fetch_all(self.db_read())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("key")?, r.try_get("n")?)))
            .collect()
    }

    /// Forget the failed sign-ins of every key that starts with `prefix`, compared as text (no
    /// wildcards: an account's name may hold `_`).
    pub async fn clear_sign_in_failures_with_prefix(&self, prefix: &str) -> Result<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE substr(key, 1, $2) = $1")
            .bind(prefix)
            // An `integer`: PostgreSQL has no substr(text, integer, bigint).
            .bind(i32::try_from(prefix.chars().count()).unwrap_or(i32::MAX))
            .execute(self.db_write())
            .await?;
        Ok(())
    }

    pub async fn clear_sign_in_failures(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE key = $1")
            .bind(key)
            .execute(self.db_write())
            .await?;
        Ok(())
    }

    /// The person an API token acts for, limited to what the token grants, if the token is
    /// known, not revoked and not expired.
    pub async fn actor_by_token(&self, token: &str) -> Result<Option<Actor>> {
        let Some(row) = sqlx::query(
            "SELECT user_id, grant_code FROM api_tokens WHERE token_hash = $1 \
             AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)",
        )
        .bind(sha256_hex(token))
        .bind(chrono::Utc::now().timestamp())
        .fetch_optional(self.db_read())
        .await?
        else {
            return Ok(None);
        };
        let grant = token_grant(&row)?;
        Ok(self.actor(row.try_get("user_id")?).await?.map(|a| Actor {
            grant: Some(grant),
            ..a
        }))
    }
}

/// A token's grant as kept; the tokens issued before grants existed write every kind.
fn token_grant(r: &sqlx::any::AnyRow) -> Result<Grant> {
    match r.try_get::<Option<String>, _>("grant_code")? {
        None => Ok(Grant::write_all()),
        Some(code) => Grant::from_code(&code).ok_or(StoreError::Corrupt {
            table: "api_tokens",
            column: "grant_code",
            value: code,
        }),
    }
}

fn account_from_row(r: &sqlx::any::AnyRow) -> Result<Account> {
    Ok(Account {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        disabled: crate::decode::flag(r, "disabled")?,
    })
}

/// A real argon2id hash of a random password, checked when the name is unknown.
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    NewPassword::parse(&random_secret())
        .ok()
        .and_then(|p| hash_password(&p).ok())
        .unwrap_or_default()
});

impl WriteTx {
    /// Whether the installation has an operator, as this write sees it. `Store::begin` holds the
    /// chain's head, so writers ask one after another: asked here, before making the first
    /// operator, two set-ups sent at once make one operator, never two.
    pub async fn has_operator(&mut self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE operator = 1")
            .fetch_one(self.conn())
            .await?;
        Ok(n > 0)
    }

    pub async fn insert_user(
        &mut self,
        username: &Username,
        display_name: &str,
        password: &NewPassword,
    ) -> Result<Account> {
        let hash = hash_password(password)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, display_name, password_hash, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(username.as_str())
        .bind(display_name)
        .bind(&hash)
        .bind(chrono::Utc::now().timestamp())
        .fetch_one(self.conn())
        .await?;
        let account = Account {
            id,
            username: username.as_str().to_string(),
            display_name: display_name.to_string(),
            disabled: false,
        };
        self.log_create(Entity::User, id, &account).await?;
        Ok(account)
    }

    /// Change a password; the log records that it changed, never the hash.
    pub async fn set_password(&mut self, account: &Account, password: &NewPassword) -> Result<()> {
        let hash = hash_password(password)?;
        sqlx::query("UPDATE users SET password_hash = $1, must_change_password = 0 WHERE id = $2")
            .bind(&hash)
            .bind(account.id)
            .execute(self.conn())
            .await?;
        // Every open session of the account ends with the old password, and so does every API
        // token made with it: whoever took the account before the change keeps nothing of it.
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(account.id)
            .execute(self.conn())
            .await?;
        let live: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id",
        )
        .bind(account.id)
        .fetch_all(self.conn())
        .await?;
        for token_id in live {
            self.revoke_api_token(token_id).await?;
        }
        let mut before = to_json(account)?;
        let mut after = before.clone();
        before["password"] = "old".into();
        after["password"] = "changed".into();
        self.log(Entity::User, account.id, Some(&before), Some(&after))
            .await?;
        Ok(())
    }

    /// Ask the account's holder to choose a new password at their next sign-in: its password was
    /// chosen by someone else (a new account, an administrator's reset).
    pub async fn require_password_change(&mut self, account: &Account) -> Result<()> {
        sqlx::query("UPDATE users SET must_change_password = 1 WHERE id = $1")
            .bind(account.id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Make an account the installation's operator, or no longer.
    pub async fn set_operator(&mut self, account: &Account, operator: bool) -> Result<()> {
        sqlx::query("UPDATE users SET operator = $1 WHERE id = $2")
            .bind(i64::from(operator))
            .bind(account.id)
            .execute(self.conn())
            .await?;
        let mut before = to_json(account)?;
        let mut after = before.clone();
        before["operator"] = (!operator).into();
        after["operator"] = operator.into();
        self.log(Entity::User, account.id, Some(&before), Some(&after))
            .await?;
        Ok(())
    }

    /// Take back a role.
    pub async fn revoke_role(&mut self, grant: &RoleGrant) -> Result<()> {
        sqlx::query("DELETE FROM user_roles WHERE id = $1")
            .bind(grant.id)
            .execute(self.conn())
            .await?;
        let before = serde_json::json!({ "user_id": grant.user_id, "role": grant.role });
        self.log(Entity::UserRole, grant.id, Some(&before), None)
            .await?;
        Ok(())
    }

    pub async fn grant_role(&mut self, user_id: i64, role: &Role) -> Result<i64> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO user_roles (user_id, role, unit_id, body_id) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(user_id)
        .bind(role.code())
        .bind(role.unit_id())
        .bind(role.body_id())
        .fetch_one(self.conn())
        .await?;
        let after = serde_json::json!({ "user_id": user_id, "role": role });
        self.log(Entity::UserRole, id, None, Some(&after)).await?;
        Ok(id)
    }

    /// Issue a personal API token; the secret is returned once and only its hash is kept.
    pub async fn create_api_token(
        &mut self,
        user_id: i64,
        request: &TokenRequest,
    ) -> Result<(i64, String)> {
        let secret = format!("ph_{}", random_secret());
        let now = self.at();
        let expires_at = request.expires_at(now);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at, grant_code, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(user_id)
        .bind(&request.name)
        .bind(sha256_hex(&secret))
        .bind(now)
        .bind(request.grant.code())
        .bind(expires_at)
        .fetch_one(self.conn())
        .await?;
        let after = serde_json::json!({
            "user_id": user_id, "name": request.name, "revoked": false,
            "grant": request.grant.code(), "expires_at": expires_at,
        });
        self.log(Entity::ApiToken, id, None, Some(&after)).await?;
        Ok((id, secret))
    }

    pub async fn revoke_api_token(&mut self, token_id: i64) -> Result<()> {
        let row = sqlx::query(
            "SELECT user_id, name FROM api_tokens WHERE id = $1 AND revoked_at IS NULL",
        )
        .bind(token_id)
        .fetch_optional(self.conn())
        .await?
        .ok_or(StoreError::NotFound("mã truy cập API"))?;
        let (user_id, name): (i64, String) = (row.try_get("user_id")?, row.try_get("name")?);
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2")
            .bind(chrono::Utc::now().timestamp())
            .bind(token_id)
            .execute(self.conn())
            .await?;
        let before = serde_json::json!({ "user_id": user_id, "name": name, "revoked": false });
        let after = serde_json::json!({ "user_id": user_id, "name": name, "revoked": true });
        self.log(Entity::ApiToken, token_id, Some(&before), Some(&after))
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_and_nothing_else() {
        let p = NewPassword::parse("mật khẩu thử nghiệm").unwrap();
        let hash = hash_password(&p).unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "mật khẩu thử nghiệm"));
        assert!(!verify_password(&hash, "mat khau thu nghiem"));
        assert!(!verify_password("not a hash", "x"));
    }

    #[test]
    fn secrets_are_long_and_different() {
        let (a, b) = (random_secret(), random_secret());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }
}
