//! Every address the application answers, in one table: a unit's portal, workspace, documents and
//! API (plain for the default unit or a host's, and again under `/dv/{unit}`), then the
//! installation's own pages. What each group shares (the page cache, the sign-in redirect, a body
//! limit) is said once, where the group is.

use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn;

use crate::api::{
    reads as api_reads, rollups as api_rollups, search as api_search, writes as api_writes,
};
use crate::documents::{exports, imports, index, reports, MAX_UPLOAD_BYTES};
use crate::extract::Bilingual;
use crate::forms::{create, new};
use crate::installation::{account, catalogue, console, national, reorganise, setup, units};
use crate::portal::{
    bodies, discovery, home, meetings, news, oversight, programme, rollups, search, targets,
};
use crate::workspace::articles::Articles;
use crate::workspace::attachments::attach;
use crate::workspace::contents::Items;
use crate::workspace::indicators::Indicators;
use crate::workspace::meetings::Meetings;
use crate::workspace::oversight::{Oversights, Recommendations};
use crate::workspace::targets::Targets;
use crate::workspace::{self as ws, send_to_sign_in};
use crate::{api, cache, static_files, Routes};

/// Every route of the application, with the paths it answers: the installation's own (assets,
/// signing in, health) and each unit's, plain and under its prefix.
pub fn routes() -> Routes {
    Routes::new()
        .merge(unit().and_under("/dv/{unit}"))
        .merge(installation())
        .get("/static/{*path}", static_files::asset)
        .get("/favicon.ico", static_files::favicon)
        // At the root of each host only: the unit the host serves (or the default) names its
        // sitemaps.
        .get("/robots.txt", discovery::robots)
        .get("/healthz", crate::healthz)
        .get("/dv/{unit}/", crate::unit_home_with_slash)
}

/// The routes of one unit: its portal in Vietnamese and in English, its workspace, documents and
/// API.
fn unit() -> Routes {
    Routes::new()
        .merge(public_pages().and_under("/en"))
        .merge(feeds().map(|r| r.layer(from_fn(cache::serve_from_cache))))
        .merge(workspace())
        .merge(downloads())
        .merge(api())
}

/// The portal's pages, which English has too (under `/en`).
fn public_pages() -> Routes {
    Routes::new()
        .merge(portal().map(|r| r.layer(from_fn(cache::serve_from_cache))))
        // Pages whose content depends on who asks (signed-in staff find drafts): kept out of the
        // page cache, which is keyed by address alone.
        .get("/tim-kiem", search::page)
        .get("/tim-kiem/goi-y", search::suggestions)
        .get("/van-ban", index::show)
        // This year's roll-up: the year changes with the calendar, not with a write.
        .get("/tong-hop", rollups::latest)
        .map(Bilingual::mark)
}

/// What machines read of the portal, in one language: feeds, calendars and the sitemap, made for
/// an anonymous visitor like the pages and cached with them.
fn feeds() -> Routes {
    Routes::new()
        .get("/hoi-nghi.ics", meetings::feed)
        .get("/hoi-nghi/{id}/lich.ics", meetings::one)
        .get("/tin-tuc.atom", discovery::news_feed)
        .get("/chuong-trinh.atom", discovery::programme_feed)
        .get("/sitemap.xml", discovery::sitemap)
}

/// The public pages: made for an anonymous visitor whoever asks, so the page cache may keep them.
fn portal() -> Routes {
    Routes::new()
        .get("/", home::show)
        .get("/tin-tuc", news::list)
        .get("/tin-tuc/{slug}", news::show)
        .get("/chuong-trinh", programme::latest)
        .get("/chuong-trinh/{year}", programme::show)
        .get(
            "/chuong-trinh/{year}/phien-ban/{version}",
            programme::version,
        )
        .get("/chi-tieu", targets::latest)
        .get("/chi-tieu/{year}", targets::show)
        .get("/co-quan", bodies::show)
        .get("/co-quan/{id}", oversight::body)
        .get("/giam-sat", oversight::list)
        .get("/giam-sat/{id}", oversight::show)
        .get("/kien-nghi", oversight::recommendations)
        .get("/hoi-nghi", meetings::list)
        .get("/hoi-nghi/{id}", meetings::show)
        .get("/tong-hop/{year}", rollups::show)
}

