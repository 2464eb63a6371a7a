//! The browser harness: the real server on a local port, Debian's ChromeDriver and Chromium driven
//! over WebDriver, and the checks a person would make of a page (what it loads, how wide it is, what
//! axe-core finds).

use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::wd::TimeoutConfiguration;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use tokio::sync::Semaphore;

use crate::common::{spawn_app_with_hosts, TestApp};

/// Where Debian installs the browser and its driver; nothing here ever downloads a browser.
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The width of a small phone, the narrowest screen the portal promises to fit.
pub const PHONE_WIDTH: u32 = 360;

/// Browsers at once: each takes most of a core while a page loads, and the machine has two.
static BROWSERS: Semaphore = Semaphore::const_new(2);

/// axe-core 4.14.1 from npm (MPL-2.0), kept in the tree so that the suite needs no network.
const AXE: &str = include_str!("vendor/axe.min.js");

/// The screen a browser opens with.
#[derive(Clone, Copy)]
pub enum Screen {
    /// A phone 360 CSS pixels wide, emulated as Chromium's device mode does.
    Phone,
    /// An office desktop.
    Desktop,
}

/// A running server with the demo, and one browser pointed at it.
pub struct Browser {
    pub app: TestApp,
    pub client: Client,
    base: String,
    /// The port the app listens on, for addresses on a unit's host name.
    port: u16,
    /// The unit's host name the browser is on, if not the installation's address.
    host: Option<String>,
    driver: Child,
    driver_port: u16,
    session: String,
    /// Set when the test is over, so that the watchdog leaves the driver alone.
    finished: Arc<AtomicBool>,
    _permit: tokio::sync::SemaphorePermit<'static>,
}

/// The longest a browser test may take. WebDriver commands have their own time limits, but a
/// browser that stops answering would hold a test (and CI) forever; past this the watchdog ends
/// the driver and its browser, and the test fails on its next command, saying so.
const WATCHDOG: Duration = Duration::from_secs(480);

