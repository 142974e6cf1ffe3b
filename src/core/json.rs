//! A minimal JSON reader and writer.
//!
//! The reader builds a [`Value`] tree with a depth limit ([`MAX_DEPTH`]) and an
//! input size limit ([`MAX_INPUT`]). It never panics: any malformed input,
//! including lone UTF-16 surrogates in `\u` escapes, yields `None`.
//! Integers of up to 18 digits become [`Value::Int`]; every other number is
//! kept as its raw text in [`Value::Num`] (no float parsing).
//!
//! The writer ([`Obj`]) builds request bodies and stored state with proper
//! string escaping and integer formatting, without `core::fmt`.
use alloc::string::String;
use alloc::vec::Vec;

/// Deepest nesting of arrays and objects accepted by [`parse`].
pub const MAX_DEPTH: usize = 32;
/// Largest input, in bytes, accepted by [`parse`].
pub const MAX_INPUT: usize = 1 << 20;

/// A parsed JSON value.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Value {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// An integer of at most 18 digits (always within `i64`).
    Int(i64),
    /// Any other number (fraction, exponent, or 19 digits and more), as written.
    Num(String),
    /// A string, escapes decoded.
    Str(String),
    /// An array.
    Arr(Vec<Value>),
    /// An object: keys in document order (the first of duplicate keys wins on lookup).
    Obj(Vec<(String, Value)>),
}

impl Value {
    /// The member `key` of an object; `None` for other values or a missing key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    /// The member `key`, or [`NULL`] when missing (or when this is not an object).
    pub fn field(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    /// The integer, if this is an integer.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }
    /// The boolean, if this is a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Arr(a) => Some(a),
            _ => None,
        }
    }
    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    /// Shorthand for `self.get(key)?.as_str()`.
    pub fn str_at(&self, key: &str) -> Option<&str> {
        self.get(key)?.as_str()
    }
    /// The member `key` unless it is missing or `null`.
    pub fn non_null(&self, key: &str) -> Option<&Value> {
        self.get(key).filter(|v| !v.is_null())
    }
}

/// `x` if it is a string of at most `max` bytes and, when `id`, an
/// identifier ([`is_id`]).
fn text(x: Option<&Value>, max: usize, id: bool) -> Option<&str> {
    x.and_then(Value::as_str).filter(|s| s.len() <= max && (!id || is_id(s)))
}

/// `null`, for readers that need a `&Value` when a member is missing.
pub static NULL: Value = Value::Null;

/// A field reader that notes the first failure instead of returning early,
/// so that decoders are straight-line code (no clean-up at every `?`).
/// Failed reads return an empty value; check [`Fields::ok`] at the end.
pub struct Fields {
    /// False once any read failed.
    pub ok: bool,
}

impl Default for Fields {
    fn default() -> Self {
        Fields { ok: true }
    }
}

impl Fields {
    /// Fails unless `cond`.
    pub fn check(&mut self, cond: bool) {
        self.ok &= cond;
    }
    /// `x` as an owned string of at most `max` bytes (and an identifier,
    /// [`is_id`], when `id`); fails and is `None` otherwise.
    fn text(&mut self, x: Option<&Value>, max: usize, id: bool) -> Option<String> {
        let s = text(x, max, id);
        self.check(s.is_some());
        s.map(String::from)
    }
    /// A required string of at most `max` bytes.
    pub fn string(&mut self, v: &Value, key: &str, max: usize) -> String {
        self.text(v.get(key), max, false).unwrap_or_default()
    }
    /// An optional string of at most `max` bytes (missing or `null`: `None`).
    pub fn opt_string(&mut self, v: &Value, key: &str, max: usize) -> Option<String> {
        v.non_null(key).and_then(|x| self.text(Some(x), max, false))
    }
    /// A required identifier ([`is_id`]).
    pub fn id(&mut self, v: &Value, key: &str) -> String {
        self.text(v.get(key), usize::MAX, true).unwrap_or_default()
    }
    /// An optional identifier (missing or `null`: `None`).
    pub fn opt_id(&mut self, v: &Value, key: &str) -> Option<String> {
        v.non_null(key).and_then(|x| self.text(Some(x), usize::MAX, true))
    }
    /// A required boolean.
    pub fn bool(&mut self, v: &Value, key: &str) -> bool {
        let b = v.get(key).and_then(Value::as_bool);
        self.check(b.is_some());
        b.unwrap_or(false)
    }
    /// An optional boolean (missing or `null`: `default`).
    pub fn opt_bool(&mut self, v: &Value, key: &str, default: bool) -> bool {
        match v.non_null(key) {
            None => default,
            Some(_) => self.bool(v, key),
        }
    }
    /// A required integer within ±2^53 (exact as a JS number).
    pub fn int(&mut self, v: &Value, key: &str) -> i64 {
        let n = v.get(key).and_then(Value::as_i64).filter(|n| n.unsigned_abs() <= 1 << 53);
        self.check(n.is_some());
        n.unwrap_or(0)
    }
    /// An optional integer within ±2^53 (missing or `null`: `None`).
    pub fn opt_int(&mut self, v: &Value, key: &str) -> Option<i64> {
        v.non_null(key).map(|_| self.int(v, key))
    }
    /// A required array of at most `max` elements.
    pub fn array<'a>(&mut self, v: &'a Value, key: &str, max: usize) -> &'a [Value] {
        let a = v.get(key).and_then(Value::as_array).filter(|a| a.len() <= max);
        self.check(a.is_some());
        a.unwrap_or(&[])
    }
    /// An array of strings of at most 64 bytes each; `null` or missing is empty.
    pub fn strings(&mut self, v: &Value, key: &str, max: usize) -> Vec<String> {
        let mut out = Vec::new();
        if v.non_null(key).is_some() {
            for e in self.array(v, key, max) {
                out.push(self.text(Some(e), 64, false).unwrap_or_default());
            }
        }
        out
    }
}

