//! The tray icon: Show brings the window back, Quit stops the gateway and exits.

use tauri::Runtime;
use tauri::menu::{Menu, MenuItem};
use tauri::tray::TrayIconBuilder;

use crate::window;

const SHOW: &str = "show";
const QUIT: &str = "quit";

pub(crate) fn install<R: Runtime>(app: &tauri::App<R>) -> tauri::Result<()> {
    let show = MenuItem::with_id(app, SHOW, "Show SimGate", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, QUIT, "Quit SimGate", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&show, &quit])?;
    let mut tray = TrayIconBuilder::with_id("simgate")
        .tooltip("SimGate")
        .menu(&menu)
        .on_menu_event(|app, event| match event.id().as_ref() {
            SHOW => window::reveal(app),
            QUIT => app.exit(0),
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    // The app keeps the tray icon alive by its id; the handle need not be kept.
    tray.build(app)?;
    Ok(())
}
