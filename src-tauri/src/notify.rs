//! Native notifications for incoming SMS, so staff see a reply while the window is in the background.

use simgate_engine::Event;
use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::broadcast::{Receiver, error::RecvError};

/// Shows a notification for every complete incoming SMS published on the gateway's event bus.
pub(crate) fn forward_incoming<R: Runtime>(app: AppHandle<R>, mut events: Receiver<Event>) {
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => {
                    if let Some((title, body)) = notification_for(&event) {
                        // No notification service (no D-Bus session, a headless box) is not an
                        // error worth more than a trace: the inbox still has the message.
                        if let Err(err) =
                            app.notification().builder().title(title).body(body).show()
                        {
                            tracing::debug!(error = %err, "notification not shown");
                        }
                    }
                }
                // A burst outran us; carry on with the newest events.
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => break,
            }
        }
    });
}

/// Title and body of the notification an event deserves, if any.
fn notification_for(event: &Event) -> Option<(String, String)> {
    match event {
        Event::MessageReceived { from, modem, .. } => Some((
            format!("New SMS from {from}"),
            format!("Received on {modem}. Open SimGate to read it."),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_incoming_sms_names_its_sender_and_modem() {
        let event = Event::MessageReceived {
            id: "m1".into(),
            from: "+4915112345678".into(),
            modem: "demo-1".into(),
        };
        let (title, body) = notification_for(&event).expect("a notification");
        assert_eq!(title, "New SMS from +4915112345678");
        assert!(body.contains("demo-1"), "{body}");
    }

    #[test]
    fn status_changes_of_outgoing_messages_stay_quiet() {
        let event = Event::ModemUpdated {
            name: "demo-1".into(),
        };
        assert_eq!(notification_for(&event), None);
    }
}
