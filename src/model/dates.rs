//! Dates as authors write them (`2026-01-10`, `2026-01-10 18:30`, RFC 3339) → [`When`], and
//! how they are shown: ISO 8601 for machines, CLDR month names for people
//! (`10 בינואר 2026`, `January 10, 2026`).

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

/// A calendar date, or a moment in the hub's timezone.
#[derive(Debug, Clone, PartialEq, Hash)]
pub enum When {
    Day(Date),
    Moment(ZonedDateTime),
}

pub const FORMATS_HINT: &str = "write a date as 2026-01-10, a time as 2026-01-10 18:30, or a full time with its offset as 2026-01-10T18:30:00+02:00";

/// Parses what an author wrote; `tz` applies to times written without an offset.
pub fn parse(text: &str, tz: &TimeZone) -> Result<When, String> {
    let t = text.trim();
    if let Ok(d) = t.parse::<Date>()
        && t.len() == 10
    {
        return Ok(When::Day(d));
    }
    if let Ok(ts) = t.parse::<Timestamp>() {
        return Ok(When::Moment(ts.to_zoned_datetime(tz.clone())));
    }
    let civil = t.replacen(' ', "T", 1);
    if let Ok(dt) = civil.parse::<DateTime>() {
        return dt
            .to_zoned_datetime(tz.clone())
            .map(When::Moment)
            .map_err(|e| e.to_string());
    }
    match calendar_problem(t) {
        Some(why) => Err(format!("\"{t}\" is not a date: {why}")),
        None => Err(format!("\"{t}\" is not a date kehila can read")),
    }
}

const MONTH_NAMES_EN: [&str; 12] = EN_MONTHS;

/// Why text written in the documented shape (`YYYY-MM-DD`, then maybe ` HH:MM[:SS]`) is not a
/// real moment — February 30, month 13, hour 25 — or `None` when the shape itself is wrong.
pub fn calendar_problem(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = text.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1..=12).contains(&month) {
        return Some(format!("there is no month {month} (months are 01 to 12)"));
    }
    let days = Date::new(year as i16, month as i8, 1)
        .map(|d| d.days_in_month() as u32)
        .unwrap_or(31);
    if day == 0 || day > days {
        let name = MONTH_NAMES_EN[month as usize - 1];
        return Some(format!("{name} {year} has {days} days"));
    }
    let rest = &text[10..];
    let time = rest.strip_prefix([' ', 'T'])?;
    let tb = time.as_bytes();
    if tb.len() < 5 || tb[2] != b':' {
        return None;
    }
    let (hour, minute) = (digits(11..13)?, digits(14..16)?);
    if hour > 23 {
        return Some(format!("there is no hour {hour} (hours are 00 to 23)"));
    }
    if minute > 59 {
        return Some(format!(
            "there is no minute {minute} (minutes are 00 to 59)"
        ));
    }
    if tb.len() >= 8 && tb[5] == b':' {
        let second = digits(17..19)?;
        if second > 59 {
            return Some(format!(
                "there is no second {second} (seconds are 00 to 59)"
            ));
        }
    }
    None
}

impl When {
    /// The first moment of this date or the moment itself, for sorting and comparing.
    pub fn timestamp(&self, tz: &TimeZone) -> Timestamp {
        match self {
            When::Day(d) => d
                .to_zoned_datetime(tz.clone())
                .map(|z| z.timestamp())
                .unwrap_or(Timestamp::UNIX_EPOCH),
            When::Moment(z) => z.timestamp(),
        }
    }

    /// The last moment of the day (for "is this event over?" and "has this post expired?").
    pub fn end_timestamp(&self, tz: &TimeZone) -> Timestamp {
        match self {
            When::Day(d) => d
                .tomorrow()
                .ok()
                .and_then(|t| t.to_zoned_datetime(tz.clone()).ok())
                .map(|z| z.timestamp())
                .unwrap_or(Timestamp::MAX),
            When::Moment(z) => z.timestamp(),
        }
    }

    /// This moment, or the start of this day, in the hub's timezone.
    pub fn zoned(&self, tz: &TimeZone) -> ZonedDateTime {
        match self {
            When::Day(_) => self.timestamp(tz).to_zoned_datetime(tz.clone()),
            When::Moment(z) => z.clone(),
        }
    }

    /// RFC 3339 with offset, for feeds (`2026-01-10T00:00:00+02:00` for a whole day).
    pub fn rfc3339(&self, tz: &TimeZone) -> String {
        self.zoned(tz).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }

    /// RFC 2822 (`Sat, 10 Jan 2026 00:00:00 +0200`), for RSS.
    pub fn rfc2822(&self, tz: &TimeZone) -> String {
        jiff::fmt::rfc2822::to_string(&self.zoned(tz)).unwrap_or_default()
    }

    pub fn date(&self) -> Date {
        match self {
            When::Day(d) => *d,
            When::Moment(z) => z.date(),
        }
    }

    /// ISO 8601: `2026-01-10` or `2026-01-10T18:30:00+02:00`.
    pub fn iso(&self) -> String {
        match self {
            When::Day(d) => d.to_string(),
            When::Moment(z) => z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        }
    }

    /// `18:30`, or `None` for a whole day.
    pub fn time(&self) -> Option<String> {
        match self {
            When::Day(_) => None,
            When::Moment(z) => Some(z.strftime("%H:%M").to_string()),
        }
    }

    pub fn is_day(&self) -> bool {
        matches!(self, When::Day(_))
    }

    /// The date in words for the site's language.
    pub fn human(&self, lang: &str) -> String {
        human_date(self.date(), lang)
    }
}

