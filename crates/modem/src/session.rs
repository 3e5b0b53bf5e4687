//! Initialisation that asks instead of assuming: PIN only when the SIM wants
//! one, storage and indication settings chosen from what the modem offers.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use tracing::{debug, info, warn};

use crate::command::{Request, SHORT, SIM, Simple, split_params, value_after};
use crate::error::ModemError;
use crate::quirks::Vendor;
use crate::status::Identity;
use crate::{AtCommand, Modem};

/// What initialisation found out and chose.
#[derive(Debug, Clone)]
pub(crate) struct Setup {
    pub vendor: Vendor,
    pub imei: String,
    /// `+CNMI` values in use (TS 27.005 clause 3.4.1).
    pub cnmi: [u8; 5],
    /// Whether `+CMT`/`+CDS` need `AT+CNMA` (`+CSMS` service 1 only).
    pub needs_cnma: bool,
    /// The storage selected for reading, writing and receiving (`SM` usually).
    pub storage: Option<String>,
    /// Other memories readable as `<mem1>` (e.g. `SR` for status reports).
    pub other_read_memories: Vec<String>,
}

/// PINs a SIM rejected in this process, by IMEI: never sent again, so the SIM
/// is not PUK-locked by a supervisor that keeps reconnecting. Keyed by a hash
/// so the PIN itself is not kept.
fn rejected() -> &'static Mutex<HashSet<(String, u64)>> {
    static REJECTED: OnceLock<Mutex<HashSet<(String, u64)>>> = OnceLock::new();
    REJECTED.get_or_init(|| Mutex::new(HashSet::new()))
}

fn pin_key(imei: &str, pin: &str) -> (String, u64) {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    pin.hash(&mut h);
    (imei.to_string(), h.finish())
}

/// `AT+CPIN?` (TS 27.007 clause 8.3): the code the SIM is waiting for.
struct PinStatus;

impl AtCommand for PinStatus {
    type Output = String;
    fn request(&self) -> Request {
        Request::new("AT+CPIN?", "AT+CPIN?", SIM).prefix("+CPIN:")
    }
    fn parse(&self, lines: &[String]) -> Result<String, ModemError> {
        lines
            .iter()
            .find_map(|l| value_after(l, "+CPIN:"))
            .map(|v| v.trim_matches('"').to_ascii_uppercase())
            .ok_or_else(|| ModemError::Unexpected {
                command: "AT+CPIN?".into(),
                detail: "no +CPIN: line".into(),
            })
    }
}

/// `AT+CPIN=<pin>`; the text never reaches a log.
struct EnterPin(String);

impl AtCommand for EnterPin {
    type Output = ();
    fn request(&self) -> Request {
        let mut r = Request::new(format!("AT+CPIN=\"{}\"", self.0), "AT+CPIN=", SIM);
        r.secret = true;
        r
    }
    fn parse(&self, _: &[String]) -> Result<(), ModemError> {
        Ok(())
    }
}

/// A `=?` test command whose answer is a list of ranges, e.g.
/// `+CNMI: (0-3),(0-3),(0,2),(0-2),(0,1)`.
struct Ranges {
    text: &'static str,
    prefix: &'static str,
}

impl AtCommand for Ranges {
    type Output = Vec<Vec<String>>;
    fn request(&self) -> Request {
        Request::new(self.text, self.text, SHORT).prefix(self.prefix)
    }
    fn parse(&self, lines: &[String]) -> Result<Vec<Vec<String>>, ModemError> {
        let v = lines
            .iter()
            .find_map(|l| value_after(l, self.prefix))
            .ok_or_else(|| ModemError::Unexpected {
                command: self.text.into(),
                detail: format!("no {} line", self.prefix),
            })?;
        Ok(parse_ranges(v))
    }
}

