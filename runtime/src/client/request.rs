//! Building an `http::Request` from an endpoint's parts, sans IO.

use http::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use http::{Method, Request, Uri};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;

use super::{jsonrpc_request, Auth, ClientError, Multipart, Secret};

/// Builds one request: URL, query, headers, body and credential.
///
/// Setters never fail; the first error is kept and returned by
/// [`build`](RequestBuilder::build), so a chain reads straight through.
/// The credential is applied in `build`, whatever the order of the calls.
///
/// ```
/// use http::Method;
/// use specgen_runtime::client::{Auth, RequestBuilder, Secret};
///
/// let key = Secret::new("k3y")?;
/// let req = RequestBuilder::new(Method::POST, "https://api.example.com/", "/v1/chats")
///     .query(&[("dryRun", "true")])
///     .json_body(&serde_json::json!({"customer": 1}))
///     .auth(Auth::Bearer, Some(&key))
///     .build()?;
/// assert_eq!(req.uri(), "https://api.example.com/v1/chats?dryRun=true");
/// assert_eq!(req.headers()["authorization"], "Bearer k3y");
/// assert_eq!(req.body(), br#"{"customer":1}"#);
/// # Ok::<(), specgen_runtime::client::ClientError>(())
/// ```
#[derive(Debug)]
pub struct RequestBuilder {
    method: Method,
    base_url: String,
    path: String,
    query: String,
    headers: http::HeaderMap,
    body: Body,
    auth: Auth,
    credential: Option<Secret>,
    error: Option<ClientError>,
}

#[derive(Debug)]
enum Body {
    Empty,
    Json(Vec<u8>),
    JsonRpc {
        method: String,
        id: u64,
        params: Value,
    },
    Multipart(Multipart),
}

impl RequestBuilder {
    /// A request for `method` on `path`, relative to `base_url`. Slashes
    /// between the two are normalised, so `https://h/api/` + `/x` and
    /// `https://h/api` + `x` both give `https://h/api/x`.
    pub fn new(method: Method, base_url: &str, path: &str) -> Self {
        RequestBuilder {
            method,
            base_url: base_url.to_owned(),
            path: path.to_owned(),
            query: String::new(),
            headers: http::HeaderMap::new(),
            body: Body::Empty,
            auth: Auth::None,
            credential: None,
            error: None,
        }
    }

    fn fail(&mut self, e: ClientError) {
        self.error.get_or_insert(e);
    }

