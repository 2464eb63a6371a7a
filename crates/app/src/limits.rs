//! The limits on failed sign-ins, after OWASP's "device cookies": a browser that has signed in to
//! an account before carries a tagged cookie naming it, and keeps an allowance of its own; every
//! other client shares the account's allowance for untrusted clients and its address's. So a burst
//! of guesses from elsewhere locks out only untrusted clients, and the holder signs in from their
//! own browser; the guesses per account across every untrusted client stay bounded.
//!
//! Each attempt is counted before its password is checked, and refused attempts while locked are
//! taken back: of any number of attempts sent at once only those within the allowance reach the
//! (deliberately slow) check, and a locked allowance comes back once the failures that used it are
//! older than the window, however often someone keeps knocking.

use store::sealing::TagKey;

use crate::{App, Result};

/// Failed sign-ins allowed per account from untrusted clients, per address, and per trusted
/// browser, in the window below.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const MAX_FAILURES_PER_DEVICE: i64 = 5;
pub const FAILURE_WINDOW_SECONDS: i64 = 15 * 60;

/// The name of the cookie that marks a browser as one an account has signed in from.
pub const DEVICE_COOKIE: &str = "phoihop_device";
/// A year: a device stays trusted while it is used at least that often.
pub const DEVICE_COOKIE_SECONDS: i64 = 365 * 24 * 3600;
/// The accounts one browser is remembered for (a shared office computer).
const DEVICES_PER_BROWSER: usize = 5;
/// What device cookies are tagged for.
const DEVICE_PURPOSE: &str = "device cookie";

/// Who is knocking, as far as the limits care: the address, and the device cookie the browser
/// brought, if any.
#[derive(Debug, Clone, Copy, Default)]
pub struct Client<'a> {
    pub address: Option<std::net::IpAddr>,
    pub device_cookie: Option<&'a str>,
}

/// How a password check within the limits ended.
pub(crate) enum Checked {
    /// The password is right: the account, and the device cookie the browser keeps from now on.
    Passed {
        user_id: i64,
        device_cookie: String,
    },
    Refused,
    Locked,
}

/// The key failed sign-ins of an account from untrusted clients are counted under.
pub(crate) fn account_key(username: &str) -> String {
    format!("user:{username}")
}

fn address_key(address: Option<std::net::IpAddr>) -> String {
    format!(
        "ip:{}",
        address.map_or("unknown".to_string(), |a| a.to_string())
    )
}

/// Every trusted browser of an account counts under a key starting so.
fn devices_prefix(username: &str) -> String {
    format!("device:{username}:")
}

/// One account a browser has signed in to: `name:nonce:tag`, entries joined by `|` (neither
/// character is allowed in an account's name, nor needs quoting in a cookie).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Device {
    username: String,
    nonce: String,
}

impl Device {
    fn new(username: &str) -> Self {
        Self {
            username: username.to_string(),
            nonce: store::accounts::random_secret()[..32].to_string(),
        }
    }

    fn signed_part(&self) -> String {
        format!("{}:{}", self.username, self.nonce)
    }

    fn write(&self, key: &TagKey) -> String {
        let part = self.signed_part();
        let tag = key.tag(&part);
        format!("{part}:{tag}")
    }

    fn key(&self) -> String {
        format!("{}{}", devices_prefix(&self.username), self.nonce)
    }
}

/// The entries of a device cookie whose tags are this installation's, in the cookie's order.
fn read_devices(key: &TagKey, cookie: &str) -> Vec<Device> {
    cookie
        .split('|')
        .take(DEVICES_PER_BROWSER)
        .filter_map(|entry| {
            let mut parts = entry.splitn(3, ':');
            let (username, nonce, tag) = (parts.next()?, parts.next()?, parts.next()?);
            let device = Device {
                username: username.to_string(),
                nonce: nonce.to_string(),
            };
            key.verify(&device.signed_part(), tag).then_some(device)
        })
        .collect()
}

/// The cookie after a sign-in to `username`: a fresh entry for it first, the browser's other
/// accounts after it.
fn renewed_cookie(key: &TagKey, cookie: Option<&str>, username: &str) -> String {
    let others = cookie
        .map(|c| read_devices(key, c))
        .unwrap_or_default()
        .into_iter()
        .filter(|d| d.username != username);
    std::iter::once(Device::new(username))
        .chain(others)
        .take(DEVICES_PER_BROWSER)
        .map(|d| d.write(key))
        .collect::<Vec<_>>()
        .join("|")
}

impl App {
    fn device_key(&self) -> TagKey {
        self.store.tag_key(DEVICE_PURPOSE)
    }

