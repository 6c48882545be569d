//! The separator of an export, sniffed from its header line: comma, semicolon (Excel in
//! locales that write decimal commas) or tab (copied from a spreadsheet). Excel's own hint
//! line, `sep=;`, is honoured.

const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];

/// The candidate that appears most often in the first line outside double quotes; a comma
/// when there is none (a one-column file) or on a tie.
pub fn sniff(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for i in 1..CANDIDATES.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    CANDIDATES[best]
}

/// The separator named by a first line `sep=X` (which Excel writes and reads), if there is one.
pub fn sep_line(text: &str) -> Option<u8> {
    let first = text.lines().next()?.trim_end_matches('\r');
    let rest = first
        .get(..4)?
        .eq_ignore_ascii_case("sep=")
        .then(|| &first[4..])?;
    let &[d] = rest.as_bytes() else { return None };
    CANDIDATES.contains(&d).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_sep_line() {
        assert_eq!(sep_line("sep=;\nname;email\n"), Some(b';'));
        assert_eq!(sep_line("SEP=,\r\nname\n"), Some(b','));
        assert_eq!(sep_line("sep=\t\n"), Some(b'\t'));
        assert_eq!(sep_line("separator,name\n"), None);
        assert_eq!(sep_line("sep=|\n"), None);
        assert_eq!(sep_line("ש"), None);
    }

    #[test]
    fn sniffs_the_header_line() {
        assert_eq!(sniff("name,email,phone\n"), b',');
        assert_eq!(sniff("שם;אימייל;טלפון\r\nא,ב;ג;ד\n"), b';');
        assert_eq!(sniff("name\temail\n"), b'\t');
    }

    #[test]
    fn only_the_first_line_and_not_inside_quotes() {
        assert_eq!(sniff("\"a;b;c\",d\nx;y;z;w;v\n"), b',');
        assert_eq!(sniff("\"first\nline;;;\",a,b\n"), b',');
    }

    #[test]
    fn one_column_or_a_tie_is_comma() {
        assert_eq!(sniff("name\nDana\n"), b',');
        assert_eq!(sniff("a,b;c\n"), b',');
        assert_eq!(sniff(""), b',');
    }
}
