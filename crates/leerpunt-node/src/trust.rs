//! Who a peer's certificate stands for: the spec either pins a participant's certificate or names a
//! CA whose chain the certificate must verify to, plus the name it must carry.
//!
//! Both kinds of rule are checked inside the TLS handshake (rustls asks a [`Verifier`]), and the
//! accepting node checks again afterwards which participant the certificate stands for
//! ([`Peers::matching`]), so that the hello's claimed name can be held against it. Chains are
//! verified by rustls' webpki verifiers with the ring provider; the name check reads the
//! certificate with webpki. Revocation lists are not consulted.

use crate::spec::{ExpectedName, Spec, Trust};
use crate::tls;
use anyhow::Context;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::server::{ParsedCertificate, WebPkiClientVerifier};
use rustls::{
    CertificateError, DigitallySignedStruct, DistinguishedName, OtherError, RootCertStore,
    SignatureScheme,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The part a peer plays in a TLS connection: it decides which extended key usage its
/// certificate needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeerRole {
    /// The peer accepted our connection (a node we dial): `serverAuth`.
    Server,
    /// The peer dialed us (a node or a party): `clientAuth`.
    Client,
}

/// How one participant is recognised.
#[derive(Debug, Clone)]
pub enum Rule {
    /// Exactly this certificate, byte for byte.
    Pinned(CertificateDer<'static>),
    /// A chain to one of these trust anchors, ending in a certificate that names the participant.
    Ca {
        roots: Arc<RootCertStore>,
        /// The same anchors as a client-certificate verifier (built once).
        clients: Arc<dyn ClientCertVerifier>,
        expected: ExpectedName,
    },
}

impl Rule {
    /// Builds a CA rule from trust anchors already loaded.
    pub fn ca(roots: Arc<RootCertStore>, expected: ExpectedName) -> anyhow::Result<Rule> {
        let clients = WebPkiClientVerifier::builder_with_provider(roots.clone(), tls::provider())
            .build()
            .context("building the client certificate verifier")?;
        Ok(Rule::Ca {
            roots,
            clients,
            expected,
        })
    }

    /// Whether the chain the peer presented (`end_entity` first) satisfies this rule at `now`.
    pub fn check(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
        role: PeerRole,
    ) -> Result<(), rustls::Error> {
        match self {
            Rule::Pinned(pinned) => {
                if pinned.as_ref() == end_entity.as_ref() {
                    Ok(())
                } else {
                    Err(CertificateError::ApplicationVerificationFailure.into())
                }
            }
            Rule::Ca {
                roots,
                clients,
                expected,
            } => {
                match role {
                    PeerRole::Server => rustls::client::verify_server_cert_signed_by_trust_anchor(
                        &ParsedCertificate::try_from(end_entity)?,
                        roots,
                        intermediates,
                        now,
                        tls::provider().signature_verification_algorithms.all,
                    )?,
                    PeerRole::Client => {
                        clients.verify_client_cert(end_entity, intermediates, now)?;
                    }
                }
                check_names(expected, end_entity)
            }
        }
    }
}

/// The names a certificate carries, as far as the check below looks at them.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CertNames {
    pub common_names: Vec<String>,
    pub dns: Vec<String>,
    pub uris: Vec<String>,
}

impl CertNames {
    pub fn of(cert: &CertificateDer<'_>) -> Result<CertNames, rustls::Error> {
        let parsed = webpki::EndEntityCert::try_from(cert)
            .map_err(|_| rustls::Error::from(CertificateError::BadEncoding))?;
        Ok(CertNames {
            common_names: common_names(parsed.subject()),
            dns: parsed.valid_dns_names().map(str::to_string).collect(),
            uris: parsed.valid_uri_names().map(str::to_string).collect(),
        })
    }
}

impl std::fmt::Display for CertNames {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        parts.extend(
            self.common_names
                .iter()
                .map(|n| format!("common name {n:?}")),
        );
        parts.extend(self.dns.iter().map(|n| format!("DNS {n:?}")));
        parts.extend(self.uris.iter().map(|n| format!("URI {n:?}")));
        if parts.is_empty() {
            f.write_str("no name")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

/// A CA-signed certificate that does not name the participant expected at this position
/// (`expected`: participant and what it must carry), or, at a listener, any participant.
struct NameMismatch {
    /// The names the certificate carries.
    presented: String,
    expected: Option<(String, String)>,
}

impl NameMismatch {
    fn into_error(self) -> rustls::Error {
        CertificateError::Other(OtherError(Arc::new(self))).into()
    }
}

impl std::fmt::Display for NameMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.expected {
            Some((participant, wanted)) => write!(
                f,
                "the certificate ({}) does not name participant {participant}: expected {wanted}",
                self.presented
            ),
            None => write!(
                f,
                "the certificate ({}) names no participant its CA is trusted for",
                self.presented
            ),
        }
    }
}

