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
    titled(&compact(&svg), id, title)
}

/// plotters writes the same presentation attributes on every label and bar; the stylesheet holds
/// them once instead (`.lp-chart__text`, `.lp-chart__bar` in `leerpunt.css`), which makes a bar
/// chart about half as large. Anything else is left as plotters wrote it.
fn compact(svg: &str) -> String {
    const TEXT_START: &str = r#" text-anchor="start" font-family="sans-serif" font-size=""#;
    const TEXT_END: &str = r##"" opacity="1" fill="#1A1A1A""##;
    let bar = format!(
        r##" opacity="1" fill="#{:02X}{:02X}{:02X}" stroke="none""##,
        BAR.0, BAR.1, BAR.2
    );
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(TEXT_START) {
        let after = &rest[at + TEXT_START.len()..];
        let size_end = after.find('"').unwrap_or(after.len());
        if after[size_end..].starts_with(TEXT_END) {
            out.push_str(&rest[..at]);
            out.push_str(r#" class="lp-chart__text""#);
            rest = &after[size_end + TEXT_END.len()..];
        } else {
            out.push_str(&rest[..at + TEXT_START.len()]);
            rest = after;
        }
    }
    out.push_str(rest);
    out.replace(&bar, r#" class="lp-chart__bar""#)
}

/// Puts the chart's title in the SVG and makes it an image labelled by that title.
fn titled(svg: &str, id: &str, title: &str) -> Result<String, AppError> {
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

/// One line of a radar chart: its values per axis (`None`: not drawn there) and how it is told
/// apart without colour (the marker and the line style; the table beside it has the figures).
pub struct RadarSeries {
    pub values: Vec<Option<f64>>,
    pub style: RadarStyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RadarStyle {
    /// Solid, filled lightly, round markers: the latest result.
    Latest,
    /// Dashed, square markers: the result before.
    Previous,
    /// Dotted grey, triangle markers: the peer group's median.
    Median,
}

const RADAR_SIZE: u32 = 560;
const PREVIOUS: RGBColor = RGBColor(0xa3, 0x3b, 0x00);
const MEDIAN: RGBColor = RGBColor(0x4d, 0x4d, 0x4d);
const GRID: RGBColor = RGBColor(0xbf, 0xbf, 0xbf);

/// A radar chart of scores on a scale 0–`max` along `axes` (labels), drawn as polygons in a
/// cartesian chart: the first axis points up, the others follow clockwise.
pub fn radar(
    id: &str,
    title: &str,
    axes: &[String],
    max: f64,
    series: &[RadarSeries],
) -> Result<String, AppError> {
    let n = axes.len().max(3);
    let angle =
        |i: usize| std::f64::consts::FRAC_PI_2 - 2.0 * std::f64::consts::PI * i as f64 / n as f64;
    let point = |i: usize, r: f64| (r * angle(i).cos(), r * angle(i).sin());
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (RADAR_SIZE, RADAR_SIZE)).into_drawing_area();
        root.fill(&WHITE).map_err(internal)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(8)
            .build_cartesian_2d(-1.5f64..1.5f64, -1.5f64..1.5f64)
            .map_err(internal)?;
        // The grid: a ring per level and a spoke per axis.
        let levels = max.round().max(1.0) as u32;
        for l in 1..=levels {
            let r = f64::from(l) / max;
            let ring: Vec<(f64, f64)> = (0..=n).map(|i| point(i % n, r)).collect();
            chart
                .draw_series(std::iter::once(PathElement::new(
                    ring,
                    GRID.stroke_width(1),
                )))
                .map_err(internal)?;
        }
        let small = ("sans-serif", 12).into_font().color(&INK);
        for l in 1..=levels {
            let (x, y) = chart.backend_coord(&point(0, f64::from(l) / max));
            root.draw(&Text::new(l.to_string(), (x + 4, y - 6), small.clone()))
                .map_err(internal)?;
        }
        let font = ("sans-serif", 13).into_font().color(&INK);
        for (i, label) in axes.iter().enumerate() {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(0.0, 0.0), point(i, 1.0)],
                    GRID.stroke_width(1),
                )))
                .map_err(internal)?;
            let (lx, ly) = point(i, 1.12);
            let (x, y) = chart.backend_coord(&(lx, ly));
            let text = radar_label(label);
            let width = (text.chars().count() as i32) * 6;
            let x = if lx < -0.2 {
                x - width
            } else if lx > 0.2 {
                x
            } else {
                x - width / 2
            };
            root.draw(&Text::new(text, (x.max(2), y - 6), font.clone()))
                .map_err(internal)?;
        }
        for s in series {
            let pts: Vec<(f64, f64)> = s
                .values
                .iter()
                .enumerate()
                .map(|(i, v)| point(i, v.unwrap_or(0.0).clamp(0.0, max) / max))
                .collect();
            let mut closed = pts.clone();
            if let Some(first) = pts.first() {
                closed.push(*first);
            }
            match s.style {
                RadarStyle::Latest => {
                    chart
                        .draw_series(std::iter::once(Polygon::new(pts.clone(), BAR.mix(0.15))))
                        .map_err(internal)?;
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            closed,
                            BAR.stroke_width(3),
                        )))
                        .map_err(internal)?;
                    chart
                        .draw_series(pts.iter().map(|p| Circle::new(*p, 5, BAR.filled())))
                        .map_err(internal)?;
                }
                RadarStyle::Previous => {
                    chart
                        .draw_series(std::iter::once(plotters::element::DashedPathElement::new(
                            closed,
                            8,
                            5,
                            PREVIOUS.stroke_width(2),
                        )))
                        .map_err(internal)?;
                    chart
                        .draw_series(pts.iter().map(|p| {
                            let (x, y) = *p;
                            Rectangle::new(
                                [(x - 0.03, y - 0.03), (x + 0.03, y + 0.03)],
                                PREVIOUS.filled(),
                            )
                        }))
                        .map_err(internal)?;
                }
                RadarStyle::Median => {
                    chart
                        .draw_series(std::iter::once(plotters::element::DashedPathElement::new(
                            closed,
                            2,
                            4,
                            MEDIAN.stroke_width(2),
                        )))
                        .map_err(internal)?;
                    chart
                        .draw_series(
                            pts.iter()
                                .map(|p| TriangleMarker::new(*p, 6, MEDIAN.filled())),
                        )
                        .map_err(internal)?;
                }
            }
        }
        root.present().map_err(internal)?;
    }
    titled(&svg, id, title)
}

