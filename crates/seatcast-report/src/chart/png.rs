//! A [`Chart`] as a PNG: its SVG document rendered with resvg and the
//! built-in font, `scale` pixels per unit, on white.

use super::Chart;
use image::ImageEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

/// Why a chart could not be saved as a PNG.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// The image asked for is too large (width, height in pixels).
    #[error("an image of {0} × {1} pixels cannot be made (at most 16,000 on a side)")]
    Size(u32, u32),
    /// The chart's SVG could not be read back.
    #[error("the chart could not be drawn: {0}")]
    Svg(#[from] usvg::Error),
    /// The pixels could not be written as a PNG.
    #[error("the PNG could not be encoded: {0}")]
    Encode(#[from] image::ImageError),
}

/// The fonts charts are drawn with: only the built-in one, so the picture is
/// the same on every machine.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(crate::fonts::CJK_FONT.to_vec());
        let family = db
            .faces()
            .next()
            .and_then(|f| f.families.first())
            .map(|f| f.0.clone());
        if let Some(family) = family {
            db.set_sans_serif_family(family);
        }
        Arc::new(db)
    })
    .clone()
}

/// Pixels of an SVG document `width` × `height` units drawn at `scale`.
pub fn pixel_size(width: f64, height: f64, scale: f64) -> (u32, u32) {
    (
        (width * scale).round().max(0.0) as u32,
        (height * scale).round().max(0.0) as u32,
    )
}

/// An SVG document rendered to PNG bytes at `scale`.
pub fn from_svg(svg: &str, scale: f64) -> Result<Vec<u8>, PngError> {
    let options = usvg::Options {
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)?;
    let size = tree.size();
    let (w, h) = pixel_size(size.width() as f64, size.height() as f64, scale);
    if w == 0 || h == 0 || w > 16_000 || h > 16_000 {
        return Err(PngError::Size(w, h));
    }
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(PngError::Size(w, h))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale as f32, scale as f32),
        &mut pixmap.as_mut(),
    );
    // Opaque on white, so premultiplied RGBA is plain RGB.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Adaptive)
        .write_image(&rgb, w, h, image::ExtendedColorType::Rgb8)?;
    Ok(out)
}

/// An SVG document as it is saved: its text drawn as outlines of the
/// built-in font, so it shows the same in any program that opens it (one
/// that draws text with the system's fonts drops Chinese where none is
/// installed). The words themselves go into the document's `<title>` and
/// `<desc>`, which no program draws, for search and screen readers.
pub fn outlined(svg: &str) -> Result<String, PngError> {
    let options = usvg::Options {
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)?;
    // Two decimals of a unit (a chart is some 1600 units wide), no indent:
    // a chart's file stays small.
    let write = usvg::WriteOptions {
        coordinates_precision: 2,
        transforms_precision: 4,
        indent: usvg::Indent::None,
        ..usvg::WriteOptions::default()
    };
    let mut out = tree.to_string(&write);
    let doc = usvg::roxmltree::Document::parse(svg).map_err(usvg::Error::ParsingFailed)?;
    let words: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter(|t| t.is_text())
                .filter_map(|t| t.text())
                .collect::<String>()
        })
        .filter(|t| !t.trim().is_empty())
        .map(|t| escape(&t))
        .collect();
    if let (Some(first), Some(open)) = (words.first(), out.find("<svg")) {
        let at = out[open..].find('>').map_or(out.len(), |k| open + k + 1);
        out.insert_str(
            at,
            &format!("<title>{first}</title><desc>{}</desc>", words.join(" · ")),
        );
    }
    Ok(out)
}

/// Text as XML character data.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The chart as a PNG: laid out at `width` × `height`, drawn at `scale`
/// (1600 × 900 at 2 gives 3200 × 1800 pixels).
pub fn render(chart: &Chart, width: f64, height: f64, scale: f64) -> Result<Vec<u8>, PngError> {
    from_svg(&super::svg::render(chart, width, height), scale)
}
