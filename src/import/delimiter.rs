//! The separator of an export, sniffed from its header line: comma, semicolon (Excel in
//! locales that write decimal commas) or tab (copied from a spreadsheet).

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

#[cfg(test)]
mod tests {
    use super::*;

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
