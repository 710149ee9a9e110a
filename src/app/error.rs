//! The control plane's errors, as AWS reports them (`__type`, message, HTTP status): what every
//! room of `app` answers with, so none of them imports it back from the dispatcher.

use serde_json::{json, Value};

/// An error as AWS reports it: its `__type` and its message.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub kind: &'static str,
    pub message: String,
    /// More of the error's fields (`UnableToDetectSchemaException`'s records), or null.
    pub extra: Value,
}

impl ApiError {
    pub(crate) fn new(kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { kind, message: message.into(), extra: Value::Null }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new("InvalidArgumentException", message)
    }

    /// The HTTP status AWS answers the error with.
    pub fn status(&self) -> u16 {
        match self.kind {
            "ResourceNotFoundException" => 400,
            "ServiceUnavailableException" => 503,
            _ => 400,
        }
    }

    /// The error body: `{"__type": …, "message": …}`.
    pub fn body(&self) -> Value {
        let mut body = json!({ "__type": self.kind, "message": self.message });
        if let (Value::Object(body), Value::Object(extra)) = (&mut body, &self.extra) {
            body.extend(extra.clone());
        }
        body
    }
}

pub(crate) type ApiResult<T> = std::result::Result<T, ApiError>;
