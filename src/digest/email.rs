//! The digest as one self-contained HTML email: a table layout with inline styles only (Gmail
//! drops `<style>`, Outlook lays out tables and little else), `lang`/`dir` on every block,
//! absolute links and images, the hub's channels and the mail tool's unsubscribe tag.

use super::{Digest, Format, Item, ItemKind};
use crate::render::views::escape;

const BG: &str = "#f5f7f8";
const SURFACE: &str = "#ffffff";
const TEXT: &str = "#18212b";
const MUTED: &str = "#4d5a66";
const ACCENT: &str = "#0d5c63";
const BORDER: &str = "#d8e0e4";
const FONT: &str = "Arial, 'Segoe UI', Helvetica, sans-serif";

/// An image a mail client can show: an absolute address of a raster image (no SVG).
fn raster(url: &Option<String>) -> Option<&str> {
    let u = url.as_deref()?;
    let path = u
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let ok = u.starts_with("https://") || u.starts_with("http://");
    (ok && [".png", ".jpg", ".jpeg", ".gif", ".webp"]
        .iter()
        .any(|e| path.ends_with(e)))
    .then_some(u)
}

fn item(d: &Digest, i: &Item, align: &str) -> String {
    let url = escape(&d.link(&i.url, Format::Email));
    let label = match i.kind {
        ItemKind::Job => format!(
            "<span style=\"display:inline-block;padding:2px 8px;margin-bottom:6px;border-radius:10px;background-color:#e1f0ef;color:{ACCENT};font-size:12px;font-weight:bold;\">{}</span><br>",
            escape(&d.t("job", "Job"))
        ),
        _ => String::new(),
    };
    let details = if i.details.is_empty() {
        String::new()
    } else {
        format!(
            "<p style=\"margin:4px 0 0 0;font-size:14px;line-height:20px;color:{MUTED};\">{}</p>",
            escape(&i.details.join(" · "))
        )
    };
    let summary = if i.summary.is_empty() {
        String::new()
    } else {
        format!(
            "<p style=\"margin:6px 0 0 0;font-size:15px;line-height:22px;color:{TEXT};\">{}</p>",
            escape(&i.summary)
        )
    };
    format!(
        "<tr><td dir=\"{dir}\" align=\"{align}\" style=\"padding:14px 24px;border-top:1px solid {BORDER};text-align:{align};font-family:{FONT};\">\
{label}<a href=\"{url}\" style=\"font-size:17px;line-height:24px;font-weight:bold;color:{ACCENT};text-decoration:none;\">{title}</a>\
{details}{summary}\
<p style=\"margin:8px 0 0 0;font-size:14px;line-height:20px;\"><a href=\"{url}\" style=\"color:{ACCENT};text-decoration:underline;\">{more}</a></p>\
</td></tr>\n",
        dir = d.dir,
        title = escape(&i.title),
        more = escape(&d.t("digest_read_more", "Read more")),
    )
}

/// The whole email document.
pub fn html(d: &Digest) -> String {
    let align = if d.dir == "rtl" { "right" } else { "left" };
    let dir = d.dir;
    let lang = escape(&d.lang);
    let home = escape(&d.link(&d.home, Format::Email));
    let mut body = String::new();
    if let Some(img) = raster(&d.image) {
        body.push_str(&format!(
            "<tr><td style=\"padding:0;\"><a href=\"{home}\" style=\"text-decoration:none;\"><img src=\"{}\" width=\"600\" alt=\"{}\" style=\"display:block;width:100%;max-width:600px;height:auto;border:0;\"></a></td></tr>\n",
            escape(img),
            escape(&d.site_title)
        ));
    }
    body.push_str(&format!(
        "<tr><td dir=\"{dir}\" align=\"{align}\" style=\"padding:24px 24px 8px 24px;text-align:{align};font-family:{FONT};\">\
<h1 style=\"margin:0;font-size:24px;line-height:32px;color:{TEXT};\">{}</h1>\
<p style=\"margin:6px 0 0 0;font-size:14px;line-height:20px;color:{MUTED};\">{}</p></td></tr>\n",
        escape(&d.heading),
        escape(&d.period)
    ));
    if d.is_empty() {
        body.push_str(&format!(
            "<tr><td dir=\"{dir}\" align=\"{align}\" style=\"padding:16px 24px;text-align:{align};font-family:{FONT};font-size:15px;color:{TEXT};\">{}</td></tr>\n",
            escape(&d.t("digest_empty", "Nothing new was posted in this period."))
        ));
    }
    for s in d.all_sections() {
        let title = match &s.url {
            Some(u) => format!(
                "<a href=\"{}\" style=\"color:{TEXT};text-decoration:none;\">{}</a>",
                escape(&d.link(u, Format::Email)),
                escape(&s.title)
            ),
            None => escape(&s.title),
        };
        body.push_str(&format!(
            "<tr><td dir=\"{dir}\" align=\"{align}\" style=\"padding:20px 24px 6px 24px;text-align:{align};font-family:{FONT};\">\
<h2 style=\"margin:0;font-size:19px;line-height:26px;color:{TEXT};border-bottom:3px solid {ACCENT};display:inline-block;\">{title}</h2></td></tr>\n"
        ));
        for i in &s.items {
            body.push_str(&item(d, i, align));
        }
    }
    let mut buttons = format!(
        "<a href=\"{home}\" style=\"display:inline-block;margin:4px;padding:10px 16px;border-radius:6px;background-color:{ACCENT};color:#ffffff;font-size:15px;font-weight:bold;text-decoration:none;\">{}</a>",
        escape(&d.t("digest_visit", "Visit the hub"))
    );
    for c in &d.channels {
        buttons.push_str(&format!(
            "<a href=\"{}\" style=\"display:inline-block;margin:4px;padding:9px 15px;border-radius:6px;border:1px solid {ACCENT};color:{ACCENT};font-size:15px;text-decoration:none;\">{}</a>",
            escape(&c.url),
            escape(&c.label)
        ));
    }
    body.push_str(&format!(
        "<tr><td dir=\"{dir}\" align=\"center\" style=\"padding:24px;border-top:1px solid {BORDER};text-align:center;font-family:{FONT};\">{buttons}</td></tr>\n"
    ));
    let footer = format!(
        "<tr><td dir=\"{dir}\" align=\"center\" style=\"padding:16px 24px 24px 24px;text-align:center;font-family:{FONT};font-size:12px;line-height:18px;color:{MUTED};\">\
{}<br><a href=\"{}\" style=\"color:{MUTED};text-decoration:underline;\">{}</a></td></tr>\n",
        escape(&d.t(
            "digest_why",
            "You get this email because you joined the community's mailing list."
        )),
        escape(&d.unsubscribe),
        escape(&d.t("digest_unsubscribe", "Unsubscribe")),
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"color-scheme\" content=\"light\">\n<title>{title}</title>\n</head>\n\
<body dir=\"{dir}\" style=\"margin:0;padding:0;background-color:{BG};\">\n\
<div style=\"display:none;max-height:0;overflow:hidden;\">{period}</div>\n\
<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;background-color:{BG};\">\n\
<tr><td align=\"center\" style=\"padding:16px 8px;\">\n\
<table role=\"presentation\" dir=\"{dir}\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;max-width:600px;background-color:{SURFACE};border:1px solid {BORDER};border-radius:8px;\">\n\
{body}{footer}</table>\n</td></tr>\n</table>\n</body>\n</html>\n",
        title = escape(&d.heading),
        period = escape(&d.period),
    )
}
