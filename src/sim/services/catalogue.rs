//! The simulator's built-in product catalogue: a few payment products, the `cards` group and
//! the iDEAL (809) issuer directory. Small and coherent rather than complete: the ids, methods
//! and BICs are the products' and banks' own; countries, currencies, limits, labels and the
//! directory's issuer ids are the simulator's choice (the README's simulator table says so).

use serde_json::{Value, json};

/// How a field is entered and checked.
#[derive(Clone, Copy, Debug)]
pub enum Check {
    /// 12–19 digits passing the Luhn check.
    CardNumber,
    /// MMYY.
    Expiry,
    /// 3 or 4 digits.
    Cvv,
    /// Up to this many characters.
    Text(u32),
    /// One of these values (the issuer list of the directory).
    Issuer,
}

/// One field a product asks the customer for.
#[derive(Clone, Copy, Debug)]
pub struct FieldDef {
    pub id: &'static str,
    /// `string`, `numericstring`, `expirydate`.
    pub kind: &'static str,
    pub label: &'static str,
    pub mask: Option<&'static str>,
    pub required: bool,
    pub check: Check,
}

/// One payment product and where it is offered.
#[derive(Clone, Copy, Debug)]
pub struct Product {
    pub id: i64,
    pub label: &'static str,
    /// `paymentMethod` as the API names it (`card`, `redirect`, `directDebit`, `mobile`, …).
    pub method: &'static str,
    pub group: Option<&'static str>,
    /// Countries it is offered in; empty: every country.
    pub countries: &'static [&'static str],
    /// Currencies it is offered in; empty: every currency.
    pub currencies: &'static [&'static str],
    pub min_amount: i64,
    pub max_amount: i64,
    pub recurring: bool,
    /// The customer is sent to a third party (a bank, a wallet).
    pub redirect: bool,
    pub fields: &'static [FieldDef],
    /// The networks a wallet accepts (Apple Pay 302, Google Pay 320).
    pub networks: &'static [&'static str],
    pub display_order: i64,
}

const CARD_FIELDS: &[FieldDef] = &[
    FieldDef {
        id: "cardNumber",
        kind: "numericstring",
        label: "Card number",
        mask: Some("{{9999}} {{9999}} {{9999}} {{9999}} {{999}}"),
        required: true,
        check: Check::CardNumber,
    },
    FieldDef {
        id: "expiryDate",
        kind: "expirydate",
        label: "Expiry date",
        mask: Some("{{99}}-{{99}}"),
        required: true,
        check: Check::Expiry,
    },
    FieldDef {
        id: "cvv",
        kind: "numericstring",
        label: "CVV",
        mask: Some("{{9999}}"),
        required: true,
        check: Check::Cvv,
    },
    FieldDef {
        id: "cardholderName",
        kind: "string",
        label: "Cardholder name",
        mask: None,
        required: false,
        check: Check::Text(51),
    },
];

const IDEAL_FIELDS: &[FieldDef] = &[FieldDef {
    id: "issuerId",
    kind: "string",
    label: "Select your bank",
    mask: None,
    required: true,
    check: Check::Issuer,
}];

const SEPA_FIELDS: &[FieldDef] = &[
    FieldDef {
        id: "iban",
        kind: "string",
        label: "IBAN",
        mask: None,
        required: true,
        check: Check::Text(34),
    },
    FieldDef {
        id: "accountHolderName",
        kind: "string",
        label: "Account holder",
        mask: None,
        required: true,
        check: Check::Text(30),
    },
];

const EUR_COUNTRIES: &[&str] = &[
    "AT", "BE", "DE", "ES", "FI", "FR", "IE", "IT", "LU", "NL", "PT",
];
const WALLET_NETWORKS: &[&str] = &["Amex", "Discover", "MasterCard", "Visa"];

/// An amount in whole units as minor units (cents).
const fn major(units: i64) -> i64 {
    units * 100
}