    /// Appends `value`, form-urlencoded, to the query string: a struct (its
    /// `None` fields are left out), a map, or a sequence of pairs.
    pub fn query<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        match serde_urlencoded::to_string(value) {
            Ok(q) if q.is_empty() => {}
            Ok(q) => {
                if !self.query.is_empty() {
                    self.query.push('&');
                }
                self.query.push_str(&q);
            }
            Err(e) => self.fail(ClientError::Encode(format!("query string: {e}"))),
        }
        self
    }

    /// Appends name/value pairs to the query string.
    pub fn query_pairs<I, K, V>(self, pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let pairs: Vec<(K, V)> = pairs.into_iter().collect();
        let refs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_ref()))
            .collect();
        self.query(&refs)
    }

    /// Fills the `{name}` segment of the path with `value`, percent-encoded
    /// as one segment (see [`encode_segment`]). An empty value, or a path
    /// without `{name}`, is an [`ClientError::Encode`] error.
    pub fn path_param(mut self, name: &str, value: impl AsRef<str>) -> Self {
        let value = value.as_ref();
        let placeholder = format!("{{{name}}}");
        if !self.path.contains(&placeholder) {
            self.fail(ClientError::Encode(format!(
                "the path `{}` has no `{placeholder}` segment",
                self.path
            )));
        } else if value.is_empty() {
            self.fail(ClientError::Encode(format!(
                "path parameter `{name}` is empty, which would change the path's shape"
            )));
        } else {
            self.path = self.path.replace(&placeholder, &encode_segment(value));
        }
        self
    }

    /// Sets the header parameter `name` to `value`, replacing any earlier
    /// value. A value that is not sent exactly as it is (see
    /// [`is_header_value`](crate::check::is_header_value)) is an error, never
    /// a request cut at a CR or LF; the error does not echo the value.
    pub fn header_param(mut self, name: &str, value: impl AsRef<str>) -> Self {
        let invalid = |what: &str| ClientError::Encode(format!("header `{name}`: {what}"));
        let Ok(header) = HeaderName::from_bytes(name.as_bytes()) else {
            self.fail(invalid("not a valid header name"));
            return self;
        };
        let value = value.as_ref();
        match HeaderValue::from_str(value) {
            Ok(v) if crate::check::is_header_value(value) => {
                self.headers.insert(header, v);
            }
            _ => self.fail(invalid(
                "the value is not visible ASCII, spaces or tabs without white space at either end",
            )),
        }
        self
    }

    /// [`header_param`](Self::header_param) when `value` is `Some`; nothing
    /// when it is `None`.
    pub fn optional_header_param(self, name: &str, value: Option<impl AsRef<str>>) -> Self {
        match value {
            Some(v) => self.header_param(name, v),
            None => self,
        }
    }

    /// Sets a header, replacing any earlier value.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Sets the `Accept` header: the media types the caller can decode.
    pub fn accept(mut self, media_ranges: &str) -> Self {
        match HeaderValue::from_str(media_ranges) {
            Ok(v) => {
                self.headers.insert(ACCEPT, v);
            }
            Err(_) => self.fail(ClientError::Encode(format!(
                "`{media_ranges}` is not a valid Accept header value"
            ))),
        }
        self
    }

    /// Sets the body to `value` as JSON (`Content-Type: application/json`).
    pub fn json_body<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(bytes) => self.body = Body::Json(bytes),
            Err(e) => self.fail(ClientError::Encode(format!("JSON body: {e}"))),
        }
        self
    }

    /// Sets the body to a JSON-RPC 2.0 call of `method` with `params`; see
    /// [`jsonrpc_request`].
    pub fn jsonrpc<T: Serialize + ?Sized>(mut self, method: &str, id: u64, params: &T) -> Self {
        match serde_json::to_value(params) {
            Ok(params) => {
                self.body = Body::JsonRpc {
                    method: method.to_owned(),
                    id,
                    params,
                }
            }
            Err(e) => self.fail(ClientError::Encode(format!("JSON-RPC params: {e}"))),
        }
        self
    }

    /// Sets the body to a `multipart/form-data` form.
    pub fn multipart(mut self, form: Multipart) -> Self {
        self.body = Body::Multipart(form);
        self
    }

    /// Authenticates the request with `credential` as `auth` says. For
    /// [`Auth::None`] the credential is ignored; otherwise a missing one is
    /// [`ClientError::MissingCredential`].
    pub fn auth(mut self, auth: Auth, credential: Option<&Secret>) -> Self {
        self.auth = auth;
        self.credential = credential.cloned();
        self
    }

    /// The finished request, or the first error met while building it.
    pub fn build(self) -> Result<Request<Vec<u8>>, ClientError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        if let Some(open) = self.path.find('{') {
            let name = self.path[open..].split('}').next().unwrap_or_default();
            return Err(ClientError::Encode(format!(
                "path parameter `{name}}}` has no value"
            )));
        }
        let mut url = join_url(&self.base_url, &self.path)?;
        if !self.query.is_empty() {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&self.query);
        }
        let uri = parse_http_uri(&url)?;

        let mut headers = self.headers;
        let mut body = self.body;
        let secret = || {
            self.credential
                .as_ref()
                .ok_or(ClientError::MissingCredential)
        };
        match self.auth {
            Auth::None => {}
            Auth::Bearer => {
                headers.insert(AUTHORIZATION, secret()?.header_value("Bearer ")?);
            }
            Auth::ApiKeyHeader(name) => {
                let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                    ClientError::Encode(format!("`{name}` is not a valid header name"))
                })?;
                headers.insert(name, secret()?.header_value("")?);
            }
            Auth::ParamsField(field) => body.insert_member(field, secret()?)?,
        }

        let (content_type, bytes) = body.encode()?;
        if let Some(ct) = content_type {
            let ct = HeaderValue::from_str(&ct)
                .map_err(|_| ClientError::Encode(format!("invalid content type `{ct}`")))?;
            // The body decides: a multipart boundary must match its header.
            headers.insert(CONTENT_TYPE, ct);
        }
        let mut req = Request::new(bytes);
        *req.method_mut() = self.method;
        *req.uri_mut() = uri;
        *req.headers_mut() = headers;
        Ok(req)
    }
}

