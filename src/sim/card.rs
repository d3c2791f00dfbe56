//! Card number and expiry date rules.

/// Card numbers have 12 to 19 digits (ISO/IEC 7812).
const CARD_NUMBER_DIGITS: std::ops::RangeInclusive<usize> = 12..=19;

/// Long values are masked to at most this many stars, to keep messages readable.
const MAX_MASK: usize = 32;

/// True when `number` is 12 to 19 ASCII digits and passes the Luhn check.
pub fn is_valid_card_number(number: &str) -> bool {
    CARD_NUMBER_DIGITS.contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit())
        && luhn(number)
}

/// The Luhn check (shared with history redaction, which must agree on what a card number is).
pub use crate::connect::card::luhn_valid as luhn;

/// Every character as a star, like the API's Luhn message (`****************`).
pub fn mask_all(value: &str) -> String {
    "*".repeat(value.chars().count().min(MAX_MASK))
}

/// All but the last four characters as stars, like the API's card output (`************3456`).
pub fn mask_card_number(number: &str) -> String {
    let count = number.chars().count();
    let shown: String = number.chars().skip(count.saturating_sub(4)).collect();
    format!("{}{shown}", "*".repeat(count.saturating_sub(4)))
}

/// True when `value` is MMYY with a month 01–12 and the card still valid in `(year, month)`
/// (a card is valid through the end of its expiry month; YY means 20YY).
pub fn is_valid_expiry(value: &str, year: i64, month: u32) -> bool {
    let Some((mm, yy)) = parse_mmyy(value) else {
        return false;
    };
    (2000 + i64::from(yy), mm) >= (year, month)
}

fn parse_mmyy(value: &str) -> Option<(u32, u32)> {
    if value.len() != 4 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mm: u32 = value[..2].parse().ok()?;
    let yy: u32 = value[2..].parse().ok()?;
    (1..=12).contains(&mm).then_some((mm, yy))
}

/// True for a CVV of 3 or 4 ASCII digits.
pub fn is_valid_cvv(value: &str) -> bool {
    (3..=4).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_accepts_the_sandbox_test_cards() {
        assert!(luhn("4567350000427977"));
        assert!(luhn("5424180279791732"));
        assert!(luhn("4111111111111111"));
        assert!(luhn("79927398713"));
    }

    #[test]
    fn luhn_refuses_a_changed_digit_and_non_digits() {
        assert!(!luhn("4567350000427978"));
        assert!(!luhn("79927398710"));
        assert!(!luhn("4567 3500 0042 7977"));
        assert!(!luhn(""));
    }

    #[test]
    fn card_number_needs_12_to_19_digits() {
        assert!(!is_valid_card_number("79927398713"), "11 digits");
        assert!(is_valid_card_number("4567350000427977"));
        assert!(!is_valid_card_number("4567-3500-0042-7977"));
    }

    #[test]
    fn masks_match_the_apis_style() {
        assert_eq!(mask_card_number("4567350000123456"), "************3456");
        assert_eq!(mask_card_number("123"), "123");
        assert_eq!(mask_all("4567350000123456"), "****************");
        assert_eq!(mask_all(&"9".repeat(100)).len(), MAX_MASK);
    }

    #[test]
    fn expiry_in_the_current_month_is_still_valid() {
        assert!(is_valid_expiry("0326", 2026, 3));
        assert!(!is_valid_expiry("0226", 2026, 3));
        assert!(is_valid_expiry("0127", 2026, 12));
    }

    #[test]
    fn expiry_in_the_past_or_not_mmyy_is_invalid() {
        assert!(!is_valid_expiry("1210", 2026, 1));
        assert!(!is_valid_expiry("1330", 2026, 1), "month 13");
        assert!(!is_valid_expiry("0030", 2026, 1), "month 00");
        assert!(!is_valid_expiry("12/30", 2026, 1));
        assert!(!is_valid_expiry("123", 2026, 1));
        assert!(!is_valid_expiry("１２３０", 2026, 1), "non-ASCII digits");
    }

    #[test]
    fn cvv_is_three_or_four_digits() {
        assert!(is_valid_cvv("123"));
        assert!(is_valid_cvv("1234"));
        assert!(!is_valid_cvv("12"));
        assert!(!is_valid_cvv("12345"));
        assert!(!is_valid_cvv("12a"));
    }
}
