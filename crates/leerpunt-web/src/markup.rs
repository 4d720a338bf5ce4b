//! The HTML Leerpunt makes outside its templates: Markdown rendered and sanitised, and search
//! snippets with their matched words marked. Other crates hand over plain text and ranges.

use leerpunt_core::snippet::Snippet;
use pulldown_cmark::{html, Options, Parser};

/// Renders Markdown to HTML that is safe to embed in a page: raw HTML, scripts, event handlers and
/// `javascript:` links are removed by an allow-list sanitiser; links get `rel="noopener noreferrer"`.
pub fn markdown(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let parser = Parser::new_ext(markdown, options);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, parser);
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .clean(&unsafe_html)
        .to_string()
}

/// Escapes text for HTML (element content and quoted attribute values).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A snippet as HTML: escaped text with the matched words in `<mark>` elements.
pub fn snippet(s: &Snippet) -> String {
    let mut out = String::with_capacity(s.text.len() + 32);
    for (piece, marked) in s.segments() {
        if marked {
            out.push_str("<mark>");
            out.push_str(&escape(piece));
            out.push_str("</mark>");
        } else {
            out.push_str(&escape(piece));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_headings_lists_and_links() {
        let html = markdown("## Aanpak\n\n- een\n- twee\n\n[site](https://example.org)");
        assert!(html.contains("<h2>Aanpak</h2>"), "{html}");
        assert!(html.contains("<li>twee</li>"), "{html}");
        assert!(html.contains(r#"href="https://example.org""#), "{html}");
        assert!(html.contains("noopener"), "{html}");
    }

    #[test]
    fn strips_scripts_handlers_and_javascript_links() {
        let html = markdown(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn snippets_escape_text_and_mark_matches() {
        let s = Snippet::new("<b>schuld</b> & armoede", [3..9, 16..23]);
        assert_eq!(
            snippet(&s),
            "&lt;b&gt;<mark>schuld</mark>&lt;/b&gt; &amp; <mark>armoede</mark>"
        );
    }
}
