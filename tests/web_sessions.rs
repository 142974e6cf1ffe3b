//! Sessions like Stytch's SDK keeps them, against the running emulator in a
//! real browser: no full phone number in the stored state, refresh at start and every 3 minutes, a session the server no
//! longer knows forgotten, `getTokens()`.
#![cfg(target_arch = "wasm32")]
mod web_support;

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

// Cookies at `Path=/`: tests/e2e/cookies.test.mjs (a page one directory down).

/// The JWT in the test's memory adapter.
fn stored_jwt(store: &JsValue) -> String {
    let map = get(store, "map");
    let f: js_sys::Function = get(&map, "get").into();
    f.call1(&map, &JsValue::from_str("stytch_session_jwt"))
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

fn adapter_client(store: &JsValue) -> Client {
    client_with(with_key(parse("{}"), "storage", store))
}

#[wasm_bindgen_test]
async fn the_stored_state_holds_no_full_phone_number() {
    fresh().await;
    for storage in ["cookie", "localStorage"] {
        let c = client(&format!(r#"{{"storage":"{storage}"}}"#));
        let p = phone(401);
        let session = login(&c, &p).await;
        assert_eq!(str_at(&session, "factors.0.phoneMasked"), "+1•••••••0401");
        // Twice: the state is written once per step.
        ok(c.send_sms(&send_input(&p))).await;
        let dump = storage_dump();
        assert!(dump.contains("sms_mfa_state"), "{storage}: {dump}");
        assert!(!dump.contains(&p[1..]), "{storage}: {dump}");
        c.sign_out();
        fresh().await;
    }
}

#[wasm_bindgen_test]
async fn a_stored_session_is_refreshed_at_start_and_every_three_minutes() {
    fresh().await;
    let log = js_sys::Array::new();
    let store = memory_adapter(&log);
    let a = adapter_client(&store);
    login(&a, &phone(402)).await;
    a.close();
    let first = stored_jwt(&store);
    assert!(!first.is_empty());
    // A JWT signed a minute later differs (its iat and exp move).
    advance_clock(60).await;
    let clock = TimeMachine::install();
    let b = adapter_client(&store);
    let mut refreshed = String::new();
    for _ in 0..50 {
        wait(20).await;
        refreshed = stored_jwt(&store);
        if refreshed != first {
            break;
        }
    }
    assert_ne!(refreshed, first, "refreshed at start");
    assert_eq!(str_at(&b.get_tokens(), "sessionJwt"), refreshed);
    // Then every 3 minutes while the client is open.
    advance_clock(60).await;
    clock.jump(3.0 * 60_000.0);
    let mut again = refreshed.clone();
    for _ in 0..50 {
        wait(20).await;
        again = stored_jwt(&store);
        if again != refreshed {
            break;
        }
    }
    assert_ne!(again, refreshed, "refreshed after 3 minutes");
    assert_eq!(status(&b), "authenticated");
    b.close();
}

#[wasm_bindgen_test]
async fn a_session_the_server_no_longer_knows_is_forgotten_and_heard() {
    fresh().await;
    let store = memory_adapter(&js_sys::Array::new());
    let a = adapter_client(&store);
    let p = phone(403);
    login(&a, &p).await;
    // `b` shares the storage; its refresh at start succeeds.
    let copy = memory_adapter(&js_sys::Array::new());
    assert!(copy_entries(&store, &copy) >= 3);
    let b = adapter_client(&copy);
    wait(300).await;
    assert_eq!(status(&b), "authenticated");
    let changes = Changes::watch(&b);
    // Revoked on the server (the other copy signs out).
    a.sign_out();
    wait(300).await;
    let e = fails(b.send_sms(&send_input(&p)), "session_not_found", false).await;
    assert_eq!(status_code(&e), 404.0);
    assert_eq!(status(&b), "none", "the unknown session is forgotten");
    assert_eq!(
        str_at(&changes.last(), "status"),
        "none",
        "and listeners hear it"
    );
    assert!(b.get_tokens().is_null());
    // The next send is a plain login.
    let sent = ok(b.send_sms(&send_input(&p))).await;
    assert_eq!(str_at(&sent, "flow"), "login");
    b.close();
}

#[wasm_bindgen_test]
async fn get_tokens_gives_the_live_session_tokens() {
    fresh().await;
    for storage in ["memory", "localStorage", "cookie"] {
        let c = client(&format!(r#"{{"storage":"{storage}"}}"#));
        assert!(c.get_tokens().is_null(), "{storage}");
        login(&c, &phone(404)).await;
        let t = c.get_tokens();
        let token = str_at(&t, "sessionToken");
        let jwt = str_at(&t, "sessionJwt");
        assert!(token.len() > 10 && jwt.split('.').count() == 3, "{storage}");
        if storage == "cookie" {
            assert!(cookie_string().contains(&format!("stytch_session={token}")));
        }
        c.sign_out();
        assert!(c.get_tokens().is_null(), "{storage}: none after signOut");
        fresh().await;
    }
}
