//! Graph's three date formats, in one place.
//!
//! - chat timestamps (`createdDateTime`): RFC 3339, UTC, milliseconds, `Z`;
//! - `error.innerError.date`: UTC with seconds and no zone;
//! - the `Date` header: the HTTP date of RFC 9110.
//!
//! Each formatter takes the instant to format, so one request can use one clock reading
//! throughout. Formatting a UTC instant cannot fail for the years a clock returns; should it
//! ever, the result is an empty string rather than a panic.

use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

const CHAT_TIMESTAMP: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

const INNER_ERROR_DATE: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");

const HTTP_DATE: &[BorrowedFormatItem<'static>] = format_description!(
    "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
);

/// A chat timestamp such as `2026-12-03T16:27:00.123Z`.
pub(crate) fn chat_timestamp(at: OffsetDateTime) -> String {
    format_utc(at, CHAT_TIMESTAMP)
}

/// An `innerError.date` such as `2026-12-03T16:27:00`.
pub(crate) fn inner_error_date(at: OffsetDateTime) -> String {
    format_utc(at, INNER_ERROR_DATE)
}

/// A `Date` header value such as `Thu, 03 Dec 2026 16:27:00 GMT`.
pub(crate) fn http_date(at: OffsetDateTime) -> String {
    format_utc(at, HTTP_DATE)
}

fn format_utc(at: OffsetDateTime, format: &[BorrowedFormatItem<'_>]) -> String {
    at.to_offset(UtcOffset::UTC)
        .format(format)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    const AT: OffsetDateTime = datetime!(2026-12-03 16:27:00.123456 UTC);

    #[test]
    fn chat_timestamps_have_milliseconds_and_a_z() {
        assert_eq!(chat_timestamp(AT), "2026-12-03T16:27:00.123Z");
    }

    #[test]
    fn chat_timestamps_are_converted_to_utc() {
        let local = datetime!(2026-12-03 17:27:00.5 +01:00);

        assert_eq!(chat_timestamp(local), "2026-12-03T16:27:00.500Z");
    }

    #[test]
    fn inner_error_dates_have_seconds_and_no_zone() {
        assert_eq!(inner_error_date(AT), "2026-12-03T16:27:00");
    }

    #[test]
    fn http_dates_follow_rfc_9110() {
        assert_eq!(http_date(AT), "Thu, 03 Dec 2026 16:27:00 GMT");
    }
}
