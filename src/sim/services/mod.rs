//! The stateless services: the product catalogue, currency conversion, IIN details, the
//! privacy policy, bank account conversion, risk assessments, client sessions and installments. They answer from built-in
//! tables (catalogue.rs, convert.rs, bank_account.rs), never from state.

mod bank_account;
mod catalogue;
pub(super) mod common;
mod convert;
mod iin;
mod privacy;
mod products;
mod risk;
mod sessions;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

use super::server::SimState;

/// The services' routes (paths as the model's endpoints have them).
pub fn routes() -> Router<Arc<SimState>> {
    let v1 = "/v1/{merchant_id}";
    Router::new()
        .route(&format!("{v1}/products"), get(products::find))
        .route(
            &format!("{v1}/products/{{payment_product_id}}"),
            get(products::get),
        )
        .route(
            &format!("{v1}/products/{{payment_product_id}}/directory"),
            get(products::directory),
        )
        .route(
            &format!("{v1}/products/{{payment_product_id}}/networks"),
            get(products::networks),
        )
        .route(
            &format!("{v1}/products/{{payment_product_id}}/deviceFingerprint"),
            post(products::device_fingerprint),
        )
        .route(&format!("{v1}/productgroups"), get(products::find_groups))
        .route(
            &format!("{v1}/productgroups/{{group_id}}"),
            get(products::get_group),
        )
        .route(
            &format!("{v1}/productgroups/{{group_id}}/deviceFingerprint"),
            post(products::group_device_fingerprint),
        )
        .route(
            &format!("{v1}/services/convert/amount"),
            get(convert::convert_amount),
        )
        .route(
            &format!("{v1}/services/convert/bankaccount"),
            post(bank_account::convert_bank_account),
        )
        .route(
            &format!("{v1}/services/getIINdetails"),
            post(iin::get_iin_details),
        )
        .route(
            &format!("{v1}/services/privacypolicy"),
            get(privacy::privacy_policy),
        )
        .route(&format!("{v1}/riskassessments/cards"), post(risk::cards))
        .route(
            &format!("{v1}/riskassessments/bankaccounts"),
            post(risk::bank_accounts),
        )
        .route(&format!("{v1}/sessions"), post(sessions::create_session))
        .route(
            &format!("{v1}/installments/getInstallmentsInfo"),
            post(sessions::installments_info),
        )
}
