//! What the user can do with a modem: read its status, enable or disable it, run a USSD code, enter the SIM
//! PIN, and (demo modems) simulate an incoming SMS or an unplug/replug.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use simgate_modem::{Modem, ModemConfig, ModemError};
use simgate_sim::SimModem;
use simgate_store::{queue, settings};

use crate::modems::{self, Live, ModemStatus, is_sim_lock};
use crate::routing::usage_periods;
use crate::{EngineError, Event, FieldError, Gateway, now_ms, scheduler};

/// Settings key of the names of modems the user disabled.
const DISABLED_KEY: &str = "modems.disabled";
/// Longest a new modem's sender waits for the modem's first status read before it sends anyway.
pub(crate) const INTRODUCTION: std::time::Duration = std::time::Duration::from_secs(30);

/// Why a modem action could not be done.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModemActionError {
    /// No modem has this name.
    #[error("there is no modem named \"{0}\"")]
    NotFound(String),
    /// Simulating is only possible on demo modems.
    #[error("{0} is a real modem; only demo modems can simulate")]
    NotDemo(String),
    /// The modem is offline or waits for its PIN.
    #[error("{name} cannot do this now: {reason}")]
    NotReady {
        /// The modem.
        name: String,
        /// Why.
        reason: String,
    },
    /// A PIN was given for a SIM that does not ask for one.
    #[error("the SIM in {0} does not ask for a PIN")]
    PinNotAsked(String),
    /// The SIM rejected the PIN. SimGate never sends the same PIN again, so the SIM is not PUK-locked.
    #[error(
        "the SIM rejected the PIN; check it before trying another one (it will not be sent again)"
    )]
    PinRejected,
    /// A field of the request is invalid.
    #[error("{}: {}", .0.field, .0.message)]
    Invalid(FieldError),
    /// The modem failed the command.
    #[error("the modem failed: {0}")]
    Modem(#[from] ModemError),
    /// The gateway failed.
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// A demo modem simulation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SimulateAction {
    /// The network delivers an SMS (several parts when long).
    Incoming {
        /// Sender.
        from: String,
        /// Text.
        text: String,
    },
    /// Pull the dongle out.
    Unplug,
    /// Plug it back in (it comes back under a new device path).
    Replug,
}

impl Gateway {
    /// Starts the sender and the supervisor of an opened modem and adds it to the gateway.
    /// Starts a modem's sender and supervisor. The returned flag turns true once its status was first read;
    /// its sender starts then (or after [`INTRODUCTION`] at the latest).
    pub(crate) fn launch(&self, slot: modems::ModemSlot) -> tokio::sync::watch::Receiver<bool> {
        let (introduced, seen) = tokio::sync::watch::channel(false);
        let sender = tokio::spawn(crate::sender::run(
            self.clone(),
            slot.name.clone(),
            slot.modem.clone(),
            seen.clone(),
        ));
        let supervisor = tokio::spawn(super::run(
            self.clone(),
            slot.name.clone(),
            slot.modem.clone(),
            introduced,
        ));
        self.inner
            .tasks
            .lock()
            .expect("tasks lock")
            .extend([sender, supervisor]);
        self.inner.modems.lock().expect("modems lock").push(slot);
        seen
    }

    /// Applies `f` to a modem's live status; publishes `modem.updated` when it reports a change.
    pub(crate) fn update_live(&self, name: &str, f: impl FnOnce(&mut Live) -> bool) {
        let changed = self
            .inner
            .modems
            .lock()
            .expect("modems lock")
            .iter()
            .find(|m| m.name == name)
            .is_some_and(|m| f(&mut m.live.lock().expect("live lock")));
        if changed {
            self.publish(Event::ModemUpdated {
                name: name.to_owned(),
            });
        }
    }