/// The workspace of the three offices. Every form works without JavaScript; every mutating
/// route checks the CSRF token and the role, in that order.
fn workspace() -> Routes {
    let signed_in = Routes::new()
        .get("/quan-ly", ws::programme::dashboard)
        .post("/quan-ly/chuong-trinh", ws::programme::create)
        .get("/quan-ly/chuong-trinh/{year}", ws::programme::show)
        .post(
            "/quan-ly/chuong-trinh/{year}/trang-thai",
            ws::programme::transition,
        )
        .post(
            "/quan-ly/chuong-trinh/{year}/sao-chep",
            ws::programme::copy_to_next_year,
        )
        .post("/quan-ly/chuong-trinh/{year}/hang-loat", ws::contents::bulk)
        .get_post(
            "/quan-ly/chuong-trinh/{year}/ky",
            ws::signing::form,
            ws::signing::sign,
        )
        .get(
            "/quan-ly/chuong-trinh/{year}/sua-doi",
            ws::signing::amendment,
        )
        .record::<Items>(
            "/quan-ly/chuong-trinh/{year}/noi-dung",
            "/quan-ly/noi-dung/{id}",
        )
        .record::<Targets>(
            "/quan-ly/chuong-trinh/{year}/chi-tieu",
            "/quan-ly/chi-tieu/{id}",
        )
        .post("/quan-ly/noi-dung/{id}/ghi-chu", ws::contents::add_note)
        .get("/quan-ly/chi-tieu/danh-gia", ws::targets::evaluate_preview)
        .get("/quan-ly/tong-hop/{year}", ws::rollups::show)
        .post("/quan-ly/tong-hop/{year}/nhac-bao-cao", ws::rollups::remind)
        .get_post(
            "/quan-ly/tong-hop/{year}/dan-so",
            ws::weights::form,
            ws::weights::save,
        )
        .get_post(
            "/quan-ly/danh-muc-chi-tieu",
            ws::indicators::list,
            create::<Indicators>,
        )
        .get("/quan-ly/danh-muc-chi-tieu/moi", new::<Indicators>)
        .edit::<Indicators>("/quan-ly/danh-muc-chi-tieu/{id}")
        .get_post("/quan-ly/tin-tuc", ws::articles::list, create::<Articles>)
        .get("/quan-ly/tin-tuc/moi", new::<Articles>)
        .post("/quan-ly/tin-tuc/danh-muc", ws::articles::create_category)
        .edit::<Articles>("/quan-ly/tin-tuc/{id}")
        .get("/quan-ly/tin-tuc/{id}/xem-truoc", news::preview)
        .get_post(
            "/quan-ly/giam-sat",
            ws::oversight::list,
            create::<Oversights>,
        )
        .get("/quan-ly/giam-sat/moi", new::<Oversights>)
        .edit::<Oversights>("/quan-ly/giam-sat/{id}")
        .post(
            "/quan-ly/giam-sat/{id}/kien-nghi",
            create::<Recommendations>,
        )
        .edit::<Recommendations>("/quan-ly/kien-nghi/{id}/sua")
        .get("/quan-ly/kien-nghi", ws::followup::list)
        .get("/quan-ly/kien-nghi/{id}", ws::followup::show)
        .post("/quan-ly/kien-nghi/{id}/tra-loi", ws::followup::respond)
        .get_post("/quan-ly/hoi-nghi", ws::meetings::list, create::<Meetings>)
        .get("/quan-ly/hoi-nghi/moi", new::<Meetings>)
        .edit::<Meetings>("/quan-ly/hoi-nghi/{id}")
        .get_post(
            "/quan-ly/co-quan",
            ws::organisation::show,
            ws::organisation::change,
        )
        .get_post("/quan-ly/tai-khoan", ws::staff::show, ws::staff::change)
        .get_post(
            "/quan-ly/cai-dat",
            ws::staff::settings,
            ws::staff::save_settings,
        )
        .get("/quan-ly/da-go", ws::withdrawals::list)
        .post("/quan-ly/go-bo/{kind}/{id}", ws::withdrawals::withdraw)
        .post("/quan-ly/cai-dat/bieu-trung/xoa", ws::images::remove_logo)
        .post("/quan-ly/da-go/{id}/khoi-phuc", ws::withdrawals::restore);
    // A picture is larger than a form: its own limit, with a Vietnamese answer beyond it.
    let pictures = Routes::new()
        .post("/quan-ly/tin-tuc/{id}/anh", ws::images::upload)
        .post("/quan-ly/anh", ws::images::upload_in_place)
        .post("/quan-ly/cai-dat/bieu-trung", ws::images::upload_logo);
    // A document has its own limit too.
    let documents = Routes::new()
        .post("/quan-ly/tin-tuc/{id}/tep", attach::<Articles>)
        .post("/quan-ly/hoi-nghi/{id}/tep", attach::<Meetings>)
        .post("/quan-ly/giam-sat/{id}/tep", attach::<Oversights>);
    Routes::new()
        .get("/lich-su/{entity}/{id}", ws::history::show)
        .get("/anh/{file}", ws::images::serve)
        .get("/tep/{id}/{name}", ws::attachments::serve)
        .merge(signed_in.map(|r| r.layer(from_fn(send_to_sign_in))))
        .merge(limited(pictures, ws::images::MAX_REQUEST_BYTES))
        .merge(limited(documents, ws::attachments::MAX_REQUEST_BYTES))
}

