//! The digest as plain text: the email's text alternative (`FILE.txt`), and for any tool
//! that takes text. Links stand alone on their lines; right-to-left lines get their mark.

use super::{Digest, Format, rtl};

pub fn text(d: &Digest, format: Format) -> String {
    let mut out = vec![d.heading.clone(), d.period.clone(), String::new()];
    if d.is_empty() {
        out.push(d.t("digest_empty", "Nothing new was posted in this period."));
        out.push(String::new());
    }
    for s in d.all_sections() {
        out.push(format!("== {} ==", s.title));
        out.push(String::new());
        for i in &s.items {
            out.push(format!("* {}", i.title));
            if !i.details.is_empty() {
                out.push(format!("  {}", i.details.join(" · ")));
            }
            if !i.summary.is_empty() {
                out.push(format!("  {}", i.summary));
            }
            out.push(format!("  {}", d.link(&i.url, format)));
            out.push(String::new());
        }
    }
    out.push(d.t("digest_more_at", "Everything else is on the site:"));
    out.push(d.link(&d.home, format));
    for c in &d.channels {
        out.push(format!("{}: {}", c.label, c.url));
    }
    if format == Format::Email {
        out.push(String::new());
        out.push(format!(
            "{}: {}",
            d.t("digest_unsubscribe", "Unsubscribe"),
            d.unsubscribe
        ));
    }
    out.push(String::new());
    let text = out.join("\n");
    if d.dir == "rtl" {
        rtl::mark_lines(&text)
    } else {
        text
    }
}
