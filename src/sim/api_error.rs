//! The API's error body (`{"errorId", "errors": [APIError]}`) and JSON responses.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};

/// The category of errors the platform raises itself.
pub const CONNECT_PLATFORM_ERROR: &str = "CONNECT_PLATFORM_ERROR";

/// One `APIError`. Absent fields are left out, as the API does; fields serialise in this order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status_code: Option<u16>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub property_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl ApiError {
    /// An error with every field the platform fills for its own errors.
    pub fn platform(status: StatusCode, code: &str, id: &str, message: String) -> Self {
        Self {
            code: code.to_owned(),
            id: Some(id.to_owned()),
            category: Some(CONNECT_PLATFORM_ERROR.to_owned()),
            http_status_code: Some(status.as_u16()),
            message,
            property_name: None,
            request_id: None,
        }
    }

    /// An error carrying only code, message and status, like the API's declines and 409/500s.
    pub fn bare(status: StatusCode, code: &str, message: &str) -> Self {
        Self {
            code: code.to_owned(),
            http_status_code: Some(status.as_u16()),
            message: message.to_owned(),
            ..Self::default()
        }
    }

    pub fn with_property(mut self, property: impl Into<String>) -> Self {
        self.property_name = Some(property.into());
        self
    }

    pub fn with_request_id(mut self, request_id: &str) -> Self {
        self.request_id = Some(request_id.to_owned());
        self
    }
}

/// A fresh `errorId`.
pub fn new_error_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// `{"errorId": <fresh>, "errors": [...]}`.
pub fn error_body(errors: &[ApiError]) -> Value {
    json!({ "errorId": new_error_id(), "errors": errors })
}

/// A JSON response (`Content-Type: application/json`).
pub fn json_response(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

/// An error response with the given errors.
pub fn error_response(status: StatusCode, errors: &[ApiError]) -> Response {
    json_response(status, error_body(errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_fields_are_left_out_and_order_is_stable() {
        let e = ApiError::bare(
            StatusCode::CONFLICT,
            "1409",
            "DUPLICATE REQUEST IN PROGRESS",
        );
        let text = serde_json::to_string(&e).expect("serialises");
        assert_eq!(
            text,
            r#"{"code":"1409","httpStatusCode":409,"message":"DUPLICATE REQUEST IN PROGRESS"}"#
        );
    }

    #[test]
    fn platform_errors_carry_id_category_and_property() {
        let e = ApiError::platform(StatusCode::BAD_REQUEST, "1099", "INVALID_VALUE", "m".into())
            .with_property("order")
            .with_request_id("7");
        let v = serde_json::to_value(&e).expect("serialises");
        let keys: Vec<&str> = v
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "code",
                "id",
                "category",
                "httpStatusCode",
                "message",
                "propertyName",
                "requestId"
            ]
        );
    }

    #[test]
    fn error_ids_are_fresh() {
        assert_ne!(new_error_id(), new_error_id());
    }
}
