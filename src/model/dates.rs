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
    Err(format!("\"{t}\" is not a date kehila can read"))
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

/// CLDR's long date pattern for the language (`d בMMMM y`, `MMMM d, y`, `d MMMM y`).
pub fn human_date(d: Date, lang: &str) -> String {
    let m = (d.month() - 1) as usize;
    match lang {
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
    fn hebrew_and_english_month_names() {
        let d = Date::new(2026, 1, 10).unwrap();
        assert_eq!(human_date(d, "he"), "10 בינואר 2026");
        assert_eq!(human_date(d, "en"), "January 10, 2026");
    }
}
