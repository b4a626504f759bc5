//! TLS for `wss://` addresses, on the client side: rustls with the `ring` provider over the
//! TCP socket, trusting the system's certificates (`rustls-native-certs`: the platform's store,
//! or `SSL_CERT_FILE` / `SSL_CERT_DIR` when set, which is how a team trusts a private CA).
//!
//! A certificate that is not trusted, or a server that does not speak TLS, is a refusal (no
//! retry can fix it) with a message that says what to do; a network failure during the
//! handshake is an ordinary lost connection, retried with backoff by [`super::socket`].

use std::io;
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::ServerName;
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};

/// A TLS connection over TCP.
pub type TlsStream = StreamOwned<ClientConnection, TcpStream>;

/// How long the TLS handshake may wait for the server.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(5);

/// The certificates a `wss://` server's certificate must chain to: the system's, or those in
/// `SSL_CERT_FILE` / `SSL_CERT_DIR`.
fn roots() -> Result<RootCertStore, String> {
    let found = rustls_native_certs::load_native_certs();
    let mut roots = RootCertStore::empty();
    let (_added, _unusable) = roots.add_parsable_certificates(found.certs);
    if roots.is_empty() {
        let why = found
            .errors
            .first()
            .map_or_else(String::new, |e| format!(" ({e})"));
        return Err(format!(
            "refused: no trusted certificates were found for wss://{why}; set SSL_CERT_FILE \
             to a PEM file of the certificate authority to trust"
        ));
    }
    Ok(roots)
}

/// rustls set up for a client: `ring`, its safe default protocol versions, the trusted roots.
fn config() -> Result<Arc<ClientConfig>, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("refused: TLS cannot be set up: {e}"))?
        .with_root_certificates(roots()?)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Wraps `tcp` in TLS for the server named `host` and completes the handshake, so a wrong
/// certificate is told here, before the WebSocket handshake.
pub fn connect(host: &str, tcp: TcpStream) -> Result<TlsStream, String> {
    let name = ServerName::try_from(host.to_owned()).map_err(|e| {
        format!("refused: {host} is not a name a certificate can be checked against ({e})")
    })?;
    let conn = ClientConnection::new(config()?, name)
        .map_err(|e| format!("refused: TLS cannot start: {e}"))?;
    let _ = tcp.set_read_timeout(Some(HANDSHAKE_TIMEOUT));
    let _ = tcp.set_write_timeout(Some(HANDSHAKE_TIMEOUT));
    let mut tls = StreamOwned::new(conn, tcp);
    while tls.conn.is_handshaking() {
        tls.conn
            .complete_io(&mut tls.sock)
            .map_err(|e| describe(host, &e))?;
    }
    let _ = tls.sock.set_write_timeout(None);
    Ok(tls)
}

/// What went wrong in the handshake, in words: TLS errors are refusals (retrying cannot help),
/// I/O errors are not.
fn describe(host: &str, e: &io::Error) -> String {
    let Some(tls) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) else {
        // A plain ws:// server hangs up on a TLS greeting; so might a server restarting.
        let hint = if e.kind() == io::ErrorKind::UnexpectedEof {
            " (the server hung up: is it a ws:// address, without TLS?)"
        } else {
            ""
        };
        return format!("TLS handshake with {host} failed: {e}{hint}");
    };
    match tls {
        rustls::Error::InvalidCertificate(why) => format!(
            "refused: the certificate of {host} is not trusted ({why:?}); if the server uses a \
             private certificate authority, set SSL_CERT_FILE to its certificate (PEM)"
        ),
        rustls::Error::InvalidMessage(_) => format!(
            "refused: {host} does not speak TLS on this port (is it a ws:// address?): {tls}"
        ),
        other => format!("refused: TLS with {host} failed: {other}"),
    }
}
