//! Mutually authenticated TLS 1.3 with pinned certificates: a peer is accepted only if its
//! certificate is byte-for-byte one listed in the spec, and `leerpunt node init` makes the key pair.
//!
//! Pinning fits a computation among a handful of named organisations: each sends its certificate
//! (self-signed, or signed by its own CA) to the coordinator, who lists it in the spec. Handshake
//! signatures are still verified with the ring provider.

use anyhow::Context;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName, SignatureScheme};
use std::path::Path;
use std::sync::Arc;

/// The name every node presents in SNI; identity comes from the pinned certificate, not the name.
pub const SERVER_NAME: &str = "leerpunt-node.invalid";

pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Accepts exactly the listed certificates.
#[derive(Debug)]
pub struct Pinned {
    allowed: Vec<CertificateDer<'static>>,
    provider: Arc<CryptoProvider>,
}

impl Pinned {
    pub fn new(allowed: Vec<CertificateDer<'static>>) -> Self {
        Pinned {
            allowed,
            provider: provider(),
        }
    }

    fn check(&self, end_entity: &CertificateDer<'_>) -> Result<(), rustls::Error> {
        if self
            .allowed
            .iter()
            .any(|c| c.as_ref() == end_entity.as_ref())
        {
            Ok(())
        } else {
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    // Signature checks shared by the server- and client-side verifiers: the certificate is
    // pinned, but the handshake signature is still checked with the provider's algorithms.
    fn tls12(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            m,
            c,
            d,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn tls13(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            m,
            c,
            d,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.check(end_entity)
            .map(|_| ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.tls12(m, c, d)
    }
    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.tls13(m, c, d)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.schemes()
    }
}

impl ClientCertVerifier for Pinned {
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }
    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _i: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        self.check(end_entity)
            .map(|_| ClientCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.tls12(m, c, d)
    }
    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.tls13(m, c, d)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.schemes()
    }
}

/// A participant's own key pair and certificate.
pub struct Identity {
    pub cert: CertificateDer<'static>,
    pub key: PrivateKeyDer<'static>,
}

impl Identity {
    pub fn load(cert: &Path, key: &Path) -> anyhow::Result<Identity> {
        Ok(Identity {
            cert: load_cert(cert)?,
            key: PrivateKeyDer::from_pem_file(key)
                .with_context(|| format!("reading private key {}", key.display()))?,
        })
    }
}

pub fn load_cert(path: &Path) -> anyhow::Result<CertificateDer<'static>> {
    CertificateDer::from_pem_file(path)
        .with_context(|| format!("reading certificate {}", path.display()))
}

pub fn server_config(
    me: &Identity,
    allowed_clients: Vec<CertificateDer<'static>>,
) -> anyhow::Result<Arc<rustls::ServerConfig>> {
    let cfg = rustls::ServerConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .with_client_cert_verifier(Arc::new(Pinned::new(allowed_clients)))
        .with_single_cert(vec![me.cert.clone()], me.key.clone_key())?;
    Ok(Arc::new(cfg))
}

pub fn client_config(
    me: &Identity,
    allowed_servers: Vec<CertificateDer<'static>>,
) -> anyhow::Result<Arc<rustls::ClientConfig>> {
    let cfg = rustls::ClientConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(Pinned::new(allowed_servers)))
        .with_client_auth_cert(vec![me.cert.clone()], me.key.clone_key())?;
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
    let key = rcgen::KeyPair::generate()?;
    let dns = if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        name.to_ascii_lowercase()
    } else {
        "participant".into()
    };
    let mut params = rcgen::CertificateParams::new(vec![format!("{dns}.leerpunt.invalid")])?;
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