/// True when every byte of `s` satisfies `f` (a function pointer, so that
/// the loop exists once in the binary).
pub(crate) fn all_bytes(s: &str, f: fn(u8) -> bool) -> bool {
    s.bytes().all(f)
}

/// True for 1..=256 bytes of printable ASCII without spaces: the shape of
/// every Stytch identifier.
pub fn is_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 256 && all_bytes(s, |b| b.is_ascii_graphic())
}

/// Parses a complete JSON document (surrounding whitespace allowed).
///
/// Returns `None` for malformed input, input over [`MAX_INPUT`] bytes, or
/// nesting deeper than [`MAX_DEPTH`].
pub fn parse(input: &str) -> Option<Value> {
    if input.len() > MAX_INPUT {
        return None;
    }
    let mut p = Parser { s: input, i: 0 };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i != input.len() {
        return None;
    }
    Some(v)
}

/// The one-letter escapes (`\"`, `\\`, `\n`, `\r`, `\t`, `\/`, `\b`, `\f`)
/// and, at the same positions, the bytes they stand for. The writer uses the
/// first [`WRITTEN_ESCAPES`] only.
const ESCAPED: &[u8; 8] = b"\"\\nrt/bf";
const UNESCAPED: &[u8; 8] = b"\"\\\n\r\t/\x08\x0c";
const WRITTEN_ESCAPES: usize = 5;

