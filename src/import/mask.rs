//! Masking: everything `kehila import` prints about a row goes through here first, so no full
//! email address or phone number ever reaches the terminal (or a CI log).

/// `dana@example.org` → `d***@example.org`. Without an `@`, only the first character shows.
pub fn email(s: &str) -> String {
    match s.rsplit_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{}", scrub(domain))
        }
        None => {
            let first: String = s.chars().take(1).filter(|c| !c.is_ascii_digit()).collect();
            format!("{first}***")
        }
    }
}

/// `+972501234567` → `+97250*****67`: with ten digits or more the first five and the last
/// two show; with six to nine only the last two; with fewer, none. Other characters stay, so
/// the shape of a number not understood is still visible. Anything with an `@` is masked as an
/// email.
pub fn phone(s: &str) -> String {
    if s.contains('@') {
        return email(s);
    }
    let n = s.chars().filter(char::is_ascii_digit).count();
    let (head, tail) = match n {
        10.. => (5, 2),
        6..=9 => (0, 2),
        _ => (0, 0),
    };
    let mut seen = 0;
    s.chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c;
            }
            seen += 1;
            if seen <= head || seen > n - tail {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// Free text that might hold an email or a phone number (a header, an answer that was not
/// understood): words with `@` are masked as emails, and every stretch of digits and phone
/// punctuation holding six digits or more is masked as a phone number.
pub fn scrub(text: &str) -> String {
    let words: Vec<String> = text
        .split(' ')
        .map(|w| {
            if w.contains('@') {
                email(w)
            } else {
                w.to_string()
            }
        })
        .collect();
    let text = words.join(" ");
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let digits = run.chars().filter(char::is_ascii_digit).count();
        if digits >= 6 {
            out.push_str(&phone(run));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        let phone_char = c.is_ascii_digit()
            || (!run.is_empty() && matches!(c, ' ' | '-' | '.' | '(' | ')' | '/'))
            || c == '+';
        if phone_char {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_show_their_first_letter_and_domain() {
        assert_eq!(email("dana@example.org"), "d***@example.org");
        assert_eq!(email("@example.org"), "***@example.org");
        assert_eq!(email("dana.example.org"), "d***");
        assert_eq!(email("0501234567"), "***");
    }

    #[test]
    fn phones_keep_at_most_the_country_prefix_and_two_digits() {
        assert_eq!(phone("+972501234567"), "+97250*****67");
        assert_eq!(phone("050-123-4567"), "050-12*-**67");
        assert_eq!(phone("050-123-456"), "***-***-*56");
        assert_eq!(phone("12345"), "*****");
        assert_eq!(phone("call me"), "call me");
        assert_eq!(phone("dana@example.org"), "d***@example.org");
    }

    #[test]
    fn scrub_masks_what_looks_like_contact_details() {
        assert_eq!(scrub("born 1998"), "born 1998");
        assert_eq!(
            scrub("write dana@example.org or call 050 123 4567!"),
            "write d***@example.org or call 050 12* **67!"
        );
        assert_eq!(scrub("+972501234567"), "+97250*****67");
        assert_eq!(scrub("טלפון"), "טלפון");
    }

    #[test]
    fn no_mask_contains_the_whole_value() {
        for p in [
            "+972501234567",
            "0501234567",
            "050-123-4567",
            "+44 20 7946 0018",
        ] {
            for m in [phone(p), scrub(p), scrub(&format!("x {p} y"))] {
                assert!(!m.contains(p), "{m} shows {p}");
                let digits: String = p.chars().filter(char::is_ascii_digit).collect();
                let shown: String = m.chars().filter(char::is_ascii_digit).collect();
                assert!(shown.len() <= 7, "{m} shows too many digits of {p}");
                assert_ne!(shown, digits);
            }
        }
    }
}
