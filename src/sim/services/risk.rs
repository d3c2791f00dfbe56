//! `POST /v1/{merchantId}/riskassessments/cards` and `…/bankaccounts`. The verdicts follow the
//! simulator's payments: the billing city decides the fraud check (Denver denied, Calais
//! challenged, else accepted), a card failing the Luhn check or an account that does not
//! convert is an error, as `validationbankAccount` says. Codes and descriptions are invented.

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::bank_account;
use crate::sim::api_error::json_response;
use crate::sim::card;
use crate::sim::payment::FraudVerdict;

fn object(body: &Bytes) -> Map<String, Value> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => object,
        _ => Map::new(),
    }
}

/// The fraud check's verdict by `order.customer.billingAddress.city`.
fn verdict(body: &Map<String, Value>) -> &'static str {
    let city = body
        .get("order")
        .and_then(|o| o.get("customer"))
        .and_then(|c| c.get("billingAddress"))
        .and_then(|a| a.get("city"))
        .and_then(Value::as_str);
    match FraudVerdict::for_city(city) {
        FraudVerdict::Accepted => "accepted",
        FraudVerdict::Challenged => "challenged",
        FraudVerdict::Denied => "denied",
    }
}

pub async fn cards(body: Bytes) -> Response {
    let body = object(&body);
    let number = body
        .get("card")
        .and_then(|c| c.get("cardNumber"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let fraud = if card::is_valid_card_number(number) {
        verdict(&body)
    } else {
        "error"
    };
    let code = match fraud {
        "accepted" => "0100",
        "challenged" => "0150",
        "denied" => "0200",
        _ => "0300",
    };
    json_response(
        StatusCode::OK,
        json!({ "results": [{
            "category": "retaildecisionsCCFraudCheck",
            "result": fraud,
            "retaildecisionsCCFraudCheckOutput": {
                "fraudCode": code,
                "fraudNeural": "00",
                "fraudRCF": "",
            },
        }] }),
    )
}

pub async fn bank_accounts(body: Bytes) -> Response {
    let body = object(&body);
    let (result, check, output) = match bank_account::account_of(&body) {
        Ok(account) => {
            let mut output = json!({
                "reformattedAccountNumber": account.account_number,
                "reformattedBankCode": account.bank_code,
            });
            if let Some((name, _)) = account.bank() {
                output["newBankName"] = name.into();
            }
            (
                verdict(&body),
                json!({ "code": "0000", "description": "account number and bank code are consistent", "result": "PASSED" }),
                output,
            )
        }
        Err((property, _)) => (
            "error",
            json!({ "code": "0001", "description": format!("{property} does not form a bank account"), "result": "ERROR" }),
            json!({}),
        ),
    };
    let mut output = output;
    output["checks"] = json!([check]);
    json_response(
        StatusCode::OK,
        json!({ "results": [{
            "category": "validationbankAccount",
            "result": result,
            "validationBankAccountOutput": output,
        }] }),
    )
}