    /// Every modem's status, attached ones first, then those waiting for a PIN.
    pub async fn modem_statuses(&self) -> Result<Vec<ModemStatus>, EngineError> {
        let mut out: Vec<ModemStatus> = self
            .inner
            .modems
            .lock()
            .expect("modems lock")
            .iter()
            .map(|m| m.status())
            .collect();
        out.extend(
            self.inner
                .locked
                .lock()
                .expect("locked lock")
                .iter()
                .map(|l| l.status()),
        );
        let day = usage_periods(&scheduler::current_config(self), now_ms()).day_start_ms;
        let names: Vec<String> = out.iter().map(|m| m.name.clone()).collect();
        let counts = self
            .read(move |conn| {
                names
                    .iter()
                    .map(|n| {
                        let starts = queue::PeriodStarts {
                            hour: day,
                            day,
                            month: day,
                        };
                        queue::usage(conn, n, "", starts).map(|u| u.day)
                    })
                    .collect::<Result<Vec<u32>, _>>()
            })
            .await?;
        for (m, n) in out.iter_mut().zip(counts) {
            m.sent_today = n;
        }
        Ok(out)
    }

    /// One modem's status.
    pub async fn modem_status(&self, name: &str) -> Result<ModemStatus, ModemActionError> {
        self.modem_statuses()
            .await?
            .into_iter()
            .find(|m| m.name == name)
            .ok_or_else(|| ModemActionError::NotFound(name.to_owned()))
    }

    fn attached(&self, name: &str) -> Result<(Modem, Option<Arc<SimModem>>), ModemActionError> {
        if let Some(m) = self
            .inner
            .modems
            .lock()
            .expect("modems lock")
            .iter()
            .find(|m| m.name == name)
        {
            return Ok((m.modem.clone(), m.sim.clone()));
        }
        if let Some(l) = self
            .inner
            .locked
            .lock()
            .expect("locked lock")
            .iter()
            .find(|l| l.name == name)
        {
            return Err(ModemActionError::NotReady {
                name: name.to_owned(),
                reason: l.error.clone(),
            });
        }
        Err(ModemActionError::NotFound(name.to_owned()))
    }

    /// Allows or stops sending through a modem. Remembered across restarts.
    pub async fn set_modem_enabled(
        &self,
        name: &str,
        enabled: bool,
    ) -> Result<ModemStatus, ModemActionError> {
        let disabled: Vec<String> = {
            let modems = self.inner.modems.lock().expect("modems lock");
            let slot = modems
                .iter()
                .find(|m| m.name == name)
                .ok_or_else(|| ModemActionError::NotFound(name.to_owned()))?;
            slot.enabled.store(enabled, Ordering::Relaxed);
            modems
                .iter()
                .filter(|m| !m.enabled.load(Ordering::Relaxed))
                .map(|m| m.name.clone())
                .collect()
        };
        let json = serde_json::to_string(&disabled)
            .map_err(|e| EngineError::CommitFailed(e.to_string()))?;
        self.inner
            .writer
            .write(move |tx| settings::set(tx, DISABLED_KEY, &json))
            .await?;
        tracing::info!(modem = %name, enabled, "modem sending switched");
        self.publish(Event::ModemUpdated {
            name: name.to_owned(),
        });
        self.inner.work.notify_waiters();
        self.modem_status(name).await
    }

