//! The main window and what it is told before the UI loads.

use tauri::{AppHandle, Manager, Runtime, Url, WebviewUrl, WebviewWindowBuilder};

/// Label of the one app window.
pub(crate) const MAIN: &str = "main";

/// Opens the main window on the bundled UI. The bootstrap script runs before any page script,
/// so the UI's API client finds `window.__SIMGATE__ = { baseUrl, token }` when it starts.
pub(crate) fn open<R: Runtime>(
    app: &tauri::App<R>,
    base_url: &str,
    token: &str,
) -> tauri::Result<()> {
    let origins = app_origins(app);
    WebviewWindowBuilder::new(app, MAIN, WebviewUrl::App("index.html".into()))
        .title("SimGate")
        .inner_size(1200.0, 800.0)
        .min_inner_size(800.0, 560.0)
        .initialization_script(bootstrap_script(base_url, token))
        // The token is in every page this webview shows: never let it navigate off the app.
        .on_navigation(move |url| origins.contains(&origin_of(url)))
        .build()?;
    Ok(())
}

/// Brings the main window to the front (tray "Show", or a second launch of the app).
pub(crate) fn reveal<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Origins the app's own pages are served from: `tauri://localhost` on Linux and macOS,
/// `http(s)://tauri.localhost` on Windows, and the Vite dev server in a dev build.
pub(crate) fn app_origins<R: Runtime>(app: &impl Manager<R>) -> Vec<String> {
    let mut origins: Vec<String> = [
        "tauri://localhost",
        "http://tauri.localhost",
        "https://tauri.localhost",
    ]
    .map(String::from)
    .into();
    if tauri::is_dev() {
        if let Some(dev_url) = &app.config().build.dev_url {
            origins.push(origin_of(dev_url));
        }
    }
    origins
}

fn bootstrap_script(base_url: &str, token: &str) -> String {
    let config = serde_json::json!({ "baseUrl": base_url, "token": token });
    format!("window.__SIMGATE__ = Object.freeze({config});")
}

/// `scheme://host[:port]`, also for custom schemes such as `tauri:`, whose standard origin is opaque.
fn origin_of(url: &Url) -> String {
    let mut origin = format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default());
    if let Some(port) = url.port() {
        origin.push_str(&format!(":{port}"));
    }
    origin
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bootstrap_script_hands_the_ui_its_base_url_and_token_as_json() {
        let script = bootstrap_script("http://127.0.0.1:40123", "ab\"cd");
        assert_eq!(
            script,
            r#"window.__SIMGATE__ = Object.freeze({"baseUrl":"http://127.0.0.1:40123","token":"ab\"cd"});"#
        );
    }

    #[test]
    fn origins_of_app_pages_and_foreign_pages_differ() {
        let origin = |s: &str| origin_of(&Url::parse(s).unwrap());
        assert_eq!(
            origin("tauri://localhost/index.html#/messages"),
            "tauri://localhost"
        );
        assert_eq!(
            origin("http://tauri.localhost/inbox"),
            "http://tauri.localhost"
        );
        assert_eq!(origin("http://localhost:5173/"), "http://localhost:5173");
        assert_eq!(
            origin("https://evil.example/tauri://localhost"),
            "https://evil.example"
        );
    }
}