/// Official documents and spreadsheets. They answer with bytes, not pages, so they stand beside
/// the portal rather than under its page cache: each is made from the database as it is then.
fn downloads() -> Routes {
    let imports = Routes::new()
        .import::<imports::Targets>(
            "/quan-ly/mau/chi-tieu.xlsx",
            [
                "/quan-ly/chuong-trinh/{year}/nhap-chi-tieu",
                "/quan-ly/chuong-trinh/{year}/nhap-chi-tieu/xac-nhan",
            ],
        )
        .import::<imports::Items>(
            "/quan-ly/mau/noi-dung.xlsx",
            [
                "/quan-ly/chuong-trinh/{year}/nhap-noi-dung",
                "/quan-ly/chuong-trinh/{year}/nhap-noi-dung/xac-nhan",
            ],
        );
    Routes::new()
        .get("/chuong-trinh/{year}/van-ban.pdf", reports::programme_pdf)
        .get("/chuong-trinh/{year}/van-ban.docx", reports::programme_docx)
        .get("/chi-tieu/{year}/bao-cao.pdf", reports::review_pdf)
        .get("/chi-tieu/{year}/bao-cao.docx", reports::review_docx)
        .get("/hoi-nghi/{id}/bien-ban.pdf", reports::minutes_pdf)
        .get("/hoi-nghi/{id}/bien-ban.docx", reports::minutes_docx)
        .get("/chi-tieu/{year}/bang.xlsx", exports::targets_xlsx)
        .get("/chi-tieu/{year}/bang.csv", exports::targets_csv)
        .get("/chuong-trinh/{year}/noi-dung.xlsx", exports::items_xlsx)
        .get("/chuong-trinh/{year}/noi-dung.csv", exports::items_csv)
        .get("/tin-tuc.xlsx", exports::news_xlsx)
        .get("/tin-tuc.csv", exports::news_csv)
        .get("/du-lieu-mo.zip", exports::open_data)
        .get("/tong-hop/{year}/chi-tieu.xlsx", exports::rollup_xlsx)
        .get("/tong-hop/{year}/chi-tieu.csv", exports::rollup_csv)
        .get("/tong-hop/{year}/don-vi.xlsx", exports::rollup_units_xlsx)
        .get("/tong-hop/{year}/don-vi.csv", exports::rollup_units_csv)
        .get("/tong-hop/{year}/bao-cao.pdf", reports::rollup_pdf)
        .get("/tong-hop/{year}/bao-cao.docx", reports::rollup_docx)
        .get(
            "/van-ban/theo-doi-kien-nghi/{year}/bao-cao.pdf",
            reports::follow_up_pdf,
        )
        .get(
            "/van-ban/theo-doi-kien-nghi/{year}/bao-cao.docx",
            reports::follow_up_docx,
        )
        // The upload's own limit; the slack leaves room for the form's other fields and the
        // multipart framing.
        .merge(limited(imports, MAX_UPLOAD_BYTES + 64 * 1024))
}

