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
    let shape = |f: &Feature| {
        let mut path = String::new();
        for ring in f.geometry.rings() {
            let mut last = None;
            for (i, [lon, lat]) in ring.iter().enumerate() {
                let (x, y) = point(*lon, *lat);
                let p = ((x * 10.0).round() as i64, (y * 10.0).round() as i64);
                if last == Some(p) {
                    continue;
                }
                last = Some(p);
                path.push(if i == 0 { 'M' } else { 'L' });
                path.push_str(&tenths(p.0));
                path.push(' ');
                path.push_str(&tenths(p.1));
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

/// A number given in tenths, written with at most one decimal ("123.4", "12").
fn tenths(v: i64) -> String {
    if v % 10 == 0 {
        (v / 10).to_string()
    } else {
        format!("{}.{}", v / 10, (v % 10).abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_shape_has_a_code_and_an_outline_inside_the_frame() {
        let s = shapes();
        assert_eq!(s.municipalities.len(), 342);
        assert_eq!(s.provinces.len(), 12);
        assert!(s.height > s.width, "the Netherlands is taller than wide");
        for shape in s.municipalities.iter().chain(&s.provinces) {
            assert!(shape.code.starts_with("GM") || shape.code.starts_with("PV"));
            assert!(shape.path.starts_with('M') && shape.path.ends_with('Z'));
            for n in shape
                .path
                .split(['M', 'L', 'Z', ' '])
                .filter(|n| !n.is_empty())
            {
                let v: f64 = n.parse().unwrap();
                assert!((-0.1..=s.height + 0.1).contains(&v), "{} {v}", shape.code);
            }
        }
    }

    #[test]
    fn tenths_are_written_short() {
        assert_eq!(tenths(1234), "123.4");
        assert_eq!(tenths(120), "12");
        assert_eq!(tenths(7), "0.7");
    }
}
