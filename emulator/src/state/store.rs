//! The one store shared by `/v1` and `/sdk/v1`: users, organizations, members, sessions,
//! intermediate sessions, codes and outboxes. Callers hold its mutex only briefly and never
//! across an await.
use std::collections::HashMap;

use serde_json::{json, Value};

use super::model::{Factor, Ist, Member, Org, PhoneRec, Session, User};
use super::otp::{OtpKey, Otps};
use crate::config::Config;
use crate::errors::{ApiError, ApiResult};
use crate::ids;
use crate::messages::Texts;
use crate::outbox::Outbox;

/// IST lifetime.
pub const IST_MS: i64 = 10 * 60_000;
/// Allowed `session_duration_minutes`.
pub const SESSION_MINUTES: std::ops::RangeInclusive<i64> = 5..=527_040;

/// All state.
#[derive(Default)]
pub struct Store {
    /// Consumer users by id.
    pub users: HashMap<String, User>,
    /// Users in creation order (for the admin project view).
    pub user_order: Vec<String>,
    /// E.164 -> user id.
    pub phone_index: HashMap<String, String>,
    /// phone id -> user id.
    pub phone_ids: HashMap<String, String>,
    /// Organizations by id.
    pub orgs: HashMap<String, Org>,
    /// Organizations in creation order.
    pub org_order: Vec<String>,
    /// Members by id.
    pub members: HashMap<String, Member>,
    /// Members in creation order.
    pub member_order: Vec<String>,
    /// (organization id, lower-cased email) -> member id.
    pub member_emails: HashMap<(String, String), String>,
    /// (organization id, verified MFA phone) -> member id.
    pub member_phones: HashMap<(String, String), String>,
    /// Consumer sessions by token.
    pub sessions: HashMap<String, Session>,
    /// B2B member sessions by token.
    pub member_sessions: HashMap<String, Session>,
    /// Session id -> token (both kinds).
    pub session_ids: HashMap<String, String>,
    /// ISTs by token.
    pub ists: HashMap<String, Ist>,
    /// Codes, send windows, locks.
    pub otps: Otps,
    /// SMS outbox.
    pub sms: Outbox,
    /// Email outbox.
    pub email: Outbox,
}

impl Store {
    /// A store holding the config's seed.
    pub fn seeded(cfg: &Config, now: i64) -> Store {
        let mut s = Store::default();
        for u in &cfg.users {
            let mut user = new_user(u.user_id.clone(), now);
            if let Some(p) = &u.phone_number {
                let phone_id = u
                    .phone_id
                    .clone()
                    .unwrap_or_else(|| ids::id("phone-number"));
                user.phones.push(PhoneRec {
                    phone_id: phone_id.clone(),
                    phone_number: p.clone(),
                    verified: true,
                });
                s.phone_index.insert(p.clone(), u.user_id.clone());
                s.phone_ids.insert(phone_id, u.user_id.clone());
            }
            if let Some(e) = &u.email {
                user.emails.push(super::model::EmailRec {
                    email_id: ids::id("email"),
                    email: e.clone(),
                    verified: true,
                });
            }
            s.user_order.push(u.user_id.clone());
            s.users.insert(u.user_id.clone(), user);
        }
        for o in &cfg.organizations {
            let slug = o
                .organization_slug
                .clone()
                .unwrap_or_else(|| slugify(&o.organization_name));
            s.add_org(Org {
                organization_id: o.organization_id.clone(),
                name: o.organization_name.clone(),
                slug,
                mfa_policy: o.mfa_policy.clone(),
                mfa_methods: o.mfa_methods.clone(),
                allowed_mfa_methods: o.allowed_mfa_methods.clone(),
                auth_methods: o.auth_methods.clone(),
                allowed_auth_methods: o.allowed_auth_methods.clone(),
                email_allowed_domains: o.email_allowed_domains.clone(),
                email_jit_provisioning: o.email_jit_provisioning.clone(),
                created_ms: now,
                updated_ms: now,
            });
            for m in &o.members {
                s.add_member(Member {
                    member_id: m.member_id.clone(),
                    organization_id: o.organization_id.clone(),
                    email_address: m.email_address.to_lowercase(),
                    name: m.name.clone(),
                    status: "active",
                    email_address_verified: true,
                    mfa_phone_number: m.mfa_phone_number.clone().unwrap_or_default(),
                    mfa_phone_number_verified: m.mfa_phone_number_verified,
                    mfa_enrolled: m.mfa_enrolled,
                    created_ms: now,
                });
            }
        }
        s
    }

