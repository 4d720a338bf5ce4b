//! Markdown as plain text, for search documents and summaries (the web layer renders it as HTML).

use pulldown_cmark::Parser;

/// Plain text of Markdown for summaries and snippets: formatting dropped, whitespace collapsed.
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, TagEnd};
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("## Kop\n\nEen *mooie* [tekst](https://example.org)."),
            "Kop Een mooie tekst."
        );
    }
}
