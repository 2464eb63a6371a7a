//! Schema.org JSON-LD for the portal's pages, as search engines read it: the unit and its bodies as
//! `GovernmentOrganization`, an article as `NewsArticle`, a meeting as `Event`, each with the
//! properties Google's structured-data guidelines ask of it. Every address is absolute, at the
//! unit's public address.

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use super::Chrome;

/// A value as the text of a `<script type="application/ld+json">`: every `<` written as
/// `\u003c`, so that no text in it (a title saying `</script>`) can end the script.
pub fn script(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

/// The unit's address on the portal, named as its organisation: what other values point to.
fn unit_id(chrome: &Chrome) -> String {
    format!("{}#to-chuc", chrome.absolute("/"))
}

/// The unit's emblem, or the portal's picture when it has none: an organisation's `logo`.
fn logo(chrome: &Chrome) -> String {
    if chrome.logo_url.is_empty() {
        chrome.share_image()
    } else {
        chrome.file(&chrome.logo_url)
    }
}

/// The organisation that runs the portal, by reference: the publisher or organiser of a record.
fn unit_ref(chrome: &Chrome) -> Value {
    json!({
        "@type": "GovernmentOrganization",
        "@id": unit_id(chrome),
        "name": chrome.unit_name,
        "url": chrome.absolute("/"),
        "logo": { "@type": "ImageObject", "url": logo(chrome) },
    })
}

/// The unit's postal address, as its settings give it.
fn postal_address(chrome: &Chrome) -> Value {
    let mut address = Map::new();
    address.insert("@type".into(), "PostalAddress".into());
    if !chrome.address.is_empty() {
        address.insert("streetAddress".into(), chrome.address.clone().into());
    }
    address.insert("addressLocality".into(), chrome.unit_name.clone().into());
    address.insert("addressCountry".into(), "VN".into());
    Value::Object(address)
}

/// The unit (a commune, a ward, a province) with how to reach it, and the unit above it (its
/// name and public address).
pub fn unit(chrome: &Chrome, above: Option<(&str, &str)>) -> Value {
    let mut org = unit_ref(chrome);
    let fields = org.as_object_mut().expect("an object");
    let mut add = |key: &str, value: Value| {
        fields.insert(key.into(), value);
    };
    add("@context", "https://schema.org".into());
    add("alternateName", chrome.tagline.clone().into());
    add("address", postal_address(chrome));
    add(
        "areaServed",
        json!({ "@type": "AdministrativeArea", "name": chrome.unit_name }),
    );
    if !chrome.phone.is_empty() {
        add("telephone", chrome.phone.clone().into());
    }
    if !chrome.email.is_empty() {
        add("email", chrome.email.clone().into());
    }
    if let Some((name, url)) = above {
        add(
            "parentOrganization",
            json!({ "@type": "GovernmentOrganization", "name": name, "url": url }),
        );
    }
    org
}

/// A body of the unit (its People's Council, Committee, Front committee) and who holds its posts.
pub fn body(chrome: &Chrome, name: &str, holders: &[(String, String)]) -> Value {
    let members: Vec<Value> = holders
        .iter()
        .map(|(post, person)| json!({ "@type": "Person", "name": person, "jobTitle": post }))
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": name,
        "url": chrome.canonical(),
        "parentOrganization": unit_ref(chrome),
        "address": postal_address(chrome),
        "member": members,
    })
}

/// What a `NewsArticle` says of an article.
pub struct Article<'a> {
    pub headline: &'a str,
    pub description: &'a str,
    /// The picture it shows, absolute.
    pub image: String,
    pub published: DateTime<Utc>,
    pub modified: DateTime<Utc>,
    /// Who wrote it, as the byline says; the unit when it says nothing.
    pub byline: &'a str,
}

/// Google shows at most this many characters of a headline.
const HEADLINE_CHARS: usize = 110;

/// An article of the unit's news.
pub fn news_article(chrome: &Chrome, a: &Article<'_>) -> Value {
    let headline: String = if a.headline.chars().count() > HEADLINE_CHARS {
        let cut: String = a.headline.chars().take(HEADLINE_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        a.headline.to_string()
    };
    let author = match a.byline.trim() {
        "" => unit_ref(chrome),
        byline => json!({ "@type": "Person", "name": byline }),
    };
    json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "description": a.description,
        "image": [a.image],
        "datePublished": a.published.to_rfc3339(),
        "dateModified": a.modified.to_rfc3339(),
        "author": [author],
        "publisher": unit_ref(chrome),
        "mainEntityOfPage": { "@type": "WebPage", "@id": chrome.canonical() },
        "url": chrome.canonical(),
        "inLanguage": "vi",
    })
}

/// What an `Event` says of a meeting.
pub struct Meeting<'a> {
    pub name: &'a str,
    /// Its kind and agenda, as a sentence or two.
    pub description: String,
    pub starts: DateTime<Utc>,
    pub ends: Option<DateTime<Utc>>,
    /// Where it is held; the unit's name when the meeting says nothing.
    pub venue: &'a str,
}

/// A meeting the unit holds (a conference, a voters' meeting), held in person.
pub fn event(chrome: &Chrome, m: &Meeting<'_>) -> Value {
    let place = match m.venue.trim() {
        "" => chrome.unit_name.as_str(),
        venue => venue,
    };
    let mut event = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": m.name,
        "description": m.description,
        "startDate": m.starts.to_rfc3339(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": place,
            "address": postal_address(chrome),
        },
        "organizer": unit_ref(chrome),
        "image": [chrome.share_image()],
        "url": chrome.canonical(),
        "inLanguage": "vi",
    });
    if let Some(ends) = m.ends {
        event["endDate"] = ends.to_rfc3339().into();
    }
    event
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_text_in_a_value_can_end_its_script() {
        let value = json!({ "headline": "Tiêu đề </script><script>alert(1)</script>" });
        let text = script(&value);
        assert!(!text.contains('<'), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