/// Parses `(a,b),(c-d),"X"` groups into lists of values, ranges expanded.
/// A group may come without parentheses (`2,(0-3),0,(0,1),0`) or with stray
/// spaces, as some firmwares write them.
pub(crate) fn parse_ranges(v: &str) -> Vec<Vec<String>> {
    let mut groups = Vec::new();
    let mut depth = 0usize;
    let mut quoted = false;
    let mut cur = String::new();
    for c in v.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth = depth.saturating_sub(1),
            ',' if !quoted && depth == 0 => groups.push(expand(&std::mem::take(&mut cur))),
            _ => cur.push(c),
        }
    }
    if !cur.trim().is_empty() || !groups.is_empty() {
        groups.push(expand(&cur));
    }
    groups
}

fn expand(group: &str) -> Vec<String> {
    let mut out = Vec::new();
    for item in split_params(group) {
        match item.split_once('-') {
            Some((a, b)) => match (a.trim().parse::<u32>(), b.trim().parse::<u32>()) {
                (Ok(a), Ok(b)) if a <= b && b - a < 256 => {
                    out.extend((a..=b).map(|n| n.to_string()));
                }
                _ => out.push(item),
            },
            None if !item.is_empty() => out.push(item),
            None => {}
        }
    }
    out
}

/// Chooses `+CNMI=<mode>,<mt>,<bm>,<ds>,<bfr>` from what `AT+CNMI=?` offers
/// (TS 27.005 clause 3.4.1): buffer URCs while the link is busy (mode 2, else
/// 1), store messages and announce them with `+CMTI` (mt 1, so nothing is lost
/// before the gateway stored it; else 2, `+CMT`), no cell broadcast, status
/// reports routed (ds 1) or stored (ds 2), flush the buffer (bfr 0).
pub(crate) fn choose_cnmi(offer: &[Vec<String>]) -> [u8; 5] {
    let has = |i: usize, v: u8| {
        offer
            .get(i)
            .is_some_and(|g| g.iter().any(|x| x == &v.to_string()))
    };
    let pick = |i: usize, prefs: &[u8]| prefs.iter().copied().find(|v| has(i, *v)).unwrap_or(0);
    [pick(0, &[2, 1]), pick(1, &[1, 2]), 0, pick(3, &[1, 2]), 0]
}

/// Chooses the storage for `+CPMS` from `AT+CPMS=?` (TS 27.005 clause 3.2.2):
/// the SIM (`SM`) if every memory offers it, else the first memory offered.
pub(crate) fn choose_storage(offer: &[Vec<String>]) -> Option<String> {
    let all = |m: &str| !offer.is_empty() && offer.iter().all(|g| g.iter().any(|x| x == m));
    ["SM", "MT", "ME"]
        .into_iter()
        .find(|m| all(m))
        .map(str::to_string)
        .or_else(|| offer.first()?.first().cloned())
}