/// The JSON API under `/api/v1/` and its OpenAPI document.
fn api() -> Routes {
    Routes::new()
        .get("/api/openapi.json", api::openapi)
        .get("/api/v1/unit", api_reads::unit)
        .get_post(
            "/api/v1/bodies",
            api_reads::bodies,
            api::organisation::create_body,
        )
        .get_post(
            "/api/v1/people",
            api::organisation::people,
            api::organisation::create_person,
        )
        .get_post(
            "/api/v1/posts",
            api::organisation::posts,
            api::organisation::create_post,
        )
        .post("/api/v1/memberships", api::organisation::appoint)
        .post(
            "/api/v1/memberships/{id}/end",
            api::organisation::end_membership,
        )
        .get("/api/v1/popolo", api_reads::popolo)
        .get("/api/v1/programmes", api_reads::programmes)
        .get("/api/v1/programmes/{year}", api_reads::programme)
        .get_post(
            "/api/v1/programmes/{year}/targets",
            api_reads::targets,
            api_writes::create_target,
        )
        .get_post(
            "/api/v1/meetings",
            api::meetings::meetings,
            api::meetings::create_meeting,
        )
        .get_put(
            "/api/v1/meetings/{id}",
            api::meetings::meeting,
            api::meetings::update_meeting,
        )
        .get("/api/v1/changes", api::changes::changes)
        .post(
            "/api/v1/programmes/{year}/items",
            api::contents::create_item,
        )
        .get_put(
            "/api/v1/items/{id}",
            api::contents::item,
            api::contents::update_item,
        )
        .post("/api/v1/items/{id}/progress", api::contents::add_progress)
        .get_post(
            "/api/v1/oversight",
            api::oversight::oversights,
            api::oversight::create_oversight,
        )
        .get_put(
            "/api/v1/oversight/{id}",
            api::oversight::oversight,
            api::oversight::update_oversight,
        )
        .post(
            "/api/v1/oversight/{id}/recommendations",
            api::oversight::add_recommendation,
        )
        .get("/api/v1/recommendations", api::oversight::recommendations)
        .get_put(
            "/api/v1/recommendations/{id}",
            api::oversight::recommendation,
            api::oversight::update_recommendation,
        )
        .post(
            "/api/v1/recommendations/{id}/responses",
            api::oversight::respond,
        )
        .get_post(
            "/api/v1/categories",
            api_reads::categories,
            api_writes::create_category,
        )
        .get_post(
            "/api/v1/articles",
            api_reads::articles,
            api_writes::create_article,
        )
        .get_put(
            "/api/v1/articles/{slug}",
            api_reads::article,
            api_writes::update_article,
        )
        .get_put(
            "/api/v1/targets/{id}",
            api_writes::target,
            api_writes::update_target,
        )
        // Uploads: each with the limit of its file, and room for the form's other fields.
        .merge(
            Routes::new()
                .post(
                    "/api/v1/articles/{slug}/attachments",
                    api::files::attach_to_article,
                )
                .post(
                    "/api/v1/meetings/{id}/attachments",
                    api::files::attach_to_meeting,
                )
                .post(
                    "/api/v1/oversight/{id}/attachments",
                    api::files::attach_to_oversight,
                )
                .map(|r| r.layer(DefaultBodyLimit::max(ws::attachments::MAX_REQUEST_BYTES))),
        )
        .merge(
            Routes::new()
                .post("/api/v1/articles/{slug}/pictures", api::files::add_picture)
                .map(|r| r.layer(DefaultBodyLimit::max(ws::images::MAX_REQUEST_BYTES))),
        )
        .get("/api/v1/search", api_search::search_records)
        .get("/api/v1/rollups/{year}", api_rollups::rollup)
        // Anything else under /api answers in JSON, not with the portal's page.
        .any("/api/{*rest}", api::api_not_found)
}

