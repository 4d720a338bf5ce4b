//! Leerpunt's signature on an issued computation spec, and the check of a node's signed report.
//!
//! The spec is signed with an Ed25519 key Leerpunt makes on first use and keeps in the database
//! (every instance signs with the same key); a node verifies the spec against the public key it
//! was given out of band before it runs anything. A node's report is the request body, signed
//! with the private key of the certificate its operator registered when consenting; it is
//! accepted only when that signature verifies.

use ring::rand::SystemRandom;
use ring::signature::{Ed25519KeyPair, KeyPair};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;

use crate::error::AppError;
use crate::AppState;
use leerpunt_core::text::{hex, unhex};

/// The `meta` key holding the signing key (PKCS#8, hex).
const KEY: &str = "computation_signing_key";

/// The key pair, made and stored on first use.
async fn key_pair(app: &AppState) -> Result<Ed25519KeyPair, AppError> {
    let stored = match app.store.meta(KEY).await? {
        Some(v) => v,
        None => {
            let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
                .map_err(|_| AppError::Internal("no randomness for a signing key".into()))?;
            app.store.meta_or_insert(KEY, &hex(pkcs8.as_ref())).await?
        }
    };
    let der =
        unhex(&stored).ok_or_else(|| AppError::Internal("stored signing key is not hex".into()))?;
    Ed25519KeyPair::from_pkcs8(&der)
        .map_err(|e| AppError::Internal(format!("stored signing key does not read: {e}")))
}

/// Signs `text`; returns the signature in hex.
pub async fn sign(app: &AppState, text: &str) -> Result<String, AppError> {
    Ok(hex(key_pair(app).await?.sign(text.as_bytes()).as_ref()))
}

/// The public key nodes verify issued specs with (32 bytes, hex).
pub async fn public_key(app: &AppState) -> Result<String, AppError> {
    Ok(hex(key_pair(app).await?.public_key().as_ref()))
}

/// Whether `signature_hex` is a valid Ed25519 signature by `public_key_hex` over `text`.
pub fn verify_spec(public_key_hex: &str, text: &str, signature_hex: &str) -> bool {
    let (Some(key), Some(sig)) = (unhex(public_key_hex), unhex(signature_hex)) else {
        return false;
    };
    ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, key)
        .verify(text.as_bytes(), &sig)
        .is_ok()
}

/// Reads a certificate in PEM and checks that it is an X.509 end-entity certificate.
pub fn parse_cert(pem: &str) -> Result<CertificateDer<'static>, String> {
    let der = CertificateDer::from_pem_slice(pem.trim().as_bytes())
        .map_err(|e| format!("not a PEM certificate: {e:?}"))?;
    webpki::EndEntityCert::try_from(&der).map_err(|e| format!("not a usable certificate: {e}"))?;
    Ok(der)
}

/// Whether `signature` (hex) over `body` verifies with the key of the certificate `pem`
/// (ECDSA P-256 or P-384 with SHA-256/384, or Ed25519: what node certificates use).
pub fn verify_report(pem: &str, body: &[u8], signature_hex: &str) -> bool {
    let (Ok(der), Some(sig)) = (parse_cert(pem), unhex(signature_hex.trim())) else {
        return false;
    };
    let Ok(cert) = webpki::EndEntityCert::try_from(&der) else {
        return false;
    };
    [
        webpki::ring::ECDSA_P256_SHA256,
        webpki::ring::ECDSA_P384_SHA384,
        webpki::ring::ED25519,
    ]
    .into_iter()
    .any(|alg| cert.verify_signature(alg, body, &sig).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_refuses_nonsense() {
        assert_eq!(unhex(&hex(&[0, 15, 255])), Some(vec![0, 15, 255]));
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("zz"), None);
    }

    #[test]
    fn a_signature_verifies_only_for_its_text_and_key() {
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).unwrap();
        let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap();
        let key = hex(pair.public_key().as_ref());
        let sig = hex(pair.sign(b"id = \"x\"").as_ref());
        assert!(verify_spec(&key, "id = \"x\"", &sig));
        assert!(!verify_spec(&key, "id = \"y\"", &sig));
        let other = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).unwrap();
        let other = Ed25519KeyPair::from_pkcs8(other.as_ref()).unwrap();
        assert!(!verify_spec(
            &hex(other.public_key().as_ref()),
            "id = \"x\"",
            &sig
        ));
    }
}
