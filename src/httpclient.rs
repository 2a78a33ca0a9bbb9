//! The HTTP transport every API client shares (Prometheus's `/api/v1`, Alertmanager's
//! `/api/v2`): reqwest with rustls on a current-thread runtime, auth, TLS, proxy and timeout
//! from [`ClientOptions`]. Synchronous at its edge: each call blocks until the answer is in.

use std::time::Duration;

/// How to reach a server.
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

/// A server's answer, whatever its status.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

pub struct HttpClient {
    requester: Requester,
    runtime: tokio::runtime::Runtime,
}

/// The client without its runtime: cheap to clone into concurrent tasks.
#[derive(Clone)]
pub struct Requester {
    http: reqwest::Client,
    bearer_token: Option<String>,
    basic_auth: Option<(String, String)>,
}

impl Requester {
    /// A request to `url` with the configured credentials; finish it and send it.
    pub fn request(&self, method: reqwest::Method, url: &str) -> reqwest::RequestBuilder {
        let mut req = self.http.request(method, url);
        if let Some(token) = &self.bearer_token {
            req = req.bearer_auth(token);
        }
        if let Some((user, pass)) = &self.basic_auth {
            req = req.basic_auth(user, Some(pass));
        }
        req
    }

    /// Sends one request and reads the whole answer. `Err` is a transport failure
    /// (connection refused, DNS, TLS, timeout) described with its causes.
    pub async fn fetch(req: reqwest::RequestBuilder) -> Result<Answer, String> {
        let resp = req.send().await.map_err(|e| transport(&e))?;
        let status = resp.status().as_u16();
        let body = resp.bytes().await.map_err(|e| transport(&e))?;
        Ok(Answer {
            status,
            body: body.to_vec(),
        })
    }
}

impl HttpClient {
    pub fn new(opts: &ClientOptions) -> Result<HttpClient, String> {
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
        Ok(HttpClient {
            requester: Requester {
                http,
                bearer_token: opts.bearer_token.clone(),
                basic_auth: opts.basic_auth.clone(),
            },
            runtime,
        })
    }

    pub fn requester(&self) -> &Requester {
        &self.requester
    }

    /// [`Requester::request`].
    pub fn request(&self, method: reqwest::Method, url: &str) -> reqwest::RequestBuilder {
        self.requester.request(method, url)
    }

    /// [`Requester::fetch`], blocking until the answer is in.
    pub fn send(&self, req: reqwest::RequestBuilder) -> Result<Answer, String> {
        self.runtime.block_on(Requester::fetch(req))
    }

    /// Runs `task` on each item, at most `concurrency` at a time, calling `done` with the
    /// item's index and the task's result as each completes.
    pub fn run_concurrently<T, R, Fut>(
        &self,
        items: impl IntoIterator<Item = T>,
        concurrency: usize,
        task: impl Fn(Requester, T) -> Fut,
        mut done: impl FnMut(usize, R),
    ) where
        Fut: std::future::Future<Output = R> + Send + 'static,
        R: Send + 'static,
    {
        self.runtime.block_on(async {
            let mut running = tokio::task::JoinSet::new();
            for (i, item) in items.into_iter().enumerate() {
                while running.len() >= concurrency.max(1) {
                    if let Some(Ok((j, r))) = running.join_next().await {
                        done(j, r);
                    }
                }
                let fut = task(self.requester.clone(), item);
                running.spawn(async move { (i, fut.await) });
            }
            while let Some(joined) = running.join_next().await {
                if let Ok((j, r)) = joined {
                    done(j, r);
                }
            }
        });
    }
}

/// A transport error with its causes (reqwest's own text is terse: "error sending request").
fn transport(e: &reqwest::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// The start of a long body, on one line.
pub fn shorten(s: &str) -> String {
    let one_line = s.trim().replace('\n', " ");
    match one_line.char_indices().nth(300) {
        Some((i, _)) => format!("{}...", &one_line[..i]),
        None => one_line,
    }
}
