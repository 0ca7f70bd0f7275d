//! TLS for `listen` (rustls on ring): a certificate chain and key from PEM files, checked to
//! match at start, and reloaded on SIGHUP: new handshakes get the new certificate, connections
//! already open keep theirs, so a renewed certificate (certbot) needs no restart.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use anyhow::{bail, Context as _};
use tokio_rustls::rustls::crypto::{ring, CryptoProvider};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::server::{ClientHello, ResolvesServerCert};
use tokio_rustls::rustls::sign::CertifiedKey;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

/// The server's certificate: what handshakes are answered with, replaced by [`Tls::reload`].
#[derive(Debug)]
struct Current(RwLock<Arc<CertifiedKey>>);

impl ResolvesServerCert for Current {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        self.0.read().ok().map(|k| Arc::clone(&k))
    }
}

/// TLS settings that can be reloaded.
#[derive(Clone)]
pub struct Tls {
    cert: PathBuf,
    key: PathBuf,
    current: Arc<Current>,
    acceptor: TlsAcceptor,
}

impl Tls {
    /// Loads `cert` (a PEM chain, the server's certificate first) and `key` (PEM: PKCS#8, PKCS#1
    /// or SEC1) and checks that they belong together.
    pub fn load(cert: &Path, key: &Path) -> anyhow::Result<Tls> {
        let provider = Arc::new(ring::default_provider());
        let certified = certified_key(cert, key, &provider)?;
        let current = Arc::new(Current(RwLock::new(Arc::new(certified))));
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .context("TLS setup")?
            .with_no_client_auth()
            .with_cert_resolver(Arc::clone(&current) as Arc<dyn ResolvesServerCert>);
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Tls {
            cert: cert.to_path_buf(),
            key: key.to_path_buf(),
            current,
            acceptor: TlsAcceptor::from(Arc::new(config)),
        })
    }

    /// Reads the files again; on an error the certificate in use stays.
    pub fn reload(&self) -> anyhow::Result<()> {
        let provider = ring::default_provider();
        let fresh = certified_key(&self.cert, &self.key, &provider)?;
        let mut slot = self.current.0.write().map_err(|_| anyhow::anyhow!("the certificate lock is poisoned"))?;
        *slot = Arc::new(fresh);
        Ok(())
    }

    /// The acceptor that handshakes with the current certificate.
    pub fn acceptor(&self) -> &TlsAcceptor {
        &self.acceptor
    }
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tls").field("cert", &self.cert).field("key", &self.key).finish_non_exhaustive()
    }
}

fn certified_key(cert: &Path, key: &Path, provider: &CryptoProvider) -> anyhow::Result<CertifiedKey> {
    let (cert_shown, key_shown) = (cert.display(), key.display());
    let pem = std::fs::read(cert).with_context(|| format!("failed to read --tls-cert {cert_shown}"))?;
    let chain = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| anyhow::anyhow!("--tls-cert {cert_shown}: not a PEM certificate chain: {e}"))?;
    if chain.is_empty() {
        bail!("--tls-cert {cert_shown}: no CERTIFICATE block (a PEM file, such as certbot's fullchain.pem)");
    }
    let pem = std::fs::read(key).with_context(|| format!("failed to read --tls-key {key_shown}"))?;
    let private = PrivateKeyDer::from_pem_slice(&pem).map_err(|e| {
        anyhow::anyhow!("--tls-key {key_shown}: no PEM private key (such as certbot's privkey.pem): {e}")
    })?;
    CertifiedKey::from_der(chain, private, provider)
        .map_err(|e| anyhow::anyhow!("--tls-cert {cert_shown} and --tls-key {key_shown} do not match: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(name: &str) -> (String, String) {
        let c = rcgen::generate_simple_self_signed(vec![name.to_string()]).unwrap();
        (c.cert.pem(), c.signing_key.serialize_pem())
    }

    #[test]
    fn a_pair_loads_and_a_mismatch_or_garbage_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let (cert, key) = pair("localhost");
        let (_, other_key) = pair("localhost");
        let w = |n: &str, s: &str| {
            let p = dir.path().join(n);
            std::fs::write(&p, s).unwrap();
            p
        };
        let (c, k, k2, junk) = (w("c.pem", &cert), w("k.pem", &key), w("k2.pem", &other_key), w("j.pem", "junk"));
        let tls = Tls::load(&c, &k).unwrap();
        let e = |r: anyhow::Result<Tls>| format!("{:#}", r.unwrap_err());
        assert!(e(Tls::load(&c, &k2)).contains("do not match"));
        assert!(e(Tls::load(&junk, &k)).contains("no CERTIFICATE block"));
        assert!(e(Tls::load(&c, &junk)).contains("no PEM private key"));
        assert!(e(Tls::load(&dir.path().join("none"), &k)).contains("failed to read --tls-cert"));
        // A bad reload keeps the certificate in use.
        std::fs::write(&k, "junk").unwrap();
        assert!(tls.reload().is_err());
        std::fs::write(&k, &key).unwrap();
        tls.reload().unwrap();
    }
}
