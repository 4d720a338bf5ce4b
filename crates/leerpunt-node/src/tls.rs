//! Mutually authenticated TLS 1.3 between the participants of a computation, and `leerpunt node
//! init`, which makes a participant's key pair, certificate and signing request.
//!
//! Which certificates a side accepts is decided by [`crate::trust`]: a certificate pinned in the
//! spec, or a chain to a CA the spec names plus the participant's name in the certificate.
//! Handshake signatures are verified with the ring provider.

use crate::trust::{Rule, Verifier};
use anyhow::{bail, Context};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::path::Path;
use std::sync::Arc;

/// The name every node presents in SNI; identity comes from the spec's rules, not from this name.
pub const SERVER_NAME: &str = "leerpunt-node.invalid";

pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A participant's own key pair and certificate chain.
pub struct Identity {
    /// The participant's certificate first, then any intermediate CA certificates to send along.
    pub chain: Vec<CertificateDer<'static>>,
    pub key: PrivateKeyDer<'static>,
}

impl Identity {
    /// Reads a key and a PEM file with the certificate, optionally followed by intermediates.
    pub fn load(cert: &Path, key: &Path) -> anyhow::Result<Identity> {
        let chain = CertificateDer::pem_file_iter(cert)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .with_context(|| format!("reading certificate {}", cert.display()))?;
        if chain.is_empty() {
            bail!("{} holds no certificate", cert.display());
        }
        Ok(Identity {
            chain,
            key: PrivateKeyDer::from_pem_file(key)
                .with_context(|| format!("reading private key {}", key.display()))?,
        })
    }
}

pub fn load_cert(path: &Path) -> anyhow::Result<CertificateDer<'static>> {
    CertificateDer::from_pem_file(path)
        .with_context(|| format!("reading certificate {}", path.display()))
}

/// A node's listener: accepts a client whose certificate fits any of `clients`.
pub fn server_config(
    me: &Identity,
    clients: Vec<Rule>,
) -> anyhow::Result<Arc<rustls::ServerConfig>> {
    let cfg = rustls::ServerConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .with_client_cert_verifier(Arc::new(Verifier::new(clients)))
        .with_single_cert(me.chain.clone(), me.key.clone_key())?;
    Ok(Arc::new(cfg))
}

/// Dialing one node: accepts only a server certificate that fits `server`, the rule of that node.
pub fn client_config(me: &Identity, server: Rule) -> anyhow::Result<Arc<rustls::ClientConfig>> {
    let cfg = rustls::ClientConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(Verifier::new(vec![server])))
        .with_client_auth_cert(me.chain.clone(), me.key.clone_key())?;
    Ok(Arc::new(cfg))
}

/// PEM texts made by [`generate`].
pub struct Generated {
    pub key_pem: String,
    pub cert_pem: String,
    pub csr_pem: Option<String>,
}

/// A fresh ECDSA P-256 key pair with a self-signed certificate for `name`, and a CSR if asked.
pub fn generate(name: &str, csr: bool) -> anyhow::Result<Generated> {
    generate_with_names(name, &[], &[], csr)
}

/// Like [`generate`], with these DNS and URI subject alternative names in the certificate and
/// the CSR (instead of a placeholder DNS name under `.invalid`). The subject common name is
/// always `name`, which is what a spec that trusts a CA expects unless it says otherwise.
pub fn generate_with_names(
    name: &str,
    dns: &[String],
    uris: &[String],
    csr: bool,
) -> anyhow::Result<Generated> {
    let key = rcgen::KeyPair::generate()?;
    let mut sans = Vec::new();
    for d in dns {
        let ia5 = rcgen::Ia5String::try_from(d.as_str())
            .map_err(|e| anyhow::anyhow!("DNS name {d:?}: {e}"))?;
        sans.push(rcgen::SanType::DnsName(ia5));
    }
    for u in uris {
        let ia5 = rcgen::Ia5String::try_from(u.as_str())
            .map_err(|e| anyhow::anyhow!("URI {u:?}: {e}"))?;
        sans.push(rcgen::SanType::URI(ia5));
    }
    if sans.is_empty() {
        let placeholder = if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            name.to_ascii_lowercase()
        } else {
            "participant".into()
        };
        let ia5 = rcgen::Ia5String::try_from(format!("{placeholder}.leerpunt.invalid"))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        sans.push(rcgen::SanType::DnsName(ia5));
    }
    let mut params = rcgen::CertificateParams::default();
    params.subject_alt_names = sans;
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    params
        .distinguished_name
        .push(rcgen::DnType::OrganizationName, name);
    let csr_pem = if csr {
        Some(params.serialize_request(&key)?.pem()?)
    } else {
        None
    };
    let cert = params.self_signed(&key)?;
    Ok(Generated {
        key_pem: key.serialize_pem(),
        cert_pem: cert.pem(),
        csr_pem,
    })
}
