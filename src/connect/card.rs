//! Card numbers as the API treats them.

/// The Luhn check over ASCII digits; false for an empty string or any non-digit.
pub fn luhn_valid(digits: &str) -> bool {
    if digits.is_empty() {
        return false;
    }
    let mut sum = 0u32;
    for (i, b) in digits.bytes().rev().enumerate() {
        if !b.is_ascii_digit() {
            return false;
        }
        let mut d = u32::from(b - b'0');
        // Every second digit from the right is doubled, its digits summed.
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sandbox_cards_pass_and_a_changed_digit_fails() {
        assert!(luhn_valid("4567350000427977"));
        assert!(luhn_valid("5424180279791732"));
        assert!(!luhn_valid("4567350000427978"));
        assert!(!luhn_valid("4567 3500 0042 7977"));
        assert!(!luhn_valid(""));
    }
}