impl Modem {
    pub(crate) async fn initialise(&self, pin: Option<&str>) -> Result<Setup, ModemError> {
        // The first AT may meet a modem still booting, or one left waiting for a
        // PDU by a previous program: Escape cancels that (TS 27.005 clause 3.5.1).
        self.write_raw(vec![0x1b]).await;
        let mut answered = false;
        for _ in 0..3 {
            match self
                .exec_init(&Simple::new("AT", "AT", Duration::from_secs(1)))
                .await
            {
                Ok(_) => {
                    answered = true;
                    break;
                }
                Err(e @ ModemError::Disconnected { .. }) => return Err(e),
                Err(ModemError::Timeout { .. }) => {}
                // An ERROR still proves something is listening.
                Err(_) => {
                    answered = true;
                    break;
                }
            }
        }
        if !answered {
            return Err(ModemError::Timeout {
                command: "AT".into(),
                after: Duration::from_secs(3),
            });
        }
        self.exec_init(&Simple::new("ATE0", "ATE0", SHORT)).await?;
        // TS 27.007 clause 9.1: numeric +CME ERROR codes.
        self.exec_init(&Simple::new("AT+CMEE=1", "AT+CMEE", SHORT))
            .await?;
        // The IMEI is readable before the PIN on all but ZTE; it keys the
        // "PIN rejected" memory.
        let imei_before = self.exec_init(&Identity::IMEI).await.ok();
        let fallback_key = self.path();
        self.unlock(pin, imei_before.as_deref().unwrap_or(&fallback_key))
            .await?;
        let manufacturer = self.exec_init(&Identity::MANUFACTURER).await?;
        let model = self.exec_init(&Identity::MODEL).await?;
        let imei = match imei_before {
            Some(i) => i,
            None => self.exec_init(&Identity::IMEI).await?,
        };
        let vendor = Vendor::detect(&manufacturer, &model);
        for cmd in vendor.init_commands() {
            if let Err(e) = self
                .exec_init(&Simple::new(*cmd, "vendor init", SHORT))
                .await
            {
                debug!(error = %e, "vendor init command refused");
            }
        }
        // TS 27.005 clause 3.2.3: PDU mode.
        self.exec_patient(&Simple::new("AT+CMGF=0", "AT+CMGF", SHORT))
            .await?;
        // TS 27.005 clause 3.2.1: service 0 needs no +CNMA for routed messages.
        let needs_cnma = match self
            .exec_patient(&Simple::new("AT+CSMS=0", "AT+CSMS", SHORT))
            .await
        {
            Ok(_) => false,
            Err(e) => {
                debug!(error = %e, "AT+CSMS=0 refused; assuming phase 2+ acknowledgements");
                true
            }
        };
        let mut storage = None;
        let mut other_read_memories = Vec::new();
        match self
            .exec_patient(&Ranges {
                text: "AT+CPMS=?",
                prefix: "+CPMS:",
            })
            .await
        {
            Ok(offer) => {
                if let Some(mem) = choose_storage(&offer) {
                    let cmd = format!("AT+CPMS=\"{mem}\",\"{mem}\",\"{mem}\"");
                    match self.exec_patient(&Simple::new(cmd, "AT+CPMS", SIM)).await {
                        Ok(_) => storage = Some(mem.clone()),
                        Err(e) => warn!(error = %e, "could not select message storage"),
                    }
                    // Status reports may live in a memory of their own (TS 27.005 3.2.2: "SR").
                    other_read_memories = offer
                        .first()
                        .map(|g| {
                            g.iter()
                                .filter(|m| **m == "SR" && **m != mem)
                                .cloned()
                                .collect()
                        })
                        .unwrap_or_default();
                }
            }
            Err(e) => debug!(error = %e, "AT+CPMS=? not answered; keeping the storage"),
        }
        let cnmi = match self
            .exec_patient(&Ranges {
                text: "AT+CNMI=?",
                prefix: "+CNMI:",
            })
            .await
        {
            Ok(offer) => choose_cnmi(&offer),
            Err(_) => [2, 1, 0, 2, 0],
        };
        let text = format!(
            "AT+CNMI={},{},{},{},{}",
            cnmi[0], cnmi[1], cnmi[2], cnmi[3], cnmi[4]
        );
        let cnmi = match self
            .exec_patient(&Simple::new(text, "AT+CNMI", SHORT))
            .await
        {
            Ok(_) => cnmi,
            Err(e) => {
                // No URCs: the periodic sweep still finds every message.
                warn!(error = %e, "AT+CNMI refused; relying on the storage sweep");
                [0; 5]
            }
        };
        // Registration changes as URCs (TS 27.007 clause 7.2).
        let _ = self
            .exec_init(&Simple::new("AT+CREG=1", "AT+CREG", SHORT))
            .await;
        info!(vendor = ?vendor, "modem ready");
        Ok(Setup {
            vendor,
            imei,
            cnmi,
            needs_cnma,
            storage,
            other_read_memories,
        })
    }