// rustls shows `CertificateError::Other` with `{:?}`: keep that readable too.
impl std::fmt::Debug for NameMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for NameMismatch {}

/// Whether `cert` names the participant as `expected` demands (see the spec module). Names are
/// compared whole (DNS names without regard to ASCII case): a seat is bound to one name, so a
/// wildcard certificate stands only for a spec that names the wildcard itself.
pub fn check_names(
    expected: &ExpectedName,
    cert: &CertificateDer<'_>,
) -> Result<(), rustls::Error> {
    let names = CertNames::of(cert)?;
    let has_dns = |want: &str| names.dns.iter().any(|d| d.eq_ignore_ascii_case(want));
    let has_uri = |want: &str| names.uris.iter().any(|u| u == want);
    let has_cn = |want: &str| names.common_names.iter().any(|c| c == want);
    let explicit =
        expected.dns.is_some() || expected.uri.is_some() || expected.common_name.is_some();
    let (ok, wanted) = if explicit {
        let mut wanted = Vec::new();
        let mut ok = true;
        if let Some(d) = &expected.dns {
            ok &= has_dns(d);
            wanted.push(format!("DNS {d:?}"));
        }
        if let Some(u) = &expected.uri {
            ok &= has_uri(u);
            wanted.push(format!("URI {u:?}"));
        }
        if let Some(c) = &expected.common_name {
            ok &= has_cn(c);
            wanted.push(format!("common name {c:?}"));
        }
        (ok, wanted.join(" and "))
    } else {
        let p = &expected.participant;
        (
            has_cn(p) || has_dns(p) || has_uri(p),
            format!("{p:?} as common name, DNS or URI name"),
        )
    };
    if ok {
        Ok(())
    } else {
        Err(NameMismatch {
            presented: names.to_string(),
            expected: Some((expected.participant.clone(), wanted)),
        }
        .into_error())
    }
}

/// The values of the common-name attributes (OID 2.5.4.3) of a DER `Name` given without its outer
/// SEQUENCE header, as webpki hands it out. Strings in an encoding other than UTF8String,
/// PrintableString, IA5String or BMPString are skipped; so is anything malformed.
pub fn common_names(name: &[u8]) -> Vec<String> {
    const SET: u8 = 0x31;
    const SEQUENCE: u8 = 0x30;
    const OID: u8 = 0x06;
    const CN: [u8; 3] = [0x55, 0x04, 0x03];
    let mut out = Vec::new();
    let mut rdns = name;
    while let Some((SET, set, rest)) = der_tlv(rdns) {
        rdns = rest;
        let mut attrs = set;
        while let Some((SEQUENCE, attr, rest)) = der_tlv(attrs) {
            attrs = rest;
            let Some((OID, oid, value)) = der_tlv(attr) else {
                continue;
            };
            if oid != CN {
                continue;
            }
            let Some((tag, bytes, _)) = der_tlv(value) else {
                continue;
            };
            let text = match tag {
                // UTF8String, PrintableString, IA5String
                0x0c | 0x13 | 0x16 => std::str::from_utf8(bytes).ok().map(str::to_string),
                // BMPString: UTF-16BE
                0x1e if bytes.len() % 2 == 0 => String::from_utf16(
                    &bytes
                        .chunks_exact(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
                        .collect::<Vec<u16>>(),
                )
                .ok(),
                _ => None,
            };
            out.extend(text);
        }
    }
    out
}

/// One DER element: `(tag, contents, rest)`; `None` if `input` is empty or malformed. Only
/// single-byte tags and definite lengths up to four bytes, which is all a `Name` uses.
fn der_tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let (bytes, rest) = rest.split_at(n);
        let len = bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, rest)
    };
    if rest.len() < len {
        return None;
    }
    let (contents, rest) = rest.split_at(len);
    Some((tag, contents, rest))
}

/// A rustls certificate verifier (both directions) that accepts a chain fitting any of its rules.
#[derive(Debug)]
pub struct Verifier {
    rules: Vec<Rule>,
    provider: Arc<CryptoProvider>,
}

impl Verifier {
    pub fn new(rules: Vec<Rule>) -> Self {
        Verifier {
            rules,
            provider: tls::provider(),
        }
    }