/// The catalogue, in display order.
pub const PRODUCTS: &[Product] = &[
    Product {
        id: 1,
        label: "VISA",
        method: "card",
        group: Some("cards"),
        countries: &[],
        currencies: &[],
        min_amount: 1,
        max_amount: major(1_000_000),
        recurring: true,
        redirect: false,
        fields: CARD_FIELDS,
        networks: &[],
        display_order: 10,
    },
    Product {
        id: 3,
        label: "MasterCard",
        method: "card",
        group: Some("cards"),
        countries: &[],
        currencies: &[],
        min_amount: 1,
        max_amount: major(1_000_000),
        recurring: true,
        redirect: false,
        fields: CARD_FIELDS,
        networks: &[],
        display_order: 20,
    },
    Product {
        id: 2,
        label: "American Express",
        method: "card",
        group: Some("cards"),
        countries: &[],
        currencies: &["AUD", "CAD", "EUR", "GBP", "USD"],
        min_amount: 1,
        max_amount: major(500_000),
        recurring: true,
        redirect: false,
        fields: CARD_FIELDS,
        networks: &[],
        display_order: 30,
    },
    Product {
        id: 809,
        label: "iDEAL",
        method: "redirect",
        group: None,
        countries: &["NL", "BE", "DE"],
        currencies: &["EUR"],
        min_amount: 1,
        max_amount: major(50_000),
        recurring: false,
        redirect: true,
        fields: IDEAL_FIELDS,
        networks: &[],
        display_order: 40,
    },
    Product {
        id: 770,
        label: "SEPA Direct Debit",
        method: "directDebit",
        group: None,
        countries: EUR_COUNTRIES,
        currencies: &["EUR"],
        min_amount: 1,
        max_amount: major(100_000),
        recurring: true,
        redirect: false,
        fields: SEPA_FIELDS,
        networks: &[],
        display_order: 50,
    },
    Product {
        id: 840,
        label: "PayPal",
        method: "redirect",
        group: None,
        countries: &[],
        currencies: &["AUD", "CAD", "CHF", "EUR", "GBP", "USD"],
        min_amount: 1,
        max_amount: major(1_000_000),
        recurring: false,
        redirect: true,
        fields: &[],
        networks: &[],
        display_order: 60,
    },
    Product {
        id: 302,
        label: "Apple Pay",
        method: "mobile",
        group: None,
        countries: &[],
        currencies: &[],
        min_amount: 1,
        max_amount: major(1_000_000),
        recurring: false,
        redirect: false,
        fields: &[],
        networks: WALLET_NETWORKS,
        display_order: 70,
    },
    Product {
        id: 320,
        label: "Google Pay",
        method: "mobile",
        group: None,
        countries: &[],
        currencies: &[],
        min_amount: 1,
        max_amount: major(1_000_000),
        recurring: false,
        redirect: false,
        fields: &[],
        networks: WALLET_NETWORKS,
        display_order: 80,
    },
];

/// One bank of the iDEAL directory: (issuerId, issuerName, in the short list).
pub const IDEAL_ISSUERS: &[(&str, &str, bool)] = &[
    ("0031", "ABN AMRO", true),
    ("0761", "ASN Bank", true),
    ("0802", "bunq", true),
    ("0721", "ING", true),
    ("0801", "Knab", true),
    ("0021", "Rabobank", true),
    ("0771", "RegioBank", true),
    ("0751", "SNS Bank", true),
    ("0511", "Triodos Bank", false),
    ("0161", "Van Lanschot", false),
];

/// What a request asks the catalogue for.
#[derive(Clone, Debug, Default)]
pub struct Context {
    pub country: String,
    pub currency: String,
    pub amount: Option<i64>,
    pub recurring: bool,
}

impl Product {
    /// Offered in this country and currency, for this amount (and recurring, if asked).
    pub fn offered(&self, context: &Context) -> bool {
        let listed = |list: &[&str], code: &str| list.is_empty() || list.contains(&code);
        listed(self.countries, &context.country)
            && listed(self.currencies, &context.currency)
            && context
                .amount
                .is_none_or(|a| (self.min_amount..=self.max_amount).contains(&a))
            && (!context.recurring || self.recurring)
    }