    /// Check a password, counting it against the limits that apply to this client: the sign-in
    /// form and a person changing their own password both go through here, so that an open
    /// session gives no way round them.
    pub(crate) async fn check_within_limits(
        &self,
        username: &str,
        password: &str,
        client: Client<'_>,
    ) -> Result<Checked> {
        let key = self.device_key();
        let trusted = client
            .device_cookie
            .map(|c| read_devices(&key, c))
            .unwrap_or_default()
            .into_iter()
            .find(|d| d.username == username);
        let limits: Vec<(String, i64)> = match &trusted {
            Some(device) => vec![(device.key(), MAX_FAILURES_PER_DEVICE)],
            None => vec![
                (account_key(username), MAX_FAILURES_PER_ACCOUNT),
                (address_key(client.address), MAX_FAILURES_PER_ADDRESS),
            ],
        };
        let store = &self.store;
        // Each count is committed before any is read: a burst cannot slip past a limit read
        // before the others were written.
        let mut attempts = Vec::with_capacity(limits.len());
        for (k, _) in &limits {
            attempts.push(store.record_sign_in_failure(k).await?);
        }
        let mut locked = false;
        for (k, limit) in &limits {
            locked |= store
                .recent_sign_in_failures(k, FAILURE_WINDOW_SECONDS)
                .await?
                > *limit;
        }
        if locked {
            // Knocking at a locked door is not a guess: taken back, so the lock ends when the
            // failures that made it grow old.
            for a in attempts {
                store.forget_sign_in_attempt(a).await?;
            }
            return Ok(Checked::Locked);
        }
        let Some(user_id) = store.check_password(username, password).await? else {
            return Ok(Checked::Refused);
        };
        // A sign-in that succeeds was no failure. A trusted browser starts afresh; the untrusted
        // allowance keeps its failures (they may be someone else's guesses).
        for a in attempts {
            store.forget_sign_in_attempt(a).await?;
        }
        if let Some(device) = &trusted {
            store.clear_sign_in_failures(&device.key()).await?;
        }
        Ok(Checked::Passed {
            user_id,
            device_cookie: renewed_cookie(&key, client.device_cookie, username),
        })
    }

    /// Lift every lock failed sign-ins put on an account, for untrusted clients and for each of
    /// its browsers (after its password was reset).
    pub(crate) async fn unlock_account(&self, username: &str) -> Result<()> {
        self.store
            .clear_sign_in_failures(&account_key(username))
            .await?;
        Ok(self
            .store
            .clear_sign_in_failures_with_prefix(&devices_prefix(username))
            .await?)
    }

    /// Of these accounts, those that failed sign-ins lock for untrusted clients now: the next
    /// attempt would be refused (`check_within_limits` counts it before comparing).
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> TagKey {
        store::sealing::MasterKey::generate().derive(DEVICE_PURPOSE)
    }

    #[test]
    fn a_device_cookie_names_the_accounts_it_was_given_for_and_nothing_forged() {
        let key = key();
        let one = renewed_cookie(&key, None, "quantri");
        let both = renewed_cookie(&key, Some(&one), "cv.hdnd");
        let names: Vec<String> = read_devices(&key, &both)
            .into_iter()
            .map(|d| d.username)
            .collect();
        assert_eq!(names, ["cv.hdnd", "quantri"]);
        // A name swapped into a real entry, an entry of another installation, a made-up one.
        let forged = one.replacen("quantri", "hethong", 1);
        assert!(read_devices(&key, &forged).is_empty());
        assert!(read_devices(&self::key(), &one).is_empty());
        assert!(read_devices(&key, "hethong:00:00").is_empty());
        assert!(read_devices(&key, "").is_empty());
    }

    #[test]
    fn signing_in_again_renews_the_accounts_entry_and_keeps_at_most_five() {
        let key = key();
        let first = renewed_cookie(&key, None, "quantri");
        let again = renewed_cookie(&key, Some(&first), "quantri");
        let entries = read_devices(&key, &again);
        assert_eq!(entries.len(), 1);
        assert_ne!(entries[0], read_devices(&key, &first)[0], "a fresh nonce");
        let mut cookie = again;
        for i in 0..8 {
            cookie = renewed_cookie(&key, Some(&cookie), &format!("nguoi{i}"));
        }
        let kept: Vec<String> = read_devices(&key, &cookie)
            .into_iter()
            .map(|d| d.username)
            .collect();
        assert_eq!(kept, ["nguoi7", "nguoi6", "nguoi5", "nguoi4", "nguoi3"]);
    }
}