    fn check(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
        role: PeerRole,
    ) -> Result<(), rustls::Error> {
        // When no rule fits, report the most telling reason: a verified chain with the wrong
        // name, then a chain problem of a known CA (expired, bad signature, wrong usage), then
        // an unknown CA, then an unknown pinned certificate.
        let mut best: Option<(u8, rustls::Error)> = None;
        let mut mismatches = Vec::new();
        for rule in &self.rules {
            match rule.check(end_entity, intermediates, now, role) {
                Ok(()) => return Ok(()),
                Err(e) => {
                    let rank = match &e {
                        rustls::Error::InvalidCertificate(CertificateError::Other(o))
                            if o.0.downcast_ref::<NameMismatch>().is_some() =>
                        {
                            mismatches.extend(
                                o.0.downcast_ref::<NameMismatch>()
                                    .map(|m| m.presented.clone()),
                            );
                            3
                        }
                        rustls::Error::InvalidCertificate(
                            CertificateError::ApplicationVerificationFailure,
                        ) => 0,
                        rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer) => 1,
                        _ => 2,
                    };
                    if best.as_ref().is_none_or(|(r, _)| rank > *r) {
                        best = Some((rank, e));
                    }
                }
            }
        }
        // A listener does not know yet which participant the peer means to be: if the
        // certificate fits the CA of several but names none, say so rather than name one.
        if mismatches.len() > 1 {
            return Err(NameMismatch {
                presented: mismatches.swap_remove(0),
                expected: None,
            }
            .into_error());
        }
        Err(best.map_or(
            CertificateError::ApplicationVerificationFailure.into(),
            |(_, e)| e,
        ))
    }

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

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        // Identity comes from the rules, not from the name we dialed (see `tls::SERVER_NAME`).
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.check(end_entity, intermediates, now, PeerRole::Server)
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

impl ClientCertVerifier for Verifier {
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }
    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        self.check(end_entity, intermediates, now, PeerRole::Client)
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

/// One participant of the spec and how it is recognised.
#[derive(Debug, Clone)]
pub struct Peer {
    pub is_node: bool,
    /// Index among the nodes or among the parties.
    pub index: usize,
    pub name: String,
    pub rule: Rule,
}

/// Every participant of a spec with its rule, certificates and CA files loaded.
#[derive(Debug, Clone)]
pub struct Peers(Vec<Peer>);

impl Peers {
    /// Every participant: what a node needs, as it accepts nodes and parties.
    pub fn load(spec: &Spec) -> anyhow::Result<Peers> {
        Self::load_some(spec, true)
    }

    /// Only the nodes: what an input party needs (it never hears from another party, so it needs
    /// no other party's certificate or CA file).
    pub fn load_nodes(spec: &Spec) -> anyhow::Result<Peers> {
        Self::load_some(spec, false)
    }

    fn load_some(spec: &Spec, with_parties: bool) -> anyhow::Result<Peers> {
        let mut anchors: HashMap<PathBuf, Arc<RootCertStore>> = HashMap::new();
        let mut out = Vec::new();
        let parties = if with_parties { &spec.parties[..] } else { &[] };
        let all = spec
            .nodes
            .iter()
            .enumerate()
            .map(|(i, p)| (true, i, p))
            .chain(parties.iter().enumerate().map(|(i, p)| (false, i, p)));
        for (is_node, index, p) in all {
            let rule = match spec.trust(p)? {
                Trust::Pinned(path) => Rule::Pinned(tls::load_cert(&path)?),
                Trust::Ca { ca, expected } => {
                    let roots = match anchors.get(&ca) {
                        Some(r) => r.clone(),
                        None => {
                            let r = Arc::new(load_roots(&ca)?);
                            anchors.insert(ca.clone(), r.clone());
                            r
                        }
                    };
                    Rule::ca(roots, expected)
                        .with_context(|| format!("trust anchors {}", ca.display()))?
                }
            };
            out.push(Peer {
                is_node,
                index,
                name: p.name.clone(),
                rule,
            });
        }
        Ok(Peers(out))
    }

    pub fn all(&self) -> &[Peer] {
        &self.0
    }

    pub fn node(&self, index: usize) -> anyhow::Result<&Peer> {
        self.0
            .iter()
            .find(|p| p.is_node && p.index == index)
            .with_context(|| format!("no node {index} in the spec"))
    }

    /// Every rule, for a node's listener (which accepts any participant).
    pub fn rules(&self) -> Vec<Rule> {
        self.0.iter().map(|p| p.rule.clone()).collect()
    }

