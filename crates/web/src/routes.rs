//! The routes of the application, built once with the paths they answer, so that a test can walk
//! every route the router serves — routes added later included — without a list of its own.

use axum::handler::Handler;
use axum::routing::{any, get, post, put, MethodRouter};
use axum::Router;

use crate::documents::imports::{self, Imported};
use crate::forms::{self, RecordForm};
use crate::AppState;

/// The builders of a path that answers one method, or every method, with one handler.
macro_rules! one_method {
    ($($(#[$doc:meta])* $name:ident => $methods:ident;)*) => {$(
        $(#[$doc])*
        pub fn $name<H, T>(self, path: &'static str, handler: H) -> Self
        where
            H: Handler<T, AppState>,
            T: 'static,
        {
            self.route(path, Methods::$methods, $name(handler))
        }
    )*};
}

/// The builders of a path that answers GET and one other method.
macro_rules! two_methods {
    ($($(#[$doc:meta])* $name:ident => $methods:ident, $second:ident;)*) => {$(
        $(#[$doc])*
        pub fn $name<G, TG, P, TP>(self, path: &'static str, on_get: G, on_other: P) -> Self
        where
            G: Handler<TG, AppState>,
            TG: 'static,
            P: Handler<TP, AppState>,
            TP: 'static,
        {
            self.route(path, Methods::$methods, get(on_get).$second(on_other))
        }
    )*};
}

/// What a route answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Methods {
    Get,
    Post,
    Put,
    GetPost,
    GetPut,
    /// Every method: a catch-all.
    Any,
}

impl Methods {
    /// Whether a GET reads something here.
    pub fn get(self) -> bool {
        matches!(self, Self::Get | Self::GetPost | Self::GetPut | Self::Any)
    }
}

/// A router under construction and the table of its paths.
pub struct Routes {
    router: Router<AppState>,
    table: Vec<(String, Methods)>,
}

impl Default for Routes {
    fn default() -> Self {
        Self::new()
    }
}

impl Routes {
    pub fn new() -> Self {
        Self {
            router: Router::new(),
            table: Vec::new(),
        }
    }

    fn route(mut self, path: &'static str, methods: Methods, m: MethodRouter<AppState>) -> Self {
        self.router = self.router.route(path, m);
        self.table.push((path.to_string(), methods));
        self
    }

    one_method! {
        /// A path that answers GET.
        get => Get;
        /// A path that answers POST.
        post => Post;
        /// A path that answers PUT.
        put => Put;
        /// Every method of a path (a catch-all under a prefix).
        any => Any;
    }

    two_methods! {
        /// A path that answers GET (a page) and POST (its form).
        get_post => GetPost, post;
        /// A path that answers GET (a record) and PUT (its change).
        get_put => GetPut, put;
    }

    /// A record's form: new at `new_path` (GET the form, POST it), changed at `edit_path`.
    pub fn record<F: RecordForm>(self, new_path: &'static str, edit_path: &'static str) -> Self {
        self.get_post(new_path, forms::new::<F>, forms::create::<F>)
            .edit::<F>(edit_path)
    }

    /// A record's form as it stands (GET) and its change (POST).
    pub fn edit<F: RecordForm>(self, path: &'static str) -> Self {
        self.get_post(path, forms::edit::<F>, forms::update::<F>)
    }

    /// A spreadsheet import: its template, its upload form (GET, POST) and its confirmation.
    pub fn import<K: Imported>(self, template: &'static str, paths: [&'static str; 2]) -> Self {
        let [form, confirm] = paths;
        self.get(template, imports::template::<K>)
            .get_post(form, imports::form::<K>, imports::upload::<K>)
            .post(confirm, imports::confirm::<K>)
    }

    /// Another set of routes beside these.
    pub fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.table.extend(other.table);
        self
    }

    /// Wrap every route so far, as with a middleware layer.
    pub fn map(mut self, f: impl FnOnce(Router<AppState>) -> Router<AppState>) -> Self {
        self.router = f(self.router);
        self
    }

    /// These routes again under a prefix with parameters (`/dv/{unit}`), beside themselves.
    pub fn and_under(mut self, prefix: &str) -> Self {
        let nested = Router::new().nest(prefix, self.router.clone());
        let prefixed: Vec<(String, Methods)> = self
            .table
            .iter()
            .map(|(path, m)| {
                let path = if path == "/" {
                    prefix.to_string()
                } else {
                    format!("{prefix}{path}")
                };
                (path, *m)
            })
            .collect();
        self.router = self.router.merge(nested);
        self.table.extend(prefixed);
        self
    }

    /// Every path with what it answers, in the order the routes were added.
    pub fn table(&self) -> &[(String, Methods)] {
        &self.table
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}
