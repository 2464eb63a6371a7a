//! Attaching a document (PDF, DOCX, XLSX) to an article, a meeting or an oversight activity: the
//! file is told from its content, kept, and linked from the record, in one write. A document is
//! read by whoever may read the record it is attached to, and by no one else, and only while the
//! record links it: staff who take the link out of an article's text or a list of documents take
//! the file off the portal with it, as they would expect of a document they removed.

use domain::access::{Action, Record};
use domain::entity::Entity;
use domain::oversight::{DocumentRef, OversightDraft};
use store::attachments::{NewAttachment, StoredAttachment};
use store::oversight::NewOversight;
use store::NewMeeting;

use crate::images::appended;
use crate::oversight::edit as edit_oversight;
use crate::{App, AppError, Result, Viewer};
use vi::escape;

/// What a person gives with a document: the file and, if they like, the name the link shows.
pub struct AttachmentUpload<'a> {
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    /// What the link says; the file's name without its extension when left empty.
    pub title: &'a str,
}

/// The record a document is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachTo {
    Article(i64),
    Meeting(i64),
    Oversight(i64),
}

impl AttachTo {
    fn owner(self) -> (Entity, i64) {
        match self {
            Self::Article(id) => (Entity::Article, id),
            Self::Meeting(id) => (Entity::Meeting, id),
            Self::Oversight(id) => (Entity::Oversight, id),
        }
    }
}

/// The title a link shows: the one given, else the file's name without its extension; one line,
/// without control or direction-changing characters.
fn title_of(upload: &AttachmentUpload<'_>) -> Result<String> {
    let clean = |s: &str| -> String {
        vi::normalize(
            s.chars()
                .filter(|c| !c.is_control() && !domain::input::is_bidi_control(*c))
                .collect::<String>()
                .trim(),
        )
    };
    let given = clean(upload.title);
    let title = if given.is_empty() {
        let name = upload.file_name.rsplit(['/', '\\']).next().unwrap_or("");
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        clean(stem)
    } else {
        given
    };
    if title.chars().count() > 300 {
        return Err(AppError::field(
            "document_title",
            "Tên văn bản dài quá 300 ký tự",
        ));
    }
    Ok(if title.is_empty() {
        "Văn bản đính kèm".into()
    } else {
        title
    })
}

/// The address a unit's document is downloaded from, under the unit's prefix (`base`). A meeting's
/// or an activity's list of documents keeps addresses without it, as pages add it when they show
/// them; an article's text is shown as written, so it carries the prefix.
pub fn attachment_href(base: &str, a: &StoredAttachment) -> String {
    let mut slug = vi::slugify(&a.title);
    if slug.is_empty() {
        slug = "van-ban".into();
    }
    format!("{base}/tep/{}/{slug}.{}", a.id, a.kind)
}

/// How a link names a document: "Kế hoạch giám sát (PDF, 1,2 MB)".
fn described(a: &StoredAttachment, kind: docs::attachment::AttachmentKind) -> String {
    format!(
        "{} ({}, {})",
        a.title,
        kind.label(),
        docs::attachment::human_size(a.size as u64)
    )
}

