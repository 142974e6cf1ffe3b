//! A small-budget run of the load generator (the benchmark is `examples/load.rs`):
//! 300 concurrent flows, zero 5xx, no code to the wrong phone, and nothing left after eviction.
#[path = "support/loadgen.rs"]
mod loadgen;

use std::time::Duration;

use loadgen::{expire_and_evict, round, Plan};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_hundred_concurrent_flows() {
    let emu = stytch_emulator::start(
        stytch_emulator::Config::default_config(),
        "127.0.0.1",
        0,
        None,
    )
    .await
    .expect("bind");
    let base = emu.url();
    let plan = Plan {
        flows: 300,
        concurrency: 16,
        time_limit: Duration::from_secs(60),
        b2b_every: 4,
    };
    for _ in 0..2 {
        let r = round(&base, &plan).await;
        println!(
            "{} requests, {:.0} req/s",
            r.requests,
            r.requests_per_second()
        );
        assert_eq!(r.status_5xx, 0);
        assert_eq!(r.misdelivered, 0);
        assert_eq!(r.other_failures, 0, "{:?}", r.first_error);
        assert_eq!(r.flows_ok, 300);
        let stats = expire_and_evict(&base).await;
        for k in [
            "codes",
            "sessions",
            "member_sessions",
            "send_windows",
            "sms_messages",
            "email_messages",
            "intermediate_sessions",
        ] {
            assert_eq!(stats[k], 0, "{k}: {stats}");
        }
        // 225 consumer flows + the seed user; 75 B2B members + Alice and Bob. Reused, not duplicated.
        assert_eq!(stats["users"], 226, "{stats}");
        assert_eq!(stats["members"], 77, "{stats}");
    }
}