/// An axis label of a radar chart: short enough to fit beside the circle.
fn radar_label(label: &str) -> String {
    const MAX: usize = 26;
    if label.chars().count() <= MAX {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(MAX - 1).collect();
        format!("{}…", cut.trim_end())
    }
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

    #[test]
    fn labels_and_bars_take_their_looks_from_the_stylesheet() {
        let rows: Vec<(String, i64)> = (1..=8).map(|i| (format!("Rij {i}"), i)).collect();
        let svg = bars("rows", "Rijen", &rows).unwrap_or_default();
        // Eight labels and eight counts, eight bars: each with a class, none with the attributes.
        assert_eq!(
            svg.matches(r#"class="lp-chart__text""#).count(),
            16,
            "{svg}"
        );
        assert_eq!(svg.matches(r#"class="lp-chart__bar""#).count(), 8, "{svg}");
        assert!(!svg.contains("font-family"), "{svg}");
        assert!(!svg.contains("#154D8A"), "{svg}");
        // Nothing else changed: the background and the texts are there.
        assert!(svg.contains(r##"fill="#FFFFFF""##));
        assert!(svg.contains("Rij 8\n</text>"));
        // Text that merely looks like an attribute run is left alone.
        let odd = r#"<text text-anchor="start" font-family="sans-serif" font-size="9" opacity="0.5">x</text>"#;
        assert_eq!(compact(odd), odd);
    }

    #[test]
    fn a_radar_chart_draws_each_series_and_labels_each_axis() {
        let axes: Vec<String> = ["Strategie", "Rollen", "Kwaliteit & meer"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let svg = radar(
            "zelfscan",
            "Zelfscan <GM0344>",
            &axes,
            5.0,
            &[
                RadarSeries {
                    values: vec![Some(3.0), Some(2.0), Some(4.0)],
                    style: RadarStyle::Latest,
                },
                RadarSeries {
                    values: vec![Some(2.0), None, Some(3.0)],
                    style: RadarStyle::Previous,
                },
                RadarSeries {
                    values: vec![Some(2.5), Some(2.5), Some(2.5)],
                    style: RadarStyle::Median,
                },
            ],
        )
        .unwrap_or_default();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains(r#"<title id="chart-zelfscan-title">Zelfscan &lt;GM0344&gt;</title>"#));
        assert!(svg.contains("Kwaliteit &amp; meer"));
        assert!(
            svg.contains("<polygon"),
            "the latest result is a filled polygon"
        );
        assert!(
            svg.contains("stroke-dasharray") || svg.matches("<polyline").count() > 8,
            "{svg}"
        );
        assert!(svg.trim_end().ends_with("</svg>"));
    }
}
