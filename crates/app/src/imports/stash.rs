//! Uploaded files waiting for the confirmation of the person who sent them, kept by the store where
//! every node finds them: a preview shown by one node is confirmed through any other.

use store::imports::StashedUpload;

use super::ImportKind;
use crate::{App, Result};

/// How long an uploaded file waits for its confirmation, in seconds.
const STASH_TTL_SECONDS: i64 = 3600;

/// What a programme import's stash is for: "programme/kind/reporting body".
pub(crate) fn purpose(
    programme_id: i64,
    kind: ImportKind,
    reporting_body_id: Option<i64>,
) -> String {
    format!(
        "{programme_id}/{}/{}",
        kind.slug(),
        reporting_body_id.map(|b| b.to_string()).unwrap_or_default()
    )
}

impl App {
    /// Keep an upload under a new random token, for a confirmation within the hour.
    pub(crate) async fn stash_upload(&self, upload: &StashedUpload) -> Result<String> {
        Ok(self.store.stash_upload(upload, STASH_TTL_SECONDS).await?)
    }

    /// Keep an upload taken back under its token again, for a confirmation still to come.
    pub(crate) async fn restash_upload(&self, token: &str, upload: &StashedUpload) -> Result<()> {
        Ok(self
            .store
            .restash_upload(token, upload, STASH_TTL_SECONDS)
            .await?)
    }

    /// Take an upload back, once, with the token its preview was given; anything that is not
    /// such a token finds nothing.
    pub(crate) async fn take_upload(&self, token: &str) -> Result<Option<StashedUpload>> {
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        Ok(self.store.take_upload(token, STASH_TTL_SECONDS).await?)
    }
}