struct Parser<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Parser<'a> {
    /// The input as bytes.
    fn b(&self) -> &'a [u8] {
        self.s.as_bytes()
    }
    fn peek(&self) -> Option<u8> {
        self.b().get(self.i).copied()
    }
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) -> Option<()> {
        if self.peek()? == c {
            self.i += 1;
            Some(())
        } else {
            None
        }
    }
    /// Consumes the literal `w` (`true`, `false`, `null`).
    fn lit(&mut self, w: &[u8]) -> Option<()> {
        if self.b().get(self.i..self.i + w.len())? == w {
            self.i += w.len();
            Some(())
        } else {
            None
        }
    }
    fn value(&mut self, depth: usize) -> Option<Value> {
        let c = self.peek()?;
        if c == b'{' || c == b'[' {
            // Objects and arrays share one loop.
            if depth >= MAX_DEPTH {
                return None;
            }
            self.i += 1;
            let obj = c == b'{';
            let close = c + 2; // `{` + 2 = `}`, `[` + 2 = `]`
            let mut members: Vec<(String, Value)> = Vec::new();
            let mut items: Vec<Value> = Vec::new();
            self.ws();
            if self.eat(close).is_none() {
                loop {
                    self.ws();
                    if obj {
                        let k = self.string()?;
                        self.ws();
                        self.eat(b':')?;
                        self.ws();
                        members.push((k, self.value(depth + 1)?));
                    } else {
                        items.push(self.value(depth + 1)?);
                    }
                    self.ws();
                    if self.eat(b',').is_none() {
                        self.eat(close)?;
                        break;
                    }
                }
            }
            return Some(if obj { Value::Obj(members) } else { Value::Arr(items) });
        }
        match c {
            b'"' => self.string().map(Value::Str),
            b't' => self.lit(b"true").map(|()| Value::Bool(true)),
            b'f' => self.lit(b"false").map(|()| Value::Bool(false)),
            b'n' => self.lit(b"null").map(|()| Value::Null),
            _ => self.number(),
        }
    }
    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - start
    }
    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`; an integer of up to
    /// 18 digits becomes [`Value::Int`], the rest stays as text.
    fn number(&mut self) -> Option<Value> {
        let start = self.i;
        let neg = self.eat(b'-').is_some();
        let int_start = self.i;
        let n = self.digits();
        if n == 0 || (n > 1 && matches!(self.b().get(int_start), Some(b'0'))) {
            return None;
        }
        let int_end = self.i;
        if self.eat(b'.').is_some() && self.digits() == 0 {
            return None;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        let raw = self.s.get(start..self.i)?;
        let digits = self.b().get(int_start..int_end)?;
        // Up to 18 digits always fit an i64; longer integers stay as text.
        if self.i == int_end && digits.len() <= 18 {
            let n = digits.iter().fold(0i64, |acc, &d| acc * 10 + i64::from(d - b'0'));
            return Some(Value::Int(if neg { -n } else { n }));
        }
        Some(Value::Num(String::from(raw)))
    }
    fn hex4(&mut self) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..4 {
            v = v * 16 + char::from(self.peek()?).to_digit(16)?;
            self.i += 1;
        }
        Some(v)
    }
    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let mut out = String::new();
        loop {
            let start = self.i;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.push_str(self.s.get(start..self.i)?);
            match self.peek()? {
                b'"' => {
                    self.i += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.i += 1;
                    let e = self.peek()?;
                    self.i += 1;
                    let c = match e {
                        b'u' => {
                            let hi = self.hex4()?;
                            let cp = if (0xD800..0xDC00).contains(&hi) {
                                self.eat(b'\\')?;
                                self.eat(b'u')?;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return None;
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(cp)?
                        }
                        _ => char::from(*UNESCAPED.get(ESCAPED.iter().position(|&x| x == e)?)?),
                    };
                    out.push(c);
                }
                _ => return None,
            }
        }
    }
}

/// Appends `n` in decimal.
pub fn push_i64(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_u64(out, n.unsigned_abs());
}

/// Appends `n` in decimal (the leading digits first, by recursion: at most
/// 20 levels).
pub fn push_u64(out: &mut String, n: u64) {
    if n >= 10 {
        push_u64(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Appends `s` as a JSON string literal (quotes included).
pub fn push_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        // `i` is at an ASCII byte, so both slices end on char boundaries.
        out.push_str(s.get(start..i).unwrap_or(""));
        start = i + 1;
        out.push('\\');
        let short = UNESCAPED.get(..WRITTEN_ESCAPES).and_then(|u| u.iter().position(|&x| x == b));
        match short.and_then(|i| ESCAPED.get(i)) {
            Some(&e) => out.push(char::from(e)),
            None => {
                out.push_str("u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
    }
    out.push_str(s.get(start..).unwrap_or(""));
    out.push('"');
}

/// Serialises a [`Value`] back to compact JSON.
pub fn push_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Int(n) => push_i64(out, *n),
        Value::Num(raw) => out.push_str(raw),
        Value::Str(s) => push_str(out, s),
        Value::Arr(a) => {
            out.push('[');
            for (i, e) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_value(out, e);
            }
            out.push(']');
        }
        Value::Obj(m) => {
            out.push('{');
            for (i, (k, e)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_str(out, k);
                out.push(':');
                push_value(out, e);
            }
            out.push('}');
        }
    }
}

/// A JSON object under construction, written in call order.
///
/// ```
/// use sms_mfa_sdk::core::json::Obj;
/// let body = Obj::new().str("phone_number", "+12025550162").int("expiration_minutes", 2).finish();
/// assert_eq!(body, r#"{"phone_number":"+12025550162","expiration_minutes":2}"#);
/// ```
pub struct Obj {
    buf: String,
}

impl Default for Obj {
    fn default() -> Self {
        Self::new()
    }
}