const HE_MONTHS: [&str; 12] = [
    "ינואר",
    "פברואר",
    "מרץ",
    "אפריל",
    "מאי",
    "יוני",
    "יולי",
    "אוגוסט",
    "ספטמבר",
    "אוקטובר",
    "נובמבר",
    "דצמבר",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const AR_MONTHS: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// CLDR's long date pattern for the language (`d בMMMM y`, `MMMM d, y`, `d MMMM y`); a region
/// tag (`ar-EG`, `he-IL`) reads its language's names.
///
/// Arabic dates keep Latin digits (`10 يناير 2026`, CLDR's `latn` numbering for `ar`, which
/// CLDR 48 makes `ar`'s default) rather than Arabic-Indic ones (`١٠ يناير ٢٠٢٦`, the default
/// of `ar-IL` and the Mashriq locales): Arab citizens of Israel read Latin digits every day (in
/// Hebrew, on forms, phones and prices), as the Maghreb does, and the rest of an Arabic page —
/// times (`18:30`), counts, page numbers — is written in them; one page, one set of digits.
pub fn human_date(d: Date, lang: &str) -> String {
    let m = (d.month() - 1) as usize;
    match lang.split(['-', '_']).next().unwrap_or(lang) {
        "he" => format!("{} ב{} {}", d.day(), HE_MONTHS[m], d.year()),
        "ar" => format!("{} {} {}", d.day(), AR_MONTHS[m], d.year()),
        _ => format!("{} {}, {}", EN_MONTHS[m], d.day(), d.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jlm() -> TimeZone {
        TimeZone::get("Asia/Jerusalem").unwrap()
    }

    #[test]
    fn reads_the_three_documented_forms() {
        assert!(matches!(parse("2026-01-10", &jlm()), Ok(When::Day(_))));
        let w = parse("2026-01-10 18:30", &jlm()).unwrap();
        assert_eq!(w.iso(), "2026-01-10T18:30:00+02:00");
        assert_eq!(w.time().as_deref(), Some("18:30"));
        let w = parse("2026-07-10T18:30:00Z", &jlm()).unwrap();
        assert_eq!(w.iso(), "2026-07-10T21:30:00+03:00");
        assert!(parse("10/01/2026", &jlm()).is_err());
        assert!(parse("2026-02-30", &jlm()).is_err());
    }

    #[test]
    fn impossible_days_and_times_say_why() {
        let e = parse("2026-02-30", &jlm()).unwrap_err();
        assert_eq!(e, "\"2026-02-30\" is not a date: February 2026 has 28 days");
        let e = parse("2028-02-30", &jlm()).unwrap_err();
        assert!(e.ends_with("February 2028 has 29 days"), "{e}");
        let e = parse("2026-13-45", &jlm()).unwrap_err();
        assert!(
            e.ends_with("there is no month 13 (months are 01 to 12)"),
            "{e}"
        );
        let e = parse("2026-04-31 18:00", &jlm()).unwrap_err();
        assert!(e.ends_with("April 2026 has 30 days"), "{e}");
        let e = parse("2026-05-01 25:00", &jlm()).unwrap_err();
        assert!(
            e.ends_with("there is no hour 25 (hours are 00 to 23)"),
            "{e}"
        );
        let e = parse("2026-05-01T10:61:00+02:00", &jlm()).unwrap_err();
        assert!(
            e.ends_with("there is no minute 61 (minutes are 00 to 59)"),
            "{e}"
        );
        let e = parse("2026-00-10", &jlm()).unwrap_err();
        assert!(e.contains("no month 0"), "{e}");
        // a shape kehila does not read at all keeps the general message
        let e = parse("10/01/2026", &jlm()).unwrap_err();
        assert!(e.ends_with("is not a date kehila can read"), "{e}");
    }

    #[test]
    fn hebrew_and_english_month_names() {
        let d = Date::new(2026, 1, 10).unwrap();
        assert_eq!(human_date(d, "he"), "10 בינואר 2026");
        assert_eq!(human_date(d, "en"), "January 10, 2026");
    }

    #[test]
    fn arabic_month_names_day_first_in_latin_digits() {
        let names: Vec<String> = (1..=12)
            .map(|m| human_date(Date::new(2026, m, 1).unwrap(), "ar"))
            .collect();
        assert_eq!(
            names,
            [
                "1 يناير 2026",
                "1 فبراير 2026",
                "1 مارس 2026",
                "1 أبريل 2026",
                "1 مايو 2026",
                "1 يونيو 2026",
                "1 يوليو 2026",
                "1 أغسطس 2026",
                "1 سبتمبر 2026",
                "1 أكتوبر 2026",
                "1 نوفمبر 2026",
                "1 ديسمبر 2026",
            ]
        );
        let d = Date::new(2026, 12, 31).unwrap();
        assert_eq!(human_date(d, "ar"), "31 ديسمبر 2026");
        assert_eq!(human_date(d, "ar-EG"), "31 ديسمبر 2026");
        // a timed moment is named by its date in the hub's timezone
        let w = parse("2026-03-05T23:30:00Z", &jlm()).unwrap();
        assert_eq!(w.human("ar"), "6 مارس 2026");
        assert_eq!(w.time().as_deref(), Some("01:30"));
        assert!(
            !w.human("ar")
                .chars()
                .any(|c| ('\u{660}'..='\u{669}').contains(&c))
        );
    }

    #[test]
    fn region_tags_read_their_language() {
        let d = Date::new(2026, 1, 10).unwrap();
        assert_eq!(human_date(d, "he-IL"), "10 בינואר 2026");
        assert_eq!(human_date(d, "en-GB"), "January 10, 2026");
    }
}
