//! Certificates from an organisation's CA instead of pinned ones: a whole computation, and the
//! refusals that keep a CA-signed certificate to its own seat (another CA, another name, expired).

use super::{free_port, plaintext, run_nodes_with, spec_head, write_csvs, NODES, PARTIES};
use leerpunt_node::spec::{Spec, Trust};
use leerpunt_node::trust::{CertNames, PeerRole, Peers, Verifier};
use leerpunt_node::{node, party, tls};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, CertificateSigningRequestDer, UnixTime};
use rustls::server::danger::ClientCertVerifier;
use std::path::{Path, PathBuf};

/// A certificate authority of the kind an organisation runs for itself.
struct TestCa {
    cert: rcgen::Certificate,
    key: rcgen::KeyPair,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Validity {
    Current,
    Expired,
}

impl TestCa {
    fn new(name: &str) -> TestCa {
        let key = rcgen::KeyPair::generate().unwrap_or_else(|e| panic!("{e}"));
        let mut params = rcgen::CertificateParams::default();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, name);
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::CrlSign,
        ];
        let cert = params.self_signed(&key).unwrap_or_else(|e| panic!("{e}"));
        TestCa { cert, key }
    }

    /// An intermediate CA under this one (as an organisation's CA sits under a national root).
    fn intermediate(&self, name: &str) -> TestCa {
        let key = rcgen::KeyPair::generate().unwrap_or_else(|e| panic!("{e}"));
        let mut params = rcgen::CertificateParams::default();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, name);
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::CrlSign,
        ];
        params.use_authority_key_identifier_extension = true;
        let cert = params
            .signed_by(&key, &self.cert, &self.key)
            .unwrap_or_else(|e| panic!("{e}"));
        TestCa { cert, key }
    }

    /// [`TestCa::issue`], with this CA's certificate after the participant's in the file, as an
    /// organisation under a national root hands out its certificates.
    fn issue_with_chain(
        &self,
        dir: &Path,
        file: &str,
        cn: &str,
        node: bool,
        validity: Validity,
    ) -> PathBuf {
        let path = self.issue(dir, file, cn, &[], node, validity);
        let mut pem = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        pem += &self.cert.pem();
        std::fs::write(&path, pem).unwrap_or_else(|e| panic!("{e}"));
        path
    }

    /// Makes a key as `leerpunt node init --csr` does and issues a certificate for it with
    /// subject common name `cn` and these DNS names, as the CA would sign that request. Writes
    /// `dir/FILE.key.pem` and `dir/FILE.cert.pem` and returns the certificate's path.
    fn issue(
        &self,
        dir: &Path,
        file: &str,
        cn: &str,
        dns: &[&str],
        node: bool,
        validity: Validity,
    ) -> PathBuf {
        let g = tls::generate(cn, true).unwrap_or_else(|e| panic!("{e}"));
        let csr = g
            .csr_pem
            .unwrap_or_else(|| panic!("init --csr made no signing request"));
        let csr = CertificateSigningRequestDer::from_pem_slice(csr.as_bytes())
            .unwrap_or_else(|e| panic!("not a signing request: {e:?}"));
        assert!(
            csr.as_ref().windows(cn.len()).any(|w| w == cn.as_bytes()),
            "the signing request does not carry {cn}"
        );
        let key = rcgen::KeyPair::from_pem(&g.key_pem).unwrap_or_else(|e| panic!("{e}"));
        let mut params = rcgen::CertificateParams::default();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, cn);
        params
            .distinguished_name
            .push(rcgen::DnType::OrganizationName, cn);
        params.subject_alt_names = dns
            .iter()
            .map(|d| {
                rcgen::SanType::DnsName(
                    rcgen::Ia5String::try_from(*d).unwrap_or_else(|e| panic!("{e}")),
                )
            })
            .collect();
        params.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = if node {
            vec![
                rcgen::ExtendedKeyUsagePurpose::ServerAuth,
                rcgen::ExtendedKeyUsagePurpose::ClientAuth,
            ]
        } else {
            vec![rcgen::ExtendedKeyUsagePurpose::ClientAuth]
        };
        params.use_authority_key_identifier_extension = true;
        if validity == Validity::Expired {
            params.not_before = rcgen::date_time_ymd(2020, 1, 1);
            params.not_after = rcgen::date_time_ymd(2021, 1, 1);
        }
        let cert = params
            .signed_by(&key, &self.cert, &self.key)
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.join(format!("{file}.key.pem")), g.key_pem)
            .unwrap_or_else(|e| panic!("{e}"));
        let path = dir.join(format!("{file}.cert.pem"));
        std::fs::write(&path, cert.pem()).unwrap_or_else(|e| panic!("{e}"));
        path
    }
}