    /// Adds an organization.
    pub fn add_org(&mut self, org: Org) {
        self.org_order.push(org.organization_id.clone());
        self.orgs.insert(org.organization_id.clone(), org);
    }

    /// Adds a member.
    pub fn add_member(&mut self, m: Member) {
        self.member_order.push(m.member_id.clone());
        self.member_emails.insert(
            (m.organization_id.clone(), m.email_address.clone()),
            m.member_id.clone(),
        );
        if m.mfa_phone_number_verified && !m.mfa_phone_number.is_empty() {
            self.member_phones.insert(
                (m.organization_id.clone(), m.mfa_phone_number.clone()),
                m.member_id.clone(),
            );
        }
        self.members.insert(m.member_id.clone(), m);
    }

    /// The member of an organization with this (lower-cased) email.
    pub fn member_by_email(&self, organization_id: &str, email: &str) -> Option<&Member> {
        let id = self
            .member_emails
            .get(&(organization_id.to_string(), email.to_string()))?;
        self.members.get(id)
    }

    /// The member of an organization whose verified MFA phone this is.
    pub fn member_by_verified_phone(&self, organization_id: &str, phone: &str) -> Option<&String> {
        self.member_phones
            .get(&(organization_id.to_string(), phone.to_string()))
    }

    /// Marks a member's MFA phone verified (and indexes it).
    pub fn verify_member_phone(&mut self, member_id: &str, phone: &str) -> Option<Member> {
        let m = self.members.get_mut(member_id)?;
        if m.mfa_phone_number_verified && m.mfa_phone_number != phone {
            self.member_phones
                .remove(&(m.organization_id.clone(), m.mfa_phone_number.clone()));
        }
        m.mfa_phone_number = phone.to_string();
        m.mfa_phone_number_verified = true;
        let m = m.clone();
        self.member_phones.insert(
            (m.organization_id.clone(), phone.to_string()),
            m.member_id.clone(),
        );
        Some(m)
    }

    /// Adds a consumer user with an optional phone; returns the phone id.
    pub fn add_user(&mut self, mut user: User, phone: Option<&str>) -> Option<String> {
        let mut pid = None;
        if let Some(p) = phone {
            let phone_id = ids::id("phone-number");
            user.phones.push(PhoneRec {
                phone_id: phone_id.clone(),
                phone_number: p.to_string(),
                verified: false,
            });
            self.phone_index.insert(p.to_string(), user.user_id.clone());
            self.phone_ids
                .insert(phone_id.clone(), user.user_id.clone());
            pid = Some(phone_id);
        }
        self.user_order.push(user.user_id.clone());
        self.users.insert(user.user_id.clone(), user);
        pid
    }

    /// Attaches `phone` to an existing user (no-op when it is already theirs); returns its id.
    ///
    /// # Errors
    /// 409 `duplicate_phone_number` when another user holds it; 404 `user_not_found`.
    pub fn attach_phone(&mut self, user_id: &str, phone: &str) -> ApiResult<String> {
        if let Some(owner) = self.phone_index.get(phone) {
            if owner != user_id {
                return Err(ApiError::new(
                    409,
                    "duplicate_phone_number",
                    "This phone number belongs to another user.",
                ));
            }
        }
        let user = self.users.get_mut(user_id).ok_or_else(user_not_found)?;
        if let Some(p) = user.phones.iter().find(|p| p.phone_number == phone) {
            return Ok(p.phone_id.clone());
        }
        let phone_id = ids::id("phone-number");
        user.phones.push(PhoneRec {
            phone_id: phone_id.clone(),
            phone_number: phone.to_string(),
            verified: false,
        });
        self.phone_index
            .insert(phone.to_string(), user_id.to_string());
        self.phone_ids.insert(phone_id.clone(), user_id.to_string());
        Ok(phone_id)
    }

    /// (user id, phone number) for a phone id.
    pub fn phone_by_id(&self, phone_id: &str) -> Option<(String, String)> {
        let uid = self.phone_ids.get(phone_id)?;
        let user = self.users.get(uid)?;
        let p = user.phones.iter().find(|p| p.phone_id == phone_id)?;
        Some((uid.clone(), p.phone_number.clone()))
    }

