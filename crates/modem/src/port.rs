//! The serial port: opened through `serialport`, read and written on two
//! small threads so that a modem that stops reading (its buffers full) can
//! never block the driver task.

use std::io::{Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::mpsc;

use crate::error::ModemError;

/// How long one blocking read waits before checking whether to stop.
const READ_SLICE: Duration = Duration::from_millis(100);

/// What the reader and writer threads report to the driver task.
#[derive(Debug)]
pub(crate) enum PortEvent {
    Data(Vec<u8>),
    Closed(String),
}

/// The two I/O threads of one open port. Dropping it stops both.
#[derive(Debug)]
pub(crate) struct PortIo {
    pub rx: mpsc::UnboundedReceiver<PortEvent>,
    writer: Option<std::sync::mpsc::Sender<Vec<u8>>>,
    stop: Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl PortIo {
    /// Opens `path` like any `/dev/ttyUSB*` and starts the threads.
    pub fn open(path: &str, baud: u32) -> Result<PortIo, ModemError> {
        let open_err = |e: serialport::Error| ModemError::Open {
            path: path.to_string(),
            reason: e.to_string(),
        };
        let port = serialport::new(path, baud)
            .timeout(READ_SLICE)
            .open_native()
            .map_err(open_err)?;
        let mut reader = port.try_clone_native().map_err(open_err)?;
        let mut writer_port = port;
        let (tx, rx) = mpsc::unbounded_channel();
        let (wtx, wrx) = std::sync::mpsc::channel::<Vec<u8>>();
        let stop = Arc::new(AtomicBool::new(false));

        let rstop = stop.clone();
        let rtx = tx.clone();
        let reader_thread = std::thread::Builder::new()
            .name("simgate-modem-rx".into())
            .spawn(move || {
                let mut buf = [0u8; 4096];
                while !rstop.load(Ordering::Relaxed) {
                    match reader.read(&mut buf) {
                        // A pty whose other side went away reads 0 bytes forever: that is an unplug.
                        Ok(0) => {
                            let _ = rtx.send(PortEvent::Closed("end of file".into()));
                            break;
                        }
                        Ok(n) => {
                            if rtx.send(PortEvent::Data(buf[..n].to_vec())).is_err() {
                                break;
                            }
                        }
                        Err(e)
                            if matches!(
                                e.kind(),
                                std::io::ErrorKind::TimedOut
                                    | std::io::ErrorKind::WouldBlock
                                    | std::io::ErrorKind::Interrupted
                            ) => {}
                        Err(e) => {
                            let _ = rtx.send(PortEvent::Closed(e.to_string()));
                            break;
                        }
                    }
                }
            })
            .map_err(|e| ModemError::Open {
                path: path.to_string(),
                reason: e.to_string(),
            })?;

        let writer_thread = std::thread::Builder::new()
            .name("simgate-modem-tx".into())
            .spawn(move || {
                // Ends when the driver drops its sender.
                while let Ok(bytes) = wrx.recv() {
                    let res = writer_port
                        .write_all(&bytes)
                        .and_then(|()| writer_port.flush());
                    if let Err(e) = res {
                        let _ = tx.send(PortEvent::Closed(e.to_string()));
                        break;
                    }
                }
            })
            .map_err(|e| ModemError::Open {
                path: path.to_string(),
                reason: e.to_string(),
            })?;

        Ok(PortIo {
            rx,
            writer: Some(wtx),
            stop,
            threads: vec![reader_thread, writer_thread],
        })
    }

    /// Queues bytes for the writer thread. A writer that already failed has
    /// reported `Closed` on the event channel, so the error is not repeated here.
    pub fn write(&self, bytes: Vec<u8>) {
        if let Some(w) = &self.writer {
            let _ = w.send(bytes);
        }
    }

    /// Stops both threads and waits until they have closed the port, so it
    /// can be opened again at once (serialport locks it exclusively).
    pub fn close(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.writer = None;
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for PortIo {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