impl Body {
    fn insert_member(&mut self, field: &str, secret: &Secret) -> Result<(), ClientError> {
        let token = Value::String(secret.expose().to_owned());
        let not_object = || {
            ClientError::Encode(format!(
                "the credential goes into member `{field}` of the JSON body, which must be an object"
            ))
        };
        match self {
            Body::Json(bytes) => {
                let mut value: Value = serde_json::from_slice(bytes).map_err(|_| not_object())?;
                value
                    .as_object_mut()
                    .ok_or_else(not_object)?
                    .insert(field.to_owned(), token);
                *bytes =
                    serde_json::to_vec(&value).map_err(|e| ClientError::Encode(e.to_string()))?;
            }
            Body::JsonRpc { params, .. } => {
                if params.is_null() {
                    *params = Value::Object(Default::default());
                }
                params
                    .as_object_mut()
                    .ok_or_else(not_object)?
                    .insert(field.to_owned(), token);
            }
            Body::Empty | Body::Multipart(_) => return Err(not_object()),
        }
        Ok(())
    }

    fn encode(self) -> Result<(Option<String>, Vec<u8>), ClientError> {
        const JSON: &str = "application/json";
        Ok(match self {
            Body::Empty => (None, Vec::new()),
            Body::Json(bytes) => (Some(JSON.to_owned()), bytes),
            Body::JsonRpc { method, id, params } => {
                let envelope = jsonrpc_request(&method, id, params);
                let bytes = serde_json::to_vec(&envelope)
                    .map_err(|e| ClientError::Encode(e.to_string()))?;
                (Some(JSON.to_owned()), bytes)
            }
            Body::Multipart(form) => {
                let (ct, bytes) = form.finish();
                (Some(ct), bytes)
            }
        })
    }
}

/// Bytes kept as they are in a path segment: RFC 3986 unreserved
/// (`A-Z a-z 0-9 - . _ ~`). Everything else, `/` `?` `#` `%` included, is
/// percent-encoded, so a value can only ever fill its own segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `value` as one path segment: UTF-8 percent-encoded outside
/// unreserved, and `.`/`..` (which a URL resolver would treat as "this" and
/// "parent" segments) written `%2E`/`%2E%2E`.
///
/// ```
/// use specgen_runtime::client::encode_segment;
/// assert_eq!(encode_segment("a b/c?d#e%f"), "a%20b%2Fc%3Fd%23e%25f");
/// assert_eq!(encode_segment("é~_.-"), "%C3%A9~_.-");
/// assert_eq!(encode_segment(".."), "%2E%2E");
/// ```
pub fn encode_segment(value: &str) -> String {
    match value {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => utf8_percent_encode(value, SEGMENT).to_string(),
    }
}

/// Joins `base` and `path` with exactly one slash, after checking that `base`
/// is an absolute `http`/`https` URL without credentials or query.
pub(crate) fn join_url(base: &str, path: &str) -> Result<String, ClientError> {
    let invalid = |reason: &str| ClientError::InvalidUrl {
        url: redact_userinfo(base),
        reason: reason.to_owned(),
    };
    let uri = parse_http_uri(base)?;
    let authority = uri.authority().ok_or_else(|| invalid("it has no host"))?;
    if authority.as_str().contains('@') {
        return Err(invalid(
            "credentials in the URL are not supported; set `ClientConfig::credential`",
        ));
    }
    if uri.query().is_some() || base.contains('#') {
        return Err(invalid("a base URL cannot have a query or a fragment"));
    }
    if path.is_empty() {
        return Ok(base.to_owned());
    }
    Ok(format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    ))
}

fn parse_http_uri(url: &str) -> Result<Uri, ClientError> {
    let invalid = |reason: String| ClientError::InvalidUrl {
        url: redact_userinfo(url),
        reason,
    };
    let uri: Uri = url
        .parse()
        .map_err(|e: http::uri::InvalidUri| invalid(e.to_string()))?;
    match uri.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => Ok(uri),
        Some(s) => Err(invalid(format!(
            "the scheme must be http or https, not `{s}`"
        ))),
        None => Err(invalid(
            "it is not absolute (e.g. `https://host`)".to_owned(),
        )),
    }
}