/// A computation whose spec pins nothing: `ca.pem` (top level) for everyone except statistiek,
/// which has its own CA and must carry the DNS name `mpc.statistiek.example`. derde and
/// zorgverzekeraar have certificates from an intermediate CA under `ca.pem`, which they send along.
struct CaFixture {
    spec: PathBuf,
    /// `NAME.cert.pem` and `NAME.key.pem` of every participant.
    certs: PathBuf,
    dir: PathBuf,
    ca: TestCa,
    statistiek_ca: TestCa,
}

const STATISTIEK_DNS: &str = "mpc.statistiek.example";

fn ca_fixture(dir: &Path, seed: u64) -> CaFixture {
    let ca = TestCa::new("Stelsel CA");
    let statistiek_ca = TestCa::new("Statistiek CA");
    std::fs::write(dir.join("ca.pem"), ca.cert.pem()).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("statistiek-ca.pem"), statistiek_ca.cert.pem())
        .unwrap_or_else(|e| panic!("{e}"));
    let sub = ca.intermediate("Stelsel CA - Zorg");
    let certs = dir.join("certs");
    let mut spec = spec_head(seed, 3, "ca = \"ca.pem\"\n", "");
    for n in NODES {
        spec += &format!(
            "[[nodes]]\nname = \"{n}\"\naddress = \"127.0.0.1:{}\"\n",
            free_port()
        );
        if n == "statistiek" {
            statistiek_ca.issue(&certs, n, n, &[STATISTIEK_DNS], true, Validity::Current);
            spec += &format!("ca = \"statistiek-ca.pem\"\ndns = \"{STATISTIEK_DNS}\"\n");
        } else if n == "derde" {
            sub.issue_with_chain(&certs, n, n, true, Validity::Current);
        } else {
            ca.issue(&certs, n, n, &[], true, Validity::Current);
        }
    }
    for p in PARTIES {
        if p == "zorgverzekeraar" {
            sub.issue_with_chain(&certs, p, p, false, Validity::Current);
        } else {
            ca.issue(&certs, p, p, &[], false, Validity::Current);
        }
        spec += &format!("[[parties]]\nname = \"{p}\"\n");
    }
    let path = dir.join("spec.toml");
    std::fs::write(&path, spec).unwrap_or_else(|e| panic!("{e}"));
    write_csvs(dir, seed);
    CaFixture {
        spec: path,
        certs,
        dir: dir.to_path_buf(),
        ca,
        statistiek_ca,
    }
}

impl CaFixture {
    fn csv(&self, party: &str) -> PathBuf {
        self.dir.join(format!("{party}.csv"))
    }

    fn peers(&self) -> Peers {
        let spec = Spec::load(&self.spec).unwrap_or_else(|e| panic!("{e:#}"));
        Peers::load(&spec).unwrap_or_else(|e| panic!("{e:#}"))
    }

    /// Runs every party with its own certificate.
    async fn run_parties(&self) {
        for p in PARTIES {
            let cert = self.certs.join(format!("{p}.cert.pem"));
            party::run(&self.spec, p, &self.csv(p), None, Some(&cert), None, None)
                .await
                .unwrap_or_else(|e| panic!("{p}: {e:#}"));
        }
    }

