//! The map's shapes: the municipal and provincial boundaries shipped in `assets/geo/` (simplified
//! from the CBS/Kadaster files by `tools/geo/simplify.sh`), turned once into SVG paths in one
//! shared frame. The projection is plain: longitude scaled by the cosine of the Netherlands'
//! middle latitude, which keeps shapes true to within a percent at this size.

use std::sync::OnceLock;

use serde::Deserialize;

const MUNICIPALITIES: &str = include_str!("../assets/geo/gemeenten-2024.geojson");
const PROVINCES: &str = include_str!("../assets/geo/provincies.geojson");

/// The width of the map's frame in SVG units; the height follows from the shapes.
const WIDTH: f64 = 600.0;
/// The latitude whose scale the projection keeps (the middle of the Netherlands).
const MID_LATITUDE: f64 = 52.2;

/// One shape: the CBS code of what it bounds and its outline as SVG path data.
#[derive(Debug, Clone)]
pub struct Shape {
    pub code: String,
    pub path: String,
}

/// Every shape, in one frame of `width` × `height` units.
#[derive(Debug)]
pub struct Shapes {
    pub width: f64,
    pub height: f64,
    pub municipalities: Vec<Shape>,
    pub provinces: Vec<Shape>,
}

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Properties {
    statcode: String,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

impl Geometry {
    fn rings(&self) -> Vec<&Vec<[f64; 2]>> {
        match self {
            Geometry::Polygon(rings) => rings.iter().collect(),
            Geometry::MultiPolygon(polygons) => polygons.iter().flatten().collect(),
        }
    }
}

fn parse(text: &str) -> Vec<Feature> {
    // The files are part of the binary and checked by the tests; a broken one shows an empty map.
    serde_json::from_str::<Collection>(text)
        .map(|c| c.features)
        .unwrap_or_default()
}

/// The shapes, made on first use.
pub fn shapes() -> &'static Shapes {
    static SHAPES: OnceLock<Shapes> = OnceLock::new();
    SHAPES.get_or_init(|| build(&parse(MUNICIPALITIES), &parse(PROVINCES)))
}

fn build(municipalities: &[Feature], provinces: &[Feature]) -> Shapes {
    let k = MID_LATITUDE.to_radians().cos();
    let (mut min_x, mut max_x, mut min_y, mut max_y) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for f in municipalities.iter().chain(provinces) {
        for ring in f.geometry.rings() {
            for [lon, lat] in ring {
                min_x = min_x.min(lon * k);
                max_x = max_x.max(lon * k);
                min_y = min_y.min(-lat);
                max_y = max_y.max(-lat);
            }
        }
    }
    if min_x >= max_x || min_y >= max_y {
        return Shapes {
            width: WIDTH,
            height: WIDTH,
            municipalities: Vec::new(),
            provinces: Vec::new(),
        };
    }
    let scale = WIDTH / (max_x - min_x);
    let point = |lon: f64, lat: f64| ((lon * k - min_x) * scale, (-lat - min_y) * scale);
    // Each ring: its first point absolute, then steps relative to the point before, in tenths of
    // a unit (the shortest form of the same outline: most steps are a few units).
    let shape = |f: &Feature| {
        let mut path = String::new();
        for ring in f.geometry.rings() {
            let mut last: Option<(i64, i64)> = None;
            for [lon, lat] in ring {
                let (x, y) = point(*lon, *lat);
                let p = ((x * 10.0).round() as i64, (y * 10.0).round() as i64);
                match last {
                    None => {
                        path.push('M');
                        push_number(&mut path, p.0);
                        push_number(&mut path, p.1);
                        path.push('l');
                    }
                    Some(q) if q == p => continue,
                    Some(q) => {
                        push_number(&mut path, p.0 - q.0);
                        push_number(&mut path, p.1 - q.1);
                    }
                }
                last = Some(p);
            }
            if path.ends_with('l') {
                path.pop();
            }
            path.push('Z');
        }
        Shape {
            code: f.properties.statcode.clone(),
            path,
        }
    };
    Shapes {
        width: WIDTH,
        height: ((max_y - min_y) * scale).ceil(),
        municipalities: municipalities.iter().map(shape).collect(),
        provinces: provinces.iter().map(shape).collect(),
    }
}

