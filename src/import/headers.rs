//! Header mapping: which column of a registration-form export feeds which roster column.
//! Hebrew and English spellings, matched case- and whitespace-insensitively; a first-name +
//! last-name pair becomes `name`. Everything else is left unmapped (and never written).

use crate::load::roster::COLUMNS;

/// A roster column, in the order of [`COLUMNS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Name,
    Email,
    Phone,
    City,
    BirthYear,
    Consent,
    Bio,
    Link,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Name,
        Column::Email,
        Column::Phone,
        Column::City,
        Column::BirthYear,
        Column::Consent,
        Column::Bio,
        Column::Link,
    ];

    /// Its position in [`COLUMNS`] (and in a written roster).
    pub fn index(self) -> usize {
        self as usize
    }

    /// Its roster header, e.g. `birth_year`.
    pub fn header(self) -> &'static str {
        COLUMNS[self.index()]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Col(Column),
    FirstName,
    LastName,
}

/// Accepted headers, already in [`normalise`]d form.
const ALIASES: &[(&str, Target)] = {
    use Column::*;
    use Target::*;
    &[
        ("name", Col(Name)),
        ("full name", Col(Name)),
        ("full_name", Col(Name)),
        ("שם", Col(Name)),
        ("שם מלא", Col(Name)),
        ("first name", FirstName),
        ("first_name", FirstName),
        ("שם פרטי", FirstName),
        ("last name", LastName),
        ("last_name", LastName),
        ("שם משפחה", LastName),
        ("city", Col(City)),
        ("town", Col(City)),
        ("עיר", Col(City)),
        ("ישוב", Col(City)),
        ("יישוב", Col(City)),
        ("עיר מגורים", Col(City)),
        ("birth_year", Col(BirthYear)),
        ("birth year", Col(BirthYear)),
        ("year of birth", Col(BirthYear)),
        ("שנת לידה", Col(BirthYear)),
        ("email", Col(Email)),
        ("e-mail", Col(Email)),
        ("mail", Col(Email)),
        ("email address", Col(Email)),
        ("אימייל", Col(Email)),
        ("דוא\"ל", Col(Email)),
        ("דואל", Col(Email)),
        ("מייל", Col(Email)),
        ("כתובת אימייל", Col(Email)),
        ("כתובת מייל", Col(Email)),
        ("phone", Col(Phone)),
        ("mobile", Col(Phone)),
        ("cell", Col(Phone)),
        ("phone number", Col(Phone)),
        ("טלפון", Col(Phone)),
        ("נייד", Col(Phone)),
        ("טלפון נייד", Col(Phone)),
        ("מספר טלפון", Col(Phone)),
        ("consent", Col(Consent)),
        ("publish", Col(Consent)),
        ("הסכמה", Col(Consent)),
        ("מסכים/ה לפרסום", Col(Consent)),
        ("bio", Col(Bio)),
        ("about", Col(Bio)),
        ("על עצמי", Col(Bio)),
        ("ביו", Col(Bio)),
        ("link", Col(Link)),
        ("website", Col(Link)),
        ("url", Col(Link)),
        ("linkedin", Col(Link)),
        ("קישור", Col(Link)),
        ("אתר", Col(Link)),
    ]
};

/// Invisible characters that exports scatter around text (direction marks, zero-width space,
/// byte-order mark). Zero-width joiners stay: emoji are made of them.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// `"  Full   Name * "` → `full name`: invisible characters dropped, Hebrew gershayim (״) read
/// as `"`, a trailing `*` or `:` (as forms mark required questions) dropped, whitespace
/// collapsed, lowercase.
pub fn normalise(header: &str) -> String {
    let s: String = header
        .chars()
        .filter(|&c| !is_invisible(c))
        .map(|c| if c == '\u{05F4}' { '"' } else { c })
        .collect();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let s = s.trim_end_matches(['*', ':']).trim_end();
    s.to_lowercase()
}

fn target(header: &str) -> Option<Target> {
    let n = normalise(header);
    ALIASES.iter().find(|(a, _)| *a == n).map(|&(_, t)| t)
}

/// Where each roster column comes from in the export.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mapping {
    /// The export column of each roster column except `name` (by [`Column::index`]).
    pub columns: [Option<usize>; 8],
    /// The export columns that make up `name`: one name column, or first + last name (joined
    /// with a space), or just one of those two.
    pub name: Vec<usize>,
    /// Export columns no roster column takes, by their header as written (trimmed).
    pub unmapped: Vec<String>,
}