impl Obj {
    /// An empty object.
    pub fn new() -> Self {
        Obj { buf: String::from("{") }
    }
    fn key(&mut self, k: &str) {
        if self.buf.len() > 1 {
            self.buf.push(',');
        }
        push_str(&mut self.buf, k);
        self.buf.push(':');
    }
    /// Adds a string member.
    pub fn str(mut self, k: &str, v: &str) -> Self {
        self.key(k);
        push_str(&mut self.buf, v);
        self
    }
    /// Adds a string member when `v` is `Some`.
    pub fn opt_str(self, k: &str, v: Option<&str>) -> Self {
        match v {
            Some(v) => self.str(k, v),
            None => self,
        }
    }
    /// Adds a string member, or `null` when `v` is `None`.
    pub fn str_or_null(self, k: &str, v: Option<&str>) -> Self {
        match v {
            Some(v) => self.str(k, v),
            None => self.raw(k, "null"),
        }
    }
    /// Adds an integer member.
    pub fn int(mut self, k: &str, v: i64) -> Self {
        self.key(k);
        push_i64(&mut self.buf, v);
        self
    }
    /// Adds an integer member when `v` is `Some`.
    pub fn opt_int(self, k: &str, v: Option<i64>) -> Self {
        match v {
            Some(v) => self.int(k, v),
            None => self,
        }
    }
    /// Adds a boolean member.
    pub fn bool(self, k: &str, v: bool) -> Self {
        self.raw(k, if v { "true" } else { "false" })
    }
    /// Adds an array of strings.
    pub fn str_array(mut self, k: &str, items: &[String]) -> Self {
        self.key(k);
        self.buf.push('[');
        for (i, s) in items.iter().enumerate() {
            if i > 0 {
                self.buf.push(',');
            }
            push_str(&mut self.buf, s);
        }
        self.buf.push(']');
        self
    }
    /// Adds a member whose value is already-serialised JSON (`raw` must be valid JSON).
    pub fn raw(mut self, k: &str, raw: &str) -> Self {
        self.key(k);
        self.buf.push_str(raw);
        self
    }
    /// Closes the object and returns its text.
    pub fn finish(mut self) -> String {
        self.buf.push('}');
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_basics() {
        let v = parse(r#" {"a":[1,-2,3.5,1e3,true,false,null],"b":"x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"} "#).unwrap();
        let a = v.get("a").unwrap().as_array().unwrap();
        assert_eq!(a[0], Value::Int(1));
        assert_eq!(a[1], Value::Int(-2));
        assert_eq!(a[2], Value::Num("3.5".into()));
        assert_eq!(a[3], Value::Num("1e3".into()));
        assert_eq!(v.str_at("b"), Some("x\"\\/\u{8}\u{c}\n\r\té😀"));
    }

    #[test]
    fn integer_limits() {
        assert_eq!(parse("999999999999999999"), Some(Value::Int(999_999_999_999_999_999)));
        assert_eq!(parse("-999999999999999999"), Some(Value::Int(-999_999_999_999_999_999)));
        assert_eq!(parse("1000000000000000000"), Some(Value::Num("1000000000000000000".into())));
        assert_eq!(parse("-9223372036854775808"), Some(Value::Num("-9223372036854775808".into())));
        assert_eq!(parse("-0"), Some(Value::Int(0)));
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "", " ", "{", "}", "[1,]", "{\"a\":}", "{\"a\" 1}", "01", "1.", ".5", "-", "1e", "+1",
            "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"a\nb\"", "\"\\x\"", "tru", "nul",
            "{\"a\":1,}", "[1 2]", "\"abc", "{'a':1}", "NaN", "Infinity", "1 2", "\"\\u12g4\"",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn depth_limit() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_some());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).is_none());
        let huge = "[".repeat(100_000);
        assert!(parse(&huge).is_none());
    }

    #[test]
    fn writer_and_numbers() {
        let mut s = String::new();
        for n in [0i64, 7, -7, 10, 1234567890, i64::MAX, i64::MIN] {
            s.clear();
            push_i64(&mut s, n);
            assert_eq!(s, n.to_string());
        }
        let o = Obj::new().str("k\"", "a\u{1}\u{1f}\\\"é\n").int("n", -5).bool("b", false).opt_str("x", None).finish();
        assert_eq!(o, r#"{"k\"":"a\u0001\u001f\\\"é\n","n":-5,"b":false}"#);
        let back = parse(&o).unwrap();
        assert_eq!(back.str_at("k\""), Some("a\u{1}\u{1f}\\\"é\n"));
    }
}
