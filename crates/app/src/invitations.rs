//! Joining a unit is consented to. A unit's administrator invites an account by its name; its
//! holder sees the invitation when they next sign in and accepts or declines it. Until accepted it
//! grants nothing, and inviting answers the same whether the name exists or not, so that the form
//! tells no one which names the installation holds.

use domain::access::Actor;
use domain::credentials::Username;
use domain::entity::Entity;
use domain::Id;
use store::invitations::{Invitation, InvitationStatus};

use crate::staff::RoleChoice;
use crate::{App, AppError, Result, Viewer};

/// How long an invitation waits for its answer: two weeks.
pub const INVITATION_SECONDS: i64 = 14 * 24 * 3600;

impl App {
    /// Invite the account of that name to a role in the unit. The answer is the same whether the
    /// name exists or not; the unit's pending invitations list it either way.
    pub async fn invite_staff(
        &self,
        v: &Viewer,
        username: &Username,
        choice: RoleChoice<'_>,
    ) -> Result<Invitation> {
        let actor = crate::staff::manage(v)?;
        let role = self.role_of(v, choice).await?;
        // Only what the unit itself holds is compared: its own staff and its own invitations.
        let held = self.store.unit_roles(v.unit_id()).await?;
        if held
            .iter()
            .any(|g| g.username == username.as_str() && g.role == role)
        {
            return Err(AppError::field(
                "username",
                format!("“{}” đã giữ vai trò này ở đơn vị", username.as_str()),
            ));
        }
        let now = v.now().timestamp();
        if self
            .store
            .pending_invitations_of(v.unit_id(), now)
            .await?
            .iter()
            .any(|i| i.username == username.as_str() && i.role == role)
        {
            return Err(AppError::field(
                "username",
                format!(
                    "Đã mời “{}” nhận vai trò này; lời mời đang chờ trả lời",
                    username.as_str()
                ),
            ));
        }
        let mut tx = self.begin(actor, v).await?;
        let invitation = tx
            .insert_invitation(username.as_str(), &role, INVITATION_SECONDS)
            .await?;
        self.commit(tx, v).await?;
        Ok(invitation)
    }

    /// The unit's invitations waiting for an answer, for its administrator.
    pub async fn pending_invitations(&self, v: &Viewer) -> Result<Vec<Invitation>> {
        crate::staff::manage(v)?;
        Ok(self
            .store
            .pending_invitations_of(v.unit_id(), v.now().timestamp())
            .await?)
    }

    /// Withdraw an invitation of the unit not yet answered.
    pub async fn cancel_invitation(&self, v: &Viewer, id: Id) -> Result<()> {
        let actor = crate::staff::manage(v)?;
        if !self.store.owns(v.unit_id(), Entity::Invitation, id).await? {
            return Err(AppError::NotFound);
        }
        let mut tx = self.begin(actor, v).await?;
        let invitation = tx
            .pending_invitation(id, v.now().timestamp())
            .await?
            .ok_or(AppError::NotFound)?;
        tx.decide_invitation(&invitation, InvitationStatus::Cancelled)
            .await?;
        self.commit(tx, v).await
    }

    /// The invitations waiting for this person's answer.
    pub async fn invitations_for(&self, actor: &Actor) -> Result<Vec<Invitation>> {
        Ok(self
            .store
            .pending_invitations_for(&actor.username, chrono::Utc::now().timestamp())
            .await?)
    }

    /// Accept or decline an invitation made to this person. Accepting grants its role in the same
    /// write that records the answer, so a second answer sent at once finds it answered.
    pub async fn answer_invitation(&self, actor: &Actor, id: Id, accept: bool) -> Result<()> {
        let now = chrono::Utc::now().timestamp();
        let mut tx = self.store.begin(&actor.username).await?;
        let invitation = tx
            .pending_invitation(id, now)
            .await?
            .filter(|i| i.username == actor.username)
            .ok_or(AppError::NotFound)?;
        tx.set_unit(Some(invitation.unit_id));
        if accept {
            tx.decide_invitation(&invitation, InvitationStatus::Accepted)
                .await?;
            if !actor.roles.contains(&invitation.role) {
                tx.grant_role(actor.user_id, &invitation.role).await?;
            }
        } else {
            tx.decide_invitation(&invitation, InvitationStatus::Declined)
                .await?;
        }
        tx.commit().await?;
        self.written(invitation.unit_id);
        Ok(())
    }
}
