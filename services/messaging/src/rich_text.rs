//! A message's text as safe HTML for pages: everything the author wrote is escaped, and only
//! web addresses (`http`/`https`, found by the `linkify` crate) become links, which open in a
//! new tab without handing the page to the target (`noopener noreferrer`) and carry no search
//! engine credit (`nofollow ugc`). Nothing of the author's reaches a page as markup.

use linkify::{LinkFinder, LinkKind};

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `text` as HTML: escaped, line breaks kept, web addresses as links.
pub fn to_html(text: &str) -> String {
    let mut finder = LinkFinder::new();
    finder.kinds(&[LinkKind::Url]);
    let mut html = String::with_capacity(text.len() * 2);
    for span in finder.spans(text) {
        let piece = span.as_str();
        let is_web = span.kind() == Some(&LinkKind::Url)
            && (piece.starts_with("https://") || piece.starts_with("http://"));
        if is_web {
            let url = escape(piece);
            html.push_str(&format!(
                "<a href=\"{url}\" rel=\"nofollow ugc noopener noreferrer\" target=\"_blank\">{url}</a>"
            ));
        } else {
            html.push_str(&escape(piece));
        }
    }
    html.replace('\n', "<br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_only_web_addresses_become_links() {
        let html = to_html(
            "<script>alert('x')</script> vedi https://esempio.it/prezzi?a=1&b=2 oppure javascript:alert(1)",
        );
        assert!(html.starts_with("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(html.contains(
            "<a href=\"https://esempio.it/prezzi?a=1&amp;b=2\" rel=\"nofollow ugc noopener noreferrer\" target=\"_blank\">https://esempio.it/prezzi?a=1&amp;b=2</a>"
        ));
        assert!(html.ends_with("oppure javascript:alert(1)"), "{html}");
        assert_eq!(html.matches("<a ").count(), 1);
    }

    #[test]
    fn a_quote_cannot_break_out_of_the_link_and_lines_are_kept() {
        let html = to_html("http://x.it/\"onmouseover=\"alert(1)\nriga due");
        assert!(!html.contains("\"onmouseover"), "{html}");
        assert!(html.contains("<br>riga due"));
        assert_eq!(to_html("ftp://x.it e mail@x.it"), "ftp://x.it e mail@x.it");
    }
}