    /// Sends (records and prints) an SMS code, enforcing the per-phone rate limit.
    ///
    /// # Errors
    /// 429 `too_many_requests`.
    pub fn send_sms(
        &mut self,
        key: OtpKey,
        phone: &str,
        expiration_minutes: i64,
        now: i64,
        texts: &Texts,
    ) -> ApiResult<()> {
        self.otps.check_send_rate(phone, now)?;
        self.otps.record_send(phone, now);
        let code = ids::code6();
        let expires = now + expiration_minutes * 60_000;
        self.otps.issue(key.clone(), phone, &code, expires);
        let body = texts.sms(&code, expiration_minutes);
        println!("[sms] to {phone}: {}", body.replace('\n', " "));
        self.sms.push(phone, &code, body, now, key, expires);
        Ok(())
    }

    /// Sends (records and prints) an email code.
    ///
    /// # Errors
    /// 429 `too_many_requests`.
    pub fn send_email(
        &mut self,
        key: OtpKey,
        email: &str,
        expiration_minutes: i64,
        now: i64,
        texts: &Texts,
    ) -> ApiResult<()> {
        self.otps.check_send_rate(email, now)?;
        self.otps.record_send(email, now);
        let code = ids::code6();
        let expires = now + expiration_minutes * 60_000;
        self.otps.issue(key.clone(), email, &code, expires);
        let body = texts.email(&code, expiration_minutes);
        println!("[email] to {email}: {body}");
        self.email.push(email, &code, body, now, key, expires);
        Ok(())
    }

    /// Creates a session; returns its token.
    pub fn create_session(
        &mut self,
        subject: &str,
        organization_id: Option<&str>,
        factors: Vec<Factor>,
        minutes: i64,
        now: i64,
    ) -> String {
        let token = ids::token();
        let b2b = organization_id.is_some();
        let s = Session {
            session_id: ids::id(if b2b { "member-session" } else { "session" }),
            token: token.clone(),
            subject: subject.to_string(),
            organization_id: organization_id.map(str::to_string),
            started_ms: now,
            last_ms: now,
            expires_ms: now + minutes * 60_000,
            factors,
        };
        self.session_ids.insert(s.session_id.clone(), token.clone());
        if b2b {
            self.member_sessions.insert(token.clone(), s);
        } else {
            self.sessions.insert(token.clone(), s);
        }
        token
    }

    /// The live session for a token (consumer or B2B per `b2b`); expired ones are removed.
    pub fn live_session(&mut self, token: &str, b2b: bool, now: i64) -> Option<&mut Session> {
        let map = if b2b {
            &mut self.member_sessions
        } else {
            &mut self.sessions
        };
        let expired = map.get(token).map(|s| s.expires_ms <= now)?;
        if expired {
            if let Some(s) = map.remove(token) {
                self.session_ids.remove(&s.session_id);
            }
            return None;
        }
        let map = if b2b {
            &mut self.member_sessions
        } else {
            &mut self.sessions
        };
        map.get_mut(token)
    }

    /// The token of a session id.
    pub fn token_for_session_id(&self, session_id: &str) -> Option<String> {
        self.session_ids.get(session_id).cloned()
    }

    /// Removes a session by token.
    pub fn revoke(&mut self, token: &str, b2b: bool) -> bool {
        let map = if b2b {
            &mut self.member_sessions
        } else {
            &mut self.sessions
        };
        match map.remove(token) {
            Some(s) => {
                self.session_ids.remove(&s.session_id);
                true
            }
            None => false,
        }
    }

    /// Revokes every consumer and member session; returns how many there were.
    pub fn revoke_all_sessions(&mut self) -> usize {
        let n = self.sessions.len() + self.member_sessions.len();
        self.sessions.clear();
        self.member_sessions.clear();
        self.session_ids.clear();
        n
    }

    /// Revokes the session (consumer or member) with this id; returns 1 if there was one.
    pub fn revoke_session_id(&mut self, session_id: &str) -> usize {
        let Some(token) = self.session_ids.remove(session_id) else {
            return 0;
        };
        let gone =
            self.sessions.remove(&token).is_some() | self.member_sessions.remove(&token).is_some();
        usize::from(gone)
    }

    /// Revokes every intermediate session token; returns how many there were.
    pub fn revoke_all_ists(&mut self) -> usize {
        let n = self.ists.len();
        self.ists.clear();
        n
    }

    /// Creates an IST for a member; returns its token.
    pub fn create_ist(
        &mut self,
        organization_id: &str,
        member_id: &str,
        factors: Vec<Factor>,
        now: i64,
    ) -> String {
        let token = ids::token();
        self.ists.insert(
            token.clone(),
            Ist {
                organization_id: organization_id.into(),
                member_id: member_id.into(),
                expires_ms: now + IST_MS,
                factors,
            },
        );
        token
    }

