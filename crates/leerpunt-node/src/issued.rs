//! The spec Leerpunt issues once every organisation consented: fetched from the website (or read
//! from a downloaded file), its Ed25519 signature checked against Leerpunt's public key, matched
//! with the local participants file, and the signed progress reports a node sends back.
//!
//! A node or input party is started with `--spec-url https://…/api/v1/computations/ID/spec` and
//! `--leerpunt-key HEX` (Leerpunt's public key, obtained out of band: the computation's page shows
//! it, and so does `GET …/spec`, but only a key from elsewhere proves the spec came from Leerpunt).
//! The participants file (`--spec`) still says where the nodes listen and how certificates are
//! recognised; its `id`, `nodes` and `parties` must be those of the issued spec.

use crate::spec::Spec;
use anyhow::{anyhow, bail, Context};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use leerpunt_core::computation::ComputationSpec;
use leerpunt_core::text::{hex, unhex};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::PrivateKeyDer;
use serde::Deserialize;
use std::path::Path;
use std::time::Duration;

/// Where the statistics to compute come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A spec file (TOML) the operator downloaded and checked.
    File(std::path::PathBuf),
    /// The spec as Leerpunt issues it, with Leerpunt's public key (hex) to verify it with.
    Url { url: String, key: String },
}

/// `GET /api/v1/computations/{id}/spec`.
#[derive(Debug, Deserialize)]
struct IssuedOut {
    toml: String,
    signature: String,
}

type Body = Full<hyper::body::Bytes>;

fn client(
) -> Client<hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>, Body>
{
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_webpki_roots()
        .https_or_http()
        .enable_http1()
        .build();
    Client::builder(TokioExecutor::new()).build(https)
}

/// Sends one request and returns the status and the body, with a time limit.
async fn exchange(req: hyper::Request<Body>) -> anyhow::Result<(u16, Vec<u8>)> {
    let uri = req.uri().to_string();
    let resp = tokio::time::timeout(Duration::from_secs(30), client().request(req))
        .await
        .map_err(|_| anyhow!("{uri}: no answer within 30 s"))?
        .with_context(|| format!("{uri}: request failed"))?;
    let status = resp.status().as_u16();
    let body = resp
        .into_body()
        .collect()
        .await
        .with_context(|| format!("{uri}: reading the answer"))?
        .to_bytes()
        .to_vec();
    Ok((status, body))
}

/// Checks `signature` (hex) over `text` with Leerpunt's Ed25519 public key `key` (hex).
pub fn verify(key: &str, text: &str, signature: &str) -> bool {
    let (Some(key), Some(sig)) = (unhex(key.trim()), unhex(signature.trim())) else {
        return false;
    };
    ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, key)
        .verify(text.as_bytes(), &sig)
        .is_ok()
}

/// Loads the statistics spec: from a file, or fetched and verified.
pub async fn load(source: &Source) -> anyhow::Result<ComputationSpec> {
    let text = match source {
        Source::File(p) => {
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?
        }
        Source::Url { url, key } => {
            let req = hyper::Request::get(url.as_str())
                .header("accept", "application/json")
                .body(Body::default())
                .with_context(|| format!("{url} is not a valid address"))?;
            let (status, body) = exchange(req).await?;
            if status != 200 {
                bail!(
                    "{url}: Leerpunt answered {status}: {} (is the computation issued yet?)",
                    String::from_utf8_lossy(&body).trim()
                );
            }
            let issued: IssuedOut = serde_json::from_slice(&body)
                .with_context(|| format!("{url}: not an issued spec"))?;
            if !verify(key, &issued.toml, &issued.signature) {
                bail!("{url}: the spec's signature does not verify with the Leerpunt key you gave; not running it");
            }
            issued.toml
        }
    };
    ComputationSpec::from_toml(&text).map_err(|e| anyhow!("the issued spec is not valid: {e}"))
}

/// Checks that the participants file describes the issued computation: same id, the same nodes
/// and input parties in the same order.
pub fn check_matches(network: &Spec, issued: &ComputationSpec) -> anyhow::Result<()> {
    if network.id != issued.id {
        bail!(
            "the participants file is for computation {:?}, the issued spec is {:?}",
            network.id,
            issued.id
        );
    }
    let names =
        |ps: &[crate::spec::Participant]| ps.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
    if names(&network.nodes) != issued.nodes {
        bail!(
            "the participants file lists nodes {:?}, the issued spec {:?} (same order needed)",
            names(&network.nodes),
            issued.nodes
        );
    }
    if names(&network.parties) != issued.parties {
        bail!(
            "the participants file lists input parties {:?}, the issued spec {:?} (same order needed)",
            names(&network.parties),
            issued.parties
        );
    }
    Ok(())
}

