//! `stytch-emulator [--host H] [--port P] [--config FILE] [--www DIR]`
use std::io::Write;
use std::path::PathBuf;

use stytch_emulator::Config;

const USAGE: &str = "usage: stytch-emulator [--host HOST] [--port PORT] [--config FILE] [--www DIR]
  --host    address to bind (default 127.0.0.1)
  --port    port (default 9010; 0 = any free port)
  --config  JSON config file (default: the built-in emulator.json)
  --www     directory served as static files at /";

struct Args {
    host: String,
    port: u16,
    config: Option<PathBuf>,
    www: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        host: "127.0.0.1".into(),
        port: 9010,
        config: None,
        www: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (flag.clone(), None),
        };
        if name == "--help" || name == "-h" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name.as_str() {
            "--host" => a.host = value()?,
            "--port" => {
                a.port = value()?
                    .parse()
                    .map_err(|_| "--port must be 0..65535".to_string())?
            }
            "--config" => a.config = Some(PathBuf::from(value()?)),
            "--www" => a.www = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("stytch-emulator: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    let cfg = match &args.config {
        Some(p) => match std::fs::read_to_string(p)
            .map_err(|e| format!("{}: {e}", p.display()))
            .and_then(|t| Config::parse(&t))
        {
            Ok(c) => c,
            Err(e) => {
                eprintln!("stytch-emulator: {e}");
                std::process::exit(2);
            }
        },
        None => Config::default_config(),
    };
    if let Some(w) = &args.www {
        if !w.is_dir() {
            eprintln!("stytch-emulator: --www {} is not a directory", w.display());
            std::process::exit(2);
        }
    }
    let running = match stytch_emulator::start(cfg, &args.host, args.port, args.www.clone()).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "stytch-emulator: cannot listen on {}:{}: {e}",
                args.host, args.port
            );
            std::process::exit(1);
        }
    };
    let shown_host = if args.host.contains(':') && !args.host.starts_with('[') {
        format!("[{}]", args.host)
    } else {
        args.host.clone()
    };
    println!("listening on http://{}:{}", shown_host, running.addr.port());
    let _ = std::io::stdout().flush();
    tokio::select! {
        _ = running.wait() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