/// Appends a number given in tenths, in its shortest SVG form ("123.4", "12", ".7", "-.7"), with a
/// space before it only where the number before would otherwise run on.
fn push_number(path: &mut String, tenths: i64) {
    let text = tenths_text(tenths);
    if !text.starts_with('-') && path.ends_with(|c: char| c.is_ascii_digit() || c == '.') {
        path.push(' ');
    }
    path.push_str(&text);
}

fn tenths_text(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let (whole, tenth) = (v.abs() / 10, v.abs() % 10);
    match (whole, tenth) {
        (w, 0) => format!("{sign}{w}"),
        (0, t) => format!("{sign}.{t}"),
        (w, t) => format!("{sign}{w}.{t}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The absolute points of a path as `shape` writes it (M, then l steps, Z per ring).
    fn points(path: &str) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        for ring in path.split('Z').filter(|r| !r.is_empty()) {
            let ring = ring.strip_prefix('M').expect("a ring starts with M");
            let mut numbers = Vec::new();
            let mut current = String::new();
            for c in ring.chars() {
                if c == ' ' || c == 'l' || c == '-' || (c == '.' && current.contains('.')) {
                    if !current.is_empty() && current != "-" {
                        numbers.push(current.parse::<f64>().unwrap());
                        current.clear();
                    }
                    if c == '-' || c == '.' {
                        current.push(c);
                    }
                } else {
                    current.push(c);
                }
            }
            if !current.is_empty() {
                numbers.push(current.parse::<f64>().unwrap());
            }
            assert_eq!(numbers.len() % 2, 0, "{ring}");
            let (mut x, mut y) = (numbers[0], numbers[1]);
            out.push((x, y));
            for step in numbers[2..].chunks(2) {
                x += step[0];
                y += step[1];
                out.push((x, y));
            }
        }
        out
    }

    #[test]
    fn every_shipped_shape_has_a_code_and_an_outline_inside_the_frame() {
        let s = shapes();
        assert_eq!(s.municipalities.len(), 342);
        assert_eq!(s.provinces.len(), 12);
        assert!(s.height > s.width, "the Netherlands is taller than wide");
        let mut total = 0;
        for shape in s.municipalities.iter().chain(&s.provinces) {
            assert!(shape.code.starts_with("GM") || shape.code.starts_with("PV"));
            assert!(shape.path.starts_with('M') && shape.path.ends_with('Z'));
            let pts = points(&shape.path);
            assert!(pts.len() >= 3, "{}", shape.code);
            total += pts.len();
            for (x, y) in pts {
                assert!((-0.1..=s.width + 0.1).contains(&x), "{} x {x}", shape.code);
                assert!((-0.1..=s.height + 0.1).contains(&y), "{} y {y}", shape.code);
            }
        }
        assert!(total > 4_000, "{total} points");
    }

    #[test]
    fn steps_are_written_short_and_read_back_exactly() {
        assert_eq!(tenths_text(1234), "123.4");
        assert_eq!(tenths_text(120), "12");
        assert_eq!(tenths_text(7), ".7");
        assert_eq!(tenths_text(-7), "-.7");
        assert_eq!(tenths_text(-15), "-1.5");
        let mut path = String::from("M");
        for v in [1234, 5, -7, 20, 3, -100] {
            push_number(&mut path, v);
        }
        assert_eq!(path, "M123.4 .5-.7 2 .3-10");
        let back = points(&format!("M{}l{}Z", "10 20", "1.5-.5 -2 .3"));
        assert_eq!(back, [(10.0, 20.0), (11.5, 19.5), (9.5, 19.8)]);
    }
}
