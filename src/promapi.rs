//! A client for the Prometheus HTTP API (`/api/v1/...`) as Prometheus, Thanos, Mimir and
//! VictoriaMetrics serve it. Synchronous at its edge: each call blocks on a current-thread
//! runtime.

use std::time::Duration;

use serde::Deserialize;
use serde_json::value::RawValue;

/// How to reach the server.
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    pub headers: Vec<(String, String)>,
    pub bearer_token: Option<String>,
    pub basic_auth: Option<(String, String)>,
    /// PEM CA certificates to trust (in addition to none: when set, only these).
    pub ca_pem: Option<Vec<u8>>,
    /// PEM client certificate and key, concatenated.
    pub identity_pem: Option<Vec<u8>>,
    pub insecure_skip_verify: bool,
    pub proxy_url: Option<String>,
    pub follow_redirects: bool,
    pub timeout: Option<Duration>,
}

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
    http: reqwest::Client,
    runtime: tokio::runtime::Runtime,
    bearer_token: Option<String>,
    basic_auth: Option<(String, String)>,
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
        let mut headers = reqwest::header::HeaderMap::new();
        for (name, value) in &opts.headers {
            let n = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| format!("header name {name:?}: {e}"))?;
            let v = reqwest::header::HeaderValue::from_str(value)
                .map_err(|e| format!("header {name:?}: {e}"))?;
            headers.append(n, v);
        }
        let mut b = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(concat!("lookout/", env!("CARGO_PKG_VERSION")))
            .danger_accept_invalid_certs(opts.insecure_skip_verify)
            .redirect(if opts.follow_redirects {
                reqwest::redirect::Policy::limited(10)
            } else {
                reqwest::redirect::Policy::none()
            });
        if let Some(t) = opts.timeout {
            b = b.timeout(t);
        }
        if let Some(pem) = &opts.ca_pem {
            let certs = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| format!("CA certificate: {e}"))?;
            if certs.is_empty() {
                return Err("CA certificate file holds no PEM certificate".into());
            }
            b = b.tls_built_in_root_certs(false);
            for c in certs {
                b = b.add_root_certificate(c);
            }
        }
        if let Some(pem) = &opts.identity_pem {
            let id = reqwest::Identity::from_pem(pem)
                .map_err(|e| format!("client certificate and key: {e}"))?;
            b = b.identity(id);
        }
        if let Some(p) = &opts.proxy_url {
            b = b.proxy(reqwest::Proxy::all(p).map_err(|e| format!("proxy_url: {e}"))?);
        }
        let http = b.build().map_err(|e| format!("HTTP client: {e}"))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("starting the I/O runtime: {e}"))?;
        Ok(Client {
            base,
            http,
            runtime,
            bearer_token: opts.bearer_token.clone(),
            basic_auth: opts.basic_auth.clone(),
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
        let mut req = match method {
            Method::Get => self.http.get(&url).query(params),
            Method::Post => self.http.post(&url).form(params),
        };
        if let Some(token) = &self.bearer_token {
            req = req.bearer_auth(token);
        }
        if let Some((user, pass)) = &self.basic_auth {
            req = req.basic_auth(user, Some(pass));
        }
        let (status, body) = self.runtime.block_on(async {
            let resp = req.send().await.map_err(|e| transport(&url, &e))?;
            let status = resp.status().as_u16();
            let body = resp.bytes().await.map_err(|e| transport(&url, &e))?;
            Ok::<_, ApiError>((status, body))
        })?;
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

/// A transport error with its causes (reqwest's own text is terse: "error sending request").
fn transport(url: &str, e: &reqwest::Error) -> ApiError {
    let mut msg = format!("{url}: {e}");
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    ApiError::Transport(msg)
}

/// The start of a long body, on one line.
fn shorten(s: &str) -> String {
    let one_line = s.trim().replace('\n', " ");
    match one_line.char_indices().nth(300) {
        Some((i, _)) => format!("{}...", &one_line[..i]),
        None => one_line,
    }
}