    /// The product as a `PaymentProduct`; `with_fields` false leaves its fields out.
    pub fn to_json(self, with_fields: bool) -> Value {
        let mut product = json!({
            "allowsInstallments": false,
            "allowsRecurring": self.recurring,
            "allowsTokenization": self.method == "card" || self.method == "directDebit",
            "autoTokenized": false,
            "canBeIframed": !self.redirect,
            "deviceFingerprintEnabled": false,
            "displayHints": {
                "displayOrder": self.display_order,
                "label": self.label,
                "logo": format!("templates/master/global/css/img/ppimages/pp_logo_{}_v1.png", self.id),
            },
            "id": self.id,
            "isAuthenticationSupported": self.method == "card",
            "isJavaScriptRequired": false,
            "maxAmount": self.max_amount,
            "minAmount": self.min_amount,
            "mobileIntegrationLevel": if self.method == "mobile" { "OPTIMISED_SUPPORT" } else { "BASIC_SUPPORT" },
            "paymentMethod": self.method,
            "supportsMandates": self.method == "directDebit",
            "usesRedirectionTo3rdParty": self.redirect,
        });
        if let Some(group) = self.group {
            product["paymentProductGroup"] = group.into();
        }
        if with_fields {
            product["fields"] = fields_json(self.fields);
        }
        match self.id {
            302 => product["paymentProduct302SpecificData"] = json!({ "networks": self.networks }),
            320 => {
                product["paymentProduct320SpecificData"] =
                    json!({ "gateway": "ingenicoconnect", "networks": self.networks })
            }
            _ => {}
        }
        product
    }
}

/// The fields as `PaymentProductField`s.
pub fn fields_json(fields: &[FieldDef]) -> Value {
    let items: Vec<Value> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let validators = match f.check {
                Check::CardNumber => {
                    json!({ "length": { "minLength": 12, "maxLength": 19 }, "luhn": {} })
                }
                Check::Expiry => json!({
                    "expirationDate": {},
                    "regularExpression": { "regularExpression": "(?:0[1-9]|1[0-2])[0-9]{2}" },
                }),
                Check::Cvv => json!({ "length": { "minLength": 3, "maxLength": 4 } }),
                Check::Text(max) => json!({ "length": { "minLength": 0, "maxLength": max } }),
                Check::Issuer => json!({ "fixedList": {
                    "allowedValues": IDEAL_ISSUERS.iter().map(|(id, _, _)| *id).collect::<Vec<_>>(),
                } }),
            };
            let form = match f.check {
                Check::Issuer => json!({
                    "type": "list",
                    "valueMapping": IDEAL_ISSUERS.iter().map(|(id, name, _)| json!({
                        "displayElements": [{ "id": "displayName", "type": "STRING", "value": name }],
                        "value": id,
                    })).collect::<Vec<_>>(),
                }),
                _ => json!({ "type": "text" }),
            };
            let mut hints = json!({
                "alwaysShow": false,
                "displayOrder": (i as i64 + 1) * 10,
                "formElement": form,
                "label": f.label,
                "obfuscate": matches!(f.check, Check::Cvv),
                "preferredInputType": if f.kind == "string" { "StringKeyboard" } else { "IntegerKeyboard" },
            });
            if let Some(mask) = f.mask {
                hints["mask"] = mask.into();
            }
            json!({
                "dataRestrictions": { "isRequired": f.required, "validators": validators },
                "displayHints": hints,
                "id": f.id,
                "type": f.kind,
            })
        })
        .collect();
    Value::Array(items)
}

/// The product with this id, offered or not.
pub fn product(id: i64) -> Option<&'static Product> {
    PRODUCTS.iter().find(|p| p.id == id)
}

/// The products of a group (`cards`).
pub fn group_members(group: &str) -> impl Iterator<Item = &'static Product> + '_ {
    PRODUCTS.iter().filter(move |p| p.group == Some(group))
}

/// The only group: the card products' fields under one form.
pub const GROUPS: &[&str] = &["cards"];

/// The group as a `PaymentProductGroup`.
pub fn group_json(id: &str, with_fields: bool) -> Value {
    let mut group = json!({
        "allowsInstallments": false,
        "deviceFingerprintEnabled": false,
        "displayHints": {
            "displayOrder": 0,
            "label": "Credit cards",
            "logo": "templates/master/global/css/img/ppimages/group-card.png",
        },
        "id": id,
    });
    if with_fields {
        group["fields"] = fields_json(CARD_FIELDS);
    }
    group
}
