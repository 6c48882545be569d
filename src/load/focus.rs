//! `focus:` on a leader: the point of the photo ("30% 20%": across, then down) that its
//! square crop keeps in view, checked where it is written.

use super::front_matter::Fields;
use crate::diagnostics::Diagnostic;

/// A point of a picture in per mille of its width and height (500, 500 is the centre).
pub type Focus = (u16, u16);

const HINT: &str = "write two percentages, across then down, in quotes: `focus: \"30% 20%\"` keeps the point 30% from the left and 20% from the top in the square (\"50% 50%\", the centre, is the default)";

/// "30% 20%" → (300, 200); a reason in plain words otherwise.
pub fn parse(text: &str) -> Result<Focus, String> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [x, y] = parts[..] else {
        return Err(format!(
            "focus: \"{}\" should be two percentages, like \"30% 20%\"",
            text.trim()
        ));
    };
    let one = |p: &str| -> Result<u16, String> {
        let n = p
            .strip_suffix('%')
            .ok_or_else(|| format!("focus: \"{p}\" needs a % sign, like \"{p}%\""))?;
        match n.parse::<f64>() {
            Ok(v) if (0.0..=100.0).contains(&v) => Ok((v * 10.0).round() as u16),
            _ => Err(format!(
                "focus: \"{p}\" is not a percentage from 0% to 100%"
            )),
        }
    };
    Ok((one(x)?, one(y)?))
}

/// The value as written in front matter and in templates (`avatar(focus=…)`).
pub fn css(f: Focus) -> String {
    let pct = |v: u16| {
        let s = format!("{:.1}", f64::from(v) / 10.0);
        s.trim_end_matches(".0").to_string()
    };
    format!("{}% {}%", pct(f.0), pct(f.1))
}

/// Reads and checks `focus:`; a bad value is an error at its position.
pub fn read(f: &mut Fields) -> Option<Focus> {
    let s = f.string("focus")?;
    match parse(&s.value) {
        Ok(v) => Some(v),
        Err(e) => {
            f.error_at(s.pos, Diagnostic::error(e).hint(HINT));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_across_then_down() {
        assert_eq!(parse("30% 20%"), Ok((300, 200)));
        assert_eq!(parse(" 0%   100% "), Ok((0, 1000)));
        assert_eq!(parse("12.5% 50%"), Ok((125, 500)));
        assert_eq!(css((125, 500)), "12.5% 50%");
        assert_eq!(css((300, 0)), "30% 0%");
        for bad in [
            "",
            "30%",
            "30 20",
            "30% 20% 10%",
            "130% 20%",
            "-5% 20%",
            "left top",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