/// Sends a node's signed progress reports to Leerpunt (`POST …/reports`), signed with the key of
/// the certificate its operator consented with. A report that cannot be delivered is logged and
/// does not stop the computation.
pub struct Reporter {
    url: String,
    node: String,
    key: Signer,
}

enum Signer {
    Ecdsa(ring::signature::EcdsaKeyPair),
    Ed25519(ring::signature::Ed25519KeyPair),
}

impl Reporter {
    /// A reporter for the spec at `spec_url` (reports go to the sibling `reports`), signing with
    /// the PKCS#8 private key at `key_path`.
    pub fn new(spec_url: &str, node: &str, key_path: &Path) -> anyhow::Result<Reporter> {
        let base = spec_url
            .trim_end_matches('/')
            .strip_suffix("/spec")
            .ok_or_else(|| anyhow!("{spec_url}: a spec address ends in /spec"))?;
        let der = PrivateKeyDer::from_pem_file(key_path)
            .with_context(|| format!("reading the private key {}", key_path.display()))?;
        let PrivateKeyDer::Pkcs8(pkcs8) = der else {
            bail!(
                "{}: progress reports need a PKCS#8 key (as `leerpunt node init` writes)",
                key_path.display()
            );
        };
        let bytes = pkcs8.secret_pkcs8_der();
        let rng = ring::rand::SystemRandom::new();
        use ring::signature::{
            EcdsaKeyPair, Ed25519KeyPair, ECDSA_P256_SHA256_ASN1_SIGNING,
            ECDSA_P384_SHA384_ASN1_SIGNING,
        };
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, bytes, &rng)
            .or_else(|_| EcdsaKeyPair::from_pkcs8(&ECDSA_P384_SHA384_ASN1_SIGNING, bytes, &rng))
            .map(Signer::Ecdsa)
            .or_else(|_| Ed25519KeyPair::from_pkcs8_maybe_unchecked(bytes).map(Signer::Ed25519))
            .map_err(|_| {
                anyhow!(
                    "{}: an ECDSA P-256/P-384 or Ed25519 key is needed for signed reports",
                    key_path.display()
                )
            })?;
        Ok(Reporter {
            url: format!("{base}/reports"),
            node: node.to_owned(),
            key,
        })
    }

    /// Reports `phase` (waiting_for_inputs, computing, done, aborted) with what goes with it.
    pub async fn send(
        &self,
        phase: &str,
        reason: Option<&str>,
        delivered: Option<&[String]>,
        result: Option<&leerpunt_mpc::ComputationResult>,
    ) {
        if let Err(e) = self.try_send(phase, reason, delivered, result).await {
            eprintln!(
                "node {}: could not report {phase} to Leerpunt: {e:#}",
                self.node
            );
        }
    }

    async fn try_send(
        &self,
        phase: &str,
        reason: Option<&str>,
        delivered: Option<&[String]>,
        result: Option<&leerpunt_mpc::ComputationResult>,
    ) -> anyhow::Result<()> {
        let sent_at = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)?;
        let mut body = serde_json::json!({
            "node": self.node,
            "phase": phase,
            "sent_at": sent_at,
        });
        if let Some(r) = reason {
            body["reason"] = r.into();
        }
        if let Some(d) = delivered {
            body["delivered"] = d.into();
        }
        if let Some(r) = result {
            body["result"] = serde_json::to_value(r)?;
        }
        let body = body.to_string();
        let rng = ring::rand::SystemRandom::new();
        let signature = match &self.key {
            Signer::Ecdsa(k) => k
                .sign(&rng, body.as_bytes())
                .map_err(|_| anyhow!("signing failed"))?
                .as_ref()
                .to_vec(),
            Signer::Ed25519(k) => k.sign(body.as_bytes()).as_ref().to_vec(),
        };
        let signed = serde_json::json!({ "report": body, "signature": hex(&signature) });
        let req = hyper::Request::post(self.url.as_str())
            .header("content-type", "application/json")
            .body(Body::from(signed.to_string()))?;
        let (status, answer) = exchange(req).await?;
        if status != 200 {
            bail!(
                "Leerpunt answered {status}: {}",
                String::from_utf8_lossy(&answer).trim()
            );
        }
        eprintln!("node {}: reported {phase} to Leerpunt", self.node);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_verifies_only_with_its_key_and_text() {
        use ring::signature::{Ed25519KeyPair, KeyPair};
        let rng = ring::rand::SystemRandom::new();
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
        let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap();
        let key = hex(pair.public_key().as_ref());
        let sig = hex(pair.sign(b"id = \"x\"").as_ref());
        assert!(verify(&key, "id = \"x\"", &sig));
        assert!(!verify(&key, "id = \"y\"", &sig));
        assert!(!verify("zz", "id = \"x\"", &sig));
    }
}