    /// Runs the three nodes and the parties; every node must write the plaintext result.
    async fn run_and_check(
        &self,
        nodes: tokio::task::JoinHandle<Vec<anyhow::Result<leerpunt_mpc::ComputationResult>>>,
    ) {
        self.run_parties().await;
        let want = plaintext(&self.dir, &self.spec);
        for (n, r) in NODES
            .iter()
            .zip(nodes.await.unwrap_or_else(|e| panic!("{e}")))
        {
            assert_eq!(r.unwrap_or_else(|e| panic!("{n}: {e:#}")), want, "node {n}");
        }
    }

    fn start_nodes(
        &self,
    ) -> tokio::task::JoinHandle<Vec<anyhow::Result<leerpunt_mpc::ComputationResult>>> {
        let (spec, dir, certs) = (self.spec.clone(), self.dir.clone(), self.certs.clone());
        tokio::spawn(async move { run_nodes_with(&spec, &dir, Some(&certs)).await })
    }

    /// Party gemeente presenting `cert` (key beside it) to the running nodes: the error it gets.
    async fn gemeente_with(&self, cert: &Path) -> String {
        party::run(
            &self.spec,
            "gemeente",
            &self.csv("gemeente"),
            None,
            Some(cert),
            None,
            None,
        )
        .await
        .err()
        .map(|e| format!("{e:#}"))
        .unwrap_or_else(|| panic!("the nodes accepted {}", cert.display()))
    }

    /// Node centre's seat taken by a process presenting `cert`: what the party that dials it says.
    async fn party_meeting_centre_with(&self, cert: &Path) -> String {
        let (spec, out, cert_owned) = (
            self.spec.clone(),
            self.dir.join("impostor-result.json"),
            cert.to_path_buf(),
        );
        let impostor = tokio::spawn(async move {
            node::run(&spec, "centre", &out, None, Some(&cert_owned), None, None).await
        });
        let own = self.certs.join("gemeente.cert.pem");
        let got = party::run(
            &self.spec,
            "gemeente",
            &self.csv("gemeente"),
            None,
            Some(&own),
            None,
            None,
        )
        .await;
        impostor.abort();
        got.err()
            .map(|e| format!("{e:#}"))
            .unwrap_or_else(|| panic!("the party accepted {} as centre", cert.display()))
    }
}

/// The nodes refused a party's certificate: their TLS alert reached it, whether or not its hello
/// was out by then.
fn assert_refused(err: &str, alert: &str) {
    assert!(
        err.contains("did not accept") && err.contains(&format!("received fatal alert: {alert}")),
        "unclear error: {err}"
    );
}

/// The certificates in a PEM file: the participant's, then any intermediates.
fn chain(path: &Path) -> Vec<CertificateDer<'static>> {
    CertificateDer::pem_file_iter(path)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

/// What a node's listener says to a client presenting `cert` (any participant's seat).
fn as_client(peers: &Peers, cert: &Path) -> String {
    let chain = chain(cert);
    Verifier::new(peers.rules())
        .verify_client_cert(&chain[0], &chain[1..], UnixTime::now())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_else(|| panic!("a node would accept {}", cert.display()))
}

