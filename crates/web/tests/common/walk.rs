//! Walking every route of every unit: each demo unit's own records, and a route's path filled with
//! them, for the tests that ask every page of every unit.

use super::TestApp;

/// The records of one unit a route may name.
pub struct Unit {
    pub slug: String,
    /// The host name mapped to the unit; empty where none is.
    pub host: String,
    pub year: Option<i32>,
    pub article: Option<(i64, String)>,
    pub item: Option<i64>,
    pub target: Option<i64>,
    pub meeting: Option<i64>,
    pub oversight: Option<i64>,
    pub recommendation: Option<i64>,
    pub body: Option<i64>,
    pub picture: Option<String>,
}

pub async fn units(app: &TestApp) -> Vec<Unit> {
    let s = &app.store;
    let mut out = Vec::new();
    for u in s.units().await.unwrap() {
        let programme = s.programmes(u.id).await.unwrap().into_iter().next();
        let (item, target) = match &programme {
            Some(p) => (
                s.items(p.id).await.unwrap().first().map(|i| i.id),
                s.targets(p.id).await.unwrap().first().map(|t| t.id),
            ),
            None => (None, None),
        };
        let articles = s.all_articles(u.id).await.unwrap();
        let article = articles
            .iter()
            .find(|a| a.published_at.is_some())
            .map(|a| (a.id, a.slug.to_string()));
        // A picture an article of the unit shows, by its file name.
        let picture = articles.iter().find_map(|a| {
            a.body
                .pictures()
                .first()
                .map(|_| a.body.as_str().to_string())
                .and_then(|html| {
                    let start = html.find("/anh/")? + 5;
                    let end = start + html[start..].find('"')?;
                    Some(html[start..end].to_string())
                })
        });
        out.push(Unit {
            slug: u.slug.clone(),
            host: u.host.clone().unwrap_or_default(),
            year: programme.map(|p| p.year.get()),
            article,
            item,
            target,
            meeting: s.meetings(u.id).await.unwrap().first().map(|m| m.id),
            oversight: s.oversights(u.id).await.unwrap().first().map(|o| o.id),
            recommendation: s.recommendations(u.id).await.unwrap().first().map(|r| r.id),
            body: s.bodies(u.id).await.unwrap().first().map(|b| b.id),
            picture,
        });
    }
    out
}

/// A unit route's path with that unit's records in it; `None` when the unit has no such record
/// or the route names something the walk does not (a catch-all).
pub fn fill(route: &str, u: &Unit) -> Option<String> {
    let rest = route.strip_prefix("/dv/{unit}")?;
    if rest.contains("{*") {
        return None;
    }
    let before = rest.split("/{").next()?.rsplit('/').next()?;
    let id = match before {
        "tin-tuc" | "articles" => u.article.as_ref().map(|a| a.0),
        "noi-dung" | "items" => u.item,
        "chi-tieu" | "targets" => u.target,
        "hoi-nghi" | "meetings" => u.meeting,
        "giam-sat" | "oversight" => u.oversight,
        "kien-nghi" | "recommendations" => u.recommendation,
        "co-quan" => u.body,
        _ => u.article.as_ref().map(|a| a.0),
    };
    let mut path = rest.to_string();
    if path.contains("{year}") {
        path = path.replace("{year}", &u.year?.to_string());
    }
    if path.contains("{slug}") {
        path = path.replace("{slug}", &u.article.as_ref()?.1);
    }
    if path.contains("{entity}") {
        path = path.replace("{entity}", "article");
    }
    if path.contains("{id}") {
        path = path.replace("{id}", &id?.to_string());
    }
    if path.contains("{file}") {
        path = path.replace("{file}", u.picture.as_ref()?);
    }
    path = path.replace("{version}", "1");
    if path.contains('{') {
        return None;
    }
    Some(path)
}