    /// The names of the modems the user disabled (read at start, before any sender runs).
    pub(crate) async fn stored_disabled(&self) -> Result<Vec<String>, EngineError> {
        let stored = self
            .inner
            .writer
            .write(|tx| settings::get(tx, DISABLED_KEY))
            .await?;
        Ok(stored
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }

    /// Runs a USSD code (e.g. `*100#` for the balance) and returns the network's reply.
    pub async fn ussd(&self, name: &str, code: &str) -> Result<String, ModemActionError> {
        let valid = !code.is_empty()
            && code.len() <= 32
            && code
                .chars()
                .all(|c| c.is_ascii_digit() || "*#+".contains(c));
        if !valid {
            return Err(ModemActionError::Invalid(FieldError::new(
                "code",
                "a USSD code is 1-32 characters of digits, *, # and + (e.g. *100#)",
            )));
        }
        let (modem, _) = self.attached(name)?;
        if !modem.is_online() {
            return Err(ModemActionError::NotReady {
                name: name.to_owned(),
                reason: "it is offline".to_owned(),
            });
        }
        Ok(modem.ussd(code).await?)
    }

    /// Enters the SIM PIN of a modem whose SIM asks for it, then starts using the modem. A rejected PIN is
    /// never sent again (the driver remembers it), so the SIM cannot be PUK-locked by retries.
    pub async fn enter_pin(&self, name: &str, pin: &str) -> Result<ModemStatus, ModemActionError> {
        if !(4..=8).contains(&pin.len()) || !pin.chars().all(|c| c.is_ascii_digit()) {
            return Err(ModemActionError::Invalid(FieldError::new(
                "pin",
                "a SIM PIN is 4 to 8 digits",
            )));
        }
        // One PIN attempt at a time: two at once could use up the SIM's attempts.
        let _one_at_a_time = self.inner.pin_entry.lock().await;
        let locked = self
            .inner
            .locked
            .lock()
            .expect("locked lock")
            .iter()
            .find(|l| l.name == name)
            .cloned();
        let Some(locked) = locked else {
            self.attached(name)?;
            return Err(ModemActionError::PinNotAsked(name.to_owned()));
        };
        let mut cfg = ModemConfig::new(locked.path.clone());
        cfg.pin = Some(pin.to_owned());
        let opened = Modem::open(cfg).await;
        let remember = |error: String| {
            if let Some(l) = self
                .inner
                .locked
                .lock()
                .expect("locked lock")
                .iter_mut()
                .find(|l| l.name == name)
            {
                l.error = error;
            }
            self.publish(Event::ModemUpdated {
                name: name.to_owned(),
            });
        };
        match opened {
            Ok(modem) => {
                self.inner
                    .locked
                    .lock()
                    .expect("locked lock")
                    .retain(|l| l.name != name);
                tracing::info!(modem = %name, "SIM unlocked; modem attached");
                // Its sender starts once the supervisor has read the modem's status.
                let _introduced = self.launch(modems::slot(name.to_owned(), modem, None));
                self.publish(Event::ModemUpdated {
                    name: name.to_owned(),
                });
                self.inner.work.notify_waiters();
                self.modem_status(name).await
            }
            Err(ModemError::PinRejected) => {
                remember(ModemError::PinRejected.to_string());
                Err(ModemActionError::PinRejected)
            }
            Err(e) if is_sim_lock(&e) => {
                remember(e.to_string());
                Err(ModemActionError::Modem(e))
            }
            Err(e) => Err(ModemActionError::Modem(e)),
        }
    }

    /// Simulates network or hardware events on a demo modem.
    pub async fn simulate(
        &self,
        name: &str,
        action: SimulateAction,
    ) -> Result<ModemStatus, ModemActionError> {
        let (_, sim) = self.attached(name)?;
        let sim = sim.ok_or_else(|| ModemActionError::NotDemo(name.to_owned()))?;
        match action {
            SimulateAction::Incoming { from, text } => {
                if text.is_empty() {
                    return Err(ModemActionError::Invalid(FieldError::new(
                        "text",
                        "must not be empty",
                    )));
                }
                if from.is_empty() || from.len() > 20 {
                    return Err(ModemActionError::Invalid(FieldError::new(
                        "from",
                        "must be a phone number (or a sender name of up to 11 characters)",
                    )));
                }
                sim.inject_incoming(&from, &text).map_err(|e| match e {
                    simgate_sim::SimError::StorageFull => ModemActionError::NotReady {
                        name: name.to_owned(),
                        reason: "its message storage is full".to_owned(),
                    },
                    other => ModemActionError::Invalid(FieldError::new("from", other.to_string())),
                })?;
            }
            SimulateAction::Unplug => {
                tokio::task::spawn_blocking(move || sim.unplug())
                    .await
                    .map_err(|e| EngineError::CommitFailed(e.to_string()))?;
            }
            SimulateAction::Replug => {
                tokio::task::spawn_blocking(move || sim.replug())
                    .await
                    .map_err(|e| EngineError::CommitFailed(e.to_string()))?;
            }
        }
        self.modem_status(name).await
    }
}
