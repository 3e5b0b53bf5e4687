//! The API token: from `SIMGATE_API_TOKEN`, or generated once and kept in the data directory.

use std::fs;
use std::io::Write;
use std::path::Path;

use rand::RngCore;

/// Where the token came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSource {
    /// Read from an existing token file.
    File,
    /// Generated now and written to the token file (show it to the user once).
    Generated,
}

/// File name of the token inside the data directory.
pub const TOKEN_FILE: &str = "api-token";

/// Reads the token stored in `data_dir`, or generates a new 256-bit one and stores it with mode 0600.
pub fn load_or_create_token(data_dir: &Path) -> std::io::Result<(String, TokenSource)> {
    let path = data_dir.join(TOKEN_FILE);
    match fs::read_to_string(&path) {
        Ok(s) if !s.trim().is_empty() => return Ok((s.trim().to_owned(), TokenSource::File)),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    fs::create_dir_all(data_dir)?;
    let token = new_token();
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(&path)?;
    f.write_all(token.as_bytes())?;
    f.sync_all()?;
    Ok((token, TokenSource::Generated))
}

/// A fresh random token (32 bytes, hex).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_generated_once_private_and_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let (t1, s1) = load_or_create_token(dir.path()).unwrap();
        let (t2, s2) = load_or_create_token(dir.path()).unwrap();
        assert_eq!((s1, s2), (TokenSource::Generated, TokenSource::File));
        assert_eq!(t1, t2);
        assert_eq!(t1.len(), 64);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join(TOKEN_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
