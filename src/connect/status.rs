//! The API's table of HTTP response codes, with a class-based fallback for every other code.
//!
//! Names and meanings of the listed codes are the API's own words (its "Response codes" page);
//! 405 and 504 come from newer docs. The API asks clients to handle any unknown code
//! gracefully, so an unlisted code gets the meaning of its class and `listed: false`.

/// The class of an HTTP status code (its first digit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusClass {
    Informational,
    Success,
    Redirection,
    ClientError,
    ServerError,
    /// Below 100 or above 599: not an HTTP status code at all.
    Other,
}

impl StatusClass {
    pub fn of(code: u16) -> StatusClass {
        match code {
            100..=199 => StatusClass::Informational,
            200..=299 => StatusClass::Success,
            300..=399 => StatusClass::Redirection,
            400..=499 => StatusClass::ClientError,
            500..=599 => StatusClass::ServerError,
            _ => StatusClass::Other,
        }
    }

    /// The class's display name, e.g. "Client error".
    pub fn name(self) -> &'static str {
        match self {
            StatusClass::Informational => "Informational",
            StatusClass::Success => "Success",
            StatusClass::Redirection => "Redirection",
            StatusClass::ClientError => "Client error",
            StatusClass::ServerError => "Server error",
            StatusClass::Other => "Non-standard status",
        }
    }

    /// What a code of this class means. 2xx, 4xx and 5xx use the API's general statement.
    pub fn meaning(self) -> &'static str {
        match self {
            StatusClass::Informational => {
                "An interim response: the final response to the request is still to come."
            }
            StatusClass::Success => "Your request was handled successfully.",
            StatusClass::Redirection => {
                "The response points elsewhere; the Connect API does not list any redirection."
            }
            StatusClass::ClientError => {
                "We could not process your request, either because the request itself is not \
                 correct or because the transaction was rejected."
            }
            StatusClass::ServerError => "Something went amiss in our system.",
            StatusClass::Other => "Not a standard HTTP status code (those run from 100 to 599).",
        }
    }
}

/// One row of the status table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusInfo {
    pub code: u16,
    /// The API's name ("Payment Rejected"), or the class name ("Client error") when unlisted.
    pub name: &'static str,
    /// The API's description in one sentence, or the class's meaning when unlisted.
    pub meaning: &'static str,
    /// Whether the API's list of response codes names this code.
    pub listed: bool,
    pub class: StatusClass,
}

/// The API's list: (code, name, meaning).
const LISTED: [(u16, &str, &str); 13] = [
    (200, "Successful", "Your request was processed correctly."),
    (
        201,
        "Created",
        "Your request was processed correctly and a new resource was created; the URI of this \
         created resource is returned in the Location header of the response.",
    ),
    (
        400,
        "Bad Request",
        "Your request is not correct and can't be processed; please correct the mistake and \
         try again.",
    ),
    (
        402,
        "Payment Rejected",
        "Your request was rejected either by us or one of our downstream partners/acquirers.",
    ),
    (
        403,
        "Not authorized",
        "You're trying to do something that is not allowed or that you're not authorized to do.",
    ),
    (
        404,
        "Not found",
        "The object you were trying to access could not be found on the server.",
    ),
    // Newer docs only; their example is a refund requested 90 days after authorisation.
    (
        405,
        "Method Not Allowed",
        "The operation is not allowed for this object, e.g. a refund requested 90 days after \
         authorisation.",
    ),
    (
        409,
        "Conflict",
        "Your request resulted in a conflict: either you submitted a duplicate request or \
         you're trying to create something with a duplicate key.",
    ),
    (
        410,
        "Gone",
        "The object that you are trying to reach has been removed.",
    ),
    (
        500,
        "Internal Server Error",
        "Something went wrong on our end.",
    ),
    (
        502,
        "Bad Gateway",
        "We were unable to process a message from a downstream partner/acquirer.",
    ),
    (
        503,
        "Service Unavailable",
        "The service that you're trying to reach is temporarily unavailable; please try again \
         later.",
    ),
    // Newer docs only, without a description: the standard meaning of 504.
    (
        504,
        "Gateway Timeout",
        "A server on the way did not get an answer in time, so the outcome is not known.",
    ),
];

fn listed_row(row: &(u16, &'static str, &'static str)) -> StatusInfo {
    let &(code, name, meaning) = row;
    StatusInfo {
        code,
        name,
        meaning,
        listed: true,
        class: StatusClass::of(code),
    }
}

/// The table row for `code`; never fails.
pub fn status_info(code: u16) -> StatusInfo {
    match LISTED.iter().find(|row| row.0 == code) {
        Some(row) => listed_row(row),
        None => {
            let class = StatusClass::of(code);
            StatusInfo {
                code,
                name: class.name(),
                meaning: class.meaning(),
                listed: false,
                class,
            }
        }
    }
}