/// What a party or node dialing node `index` says to a server presenting `cert`.
fn as_server(peers: &Peers, index: usize, cert: &Path) -> String {
    let chain = chain(cert);
    peers
        .node(index)
        .unwrap_or_else(|e| panic!("{e:#}"))
        .rule
        .check(&chain[0], &chain[1..], UnixTime::now(), PeerRole::Server)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_else(|| panic!("node {index}'s seat would accept {}", cert.display()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ca_signed_certificates_run_a_full_computation() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = ca_fixture(dir.path(), 21);
    let spec = Spec::load(&f.spec).unwrap_or_else(|e| panic!("{e:#}"));
    for p in spec.nodes.iter().chain(&spec.parties) {
        let t = spec.trust(p).unwrap_or_else(|e| panic!("{e:#}"));
        assert!(matches!(t, Trust::Ca { .. }), "{} is pinned: {t:?}", p.name);
    }
    // Nothing pinned, so a participant must say which certificate is its own.
    let err = party::run(
        &f.spec,
        "gemeente",
        &f.csv("gemeente"),
        None,
        None,
        None,
        None,
    )
    .await
    .err()
    .map(|e| format!("{e:#}"))
    .unwrap_or_default();
    assert!(err.contains("--cert"), "unclear error: {err}");

    // Every participant's own certificate stands for it and for no one else.
    let peers = f.peers();
    for n in NODES.iter().chain(&PARTIES) {
        let names: Vec<&str> = peers
            .matching(
                &chain(&f.certs.join(format!("{n}.cert.pem"))),
                UnixTime::now(),
                PeerRole::Client,
            )
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, [*n]);
    }
    // derde's certificate comes from an intermediate CA: without the intermediate it sent
    // along, its chain does not reach `ca.pem`.
    let derde = chain(&f.certs.join("derde.cert.pem"));
    assert_eq!(derde.len(), 2);
    let err = peers
        .node(2)
        .unwrap_or_else(|e| panic!("{e:#}"))
        .rule
        .check(&derde[0], &[], UnixTime::now(), PeerRole::Server)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("UnknownIssuer"), "unclear error: {err}");

    let nodes = f.start_nodes();
    f.run_and_check(nodes).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificate_from_another_ca_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = ca_fixture(dir.path(), 22);
    let stranger = TestCa::new("Vreemde CA");
    let other = dir.path().join("other");
    let party = stranger.issue(
        &other,
        "gemeente",
        "gemeente",
        &[],
        false,
        Validity::Current,
    );
    let centre = stranger.issue(&other, "centre", "centre", &[], true, Validity::Current);
    let peers = f.peers();
    assert!(as_client(&peers, &party).contains("UnknownIssuer"));
    assert!(as_server(&peers, 0, &centre).contains("UnknownIssuer"));
    // statistiek's CA is trusted for statistiek's seat only.
    let by_statistiek_ca = f.statistiek_ca.issue(
        &other,
        "centre-by-statistiek-ca",
        "centre",
        &[STATISTIEK_DNS],
        true,
        Validity::Current,
    );
    assert!(as_server(&peers, 0, &by_statistiek_ca).contains("UnknownIssuer"));

    // Over TLS: a party dialing centre refuses the stranger's certificate …
    let err = f.party_meeting_centre_with(&centre).await;
    assert!(err.contains("UnknownIssuer"), "unclear error: {err}");

    // … and the nodes refuse a party with it, while the real parties still get in.
    let dir2 = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = ca_fixture(dir2.path(), 23);
    let nodes = f.start_nodes();
    assert_refused(&f.gemeente_with(&party).await, "UnknownCA");
    f.run_and_check(nodes).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_ca_certificate_naming_another_participant_is_refused_at_that_position() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = ca_fixture(dir.path(), 24);
    let other = dir.path().join("other");
    let peers = f.peers();
    // derde's real certificate at centre's seat: same CA, valid, but it names derde.
    let derde = f.certs.join("derde.cert.pem");
    let err = as_server(&peers, 0, &derde);
    assert!(
        err.contains("does not name participant centre") && err.contains("\"derde\""),
        "unclear error: {err}"
    );
    let err = f.party_meeting_centre_with(&derde).await;
    assert!(
        err.contains("does not name participant centre"),
        "unclear error: {err}"
    );
    // statistiek's seat asks for its DNS name: its own CA's certificate without it is refused.
    let no_dns = f.statistiek_ca.issue(
        &other,
        "statistiek-no-dns",
        "statistiek",
        &[],
        true,
        Validity::Current,
    );
    let err = as_server(&peers, 1, &no_dns);
    assert!(
        err.contains(&format!("expected DNS \"{STATISTIEK_DNS}\"")),
        "unclear error: {err}"
    );
    // A certificate of the same CA for a name that is no participant fits no seat.
    let stranger = f.ca.issue(
        &other,
        "indringer",
        "indringer",
        &[],
        false,
        Validity::Current,
    );
    let err = as_client(&peers, &stranger);
    assert!(
        err.contains("(common name \"indringer\") names no participant its CA is trusted for"),
        "unclear error: {err}"
    );

    // Over TLS, against the real nodes: the stranger, and woningcorporatie's own certificate
    // presented by someone who says it is gemeente, are both refused; the real parties get in.
    let dir2 = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = ca_fixture(dir2.path(), 25);
    let stranger = f.ca.issue(
        &dir2.path().join("other"),
        "indringer",
        "indringer",
        &[],
        false,
        Validity::Current,
    );
    let nodes = f.start_nodes();
    assert_refused(&f.gemeente_with(&stranger).await, "CertificateUnknown");
    let err = f
        .gemeente_with(&f.certs.join("woningcorporatie.cert.pem"))
        .await;
    assert!(
        err.contains("did not accept")
            && err.contains("stands for woningcorporatie, not for gemeente"),
        "unclear error: {err}"
    );
    f.run_and_check(nodes).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_certificate_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = ca_fixture(dir.path(), 26);
    let other = dir.path().join("other");
    let party = f.ca.issue(
        &other,
        "gemeente",
        "gemeente",
        &[],
        false,
        Validity::Expired,
    );
    let centre =
        f.ca.issue(&other, "centre", "centre", &[], true, Validity::Expired);
    let peers = f.peers();
    assert!(as_client(&peers, &party).contains("certificate expired"));
    assert!(as_server(&peers, 0, &centre).contains("certificate expired"));
    let err = f.party_meeting_centre_with(&centre).await;
    assert!(err.contains("certificate expired"), "unclear error: {err}");

    let dir2 = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = ca_fixture(dir2.path(), 27);
    let party = f.ca.issue(
        &dir2.path().join("other"),
        "gemeente",
        "gemeente",
        &[],
        false,
        Validity::Expired,
    );
    let nodes = f.start_nodes();
    assert_refused(&f.gemeente_with(&party).await, "CertificateExpired");
    f.run_and_check(nodes).await;
}