    /// The participants a peer's chain (end-entity first) stands for at `now`. Usually one; a
    /// certificate that names several participants is told apart by the name in the hello.
    pub fn matching(
        &self,
        chain: &[CertificateDer<'_>],
        now: UnixTime,
        role: PeerRole,
    ) -> Vec<&Peer> {
        let Some((end_entity, intermediates)) = chain.split_first() else {
            return Vec::new();
        };
        self.0
            .iter()
            .filter(|p| p.rule.check(end_entity, intermediates, now, role).is_ok())
            .collect()
    }
}

/// The trust anchors in a PEM file (one or more CA certificates).
pub fn load_roots(path: &Path) -> anyhow::Result<RootCertStore> {
    let mut roots = RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(path)
        .with_context(|| format!("reading CA certificates {}", path.display()))?;
    for (i, cert) in certs.enumerate() {
        let cert = cert.with_context(|| format!("reading CA certificates {}", path.display()))?;
        roots.add(cert).with_context(|| {
            format!(
                "{}: certificate {} is not a usable trust anchor",
                path.display(),
                i + 1
            )
        })?;
    }
    if roots.is_empty() {
        anyhow::bail!("{} holds no CA certificate", path.display());
    }
    Ok(roots)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cert_with_cn(cn: rcgen::DnValue, dns: &[&str]) -> CertificateDer<'static> {
        let key = rcgen::KeyPair::generate().unwrap_or_else(|e| panic!("{e}"));
        let mut params =
            rcgen::CertificateParams::new(dns.iter().map(|d| d.to_string()).collect::<Vec<_>>())
                .unwrap_or_else(|e| panic!("{e}"));
        params.distinguished_name = rcgen::DistinguishedName::new();
        params
            .distinguished_name
            .push(rcgen::DnType::OrganizationName, "Organisatie");
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, cn);
        params
            .self_signed(&key)
            .unwrap_or_else(|e| panic!("{e}"))
            .der()
            .clone()
    }

    #[test]
    fn common_names_are_read_in_every_string_encoding_cas_use() {
        let utf8 = "Gemeente Súdwest-Fryslân";
        let cases = [
            rcgen::DnValue::Utf8String(utf8.into()),
            rcgen::DnValue::BmpString(
                rcgen::BmpString::try_from(utf8).unwrap_or_else(|e| panic!("{e}")),
            ),
        ];
        for cn in cases {
            let names = CertNames::of(&cert_with_cn(cn, &[])).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(names.common_names, [utf8]);
        }
        let printable = rcgen::DnValue::PrintableString(
            rcgen::PrintableString::try_from("Waterbedrijf Oost").unwrap_or_else(|e| panic!("{e}")),
        );
        let names = CertNames::of(&cert_with_cn(printable, &["mpc.example.org"]))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            names,
            CertNames {
                common_names: vec!["Waterbedrijf Oost".into()],
                dns: vec!["mpc.example.org".into()],
                uris: vec![],
            }
        );
    }

    #[test]
    fn a_name_is_matched_exactly_where_the_spec_asks_for_it() {
        let cert = cert_with_cn("centre".into(), &["Node1.Example.org"]);
        let expect = |dns: Option<&str>, common_name: Option<&str>| ExpectedName {
            participant: "centre".into(),
            dns: dns.map(str::to_string),
            uri: None,
            common_name: common_name.map(str::to_string),
        };
        // By default the participant's name, here the common name.
        assert!(check_names(&expect(None, None), &cert).is_ok());
        // DNS names compare without regard to case, and only whole names.
        assert!(check_names(&expect(Some("node1.example.org"), None), &cert).is_ok());
        assert!(check_names(&expect(Some("example.org"), None), &cert).is_err());
        // Everything given must match.
        assert!(check_names(&expect(Some("node1.example.org"), Some("derde")), &cert).is_err());
        let other = ExpectedName {
            participant: "derde".into(),
            ..expect(None, None)
        };
        let err = check_names(&other, &cert).err().map(|e| e.to_string());
        assert!(
            err.as_deref().is_some_and(|e| e.contains(
                "(common name \"centre\", DNS \"Node1.Example.org\") does not name participant derde"
            )),
            "{err:?}"
        );
    }

    #[test]
    fn der_reader_refuses_truncated_input() {
        assert_eq!(der_tlv(&[0x30, 0x03, 0x01]), None);
        assert_eq!(der_tlv(&[0x30, 0x85, 0, 0, 0, 0, 1]), None);
        assert_eq!(der_tlv(&[0x30, 0x81]), None);
        assert_eq!(
            der_tlv(&[0x04, 0x81, 0x01, 0xaa, 0xbb]),
            Some((0x04, &[0xaa][..], &[0xbb][..]))
        );
        assert!(common_names(&[0x31, 0x7f, 0x30]).is_empty());
    }
}