/// The API's listed codes in ascending order (for the README and the help table).
pub fn listed_codes() -> impl Iterator<Item = StatusInfo> {
    LISTED.iter().map(listed_row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_code_has_the_apis_name_and_class() {
        let expected = [
            (200, "Successful", StatusClass::Success),
            (201, "Created", StatusClass::Success),
            (400, "Bad Request", StatusClass::ClientError),
            (402, "Payment Rejected", StatusClass::ClientError),
            (403, "Not authorized", StatusClass::ClientError),
            (404, "Not found", StatusClass::ClientError),
            (405, "Method Not Allowed", StatusClass::ClientError),
            (409, "Conflict", StatusClass::ClientError),
            (410, "Gone", StatusClass::ClientError),
            (500, "Internal Server Error", StatusClass::ServerError),
            (502, "Bad Gateway", StatusClass::ServerError),
            (503, "Service Unavailable", StatusClass::ServerError),
            (504, "Gateway Timeout", StatusClass::ServerError),
        ];
        for (code, name, class) in expected {
            let info = status_info(code);
            assert_eq!((info.code, info.name, info.class), (code, name, class));
            assert!(info.listed, "{code} must be listed");
            assert!(info.meaning.ends_with('.'), "{code}: one full sentence");
            assert!(!info.meaning.contains('\n'), "{code}: one line");
        }
        let listed: Vec<u16> = listed_codes().map(|i| i.code).collect();
        let codes: Vec<u16> = expected.iter().map(|e| e.0).collect();
        assert_eq!(listed, codes);
    }

    #[test]
    fn listed_meanings_use_the_apis_words() {
        assert_eq!(
            status_info(402).meaning,
            "Your request was rejected either by us or one of our downstream partners/acquirers."
        );
        assert!(status_info(201).meaning.contains("Location header"));
        assert_eq!(status_info(500).meaning, "Something went wrong on our end.");
    }

    #[test]
    fn unlisted_codes_get_their_class_meaning_and_are_not_listed() {
        for (code, class) in [
            (299, StatusClass::Success),
            (204, StatusClass::Success),
            (418, StatusClass::ClientError),
            (401, StatusClass::ClientError),
            (451, StatusClass::ClientError),
            (599, StatusClass::ServerError),
            (100, StatusClass::Informational),
            (302, StatusClass::Redirection),
        ] {
            let info = status_info(code);
            assert!(!info.listed, "{code} is not in the API's list");
            assert_eq!(info.class, class, "{code}");
            assert_eq!(info.name, class.name(), "{code}");
            assert_eq!(info.meaning, class.meaning(), "{code}");
        }
        assert_eq!(status_info(418).name, "Client error");
        assert_eq!(
            status_info(599).meaning,
            "Something went amiss in our system."
        );
    }

    #[test]
    fn codes_outside_100_to_599_are_other() {
        for code in [0, 99, 600, 999, u16::MAX] {
            let info = status_info(code);
            assert_eq!(info.class, StatusClass::Other, "{code}");
            assert!(!info.listed);
            assert_eq!(info.name, "Non-standard status");
        }
    }

    #[test]
    fn class_boundaries_are_exact() {
        assert_eq!(StatusClass::of(199), StatusClass::Informational);
        assert_eq!(StatusClass::of(200), StatusClass::Success);
        assert_eq!(StatusClass::of(399), StatusClass::Redirection);
        assert_eq!(StatusClass::of(400), StatusClass::ClientError);
        assert_eq!(StatusClass::of(499), StatusClass::ClientError);
        assert_eq!(StatusClass::of(500), StatusClass::ServerError);
    }
}

/// A status a filter asks for: a code (`201`), a class (`4xx`), or no
/// response at all (`none`). One reading for every list that filters by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusQuery {
    Code(u16),
    /// The hundreds digit: `4` for `4xx`.
    Class(u16),
    NoResponse,
}

impl StatusQuery {
    /// `status:VALUE`'s value read; Err says what it takes.
    pub fn parse(value: &str) -> Result<Self, String> {
        let lower = value.to_ascii_lowercase();
        if lower == "none" {
            return Ok(Self::NoResponse);
        }
        if let Some(class) = lower.strip_suffix("xx")
            && let Ok(digit @ 1..=5) = class.parse::<u16>()
        {
            return Ok(Self::Class(digit));
        }
        match value.parse::<u16>() {
            Ok(code @ 100..=599) => Ok(Self::Code(code)),
            _ => Err(format!(
                "status:{value}: give a code (status:201), a class (status:4xx) or status:none"
            )),
        }
    }

    /// Whether `status` (None: no response) is what was asked for.
    pub fn matches(self, status: Option<u16>) -> bool {
        match self {
            Self::Code(code) => status == Some(code),
            Self::Class(digit) => status.is_some_and(|s| s / 100 == digit),
            Self::NoResponse => status.is_none(),
        }
    }
}
