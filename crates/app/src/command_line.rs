//! What the command line does to accounts, as the installation's operator: add one, set its
//! password, give a head a signing key, issue and revoke API tokens. The same rules as the
//! workspace's forms, each write one transaction.

use domain::access::Actor;
use domain::credentials::{NewPassword, TokenRequest, Username};
use domain::Id;
use store::accounts::Account;

use crate::units::{account_taken, person_name};
use crate::{App, AppError, Result};

impl App {
    /// The account of a username as typed (any case), or a message naming it.
    pub async fn account_named(&self, username: &str) -> Result<Account> {
        self.store
            .account_by_username(&username.to_ascii_lowercase())
            .await?
            .ok_or_else(|| AppError::field("username", format!("Không có tài khoản “{username}”")))
    }

    /// `user add`: a new account with no role yet.
    pub async fn add_account_from_command_line(
        &self,
        username: &Username,
        display_name: &str,
        password: &NewPassword,
    ) -> Result<Account> {
        let name = person_name("name", display_name)?;
        let mut tx = self.store.begin(&Actor::command_line().username).await?;
        let account = tx
            .insert_user(username, &name, password)
            .await
            .map_err(|e| account_taken(e, username))?;
        tx.commit().await?;
        Ok(account)
    }

    /// `user passwd`: a new password for any account, its sessions ended and its lock lifted, as
    /// an administrator's reset does.
    pub async fn reset_password_from_command_line(
        &self,
        username: &str,
        password: &NewPassword,
    ) -> Result<Account> {
        let account = self.account_named(username).await?;
        let mut tx = self.store.begin(&Actor::command_line().username).await?;
        tx.set_password(&account, password).await?;
        tx.commit().await?;
        self.unlock_account(&account.username).await?;
        Ok(account)
    }

    /// `key create`: a signing key for the head of a body; returns its id and public half. Only
    /// a head signs, as in the workspace.
    pub async fn create_signing_key_from_command_line(
        &self,
        username: &str,
        body_id: Id,
    ) -> Result<(Id, String)> {
        let account = self.account_named(username).await?;
        let heads_it = self
            .store
            .actor(account.id)
            .await?
            .is_some_and(|a| a.signs_for().contains(&body_id));
        if !heads_it {
            return Err(AppError::field(
                "body",
                format!(
                    "{} chưa có vai trò thủ trưởng (head) của cơ quan {body_id}: cấp vai trò trước \
                     bằng `phoihop user role {} head --body {body_id}`",
                    account.username, account.username
                ),
            ));
        }
        let mut tx = self.store.begin(&Actor::command_line().username).await?;
        let key = tx.create_signing_key(account.id, body_id).await?;
        tx.commit().await?;
        Ok(key)
    }

    /// `token create`: an API token for someone; returns its id and its secret, shown once.
    pub async fn create_api_token_from_command_line(
        &self,
        username: &str,
        request: &TokenRequest,
    ) -> Result<(Id, String)> {
        let account = self.account_named(username).await?;
        let mut tx = self.store.begin(&Actor::command_line().username).await?;
        let token = tx.create_api_token(account.id, request).await?;
        tx.commit().await?;
        Ok(token)
    }

    /// `token revoke`: any token, by its id.
    pub async fn revoke_api_token_from_command_line(&self, token_id: Id) -> Result<()> {
        let mut tx = self.store.begin(&Actor::command_line().username).await?;
        tx.revoke_api_token(token_id).await?;
        tx.commit().await?;
        Ok(())
    }
}