    /// Checks an IST against the organization and member it is used for.
    ///
    /// # Errors
    /// 404 `intermediate_session_not_found` (unknown or expired), 400
    /// `invalid_intermediate_session_token_for_organization` (other organization or member).
    pub fn check_ist(
        &self,
        token: &str,
        organization_id: &str,
        member_id: Option<&str>,
        now: i64,
    ) -> ApiResult<Ist> {
        let ist = self
            .ists
            .get(token)
            .filter(|i| i.expires_ms > now)
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    "intermediate_session_not_found",
                    "Intermediate session could not be found or has expired.",
                )
            })?;
        if ist.organization_id != organization_id || member_id.is_some_and(|m| m != ist.member_id) {
            return Err(ApiError::new(
                400,
                "invalid_intermediate_session_token_for_organization",
                "The intermediate session token was not issued for this organization and member.",
            ));
        }
        Ok(ist.clone())
    }

    /// Evicts everything expired; outboxes keep an hour.
    pub fn evict(&mut self, now: i64) {
        self.otps.evict(now);
        let mut gone = Vec::new();
        self.sessions.retain(|_, s| {
            let keep = s.expires_ms > now;
            if !keep {
                gone.push(s.session_id.clone());
            }
            keep
        });
        self.member_sessions.retain(|_, s| {
            let keep = s.expires_ms > now;
            if !keep {
                gone.push(s.session_id.clone());
            }
            keep
        });
        for id in gone {
            self.session_ids.remove(&id);
        }
        self.ists.retain(|_, i| i.expires_ms > now);
        self.sms.evict(now);
        self.email.evict(now);
    }

    /// Counts of what is held (admin stats, load test).
    pub fn stats(&self) -> Value {
        let (codes, windows, failures) = self.otps.sizes();
        json!({
            "users": self.users.len(),
            "organizations": self.orgs.len(),
            "members": self.members.len(),
            "sessions": self.sessions.len(),
            "member_sessions": self.member_sessions.len(),
            "intermediate_sessions": self.ists.len(),
            "codes": codes,
            "send_windows": windows,
            "failure_counters": failures,
            "sms_messages": self.sms.len(),
            "email_messages": self.email.len(),
        })
    }

    /// The admin view of the project.
    pub fn project_json(&self, cfg: &Config) -> Value {
        let orgs: Vec<Value> = self
            .org_order
            .iter()
            .filter_map(|id| self.orgs.get(id))
            .map(|o| {
                let members: Vec<Value> = self
                    .member_order
                    .iter()
                    .filter_map(|id| self.members.get(id))
                    .filter(|m| m.organization_id == o.organization_id)
                    .map(|m| {
                        json!({"member_id": m.member_id, "email_address": m.email_address, "mfa_phone_number": m.mfa_phone_number,
                            "name": m.name, "status": m.status, "mfa_phone_number_verified": m.mfa_phone_number_verified, "mfa_enrolled": m.mfa_enrolled})
                    })
                    .collect();
                json!({"organization_id": o.organization_id, "organization_name": o.name, "mfa_policy": o.mfa_policy,
                    "mfa_methods": o.mfa_methods, "allowed_mfa_methods": o.allowed_mfa_methods,
                    "auth_methods": o.auth_methods, "allowed_auth_methods": o.allowed_auth_methods, "members": members})
            })
            .collect();
        let users: Vec<Value> = self
            .user_order
            .iter()
            .filter_map(|id| self.users.get(id))
            .map(|u| {
                json!({"user_id": u.user_id, "phone_number": u.phones.first().map(|p| p.phone_number.clone()).unwrap_or_default(),
                    "status": u.status, "phone_numbers": u.phones.iter().map(|p| p.phone_number.clone()).collect::<Vec<_>>(),
                    "emails": u.emails.iter().map(|e| e.email.clone()).collect::<Vec<_>>()})
            })
            .collect();
        json!({
            "project_id": cfg.project.project_id,
            "public_token": cfg.project.public_token,
            "organizations": orgs,
            "users": users,
        })
    }
}

/// A fresh active user without factors.
pub fn new_user(user_id: String, now: i64) -> User {
    User {
        user_id,
        status: "active",
        phones: Vec::new(),
        emails: Vec::new(),
        name: Value::Null,
        trusted_metadata: Value::Null,
        untrusted_metadata: Value::Null,
        external_id: Value::Null,
        created_ms: now,
    }
}

/// 404 `user_not_found`.
pub fn user_not_found() -> ApiError {
    ApiError::new(404, "user_not_found", "User could not be found.")
}

/// A URL slug from a name.
pub fn slugify(name: &str) -> String {
    let s: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() {
        "organization".into()
    } else {
        s
    }
}
