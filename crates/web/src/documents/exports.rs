//! Every list as XLSX and CSV, and the unit's public data as one open-data archive: the app makes
//! the tables for whoever asks; here they become downloads.

use std::collections::HashMap;

use app::exports::{Export, Sheet, ZIP};
use axum::extract::Query;

use super::Download;
use crate::extract::{Public, QueryMap, Visitor, YearParam};
use crate::{AppState, WebError};

fn sheet_download(export: Export, sheet: Sheet) -> Result<Download, WebError> {
    Ok(Download {
        bytes: export.to_bytes(sheet)?,
        content_type: sheet.content_type(),
        name: export.file_name(sheet),
        inline: false,
        private: export.private,
    })
}

macro_rules! sheets_by_year {
    ($($name:ident => $method:ident, $sheet:expr;)*) => {$(
        pub async fn $name(
            Visitor { state, v }: Visitor,
            YearParam(year): YearParam,
        ) -> Result<Download, WebError> {
            sheet_download(state.app.$method(&v, year).await?, $sheet)
        }
    )*};
}

sheets_by_year! {
    targets_xlsx => targets_export, Sheet::Xlsx;
    targets_csv => targets_export, Sheet::Csv;
    items_xlsx => items_export, Sheet::Xlsx;
    items_csv => items_export, Sheet::Csv;
    rollup_xlsx => rollup_export, Sheet::Xlsx;
    rollup_csv => rollup_export, Sheet::Csv;
    rollup_units_xlsx => rollup_units_export, Sheet::Xlsx;
    rollup_units_csv => rollup_units_export, Sheet::Csv;
}

async fn news(
    state: AppState,
    v: app::Viewer,
    query: HashMap<String, String>,
    sheet: Sheet,
) -> Result<Download, WebError> {
    let export = state
        .app
        .news_export(&v, query.get("danh-muc").map(String::as_str))
        .await?;
    sheet_download(export, sheet)
}

pub async fn news_xlsx(
    Public { state, v }: Public,
    Query(query): QueryMap,
) -> Result<Download, WebError> {
    news(state, v, query, Sheet::Xlsx).await
}

pub async fn news_csv(
    Public { state, v }: Public,
    Query(query): QueryMap,
) -> Result<Download, WebError> {
    news(state, v, query, Sheet::Csv).await
}

pub async fn open_data(Public { state, v }: Public) -> Result<Download, WebError> {
    let archive = state.app.open_data(&v).await?;
    let bytes = docs::open_data::open_data_archive(&archive)
        .map_err(|e| WebError::Internal(format!("open data: {e}")))?;
    Ok(Download {
        bytes,
        content_type: ZIP,
        name: format!("Dữ liệu mở {}.zip", archive.generated_on.format("%Y-%m-%d")),
        inline: false,
        private: false,
    })
}