/// `url` as it may be shown: any `user:password@` replaced by `***@`, and
/// control characters escaped so a CR/LF cannot break the message.
///
/// A real URL parser finds the userinfo. A URL in which it finds none but
/// which has an `@` (a password with `?` or `#` is one) loses everything
/// from the scheme to its last `@`, since where such a password ends cannot
/// be known.
pub(crate) fn redact_userinfo(url: &str) -> String {
    let shown = match url::Url::parse(url) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            // Cannot fail: the URL has a host, since it has userinfo.
            let _ = parsed.set_password(None);
            let _ = parsed.set_username("***");
            parsed.to_string()
        }
        // No userinfo found, yet an `@`: the parser may have read a password
        // as a path or a scheme (`user:pa55?w0rd@host`), so hide it all.
        _ => match (url.find("://"), url.rfind('@')) {
            (Some(scheme_end), Some(at)) if at > scheme_end => {
                format!("{}***{}", &url[..scheme_end + 3], &url[at..])
            }
            (None, Some(at)) => format!("***{}", &url[at..]),
            _ => url.to_owned(),
        },
    };
    shown.escape_debug().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> Secret {
        Secret::new("TOPSECRET-1").unwrap()
    }

    #[test]
    fn joins_base_and_path_with_one_slash() {
        for (base, path) in [
            ("https://h/api", "/v1/x"),
            ("https://h/api/", "/v1/x"),
            ("https://h/api/", "v1/x"),
            ("https://h/api", "v1/x"),
            ("https://h/api//", "//v1/x"),
        ] {
            assert_eq!(
                join_url(base, path).unwrap(),
                "https://h/api/v1/x",
                "{base} {path}"
            );
        }
        assert_eq!(
            join_url("http://127.0.0.1:8080", "/x").unwrap(),
            "http://127.0.0.1:8080/x"
        );
        assert_eq!(join_url("https://h", "").unwrap(), "https://h");
    }

    #[test]
    fn rejects_bad_base_urls_with_a_reason() {
        for (base, reason) in [
            ("api.example.com", "not absolute"),
            ("ftp://h", "scheme"),
            ("https://h/?a=b", "query"),
            ("https://h/#frag", ""),
            ("https://exa mple.com", ""),
            ("", ""),
        ] {
            let err = join_url(base, "/x").unwrap_err();
            let ClientError::InvalidUrl { reason: r, .. } = &err else {
                panic!("{base}: {err:?}")
            };
            assert!(r.contains(reason), "{base}: {r}");
        }
    }

    #[test]
    fn url_errors_do_not_echo_userinfo() {
        let err = join_url("https://user:hunter2@h/api", "/x").unwrap_err();
        let shown = err.to_string();
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("https://***@h/api"), "{shown}");
    }

    #[test]
    fn url_errors_hide_passwords_with_odd_characters() {
        for (base, password) in [
            ("http://user:pa55?w0rd@host/", "pa55?w0rd"),
            ("http://user:pa55#w0rd@host/", "pa55#w0rd"),
            ("http://us@r:pa55w0rd@host/", "pa55w0rd"),
            ("http://user:p%40ss%3Fw0rd@host/", "p%40ss"),
            ("http://user:pa55w0rd@host/?q=1", "pa55w0rd"),
            ("user:pa55?w0rd@host", "pa55"),
        ] {
            let err = join_url(base, "/x").unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains(password), "{base}: {shown}");
            assert!(!shown.contains("w0rd"), "{base}: {shown}");
        }
    }

    #[test]
    fn url_errors_escape_line_breaks() {
        let err = join_url("https://h/\r\nX-Fake: 1", "/x").unwrap_err();
        let shown = err.to_string();
        assert!(!shown.contains('\r') && !shown.contains('\n'), "{shown:?}");
        assert!(shown.contains("\\r\\n"), "{shown}");
    }

    #[test]
    fn invalid_path_is_an_invalid_url() {
        let err = RequestBuilder::new(Method::GET, "https://h", "/a b")
            .build()
            .unwrap_err();
        assert!(matches!(err, ClientError::InvalidUrl { .. }), "{err:?}");
    }

    #[test]
    fn accept_is_sent_and_a_value_with_a_line_break_is_an_error_not_a_header() {
        let req = RequestBuilder::new(Method::GET, "https://h", "/a")
            .accept("application/json")
            .build()
            .unwrap();
        assert_eq!(req.headers()["accept"], "application/json");
        let err = RequestBuilder::new(Method::GET, "https://h", "/a")
            .accept("text/csv\r\nX-Injected: 1")
            .build()
            .unwrap_err();
        assert!(matches!(err, ClientError::Encode(_)), "{err:?}");
    }

    #[derive(Serialize)]
    struct Query {
        #[serde(rename = "chatServer")]
        chat_server: &'static str,
        #[serde(rename = "phoneNumber")]
        phone_number: Option<&'static str>,
        #[serde(rename = "messageNumber")]
        message_number: Option<u32>,
    }

    #[test]
    fn query_skips_none_and_encodes_reserved_characters() {
        let req = RequestBuilder::new(Method::POST, "https://h", "/add")
            .query(&Query {
                chat_server: "a b&c=d/é",
                phone_number: None,
                message_number: Some(3),
            })
            .query_pairs([("extra", "+1")])
            .build()
            .unwrap();
        assert_eq!(
            req.uri().query(),
            Some("chatServer=a+b%26c%3Dd%2F%C3%A9&messageNumber=3&extra=%2B1")
        );
        assert!(req.body().is_empty());
        assert!(req.headers().get(CONTENT_TYPE).is_none());
    }

    #[test]
    fn unencodable_query_is_an_encode_error() {
        let err = RequestBuilder::new(Method::GET, "https://h", "/")
            .query(&serde_json::json!({"nested": {"a": 1}}))
            .build()
            .unwrap_err();
        assert!(matches!(err, ClientError::Encode(_)), "{err:?}");
    }

    #[test]
    fn bearer_and_api_key_headers() {
        let s = secret();
        let req = RequestBuilder::new(Method::GET, "https://h", "/")
            .auth(Auth::Bearer, Some(&s))
            .build()
            .unwrap();
        assert_eq!(req.headers()[AUTHORIZATION], "Bearer TOPSECRET-1");
        assert!(req.headers()[AUTHORIZATION].is_sensitive());
        assert!(!format!("{:?}", req.headers()).contains("TOPSECRET"));

        let req = RequestBuilder::new(Method::GET, "https://h", "/")
            .auth(Auth::ApiKeyHeader("apiKey"), Some(&s))
            .build()
            .unwrap();
        assert_eq!(req.headers()["apikey"], "TOPSECRET-1");
        assert!(req.headers().get(AUTHORIZATION).is_none());
    }

    #[test]
    fn auth_none_sends_nothing_even_with_a_credential() {
        let s = secret();
        let req = RequestBuilder::new(Method::POST, "https://h", "/")
            .json_body(&serde_json::json!({"a": 1}))
            .auth(Auth::None, Some(&s))
            .build()
            .unwrap();
        assert_eq!(req.body(), br#"{"a":1}"#);
        assert!(req.headers().get(AUTHORIZATION).is_none());
    }

    #[test]
    fn missing_credential_is_an_error() {
        let err = RequestBuilder::new(Method::GET, "https://h", "/")
            .auth(Auth::Bearer, None)
            .build()
            .unwrap_err();
        assert!(matches!(err, ClientError::MissingCredential), "{err:?}");
    }

    #[test]
    fn json_body_keeps_field_order_and_sets_content_type() {
        #[derive(Serialize)]
        struct B {
            zeta: u8,
            alpha: &'static str,
        }
        let req = RequestBuilder::new(Method::PUT, "https://h", "/b")
            .json_body(&B {
                zeta: 1,
                alpha: "x",
            })
            .build()
            .unwrap();
        assert_eq!(req.method(), Method::PUT);
        assert_eq!(req.body(), br#"{"zeta":1,"alpha":"x"}"#);
        assert_eq!(req.headers()[CONTENT_TYPE], "application/json");
    }

    #[test]
    fn params_field_goes_into_the_json_object_or_rpc_params() {
        let s = secret();
        let req = RequestBuilder::new(Method::POST, "https://h", "/")
            .auth(Auth::ParamsField("access_token"), Some(&s))
            .json_body(&serde_json::json!({"a": 1}))
            .build()
            .unwrap();
        let v: Value = serde_json::from_slice(req.body()).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"a": 1, "access_token": "TOPSECRET-1"})
        );

        let req = RequestBuilder::new(Method::POST, "https://h", "/v2.0")
            .jsonrpc("upload.chats", 7, &serde_json::json!({"chats": []}))
            .auth(Auth::ParamsField("access_token"), Some(&s))
            .build()
            .unwrap();
        let v: Value = serde_json::from_slice(req.body()).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "jsonrpc": "2.0", "id": 7, "method": "upload.chats",
                "params": {"chats": [], "access_token": "TOPSECRET-1"}
            })
        );
        assert!(req.headers().get(AUTHORIZATION).is_none());
    }

    #[test]
    fn params_field_needs_an_object_and_the_error_hides_the_secret() {
        let s = secret();
        for b in [
            RequestBuilder::new(Method::POST, "https://h", "/").json_body(&[1, 2]),
            RequestBuilder::new(Method::POST, "https://h", "/"),
            RequestBuilder::new(Method::POST, "https://h", "/").multipart(Multipart::new()),
        ] {
            let err = b
                .auth(Auth::ParamsField("access_token"), Some(&s))
                .build()
                .unwrap_err();
            assert!(matches!(err, ClientError::Encode(_)), "{err:?}");
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains("TOPSECRET"), "{shown}");
        }
    }

    #[test]
    fn errors_with_a_credential_set_never_contain_it() {
        let s = secret();
        let errors = [
            RequestBuilder::new(Method::GET, "not a url", "/")
                .auth(Auth::Bearer, Some(&s))
                .build()
                .unwrap_err(),
            RequestBuilder::new(Method::GET, "https://h", "/")
                .auth(Auth::ApiKeyHeader("bad header"), Some(&s))
                .build()
                .unwrap_err(),
        ];
        for err in errors {
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains("TOPSECRET"), "{shown}");
        }
    }

    #[test]
    fn multipart_sets_its_content_type_with_the_boundary() {
        let req = RequestBuilder::new(Method::POST, "https://h", "/m")
            .multipart(Multipart::new().text("a", "1"))
            .build()
            .unwrap();
        let ct = req.headers()[CONTENT_TYPE].to_str().unwrap();
        let boundary = ct.strip_prefix("multipart/form-data; boundary=").unwrap();
        assert!(req
            .body()
            .starts_with(format!("--{boundary}\r\n").as_bytes()));
    }

    #[test]
    fn path_params_fill_one_segment_each_whatever_they_hold() {
        let req = RequestBuilder::new(Method::GET, "https://h/api", "/t/{id}/f/{name}")
            .path_param("name", "a b/c?d#e%f&g=h+ü")
            .path_param("id", "{name}")
            .build()
            .unwrap();
        assert_eq!(
            req.uri().path(),
            "/api/t/%7Bname%7D/f/a%20b%2Fc%3Fd%23e%25f%26g%3Dh%2B%C3%BC"
        );
        for (value, segment) in [
            (".", "%2E"),
            ("..", "%2E%2E"),
            ("...", "..."),
            ("a.b", "a.b"),
        ] {
            let req = RequestBuilder::new(Method::GET, "https://h", "/t/{id}")
                .path_param("id", value)
                .build()
                .unwrap();
            assert_eq!(req.uri().path(), format!("/t/{segment}"), "{value}");
        }
    }

    #[test]
    fn an_empty_unknown_or_unfilled_path_param_is_an_encode_error() {
        for b in [
            RequestBuilder::new(Method::GET, "https://h", "/t/{id}").path_param("id", ""),
            RequestBuilder::new(Method::GET, "https://h", "/t/{id}").path_param("other", "1"),
            RequestBuilder::new(Method::GET, "https://h", "/t/{id}"),
        ] {
            let err = b.build().unwrap_err();
            assert!(matches!(err, ClientError::Encode(_)), "{err:?}");
        }
    }

    #[test]
    fn header_params_refuse_line_breaks_and_never_echo_the_value() {
        let req = RequestBuilder::new(Method::GET, "https://h", "/")
            .header_param("X-Trace", "a\tb c")
            .optional_header_param("X-Skip", None::<&str>)
            .optional_header_param("X-Set", Some("1"))
            .build()
            .unwrap();
        assert_eq!(req.headers()["x-trace"], "a\tb c");
        assert_eq!(req.headers()["x-set"], "1");
        assert!(req.headers().get("x-skip").is_none());
        for value in ["a\r\nX-Evil: 1", "a\nb", "a\0b", " padded", "é", "a\u{7f}"] {
            let err = RequestBuilder::new(Method::GET, "https://h", "/")
                .header_param("X-Trace", value)
                .build()
                .unwrap_err();
            let ClientError::Encode(m) = &err else {
                panic!("{value:?}: {err:?}")
            };
            assert!(m.contains("X-Trace") && !m.contains("Evil"), "{m}");
        }
        let err = RequestBuilder::new(Method::GET, "https://h", "/")
            .header_param("Bad Name", "1")
            .build()
            .unwrap_err();
        assert!(matches!(err, ClientError::Encode(_)), "{err:?}");
    }

    #[test]
    fn first_error_wins() {
        let err = RequestBuilder::new(Method::GET, "https://h", "/")
            .query(&serde_json::json!({"n": {"x": 1}}))
            .json_body(&std::collections::BTreeMap::from([((1, 2), 3)]))
            .build()
            .unwrap_err();
        let ClientError::Encode(m) = err else {
            panic!()
        };
        assert!(m.starts_with("query string"), "{m}");
    }
}
