//! Load test and benchmark of the emulator on loopback.
//!
//! `cargo run -p stytch-emulator --release --example load -- --flows 2000 --concurrency 64`
//!
//! Starts an emulator in this process on 127.0.0.1 (any free port), runs two rounds of
//! concurrent SDK flows (consumer: login_or_create -> outbox -> authenticate; every fourth
//! flow (`--b2b-every N`, 0 = none) B2B: email login -> outbox -> email authenticate (IST) -> SMS send -> outbox -> SMS
//! authenticate), evicting everything
//! expired between and after them, and prints requests/second, 5xx count, misdeliveries and
//! resident memory. Bounded in count (`--flows`) and time (`--time-limit` seconds per round).
//! Exits non-zero on any 5xx, failed flow or misdelivered code.
#[path = "../tests/support/loadgen.rs"]
mod loadgen;

use std::time::Duration;

use loadgen::{expire_and_evict, round, rss_kib, Plan};

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let plan = Plan {
        flows: arg("--flows", 2000).min(1_000_000) as usize,
        concurrency: arg("--concurrency", 64).clamp(1, 1024) as usize,
        time_limit: Duration::from_secs(arg("--time-limit", 120).clamp(1, 600)),
        b2b_every: arg("--b2b-every", 4).min(1_000_000) as usize,
    };
    let emu = stytch_emulator::start(
        stytch_emulator::Config::default_config(),
        "127.0.0.1",
        0,
        None,
    )
    .await
    .expect("bind");
    let base = emu.url();
    println!("emulator on {base}; plan: {} flows (every {}th B2B MFA, 0 = none), concurrency {}, at most {:?} per round", plan.flows, plan.b2b_every, plan.concurrency, plan.time_limit);
    let rss0 = rss_kib();
    let mut failed = false;
    for n in 1..=2 {
        let r = round(&base, &plan).await;
        let rss_loaded = rss_kib();
        let stats = expire_and_evict(&base).await;
        let rss_evicted = rss_kib();
        println!(
            "round {n}: {}/{} flows ok, {} requests in {:.2}s = {:.0} req/s ({:.0} flows/s); 5xx: {}; failed flows: {}; misdelivered codes: {}",
            r.flows_ok,
            r.flows_started,
            r.requests,
            r.elapsed.as_secs_f64(),
            r.requests_per_second(),
            r.flows_ok as f64 / r.elapsed.as_secs_f64().max(1e-9),
            r.status_5xx,
            r.other_failures,
            r.misdelivered
        );
        println!(
            "round {n}: RSS before {} KiB, loaded {} KiB, after eviction {} KiB; held after eviction: codes {}, sessions {}, member sessions {}, ISTs {}, send windows {}, sms {}, email {}",
            rss0,
            rss_loaded,
            rss_evicted,
            stats["codes"],
            stats["sessions"],
            stats["member_sessions"],
            stats["intermediate_sessions"],
            stats["send_windows"],
            stats["sms_messages"],
            stats["email_messages"]
        );
        if let Some(e) = &r.first_error {
            println!("round {n}: first error: {e}");
        }
        failed |= r.status_5xx > 0
            || r.other_failures > 0
            || r.misdelivered > 0
            || r.flows_ok != r.flows_started;
    }
    emu.stop();
    if failed {
        println!("FAILED");
        std::process::exit(1);
    }
    println!("ok");
}