impl App {
    /// Attach a document to a record of the unit, linked at the end of its documents (or, for an
    /// article, at the end of its text).
    pub async fn attach(
        &self,
        v: &Viewer,
        to: AttachTo,
        upload: &AttachmentUpload<'_>,
    ) -> Result<StoredAttachment> {
        // Who may change the record may attach to it; the record is read as they may read it.
        let action = match to {
            AttachTo::Article(_) => Action::EditArticle {
                unit_id: v.unit_id(),
            },
            AttachTo::Meeting(_) => Action::EditMeeting {
                unit_id: v.unit_id(),
            },
            AttachTo::Oversight(id) => edit_oversight(v, self.oversight(v, id).await?.conducted_by),
        };
        let actor = v.require(&action)?;
        let title = title_of(upload)?;
        let checked = docs::attachment::check(upload.bytes)
            .map_err(|e| AppError::field("document", e.to_string()))?;
        let file_name: String = upload
            .file_name
            .chars()
            .filter(|c| !c.is_control() && !domain::input::is_bidi_control(*c))
            .take(200)
            .collect();
        let (owner, owner_id) = to.owner();
        let new = NewAttachment {
            unit_id: v.unit_id(),
            owner,
            owner_id,
            title: &title,
            file_name: &file_name,
            kind: checked.kind.extension(),
            hash: &checked.hash,
            bytes: upload.bytes,
        };
        match to {
            AttachTo::Article(id) => {
                let before = self.article_by_id(v, id).await?;
                let mut tx = self.begin(actor, v).await?;
                let a = tx.insert_attachment(&new).await?;
                let link = format!(
                    r#"<p><a href="{}">{}</a></p>"#,
                    attachment_href(v.base(), &a),
                    escape(&described(&a, checked.kind)),
                );
                let draft = appended(&before, &link)?;
                tx.update_article(&before, &draft).await?;
                self.commit(tx, v).await?;
                Ok(a)
            }
            AttachTo::Meeting(id) => {
                let before = self.meeting_for_editing(v, id).await?;
                let mut tx = self.begin(actor, v).await?;
                let a = tx.insert_attachment(&new).await?;
                let mut after = NewMeeting::from(before.clone());
                after.documents.push(DocumentRef {
                    title: described(&a, checked.kind),
                    url: Some(attachment_href("", &a)),
                });
                tx.update_meeting(&before, &after).await?;
                self.commit(tx, v).await?;
                Ok(a)
            }
            AttachTo::Oversight(id) => {
                let before = self.oversight(v, id).await?;
                let mut tx = self.begin(actor, v).await?;
                let a = tx.insert_attachment(&new).await?;
                let mut draft = OversightDraft::of(&before);
                draft.documents.push(DocumentRef {
                    title: described(&a, checked.kind),
                    url: Some(attachment_href("", &a)),
                });
                tx.update_oversight(&before, &NewOversight::from_draft(v.unit_id(), &draft))
                    .await?;
                self.commit(tx, v).await?;
                Ok(a)
            }
        }
    }