    /// Runs an SMS command of the initialisation, waiting while the SIM is
    /// busy: after a restart SIMCom and Quectel modules answer "SIM busy"
    /// (`+CMS ERROR: 314`, `+CME ERROR: 14`) until they report `SMS Ready`.
    async fn exec_patient<C: AtCommand>(&self, cmd: &C) -> Result<C::Output, ModemError> {
        let mut tries = 0;
        loop {
            match self.exec_init(cmd).await {
                Err(ModemError::Cms(e)) if e.code() == 314 && tries < 20 => {}
                Err(ModemError::Cme(e)) if e.code() == 14 && tries < 20 => {}
                other => return other,
            }
            tries += 1;
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Enters the PIN if, and only if, the SIM asks for it (TS 27.007 clause 8.3).
    async fn unlock(&self, pin: Option<&str>, key: &str) -> Result<(), ModemError> {
        let status = match self.exec_init(&PinStatus).await {
            Ok(s) => s,
            // A SIM still starting answers "SIM busy": give it a moment once.
            Err(ModemError::Cme(e)) if e.code() == 14 => {
                tokio::time::sleep(Duration::from_secs(2)).await;
                self.exec_init(&PinStatus).await?
            }
            Err(e) => return Err(e),
        };
        match status.as_str() {
            "READY" => return Ok(()),
            "SIM PIN" => {}
            other => return Err(ModemError::SimLocked(other.to_string())),
        }
        let Some(pin) = pin else {
            return Err(ModemError::PinRequired);
        };
        let k = pin_key(key, pin);
        if lock_rejected().contains(&k) {
            return Err(ModemError::PinRejected);
        }
        match self.exec_init(&EnterPin(pin.to_string())).await {
            Ok(()) => {}
            Err(ModemError::Cme(_) | ModemError::Cms(_) | ModemError::Rejected { .. }) => {
                lock_rejected().insert(k);
                warn!("the SIM rejected the configured PIN; it will not be sent again");
                return Err(ModemError::PinRejected);
            }
            Err(e) => return Err(e),
        }
        // The SIM takes a moment to become ready after the PIN.
        for _ in 0..20 {
            if let Ok(s) = self.exec_init(&PinStatus).await {
                if s == "READY" {
                    return Ok(());
                }
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        Err(ModemError::SimLocked("SIM not ready after the PIN".into()))
    }
}

fn lock_rejected() -> std::sync::MutexGuard<'static, HashSet<(String, u64)>> {
    rejected().lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cnmi_prefers_stored_messages_and_routed_reports() {
        let offer = parse_ranges("(0-3),(0-3),(0,2),(0-2),(0,1)");
        assert_eq!(choose_cnmi(&offer), [2, 1, 0, 1, 0]);
        // Wavecom: only stored reports.
        let offer = parse_ranges("(0-3),(0-3),(0-3),(0,2),(0,1)");
        assert_eq!(choose_cnmi(&offer), [2, 1, 0, 2, 0]);
        // Only direct routing of messages on offer.
        let offer = parse_ranges("(1),(0,2),(0),(0),(0)");
        assert_eq!(choose_cnmi(&offer), [1, 2, 0, 0, 0]);
    }

    #[test]
    fn ranges_parse_with_odd_parentheses() {
        assert_eq!(
            parse_ranges("2,(0-3), 0 ,(0,1,2),0"),
            vec![
                vec!["2".to_string()],
                vec!["0".into(), "1".into(), "2".into(), "3".into()],
                vec!["0".into()],
                vec!["0".into(), "1".into(), "2".into()],
                vec!["0".into()],
            ]
        );
        assert_eq!(
            choose_cnmi(&parse_ranges("2,(0-3),0,(0,1,2),0")),
            [2, 1, 0, 1, 0]
        );
        assert_eq!(
            parse_ranges("(\"SM\",\"ME\"),(\"SM\")"),
            vec![vec!["SM".to_string(), "ME".into()], vec!["SM".into()]]
        );
        assert!(parse_ranges("").is_empty());
    }

    #[test]
    fn storage_prefers_the_sim_when_every_memory_offers_it() {
        let offer = parse_ranges("(\"SM\",\"ME\"),(\"SM\",\"ME\"),(\"SM\",\"ME\")");
        assert_eq!(choose_storage(&offer).as_deref(), Some("SM"));
        let offer = parse_ranges("(\"ME\",\"MT\"),(\"ME\",\"MT\"),(\"ME\",\"MT\")");
        assert_eq!(choose_storage(&offer).as_deref(), Some("MT"));
        assert_eq!(choose_storage(&[]), None);
    }
}