impl Mapping {
    pub fn get(&self, c: Column) -> Option<usize> {
        if c == Column::Name {
            self.name.first().copied()
        } else {
            self.columns[c.index()]
        }
    }
}

/// Maps an export's header row. The first column of a kind wins; a second one (say both
/// "טלפון" and "נייד") is left unmapped. A name column wins over a first/last-name pair.
pub fn map(headers: &[&str]) -> Mapping {
    let mut m = Mapping::default();
    let (mut name, mut first, mut last) = (None, None, None);
    let mut taken = vec![false; headers.len()];
    for (i, h) in headers.iter().enumerate() {
        let slot = match target(h) {
            Some(Target::Col(Column::Name)) => &mut name,
            Some(Target::FirstName) => &mut first,
            Some(Target::LastName) => &mut last,
            Some(Target::Col(c)) => &mut m.columns[c.index()],
            None => continue,
        };
        if slot.is_none() {
            *slot = Some(i);
            taken[i] = true;
        }
    }
    m.name = match name {
        Some(n) => {
            for i in [first, last].into_iter().flatten() {
                taken[i] = false;
            }
            vec![n]
        }
        None => [first, last].into_iter().flatten().collect(),
    };
    m.unmapped = headers
        .iter()
        .enumerate()
        .filter(|&(i, _)| !taken[i])
        .map(|(i, h)| {
            let h = h.trim();
            if h.is_empty() {
                format!("(column {}, no header)", i + 1)
            } else {
                h.to_string()
            }
        })
        .collect();
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hebrew_and_english_headers_any_case_and_spacing() {
        let m = map(&[
            " שם מלא ",
            "E-Mail",
            "טלפון  נייד",
            "Town",
            "Year Of Birth",
            "מסכים/ה לפרסום",
            "About",
            "LinkedIn",
        ]);
        assert_eq!(m.name, vec![0]);
        for (c, i) in Column::ALL.iter().zip(0..) {
            assert_eq!(m.get(*c), Some(i), "{c:?}");
        }
        assert!(m.unmapped.is_empty());
    }

    #[test]
    fn every_listed_spelling_maps() {
        let cases: &[(&str, Column)] = &[
            ("שם", Column::Name),
            ("full_name", Column::Name),
            ("עיר", Column::City),
            ("ישוב", Column::City),
            ("יישוב", Column::City),
            ("עיר מגורים", Column::City),
            ("שנת לידה", Column::BirthYear),
            ("birth_year", Column::BirthYear),
            ("אימייל", Column::Email),
            ("דוא\"ל", Column::Email),
            ("דוא״ל", Column::Email),
            ("דואל", Column::Email),
            ("מייל", Column::Email),
            ("mail", Column::Email),
            ("נייד", Column::Phone),
            ("Cell", Column::Phone),
            ("הסכמה", Column::Consent),
            ("PUBLISH", Column::Consent),
            ("על עצמי", Column::Bio),
            ("ביו", Column::Bio),
            ("קישור", Column::Link),
            ("אתר", Column::Link),
            ("url", Column::Link),
            ("Website", Column::Link),
        ];
        for &(h, c) in cases {
            assert_eq!(map(&[h]).get(c), Some(0), "{h}");
        }
    }

    #[test]
    fn required_marks_and_direction_marks_are_ignored() {
        assert_eq!(normalise("\u{200f}Email *"), "email");
        assert_eq!(normalise("טלפון:"), "טלפון");
    }

    #[test]
    fn first_and_last_name_make_the_name() {
        let m = map(&["שם פרטי", "שם משפחה", "עיר"]);
        assert_eq!(m.name, vec![0, 1]);
        let m = map(&["Last Name", "First Name"]);
        assert_eq!(m.name, vec![1, 0], "first name comes first");
        // a full-name column wins; the parts are then unmapped
        let m = map(&["first name", "name", "last name"]);
        assert_eq!(m.name, vec![1]);
        assert_eq!(m.unmapped, vec!["first name", "last name"]);
    }

    #[test]
    fn unknown_and_second_columns_are_listed() {
        let m = map(&["Timestamp", "name", "phone", "mobile", ""]);
        assert_eq!(m.get(Column::Phone), Some(2));
        assert_eq!(
            m.unmapped,
            vec!["Timestamp", "mobile", "(column 5, no header)"]
        );
    }

    #[test]
    fn column_order_matches_the_roster_format() {
        for c in Column::ALL {
            assert_eq!(Column::ALL[c.index()], c);
        }
        assert_eq!(Column::BirthYear.header(), "birth_year");
    }
}
