//! A client for the Prometheus HTTP API (`/api/v1/...`) as Prometheus, Thanos, Mimir and
//! VictoriaMetrics serve it. Synchronous at its edge: each call blocks on a current-thread
//! runtime.

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::httpclient::{shorten, Answer, HttpClient};

pub use crate::httpclient::ClientOptions;

/// Why a call failed. [`ApiError::is_query_error`] separates the query's fault (bad
/// expression, evaluation failure) from the transport's.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Connection refused, DNS, TLS, timeout.
    #[error("{0}")]
    Transport(String),
    /// A Prometheus API error answer (`{"status":"error", ...}`).
    #[error("server answered HTTP {status}: {error_type}: {error}")]
    Api {
        status: u16,
        error_type: String,
        error: String,
    },
    /// A non-2xx answer that is not an API error object.
    #[error("server answered HTTP {status}: {body}")]
    Http { status: u16, body: String },
    /// A 2xx answer that is not the API's JSON envelope.
    #[error("unexpected answer from the server: {0}")]
    Decode(String),
}

impl ApiError {
    /// The server rejected or failed the query itself (Prometheus's `bad_data` and
    /// `execution` errors, and VictoriaMetrics'/Mimir's 422).
    pub fn is_query_error(&self) -> bool {
        match self {
            ApiError::Api {
                status, error_type, ..
            } => matches!(error_type.as_str(), "bad_data" | "execution") || *status == 422,
            _ => false,
        }
    }
}

/// A successful answer: the raw `data` object and any warnings or infos.
#[derive(Debug)]
pub struct ApiResponse {
    pub data: Box<RawValue>,
    pub warnings: Vec<String>,
    pub infos: Vec<String>,
}

#[derive(Deserialize)]
struct Envelope {
    status: String,
    data: Option<Box<RawValue>>,
    #[serde(rename = "errorType", default)]
    error_type: String,
    #[serde(default)]
    error: String,
    #[serde(default)]
    warnings: Vec<String>,
    #[serde(default)]
    infos: Vec<String>,
}

pub struct Client {
    base: String,
    http: HttpClient,
}

/// How a call is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Parameters in the query string: the only way `/label/NAME/values` is served.
    Get,
    /// Parameters as a form body (no URL length limit), as promtool sends queries.
    Post,
}

impl Client {
    /// A client for the server at `base_url` (`http(s)://host:port[/prefix]`).
    pub fn new(base_url: &str, opts: &ClientOptions) -> Result<Client, String> {
        let base = base_url.trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(format!(
                "server URL {base_url:?} must start with http:// or https://"
            ));
        }
        Ok(Client {
            base,
            http: HttpClient::new(opts)?,
        })
    }

    /// Sends `params` to `/api/v1/<path>` and unwraps the API envelope.
    pub fn call(
        &self,
        method: Method,
        path: &str,
        params: &[(&str, String)],
    ) -> Result<ApiResponse, ApiError> {
        let url = format!("{}/api/v1/{path}", self.base);
        let req = match method {
            Method::Get => self.http.request(reqwest::Method::GET, &url).query(params),
            Method::Post => self.http.request(reqwest::Method::POST, &url).form(params),
        };
        let Answer { status, body } = self
            .http
            .send(req)
            .map_err(|e| ApiError::Transport(format!("{url}: {e}")))?;
        let envelope: Result<Envelope, _> = serde_json::from_slice(&body);
        match envelope {
            Ok(env) if env.status == "success" && (200..300).contains(&status) => {
                let data = env
                    .data
                    .ok_or_else(|| ApiError::Decode("answer without a data field".into()))?;
                Ok(ApiResponse {
                    data,
                    warnings: env.warnings,
                    infos: env.infos,
                })
            }
            Ok(env) if env.status == "error" => Err(ApiError::Api {
                status,
                error_type: env.error_type,
                error: env.error,
            }),
            _ if !(200..300).contains(&status) => Err(ApiError::Http {
                status,
                body: shorten(&String::from_utf8_lossy(&body)),
            }),
            Ok(env) => Err(ApiError::Decode(format!("status {:?}", env.status))),
            Err(e) => Err(ApiError::Decode(format!(
                "{e}: {}",
                shorten(&String::from_utf8_lossy(&body))
            ))),
        }
    }
}