    /// A unit's document and its bytes, for whoever may read the record it is attached to.
    pub async fn attachment_file(
        &self,
        v: &Viewer,
        id: i64,
    ) -> Result<(StoredAttachment, docs::attachment::AttachmentKind, Vec<u8>)> {
        let a = self
            .store
            .attachment(v.unit_id(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        let (unit, record, links) = self.owner_linking(v, &a).await?.ok_or(AppError::NotFound)?;
        v.read(unit, record, ())?;
        if !links {
            return Err(AppError::NotFound);
        }
        let kind =
            docs::attachment::AttachmentKind::from_extension(&a.kind).ok_or(AppError::NotFound)?;
        let bytes = self
            .store
            .attachment_bytes(v.unit_id(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok((a, kind, bytes))
    }
}

/// The record a stored document belongs to.
fn attached_to(a: &StoredAttachment) -> Option<AttachTo> {
    match a.owner {
        Entity::Article => Some(AttachTo::Article(a.owner_id)),
        Entity::Meeting => Some(AttachTo::Meeting(a.owner_id)),
        Entity::Oversight => Some(AttachTo::Oversight(a.owner_id)),
        _ => None,
    }
}

/// An article's text without the link to a document (`marker` is `/tep/{id}/`): the paragraph
/// that holds only the link goes with it, a link inside a sentence leaves its words.
fn without_link(html: &str, marker: &str) -> String {
    let mut out = html.to_string();
    while let Some(at) = out.find(marker) {
        let Some(start) = out[..at].rfind("<a ") else {
            break;
        };
        let Some(end) = out[at..].find("</a>").map(|e| at + e + 4) else {
            break;
        };
        let words = out[start..end]
            .find('>')
            .map(|g| out[start + g + 1..end - 4].to_string())
            .unwrap_or_default();
        if out[..start].ends_with("<p>") && out[end..].starts_with("</p>") {
            out.replace_range(start - 3..end + 4, "");
        } else {
            out.replace_range(start..end, &words);
        }
    }
    out
}

impl App {
    /// Who may withdraw a document: whoever may change the record it is attached to; and whether
    /// the public could read it.
    pub(crate) async fn attachment_withdrawing(
        &self,
        v: &Viewer,
        id: i64,
    ) -> Result<(StoredAttachment, Action, bool)> {
        let a = self
            .store
            .attachment(v.unit_id(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        let to = attached_to(&a).ok_or(AppError::NotFound)?;
        let may = match to {
            AttachTo::Article(_) => Action::EditArticle {
                unit_id: v.unit_id(),
            },
            AttachTo::Meeting(_) => Action::EditMeeting {
                unit_id: v.unit_id(),
            },
            AttachTo::Oversight(oid) => {
                edit_oversight(v, self.oversight(v, oid).await?.conducted_by)
            }
        };
        let public = match self.owner_linking(v, &a).await? {
            Some((_, record, links)) => links && domain::access::anyone_may_read(record),
            None => false,
        };
        Ok((a, may, public))
    }

    /// Take a withdrawn document's link out of its record, in the write that withdraws it, so
    /// that no page links a file that is gone.
    pub(crate) async fn unlink_attachment(
        &self,
        v: &Viewer,
        tx: &mut store::WriteTx,
        a: &StoredAttachment,
    ) -> Result<()> {
        let marker = format!("/tep/{}/", a.id);
        match attached_to(a) {
            Some(AttachTo::Article(id)) => {
                let before = self.article_by_id(v, id).await?;
                let draft = domain::article::ArticleDraft::parse(
                    &before.title,
                    before.slug.as_str(),
                    &before.summary,
                    &without_link(before.body.as_str(), &marker),
                    &before.byline,
                    before.published_at,
                    before.category_ids.clone(),
                )
                .map_err(AppError::Invalid)?;
                tx.update_article(&before, &draft).await?;
            }
            Some(AttachTo::Meeting(id)) => {
                let before = self.meeting_for_editing(v, id).await?;
                let mut after = NewMeeting::from(before.clone());
                after
                    .documents
                    .retain(|d| !d.url.as_deref().is_some_and(|u| u.contains(&marker)));
                tx.update_meeting(&before, &after).await?;
            }
            Some(AttachTo::Oversight(id)) => {
                let before = self.oversight(v, id).await?;
                let mut draft = OversightDraft::of(&before);
                draft
                    .documents
                    .retain(|d| !d.url.as_deref().is_some_and(|u| u.contains(&marker)));
                tx.update_oversight(&before, &NewOversight::from_draft(v.unit_id(), &draft))
                    .await?;
            }
            None => {}
        }
        Ok(())
    }

    /// Link a restored document again at the end of its record, as attaching it did.
    pub(crate) async fn relink_attachment(
        &self,
        v: &Viewer,
        tx: &mut store::WriteTx,
        id: i64,
    ) -> Result<()> {
        let a = self
            .store
            .attachment_kept(v.unit_id(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        let kind =
            docs::attachment::AttachmentKind::from_extension(&a.kind).ok_or(AppError::NotFound)?;
        let reference = DocumentRef {
            title: described(&a, kind),
            url: Some(attachment_href("", &a)),
        };
        match attached_to(&a) {
            Some(AttachTo::Article(aid)) => {
                let before = self.article_by_id(v, aid).await?;
                let link = format!(
                    r#"<p><a href="{}">{}</a></p>"#,
                    attachment_href(v.base(), &a),
                    escape(&described(&a, kind)),
                );
                tx.update_article(&before, &appended(&before, &link)?)
                    .await?;
            }
            Some(AttachTo::Meeting(mid)) => {
                let before = self.meeting_for_editing(v, mid).await?;
                let mut after = NewMeeting::from(before.clone());
                after.documents.push(reference);
                tx.update_meeting(&before, &after).await?;
            }
            Some(AttachTo::Oversight(oid)) => {
                let before = self.oversight(v, oid).await?;
                let mut draft = OversightDraft::of(&before);
                draft.documents.push(reference);
                tx.update_oversight(&before, &NewOversight::from_draft(v.unit_id(), &draft))
                    .await?;
            }
            None => {}
        }
        Ok(())
    }

    /// The documents attached to a record of the unit, for the page that offers to withdraw them.
    pub async fn attachments_of(&self, v: &Viewer, to: AttachTo) -> Result<Vec<StoredAttachment>> {
        v.staff()?;
        let (owner, id) = to.owner();
        Ok(self.store.attachments_of(v.unit_id(), owner, id).await?)
    }

    /// The record a document is attached to, as access knows it, and whether the record still
    /// links the document (its article text or its list of documents names its address).
    async fn owner_linking(
        &self,
        v: &Viewer,
        a: &StoredAttachment,
    ) -> Result<Option<(i64, Record, bool)>> {
        let marker = format!("/tep/{}/", a.id);
        let listed = |docs: &[DocumentRef]| {
            docs.iter()
                .any(|d| d.url.as_deref().is_some_and(|u| u.contains(&marker)))
        };
        Ok(match a.owner {
            Entity::Article => self
                .store
                .article_by_id(a.unit_id, a.owner_id)
                .await?
                .map(|r| {
                    let links = r.body.as_str().contains(&marker);
                    (r.unit_id, Record::article(&r, v.now()), links)
                }),
            Entity::Meeting => self.store.meeting(a.unit_id, a.owner_id).await?.map(|m| {
                let links = listed(&m.documents);
                (m.unit_id, crate::meetings::meeting_record(&m), links)
            }),
            Entity::Oversight => self.store.oversight(a.unit_id, a.owner_id).await?.map(|o| {
                let links = listed(&o.documents);
                (o.unit_id, crate::oversight::activity_record(&o), links)
            }),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload<'a>(file_name: &'a str, title: &'a str) -> AttachmentUpload<'a> {
        AttachmentUpload {
            file_name,
            bytes: b"",
            title,
        }
    }

    #[test]
    fn a_withdrawn_documents_link_leaves_the_text_and_a_link_in_a_sentence_leaves_its_words() {
        let html = r#"<p>Mở đầu.</p><p><a href="/dv/x/tep/7/ke-hoach.pdf">Kế hoạch (PDF, 1 MB)</a></p><p>Xem <a href="/tep/7/ke-hoach.pdf">kế hoạch</a> kèm theo.</p><p><a href="/tep/71/khac.pdf">Khác</a></p>"#;
        assert_eq!(
            without_link(html, "/tep/7/"),
            r#"<p>Mở đầu.</p><p>Xem kế hoạch kèm theo.</p><p><a href="/tep/71/khac.pdf">Khác</a></p>"#
        );
    }

    #[test]
    fn an_empty_title_is_the_file_name_without_its_extension() {
        assert_eq!(
            title_of(&upload("C:\\Ho so\\Kế hoạch giám sát.pdf", "")).unwrap(),
            "Kế hoạch giám sát"
        );
        assert_eq!(
            title_of(&upload("a.pdf", "  Báo cáo kết quả ")).unwrap(),
            "Báo cáo kết quả"
        );
    }

    #[test]
    fn control_and_direction_characters_never_reach_a_title() {
        assert_eq!(
            title_of(&upload("x\u{202E}fdp.exe", "Báo\u{7} cáo\u{202E}")).unwrap(),
            "Báo cáo"
        );
        assert_eq!(title_of(&upload(".pdf", "")).unwrap(), "Văn bản đính kèm");
    }
}