/// Kill a process group: the driver, which leads its own, and the browser it started. Through the
/// system call, never the `kill` command: procps's `kill -KILL -19` reads `-19` as options and
/// signals every process (`kill(-1)`), which once took the whole machine down with it.
fn kill_group(leader: u32) {
    if let Ok(pid) = i32::try_from(leader) {
        if pid > 1 {
            let _ = nix::sys::signal::killpg(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
    }
}

/// End the driver's process group (the driver and the browser it started) after [`WATCHDOG`]
/// unless the test finished first.
fn watch(driver_pid: u32, finished: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        let deadline = Instant::now() + WATCHDOG;
        while Instant::now() < deadline {
            if finished.load(Ordering::Relaxed) {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        eprintln!(
            "a browser test ran over {} s: ending ChromeDriver and Chromium",
            WATCHDOG.as_secs()
        );
        kill_group(driver_pid);
    });
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.finished.store(true, Ordering::Relaxed);
        // Killing the driver alone would orphan its Chromium, whose processes would pile up over
        // a run (a failed test included): the session is ended first, which makes the driver quit
        // the browser, then the driver's process group goes.
        if let Ok(mut conn) = std::net::TcpStream::connect(("127.0.0.1", self.driver_port)) {
            use std::io::{Read, Write};
            let _ = conn.set_read_timeout(Some(Duration::from_secs(10)));
            let request = format!(
                "DELETE /session/{} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                self.session
            );
            if conn.write_all(request.as_bytes()).is_ok() {
                let _ = conn.read_to_end(&mut Vec::new());
            }
        }
        kill_group(self.driver.id());
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A free port on the loopback interface, for ChromeDriver to listen on.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

fn require(path: &str, package: &str) {
    assert!(
        std::path::Path::new(path).exists(),
        "{path} is missing: the browser tests need Debian's {package} \
         (apt-get install -y chromium chromium-driver); .ci/run installs it"
    );
}

async fn start_driver() -> (Child, u16) {
    require(CHROMIUM, "chromium");
    require(CHROMEDRIVER, "chromium-driver");
    let port = free_port();
    let driver = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "chromedriver never listened");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (driver, port)
}

fn capabilities(screen: Screen) -> serde_json::Map<String, Value> {
    // The machine has no network beyond the package registries: without the background
    // networking switches Chromium keeps trying to reach Google's services (updates, sync,
    // translation, safe browsing), which can stall it on a closed network.
    let mut args = vec![
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--disable-default-apps",
        "--disable-features=Translate,OptimizationHints,MediaRouter",
        "--lang=vi",
        // Every unit's host name (`common::host_of`) reaches the app on this machine.
        "--host-resolver-rules=MAP *.phoihop.test 127.0.0.1",
    ];
    if matches!(screen, Screen::Desktop) {
        args.push("--window-size=1280,900");
    }
    let mut options = json!({ "binary": CHROMIUM, "args": args });
    if matches!(screen, Screen::Phone) {
        options["mobileEmulation"] = json!({
            "deviceMetrics": { "width": PHONE_WIDTH, "height": 780, "pixelRatio": 2.0, "touch": true }
        });
    }
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert("goog:chromeOptions".into(), options);
    caps
}

/// A Chrome DevTools command, through ChromeDriver's `goog/cdp/execute` extension.
#[derive(Debug)]
struct DevTools {
    cmd: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

impl Browser {
    /// The demo installation served on a local port, and a browser with JavaScript on.
    pub async fn open(screen: Screen) -> Browser {
        Self::open_with(screen, true).await
    }

    /// The same, choosing whether the page's scripts run.
    pub async fn open_with(screen: Screen, javascript: bool) -> Browser {
        let permit = BROWSERS.acquire().await.expect("the browser gate is open");
        let app = spawn_app_with_hosts().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a local port");
        let addr = listener.local_addr().expect("its address");
        let service = app
            .router
            .clone()
            .into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, service).await });
        let (driver, port) = start_driver().await;
        let finished = Arc::new(AtomicBool::new(false));
        watch(driver.id(), finished.clone());
        let client = tokio::time::timeout(
            Duration::from_secs(60),
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(capabilities(screen))
                .connect(&format!("http://127.0.0.1:{port}")),
        )
        .await
        .expect("Chromium starts within a minute")
        .expect("a browser session");
        // No page, script or wait may take longer than this, so that a stuck page fails its test.
        client
            .update_timeouts(TimeoutConfiguration::new(
                Some(Duration::from_secs(30)),
                Some(Duration::from_secs(30)),
                Some(Duration::ZERO),
            ))
            .await
            .expect("time limits are set");
        if !javascript {
            // The pages' scripts never load, as for a reader who blocks them or whose network
            // dropped them. Switching JavaScript off altogether would stop WebDriver's own
            // commands too; the pages have no inline scripts, so blocking the files is the same.
            for (cmd, params) in [
                ("Network.enable", json!({})),
                ("Network.setBlockedURLs", json!({ "urls": ["*.js"] })),
            ] {
                client
                    .issue_cmd(DevTools { cmd, params })
                    .await
                    .expect("scripts can be blocked");
            }
        }
        let session = client.session_id().await.ok().flatten().unwrap_or_default();
        Browser {
            app,
            client,
            base: format!("http://{addr}"),
            port: addr.port(),
            host: None,
            driver,
            driver_port: port,
            session,
            finished,
            _permit: permit,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Browse a unit at the root of its host name (`Some`), or the installation's address.
    pub fn on_host(&mut self, host: Option<&str>) {
        self.host = host.map(str::to_string);
        self.base = match host {
            Some(h) => format!("http://{h}:{}", self.port),
            None => format!("http://127.0.0.1:{}", self.port),
        };
    }

    /// The unit's host name the browser is on, if any.
    pub fn host(&self) -> Option<&str> {
        self.host.as_deref()
    }

    /// Open a page and wait until it has loaded.
    pub async fn visit(&self, path: &str) {
        self.client
            .goto(&self.url(path))
            .await
            .unwrap_or_else(|e| panic!("{path} opens: {e}"));
    }

    /// The path (and query) the browser is on.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("a current URL");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
    }

    /// Run a script in the page and return its value.
    pub async fn eval(&self, script: &str) -> Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("the script runs: {e}\n{script}"))
    }

    /// The page as Chromium prints it, as PDF bytes: what a person gets from "In" on paper.
    pub async fn print_to_pdf(&self) -> Vec<u8> {
        use base64::Engine;
        let answer = self
            .client
            .issue_cmd(DevTools {
                cmd: "Page.printToPDF",
                params: json!({ "printBackground": false }),
            })
            .await
            .expect("the page prints");
        let data = answer["data"].as_str().expect("the PDF, in base64");
        base64::engine::general_purpose::STANDARD
            .decode(data)
            .expect("base64")
    }

    /// The text a reader sees on the page.
    pub async fn text(&self) -> String {
        self.eval("return document.body.innerText;")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Sign in through the sign-in form as a demo account.
    pub async fn sign_in(&self, username: &str) {
        self.visit("/dang-nhap").await;
        self.fill("#username", username).await;
        self.fill("#password", &self.app.password(username)).await;
        self.click("form button[type=submit]").await;
        self.wait_until_path(|p| !p.starts_with("/dang-nhap")).await;
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.element(css).await;
        field.clear().await.expect("the field clears");
        field.send_keys(text).await.expect("the field takes keys");
    }

    pub async fn click(&self, css: &str) {
        self.element(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("{css} can be clicked: {e}"));
    }

    pub async fn element(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("the page has {css}: {e}"))
    }

    /// Wait (up to ten seconds) until the browser's path satisfies `done`.
    pub async fn wait_until_path(&self, done: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let path = self.path().await;
            if done(&path) {
                return;
            }
            assert!(Instant::now() < deadline, "still on {path}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Wait (up to ten seconds) until a script returns true.
    pub async fn wait_for(&self, what: &str, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.eval(script).await != Value::Bool(true) {
            assert!(Instant::now() < deadline, "waited in vain for {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Every same-site address the page loads or links to: scripts, styles, images, icons,
    /// links and form actions.
    pub async fn references(&self) -> Vec<String> {
        let found = self
            .eval(
                r#"const out = new Set();
                for (const el of document.querySelectorAll('[src],[href],form[action]')) {
                  const raw = el.getAttribute('src') ?? el.getAttribute('href') ?? el.getAttribute('action');
                  if (raw === null || raw.startsWith('#') || raw.startsWith('mailto:') || raw.startsWith('tel:')) continue;
                  const url = new URL(raw, document.baseURI);
                  if (url.origin !== location.origin) continue;
                  if (el.tagName === 'FORM' && (el.method || 'get').toLowerCase() !== 'get') continue;
                  out.add(url.pathname + url.search);
                }
                return [...out];"#,
            )
            .await;
        serde_json::from_value(found).expect("a list of addresses")
    }

    /// How far the page reaches past the right edge of the screen, in CSS pixels, and the
    /// elements that stick out, so that a failure names them.
    pub async fn overflow(&self) -> (i64, Vec<String>) {
        let found = self
            .eval(
                r#"const width = document.documentElement.clientWidth;
                const over = document.documentElement.scrollWidth - width;
                const culprits = [];
                if (over > 0) {
                  // What sticks out on its own, not what a scrolling box around it holds.
                  const scrolled = el => {
                    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                      if (getComputedStyle(p).overflowX !== 'visible') return true;
                    }
                    return false;
                  };
                  for (const el of document.querySelectorAll('body *')) {
                    const r = el.getBoundingClientRect();
                    if (r.right > width + 1 && r.width > 0 && !scrolled(el)) {
                      culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                        (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
                        ' right=' + Math.round(r.right));
                      if (culprits.length > 8) break;
                    }
                  }
                }
                return [over, culprits];"#,
            )
            .await;
        let over = found[0].as_i64().unwrap_or_default();
        let culprits = serde_json::from_value(found[1].clone()).unwrap_or_default();
        (over, culprits)
    }

    /// What axe-core reports against WCAG 2.1 levels A and AA, one line a failing element.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        self.client
            .execute(AXE, Vec::new())
            .await
            .expect("axe-core loads into the page");
        let result = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                  .then(r => done(r.violations.flatMap(v => v.nodes.map(n =>
                     v.id + ': ' + n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\s+/g, ' ')))))
                  .catch(e => done(['axe failed: ' + e]));"#,
                Vec::new(),
            )
            .await
            .expect("axe-core runs");
        serde_json::from_value(result).expect("a list of violations")
    }
}
