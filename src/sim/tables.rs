//! Code tables the create-payment validation checks against.

/// ISO 4217 codes of currencies a payment can be made in: the active currencies, without fund
/// codes (BOV, CHE, ...), precious metals, special drawing rights and the test codes XTS/XXX.
/// Sorted, for binary search.
const CURRENCY_CODES: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP",
    "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF",
    "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD",
    "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP",
    "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
    "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB",
    "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD",
    "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SLL", "SOS", "SRD", "SSP", "STN", "SVC", "SYP",
    "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD",
    "UYU", "UZS", "VED", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER",
    "ZAR", "ZMW", "ZWG", "ZWL",
];

/// ISO 3166-1 alpha-2 codes of all 249 officially assigned countries and territories. Sorted.
const COUNTRY_CODES: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// The `type` values of `order.shoppingCart.amountBreakdown` entries. Sorted.
const AMOUNT_BREAKDOWN_TYPES: &[&str] = &[
    "AIRPORT_TAX",
    "BASE_AMOUNT",
    "CONSUMPTION_TAX",
    "DISCOUNT",
    "DUTY",
    "HANDLING",
    "SHIPPING",
    "TAX",
    "VAT",
];

/// True for an ISO 4217 currency code a payment can be made in (exact, upper case).
pub fn is_currency_code(code: &str) -> bool {
    CURRENCY_CODES.binary_search(&code).is_ok()
}

/// True for an assigned ISO 3166-1 alpha-2 country code (exact, upper case).
pub fn is_country_code(code: &str) -> bool {
    COUNTRY_CODES.binary_search(&code).is_ok()
}

/// True for a known amount-breakdown type.
pub fn is_amount_breakdown_type(kind: &str) -> bool {
    AMOUNT_BREAKDOWN_TYPES.binary_search(&kind).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_sorted_unique(table: &[&str]) {
        for pair in table.windows(2) {
            assert!(
                pair[0] < pair[1],
                "{} must come before {}",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn tables_are_sorted_and_unique_for_binary_search() {
        assert_sorted_unique(CURRENCY_CODES);
        assert_sorted_unique(COUNTRY_CODES);
        assert_sorted_unique(AMOUNT_BREAKDOWN_TYPES);
    }

    #[test]
    fn country_table_holds_all_249_alpha_2_codes() {
        assert_eq!(COUNTRY_CODES.len(), 249);
        assert!(
            COUNTRY_CODES
                .iter()
                .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
        );
    }

    #[test]
    fn currency_codes_are_three_upper_case_letters() {
        assert!(
            CURRENCY_CODES
                .iter()
                .all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
        );
    }

    #[test]
    fn real_currencies_are_accepted() {
        for code in [
            "EUR", "USD", "CAD", "GBP", "JPY", "CHF", "SEK", "AUD", "BRL", "INR",
        ] {
            assert!(is_currency_code(code), "{code}");
        }
    }

    #[test]
    fn unknown_lower_case_and_non_payment_currencies_are_refused() {
        for code in ["", "EURO", "eur", "XYZ", "XXX", "XTS", "XAU", "HRK", "DEM"] {
            assert!(!is_currency_code(code), "{code}");
        }
    }

    #[test]
    fn real_countries_are_accepted() {
        for code in ["US", "CA", "NL", "FR", "DE", "GB", "JP", "AX", "ZW", "AD"] {
            assert!(is_country_code(code), "{code}");
        }
    }

    #[test]
    fn unknown_lower_case_and_alpha_3_countries_are_refused() {
        for code in ["", "UK", "EU", "us", "USA", "XX", "ZZ"] {
            assert!(!is_country_code(code), "{code}");
        }
    }

    #[test]
    fn breakdown_types_are_the_apis_enum() {
        assert!(is_amount_breakdown_type("DISCOUNT"));
        assert!(is_amount_breakdown_type("BASE_AMOUNT"));
        assert!(!is_amount_breakdown_type("discount"));
        assert!(!is_amount_breakdown_type("COUPON"));
    }
}
