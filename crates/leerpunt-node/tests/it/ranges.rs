//! Declared input ranges: the input party refuses a value outside `amount_min..=amount_max` with
//! the file, line, column and range, before it contacts any node.

use super::{fixture_with_input, plaintext, run_nodes, NODES, PARTIES};
use leerpunt_node::{party, spec::Spec};
use std::path::Path;
use std::time::Duration;

fn read_err(spec: &Spec, path: &Path) -> String {
    party::read_csv(spec, path)
        .err()
        .map(|e| format!("{e:#}"))
        .unwrap_or_else(|| panic!("{} was accepted", path.display()))
}

#[test]
fn amounts_outside_the_declared_range_name_file_line_column_and_range() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec_path = fixture_with_input(dir.path(), 10, 31, "amount_min = 10\namount_max = 500\n");
    let text = std::fs::read_to_string(&spec_path).unwrap_or_default();
    let spec = Spec::load(&spec_path).unwrap_or_else(|e| panic!("{e:#}"));
    let csv = dir.path().join("grenzen.csv");
    let write = |text: &str| std::fs::write(&csv, text).unwrap_or_else(|e| panic!("{e}"));

    // Both bounds are allowed.
    write("household_id,buurt,achterstand\nA,BU0000,10\nB,BU0001,500\n");
    let rows = party::read_csv(&spec, &csv).unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(rows.iter().map(|r| r.amount).collect::<Vec<_>>(), [10, 500]);

    for (rows, line, value) in [
        ("A,BU0000,10\nB,BU0001,9\n", 3, 9),
        ("A,BU0000,501\n", 2, 501),
    ] {
        write(&format!("household_id,buurt,achterstand\n{rows}"));
        let err = read_err(&spec, &csv);
        for want in [
            "grenzen.csv".to_string(),
            format!("line {line}"),
            "column \"achterstand\" (column 3)".into(),
            format!("value {value}"),
            "10 to 500 inclusive".into(),
        ] {
            assert!(err.contains(&want), "expected {want:?} in {err:?}");
        }
    }
    // The column number is the file's, whatever the order of its columns.
    write("achterstand,household_id,buurt\n600,A,BU0000\n");
    assert!(read_err(&spec, &csv).contains("(column 1)"));

    // One bound alone.
    let only = |keep: &str, drop: &str| {
        let p = dir.path().join(format!("only-{keep}.toml"));
        std::fs::write(&p, text.replace(drop, "")).unwrap_or_else(|e| panic!("{e}"));
        Spec::load(&p).unwrap_or_else(|e| panic!("{e:#}"))
    };
    let at_most = only("max", "amount_min = 10\n");
    write("household_id,buurt,achterstand\nA,BU0000,0\nB,BU0000,501\n");
    assert!(read_err(&at_most, &csv).contains("line 3, column \"achterstand\" (column 3): value 501 is outside the range the spec declares, at most 500"));
    let at_least = only("min", "amount_max = 500\n");
    write("household_id,buurt,achterstand\nA,BU0000,9\n");
    assert!(read_err(&at_least, &csv)
        .contains("value 9 is outside the range the spec declares, at least 10"));

    // Without a declared range any non-negative integer is accepted, as before.
    let open =
        Spec::load(&fixture_with_input(dir.path(), 10, 31, "")).unwrap_or_else(|e| panic!("{e:#}"));
    write("household_id,buurt,achterstand\nA,BU0000,18446744073709551615\n");
    assert_eq!(
        party::read_csv(&open, &csv)
            .map(|r| r.len())
            .unwrap_or_else(|e| panic!("{e:#}")),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn out_of_range_row_stops_the_party_before_it_contacts_a_node() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // The generated amounts lie below 80,000.
    let spec_path = fixture_with_input(dir.path(), 3, 32, "amount_min = 0\namount_max = 79999\n");
    let spec = Spec::load(&spec_path).unwrap_or_else(|e| panic!("{e:#}"));

    // gemeente's own rows with one amount of 80,000 on line 10.
    let good = std::fs::read_to_string(dir.path().join("gemeente.csv")).unwrap_or_default();
    let mut lines: Vec<&str> = good.lines().collect();
    lines.insert(9, "HH09999,BU0001,80000");
    let bad = dir.path().join("gemeente-bad.csv");
    std::fs::write(&bad, lines.join("\n") + "\n").unwrap_or_else(|e| panic!("{e}"));

    // Stand-ins listen on the nodes' addresses, so any attempt to connect would show.
    let mut listeners = Vec::new();
    for j in 0..NODES.len() {
        let addr = spec.address(j).unwrap_or_else(|e| panic!("{e:#}"));
        listeners.push(
            tokio::net::TcpListener::bind(&addr)
                .await
                .unwrap_or_else(|e| panic!("{addr}: {e}")),
        );
    }
    let err = party::run(&spec_path, "gemeente", &bad, None, None, None, None)
        .await
        .err()
        .map(|e| format!("{e:#}"))
        .unwrap_or_else(|| panic!("a CSV with an out-of-range row was shared"));
    assert!(
        err.contains("gemeente-bad.csv: line 10, column \"achterstand\" (column 3): value 80000 is outside the range the spec declares, at most 79999")
            && err.contains("nothing was sent"),
        "unclear error: {err}"
    );
    for (l, n) in listeners.iter().zip(NODES) {
        let contacted = tokio::time::timeout(Duration::from_millis(200), l.accept()).await;
        assert!(contacted.is_err(), "the party connected to node {n}");
    }
    drop(listeners);

    // The parties' own CSVs lie inside the range: the computation runs as without one.
    let nodes = tokio::spawn({
        let (s, d) = (spec_path.clone(), dir.path().to_path_buf());
        async move { run_nodes(&s, &d).await }
    });
    for p in PARTIES {
        party::run(
            &spec_path,
            p,
            &dir.path().join(format!("{p}.csv")),
            None,
            None,
            None,
            None,
        )
        .await
        .unwrap_or_else(|e| panic!("{p}: {e:#}"));
    }
    let want = plaintext(dir.path(), &spec_path);
    for (n, r) in NODES
        .iter()
        .zip(nodes.await.unwrap_or_else(|e| panic!("{e}")))
    {
        assert_eq!(r.unwrap_or_else(|e| panic!("{n}: {e:#}")), want, "node {n}");
    }
}
