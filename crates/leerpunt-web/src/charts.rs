//! Charts drawn on the server as SVG (plotters' SVG backend, no fonts loaded: the text is SVG
//! `<text>` the browser sets), embedded inline so a report reads and prints without JavaScript.
//! Every chart is an image with a title (`role="img"`, `<title>`); the page puts a table with the
//! same figures beside it for screen readers.

use plotters::prelude::*;

use crate::error::AppError;

const WIDTH: u32 = 720;
const ROW: u32 = 28;
const TOP: u32 = 8;
const LABEL_WIDTH: u32 = 330;
const BAR_MAX: u32 = 300;
/// The longest label drawn, in characters (the table beside the chart has the full text).
const MAX_LABEL: usize = 44;
/// The centre's blue, dark enough for white text and for print.
const BAR: RGBColor = RGBColor(0x15, 0x4d, 0x8a);
const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);

fn internal<E: std::fmt::Display>(e: E) -> AppError {
    AppError::Internal(format!("chart: {e}"))
}

fn short(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(MAX_LABEL - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A horizontal bar chart of labelled counts. `id` makes the title's id unique in the page.
pub fn bars(id: &str, title: &str, rows: &[(String, i64)]) -> Result<String, AppError> {
    let height = TOP * 2 + ROW * rows.len().max(1) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(internal)?;
        let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
        let font = ("sans-serif", 14).into_font().color(&INK);
        for (i, (label, n)) in rows.iter().enumerate() {
            let y = (TOP + ROW * i as u32) as i32;
            root.draw(&Text::new(short(label), (4, y + 6), font.clone()))
                .map_err(internal)?;
            let width = (n.max(&0) * i64::from(BAR_MAX) / max) as i32;
            let x = LABEL_WIDTH as i32;
            if width > 0 {
                root.draw(&Rectangle::new(
                    [(x, y + 3), (x + width, y + ROW as i32 - 5)],
                    BAR.filled(),
                ))
                .map_err(internal)?;
            }
            root.draw(&Text::new(
                n.to_string(),
                (x + width + 6, y + 6),
                font.clone(),
            ))
            .map_err(internal)?;
        }
        root.present().map_err(internal)?;
    }
    let title_id = format!("chart-{id}-title");
    let title = escape(title);
    let open = svg
        .find("<svg")
        .ok_or_else(|| internal("no <svg> element"))?;
    let close = svg[open..]
        .find('>')
        .map(|i| open + i)
        .ok_or_else(|| internal("unterminated <svg> element"))?;
    let mut out = String::with_capacity(svg.len() + 200);
    out.push_str(&svg[open..close]);
    out.push_str(&format!(
        r#" role="img" aria-labelledby="{title_id}" class="lp-chart__svg" preserveAspectRatio="xMinYMin meet">"#
    ));
    out.push_str(&format!(r#"<title id="{title_id}">{title}</title>"#));
    out.push_str(&svg[close + 1..]);
    Ok(out)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_an_image_with_a_title_and_its_labels() {
        let svg = bars(
            "kind",
            "Bijeenkomsten per soort <&>",
            &[("Advies".into(), 3), ("Workshop & meer".into(), 0)],
        )
        .unwrap_or_default();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(
            r#"<title id="chart-kind-title">Bijeenkomsten per soort &lt;&amp;&gt;</title>"#
        ));
        assert!(svg.contains("Advies\n</text>"), "{svg}");
        assert!(svg.contains("Workshop &amp; meer"));
        assert!(svg.trim_end().ends_with("</svg>"));
        let empty = bars("none", "Leeg", &[]).unwrap_or_default();
        assert!(empty.contains("<title"));
    }
}