/// The installation's own pages, outside any unit: signing in and out, setting up, the list of
/// units, each person's account, and the operator's console.
fn installation() -> Routes {
    let signed_in = Routes::new()
        .get("/tai-khoan", account::show)
        .post("/tai-khoan/ma-api", account::create_token)
        .post("/tai-khoan/mat-khau", account::change_password)
        .post("/tai-khoan/ma-api/{id}/thu-hoi", account::revoke_token)
        .post("/tai-khoan/loi-moi/{id}", account::answer_invitation)
        .get("/he-thong", console::show)
        .post("/he-thong/don-vi", console::create_unit)
        .get_post(
            "/he-thong/don-vi/{id}",
            console::unit_page,
            console::update_unit,
        )
        .post("/he-thong/don-vi/{id}/quan-tri", console::appoint_admin)
        .post("/he-thong/don-vi/{id}/mac-dinh", console::make_default)
        .post("/he-thong/don-vi/{id}/ngay", console::correct_dates)
        .get_post(
            "/he-thong/nhap",
            console::import_form,
            console::import_upload,
        )
        .post("/he-thong/nhap/xac-nhan", console::import_confirm)
        .get_post("/he-thong/sap-xep", reorganise::form, reorganise::submit)
        .get("/he-thong/tong-hop", national::console_latest)
        .get("/he-thong/tong-hop/{year}", national::console)
        .get_post(
            "/he-thong/danh-muc-chi-tieu",
            catalogue::list,
            catalogue::create,
        )
        .get("/he-thong/danh-muc-chi-tieu/moi", catalogue::new)
        .get_post(
            "/he-thong/danh-muc-chi-tieu/{id}",
            catalogue::edit,
            catalogue::update,
        );
    Routes::new()
        .get_post("/dang-nhap", ws::sign_in::form, ws::sign_in::submit)
        .post("/dang-xuat", ws::sign_in::sign_out)
        .get_post("/cai-dat", setup::form, setup::submit)
        .get("/don-vi", units::list)
        .get("/toan-quoc", national::latest)
        .merge(
            installation_portal().map(|r| r.layer(from_fn(cache::serve_installation_from_cache))),
        )
        .merge(signed_in.map(|r| r.layer(from_fn(send_to_sign_in))))
}

/// The installation's own public pages that count every unit: kept in the page cache like a
/// unit's portal, forgotten at any unit's write.
fn installation_portal() -> Routes {
    Routes::new()
        .get("/toan-quoc/{year}", national::public)
        .get("/sitemap-index.xml", discovery::sitemap_index)
        .get("/api/v1/toan-quoc/{year}", api_rollups::national)
}

/// Routes that take a body larger than a form's, up to `bytes` (with a Vietnamese answer
/// beyond), for signed-in staff.
fn limited(routes: Routes, bytes: usize) -> Routes {
    routes.map(|r| {
        r.layer(DefaultBodyLimit::max(bytes))
            .layer(from_fn(send_to_sign_in))
    })
}