#[test]
fn ca_file_mistakes_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = ca_fixture(dir.path(), 28);
    let text = std::fs::read_to_string(&f.spec).unwrap_or_default();
    let key = std::fs::read_to_string(f.certs.join("gemeente.key.pem")).unwrap_or_default();
    std::fs::write(dir.path().join("key-only.pem"), key).unwrap_or_else(|e| panic!("{e}"));
    for (ca, want) in [
        ("missing.pem", "missing.pem"),
        ("key-only.pem", "holds no CA certificate"),
    ] {
        let p = dir.path().join("bad.toml");
        std::fs::write(
            &p,
            text.replace("ca = \"ca.pem\"", &format!("ca = \"{ca}\"")),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let spec = Spec::load(&p).unwrap_or_else(|e| panic!("{e:#}"));
        let err = Peers::load(&spec)
            .err()
            .map(|e| format!("{e:#}"))
            .unwrap_or_default();
        assert!(err.contains(want), "expected {want:?} in {err:?}");
    }
}

#[test]
fn init_puts_the_requested_names_into_certificate_and_request() {
    let dns = vec!["mpc.statistiek.example".to_string()];
    let uri = vec!["urn:oid:2.16.528.1.1003.1.3.5.5.2".to_string()];
    let g = tls::generate_with_names("statistiek", &dns, &uri, true)
        .unwrap_or_else(|e| panic!("{e:#}"));
    let cert =
        CertificateDer::from_pem_slice(g.cert_pem.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
    let names = CertNames::of(&cert).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (names.common_names, names.dns, names.uris),
        (vec!["statistiek".to_string()], dns.clone(), uri.clone())
    );
    let csr = g.csr_pem.unwrap_or_default();
    let csr = CertificateSigningRequestDer::from_pem_slice(csr.as_bytes())
        .unwrap_or_else(|e| panic!("{e:?}"));
    for want in [&dns[0], &uri[0]] {
        assert!(
            csr.as_ref()
                .windows(want.len())
                .any(|w| w == want.as_bytes()),
            "the request lacks {want}"
        );
    }
    let err = tls::generate_with_names("x", &["mpc.stätistiek.example".into()], &[], false)
        .err()
        .map(|e| format!("{e:#}"))
        .unwrap_or_default();
    assert!(err.contains("DNS name"), "unclear error: {err}");
}
