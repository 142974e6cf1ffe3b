//! The router and the accept loop. The loop is hand-written (hyper's HTTP/1 server per
//! connection) so that a `drop` fault can close a connection without answering.
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

use crate::app::App;
use crate::config::Config;
use crate::errors::ApiError;
use crate::faults::RawFault;
use crate::{cors, faults, host, routes};

/// How often expired records are evicted (real time).
const EVICT_EVERY: Duration = Duration::from_secs(1);

/// Whether a request path names the API, the admin API or the dashboard, judged on the
/// path as a file server would see it: percent-decoded (repeatedly, so `%2576` counts as
/// `v`), `.`/`..`/empty segments resolved, case-insensitive (the `--www` directory may sit on
/// a case-insensitive file system), backslashes as separators. Such a path is never served
/// from `--www`.
pub fn is_api(path: &str) -> bool {
    let mut p = path.to_string();
    for _ in 0..4 {
        let d = crate::routes::admin::percent_decode(&p);
        if d == p {
            break;
        }
        p = d;
    }
    let mut segs: Vec<String> = Vec::new();
    for s in p.split(['/', '\\']) {
        match s {
            "" | "." => {}
            ".." => {
                segs.pop();
            }
            s => segs.push(s.trim_end_matches(['.', ' ']).to_ascii_lowercase()),
        }
    }
    let first = segs.first().map(String::as_str);
    // `/sdk/` alone is not an API prefix: the demo serves the package from `www/sdk/...`.
    matches!(first, Some("v1") | Some("emulator"))
        || (first == Some("sdk") && segs.get(1).map(String::as_str) == Some("v1"))
}

async fn not_found() -> Response {
    ApiError::route_not_found().into_response()
}

async fn method_not_allowed() -> Response {
    ApiError::new(
        405,
        "method_not_allowed",
        "This route does not accept this HTTP method.",
    )
    .into_response()
}

/// The full application: routes, faults, CORS, optional static files.
pub fn router(app: App, www: Option<PathBuf>) -> Router {
    let api = Router::new()
        .merge(routes::backend::routes())
        .merge(routes::sdk::routes())
        .merge(routes::admin::routes())
        .merge(routes::dashboard::routes());
    let api = match www {
        Some(dir) => {
            let serve = tower_http::services::ServeDir::new(dir);
            api.fallback(move |req: Request| {
                let serve = serve.clone();
                async move {
                    if is_api(req.uri().path()) {
                        return not_found().await;
                    }
                    match serve.oneshot(req).await {
                        Ok(r) => r.map(Body::new).into_response(),
                        Err(e) => match e {},
                    }
                }
            })
        }
        None => api.fallback(not_found),
    };
    api.method_not_allowed_fallback(method_not_allowed)
        .layer(from_fn_with_state(app.clone(), faults::layer))
        .layer(from_fn_with_state(app.clone(), cors::layer))
        .layer(from_fn_with_state(app.clone(), host::layer))
        .with_state(app)
}

/// A running emulator.
pub struct Running {
    /// The bound address.
    pub addr: SocketAddr,
    /// Its state (tests and the load benchmark read it).
    pub app: App,
    handle: tokio::task::JoinHandle<()>,
    evictor: tokio::task::JoinHandle<()>,
}

impl Running {
    /// `http://addr`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Serves until the task ends (never, unless aborted).
    pub async fn wait(self) {
        let _ = self.handle.await;
    }

    /// Stops accepting and evicting.
    pub fn stop(&self) {
        self.handle.abort();
        self.evictor.abort();
    }
}

/// Binds `host:port` (port 0 = any free port) and serves in background tasks.
///
/// # Errors
/// When the address cannot be bound.
pub async fn start(
    cfg: Config,
    host: &str,
    port: u16,
    www: Option<PathBuf>,
) -> std::io::Result<Running> {
    let listener = TcpListener::bind((host, port)).await?;
    let addr = listener.local_addr()?;
    let app = App::bound(cfg, host);
    app.jwt().warm_up();
    let router = router(app.clone(), www);
    let evict_app = app.clone();
    let evictor = tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVICT_EVERY);
        loop {
            tick.tick().await;
            let now = evict_app.now();
            evict_app.store().evict(now);
        }
    });
    let handle = tokio::spawn(accept_loop(listener, router));
    Ok(Running {
        addr,
        app,
        handle,
        evictor,
    })
}

async fn accept_loop(listener: TcpListener, router: Router) {
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(x) => x,
            Err(_) => {
                // Out of descriptors or similar: back off instead of spinning.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        tokio::spawn(serve_connection(stream, router));
    }
}

/// Serves one connection with hyper. A second handle on the socket is kept so that a
/// [`RawFault`] response can be written byte for byte once hyper's side is dropped.
async fn serve_connection(stream: TcpStream, router: Router) {
    let (stream, side) = match split_handle(stream) {
        Ok(x) => x,
        Err(_) => return,
    };
    let (tx, rx) = tokio::sync::oneshot::channel::<Vec<u8>>();
    let tx = Arc::new(Mutex::new(Some(tx)));
    let svc = hyper::service::service_fn(move |req: Request<Incoming>| {
        let router = router.clone();
        let tx = tx.clone();
        async move {
            let resp = router.oneshot(req.map(Body::new)).await?;
            if let Some(raw) = resp.extensions().get::<RawFault>() {
                let bytes = raw.render(&resp);
                let taken = tx.lock().unwrap_or_else(|e| e.into_inner()).take();
                if let Some(tx) = taken {
                    let _ = tx.send(bytes);
                    // The connection task drops hyper's side now, and this future with it.
                    std::future::pending::<()>().await;
                }
            }
            Ok::<_, std::convert::Infallible>(resp)
        }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30))
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), svc);
    let bytes = tokio::select! {
        _ = conn => return,
        b = rx => match b { Ok(b) => b, Err(_) => return },
    };
    let Some(mut side) = side else { return };
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        side.write_all(&bytes).await?;
        side.flush().await?;
        side.shutdown().await?;
        // Drain what the client still sends until it closes, so that the close is a FIN,
        // not a reset that could destroy the bytes just written.
        let mut sink = [0u8; 4096];
        while side.read(&mut sink).await? > 0 {}
        Ok::<_, std::io::Error>(())
    })
    .await;
}

/// (the stream for hyper, a second handle on the same socket); the second is `None` when the
/// descriptor cannot be duplicated (a raw fault then closes silently).
fn split_handle(stream: TcpStream) -> std::io::Result<(TcpStream, Option<TcpStream>)> {
    let std = stream.into_std()?;
    let side = std.try_clone().ok();
    let stream = TcpStream::from_std(std)?;
    let side = match side {
        Some(s) => TcpStream::from_std(s).ok(),
        None => None,
    };
    Ok((stream, side))
}

#[cfg(test)]
mod tests {
    use super::is_api;

    #[test]
    fn api_paths_in_any_spelling() {
        for p in [
            "/v1",
            "/v1/users",
            "/sdk/v1",
            "/sdk/v1/otps/authenticate",
            "/emulator/",
            "/emulator/v1/sms",
            "/%76%31/users",
            "/v1%2fusers",
            "/v1%2Fusers",
            "/%2576%2531/users",
            "//v1/users",
            "/./v1/users",
            "/x/../v1/users",
            "/V1/users",
            "/SDK/V1/x",
            "/sdk%2fv1/x",
            "/v1%5cusers",
            "/v1\\users",
            "/Emulator/v1/reset",
            "/%65mulator/",
            "/v1./users",
        ] {
            assert!(is_api(p), "{p}");
        }
        for p in [
            "/",
            "/index.html",
            "/sdk/pkg/sms_mfa_sdk.js",
            "/v10/x",
            "/app.js",
            "/sdk",
            "/sdkv1/x",
            "/v1x",
        ] {
            assert!(!is_api(p), "{p}");
        }
    }
}
