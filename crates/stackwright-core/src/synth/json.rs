//! Writing JSON. Every file of the assembly is written as `JSON.stringify(value, undefined,
//! indent)` writes it (the CDK's format, also serde_json's pretty printer): fixed indentation,
//! keys in the order given, no trailing newline.
//!
//! Synthesis writes straight to bytes through [`JsonWriter`] instead of building a
//! `serde_json::Value` and serializing it: no intermediate tree to allocate and drop. Code that
//! renders a value is generic over [`JsonOut`], so the same code can also build a
//! `serde_json::Value` ([`JsonBuilder`]) where one is needed (a resource with overrides, an
//! export's value).

use serde_json::{Map as JsonMap, Number, Value as Json};

/// Where rendered JSON goes: a sequence of calls describing one value (an object is
/// `begin_object`, then `key` and a value per entry, then `end_object`).
pub(crate) trait JsonOut {
    /// `null`.
    fn null(&mut self);
    /// `true` or `false`.
    fn bool(&mut self, b: bool);
    /// A number.
    fn number(&mut self, n: &Number);
    /// A string.
    fn string(&mut self, s: &str);
    /// Opens an object.
    fn begin_object(&mut self);
    /// The key of the next entry of the open object.
    fn key(&mut self, key: &str);
    /// Closes the open object.
    fn end_object(&mut self);
    /// Opens an array.
    fn begin_array(&mut self);
    /// Closes the open array.
    fn end_array(&mut self);

    /// `{key: value}` with a string value.
    fn entry_str(&mut self, key: &str, value: &str) {
        self.key(key);
        self.string(value);
    }

    /// A `serde_json::Value`.
    fn json(&mut self, value: &Json) {
        match value {
            Json::Null => self.null(),
            Json::Bool(b) => self.bool(*b),
            Json::Number(n) => self.number(n),
            Json::String(s) => self.string(s),
            Json::Array(items) => {
                self.begin_array();
                for item in items {
                    self.json(item);
                }
                self.end_array();
            }
            Json::Object(map) => {
                self.begin_object();
                for (k, v) in map {
                    self.key(k);
                    self.json(v);
                }
                self.end_object();
            }
        }
    }
}

/// Writes JSON text into a byte buffer.
pub(crate) struct JsonWriter {
    out: Vec<u8>,
    /// Spaces per level; 0 writes compact JSON (`JSON.stringify(value)`).
    indent: usize,
    depth: usize,
    /// Per open container, innermost last: whether it has an entry yet.
    open: Vec<bool>,
    /// A key was just written: the next value follows it on the same line.
    after_key: bool,
}

impl JsonWriter {
    /// A writer of one value with `indent` spaces per level (0: compact).
    pub(crate) fn new(indent: usize) -> Self {
        Self::with_capacity(indent, 0)
    }

    /// [`JsonWriter::new`] with room for `capacity` bytes.
    pub(crate) fn with_capacity(indent: usize, capacity: usize) -> Self {
        JsonWriter {
            out: Vec::with_capacity(capacity),
            indent,
            depth: 0,
            open: Vec::new(),
            after_key: false,
        }
    }

    /// A writer of the entries of an object whose entries are at `depth` (1 for the top-level
    /// keys of a document): its output is spliced into an object with
    /// [`JsonWriter::append_entries`].
    pub(crate) fn entries(indent: usize, depth: usize) -> Self {
        JsonWriter {
            out: Vec::new(),
            indent,
            depth,
            open: vec![false],
            after_key: false,
        }
    }

    /// Appends the entries written by a writer made with [`JsonWriter::entries`] (at the depth
    /// of this writer's open object) to the open object.
    pub(crate) fn append_entries(&mut self, entries: &JsonWriter) {
        debug_assert_eq!(entries.depth, self.depth);
        if entries.has_entries() {
            if let Some(has) = self.open.last_mut() {
                if *has {
                    self.out.push(b',');
                }
                *has = true;
            }
            // The entries' first separator (none) is the one just written.
            self.out.extend_from_slice(&entries.out);
        }
    }

    /// The text of a writer made with [`JsonWriter::entries`], to be placed after the `head` of
    /// a document (written up to the object that holds these entries, opened with
    /// [`JsonWriter::open_for_entries`]) and before its `tail` (the rest of the document): the
    /// entries are moved once within their own buffer instead of copied into a new one.
    pub(crate) fn surround(self, head: &[u8], tail: &[u8]) -> Vec<u8> {
        let mut out = self.out;
        out.reserve_exact(head.len() + tail.len());
        out.splice(0..0, head.iter().copied());
        out.extend_from_slice(tail);
        out
    }

    /// Marks the open object as holding the entries a writer made with [`JsonWriter::entries`]
    /// wrote (placed there with [`JsonWriter::surround`]), so what follows is written after
    /// them.
    pub(crate) fn open_for_entries(&mut self, entries: &JsonWriter) {
        debug_assert_eq!(entries.depth, self.depth);
        if let Some(has) = self.open.last_mut() {
            debug_assert!(!*has, "the entries come first");
            *has = entries.has_entries();
        }
    }

    /// True when a writer made with [`JsonWriter::entries`] has written an entry.
    pub(crate) fn has_entries(&self) -> bool {
        self.open.first().copied().unwrap_or(false)
    }

    /// The bytes written so far.
    pub(crate) fn len(&self) -> usize {
        self.out.len()
    }

    /// The text written (in a buffer of its size).
    pub(crate) fn into_bytes(mut self) -> Vec<u8> {
        debug_assert!(self.open.is_empty(), "every container is closed");
        self.out.shrink_to_fit();
        self.out
    }

    /// Gives back the room reserved beyond what is written.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.out.shrink_to_fit();
    }

    #[inline]
    fn newline(&mut self) {
        if self.indent > 0 {
            // A line break and the indentation in one copy (usually: templates nest about 10
            // levels deep at most).
            let spaces = self.depth * self.indent;
            match NEWLINE_AND_SPACES.get(..=spaces) {
                Some(line) => self.out.extend_from_slice(line),
                None => {
                    self.out.push(b'\n');
                    self.out.resize(self.out.len() + spaces, b' ');
                }
            }
        }
    }

    /// Before a value: the separator and line break of an array element.
    #[inline]
    fn begin_value(&mut self) {
        if std::mem::take(&mut self.after_key) {
            return;
        }
        if let Some(has) = self.open.last_mut() {
            if std::mem::replace(has, true) {
                self.out.push(b',');
            }
            self.newline();
        }
    }

    fn open(&mut self, bracket: u8) {
        self.begin_value();
        self.out.push(bracket);
        self.open.push(false);
        self.depth += 1;
    }

    fn close(&mut self, bracket: u8) {
        let had_entries = self.open.pop().unwrap_or(false);
        self.depth -= 1;
        if had_entries {
            self.newline();
        }
        self.out.push(bracket);
    }

    /// A string in quotes, escaped as `JSON.stringify` (and serde_json) escape it: `"`, `\\`
    /// and control characters; everything else as it is.
    fn quoted(&mut self, s: &str) {
        self.out.reserve(s.len() + 2);
        self.out.push(b'"');
        self.unquoted(s);
        self.out.push(b'"');
    }

    /// The contents of a quoted string.
    #[inline]
    fn unquoted(&mut self, s: &str) {
        let bytes = s.as_bytes();
        if is_plain(bytes) {
            // The common case (keys, ids, paths, ARNs): one copy of the whole string.
            self.out.extend_from_slice(bytes);
        } else {
            self.escaped(bytes);
        }
    }

    /// The key of the next entry of the open object, written as `prefix` followed by `key`
    /// (without building that string).
    pub(crate) fn key_prefixed(&mut self, prefix: &str, key: &str) {
        self.begin_key();
        self.out.reserve(prefix.len() + key.len() + 2);
        self.out.push(b'"');
        self.unquoted(prefix);
        self.unquoted(key);
        self.out.push(b'"');
        self.end_key();
    }

    /// Before a key: the separator and line break.
    #[inline]
    fn begin_key(&mut self) {
        if let Some(has) = self.open.last_mut() {
            if std::mem::replace(has, true) {
                self.out.push(b',');
            }
        }
        self.newline();
    }

    /// After a key: the colon; the value follows.
    #[inline]
    fn end_key(&mut self) {
        // Two pushes rather than a copy of a slice whose length varies (a call to memcpy).
        self.out.push(b':');
        if self.indent > 0 {
            self.out.push(b' ');
        }
        self.after_key = true;
    }

    /// The bytes of a string that has something to escape, escaped.
    #[cold]
    fn escaped(&mut self, bytes: &[u8]) {
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            // Skip 8 bytes at a time while none needs escaping.
            if let Some(chunk) = bytes.get(i..i + 8) {
                if !needs_escape(word(chunk)) {
                    i += 8;
                    continue;
                }
            }
            if let Some((escape, len)) = escape(bytes[i]) {
                self.out.extend_from_slice(&bytes[start..i]);
                self.out.extend_from_slice(&escape[..len]);
                start = i + 1;
            }
            i += 1;
        }
        self.out.extend_from_slice(&bytes[start..]);
    }
}

/// A line break followed by 64 spaces.
const NEWLINE_AND_SPACES: &[u8; 65] =
    b"\n                                                                ";

/// Bytes that `JSON.stringify` escapes: `"`, `\\` and control characters.
const ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// True when no byte of `bytes` needs escaping. Most keys and many values are short: those are
/// checked here, byte by byte, without a call; longer ones 8 bytes at a time.
#[inline]
fn is_plain(bytes: &[u8]) -> bool {
    if bytes.len() < 8 {
        !bytes.iter().any(|&b| ESCAPED[usize::from(b)])
    } else {
        is_plain_long(bytes)
    }
}

/// [`is_plain`] of a string of 8 bytes or more, 8 bytes at a time.
#[inline(never)]
fn is_plain_long(bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(8);
    if chunks.any(|chunk| needs_escape(word(chunk))) {
        return false;
    }
    // The last 8 bytes (overlapping the chunks read) cover the remainder.
    !needs_escape(word(&bytes[bytes.len() - 8..]))
}

/// The first 8 bytes of `bytes` as a word.
fn word(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes"))
}

/// True when one of the 8 bytes of `word` is `"`, `\\` or a control character (below 0x20).
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A byte is zero where `word ^ (c * ONES)` has a zero byte; below 0x20 where
    // `word - 0x20 * ONES` borrows. Both tests may report false positives only next to a true
    // one, never a false negative, and a positive is then checked byte by byte.
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
    let below_space = word.wrapping_sub(0x20 * ONES) & !word & HIGHS != 0;
    below_space
        || has_zero(word ^ (u64::from(b'"') * ONES))
        || has_zero(word ^ (u64::from(b'\\') * ONES))
}

/// The escape sequence of a byte that needs one (its bytes and length).
fn escape(b: u8) -> Option<([u8; 6], usize)> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0x08 => b'b',
        0x0c => b'f',
        0x00..=0x1f => {
            let hex = [HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]];
            return Some(([b'\\', b'u', b'0', b'0', hex[0], hex[1]], 6));
        }
        _ => return None,
    };
    Some(([b'\\', short, 0, 0, 0, 0], 2))
}

impl JsonOut for JsonWriter {
    fn null(&mut self) {
        self.begin_value();
        self.out.extend_from_slice(b"null");
    }

    fn bool(&mut self, b: bool) {
        self.begin_value();
        self.out
            .extend_from_slice(if b { b"true" } else { b"false" });
    }

    fn number(&mut self, n: &Number) {
        self.begin_value();
        // `Number`'s `Display` is its JSON form (itoa for integers, ryu for floats).
        use std::io::Write;
        write!(self.out, "{n}").expect("writing into memory cannot fail");
    }

    fn string(&mut self, s: &str) {
        self.begin_value();
        self.quoted(s);
    }

    fn begin_object(&mut self) {
        self.open(b'{');
    }

    fn key(&mut self, key: &str) {
        self.begin_key();
        self.quoted(key);
        self.end_key();
    }

    fn end_object(&mut self) {
        self.close(b'}');
    }

    fn begin_array(&mut self) {
        self.open(b'[');
    }

    fn end_array(&mut self) {
        self.close(b']');
    }
}

/// Builds a `serde_json::Value` from [`JsonOut`] calls.
#[derive(Default)]
pub(crate) struct JsonBuilder {
    /// Open containers, innermost last, each with the key its value goes under in its parent.
    open: Vec<(Option<String>, Json)>,
    key: Option<String>,
    done: Option<Json>,
}

impl JsonBuilder {
    /// The value built (null when nothing was written).
    pub(crate) fn finish(self) -> Json {
        debug_assert!(self.open.is_empty(), "every container is closed");
        self.done.unwrap_or(Json::Null)
    }

    fn put(&mut self, value: Json) {
        match self.open.last_mut() {
            Some((_, Json::Array(items))) => items.push(value),
            Some((_, Json::Object(map))) => {
                let key = self.key.take().unwrap_or_default();
                map.insert(key, value);
            }
            _ => self.done = Some(value),
        }
    }

    fn close(&mut self) {
        if let Some((key, value)) = self.open.pop() {
            self.key = key;
            self.put(value);
        }
    }
}

impl JsonOut for JsonBuilder {
    fn null(&mut self) {
        self.put(Json::Null);
    }
    fn bool(&mut self, b: bool) {
        self.put(Json::Bool(b));
    }
    fn number(&mut self, n: &Number) {
        self.put(Json::Number(n.clone()));
    }
    fn string(&mut self, s: &str) {
        self.put(Json::String(s.to_owned()));
    }
    fn begin_object(&mut self) {
        let key = self.key.take();
        self.open.push((key, Json::Object(JsonMap::new())));
    }
    fn key(&mut self, key: &str) {
        self.key = Some(key.to_owned());
    }
    fn end_object(&mut self) {
        self.close();
    }
    fn begin_array(&mut self) {
        let key = self.key.take();
        self.open.push((key, Json::Array(Vec::new())));
    }
    fn end_array(&mut self) {
        self.close();
    }
}

/// Serializes with `indent` spaces per level.
pub(crate) fn to_bytes(value: &Json, indent: usize) -> Vec<u8> {
    let mut w = JsonWriter::new(indent);
    w.json(value);
    w.into_bytes()
}

/// Compact JSON, as `JSON.stringify(value)` writes it.
pub(crate) fn compact(value: &Json) -> String {
    String::from_utf8(to_bytes(value, 0)).expect("JSON text is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use serde_json::json;

    /// What serde_json's own serializers write.
    fn reference(value: &Json, indent: usize) -> Vec<u8> {
        if indent == 0 {
            return serde_json::to_vec(value).unwrap();
        }
        let spaces = vec![b' '; indent];
        let formatter = serde_json::ser::PrettyFormatter::with_indent(&spaces);
        let mut out = Vec::new();
        value
            .serialize(&mut serde_json::Serializer::with_formatter(
                &mut out, formatter,
            ))
            .unwrap();
        out
    }

    fn sample() -> Json {
        json!({
            "empty object": {},
            "empty list": [],
            "escapes": "quote \" backslash \\ newline \n tab \t control \u{1} unicode é ✓ slash /",
            "numbers": [0, -1, 1.5, 1e300, 0.1, -0.0, u64::MAX, i64::MIN, 12345678901234567890u64],
            "literals": [true, false, null],
            "nested": { "a": [{ "b": [[], {}, [1, [2, { "c": "d" }]]] }], "e": { "f": {} } },
            "": "empty key",
            "key \"quoted\" \\ \n \u{1f} é": { "nested \t key": [] }
        })
    }

    /// Objects and arrays nested `depth` levels (deeper than the indentation written in one
    /// copy, at 4 spaces a level).
    fn deeply_nested(depth: usize) -> Json {
        (0..depth).fold(json!("leaf"), |inner, level| {
            if level % 2 == 0 {
                json!([inner, level])
            } else {
                json!({ "level": level, "inner": inner })
            }
        })
    }

    #[test]
    fn a_prefixed_key_reads_as_the_joined_key() {
        for indent in [0, 1] {
            let mut w = JsonWriter::new(indent);
            w.begin_object();
            w.key_prefixed("/", "Stack/\"Quoted\"\n");
            w.begin_array();
            w.end_array();
            w.key_prefixed("", "plain");
            w.null();
            w.end_object();
            let expected = json!({ "/Stack/\"Quoted\"\n": [], "plain": null });
            assert_eq!(w.into_bytes(), reference(&expected, indent));
        }
    }

    #[test]
    fn writes_what_serde_json_writes_at_every_indentation() {
        for value in [
            sample(),
            json!("text"),
            json!(7),
            json!([]),
            json!({}),
            json!(null),
            deeply_nested(20),
        ] {
            for indent in [0, 1, 2, 4] {
                assert_eq!(
                    String::from_utf8(to_bytes(&value, indent)).unwrap(),
                    String::from_utf8(reference(&value, indent)).unwrap(),
                    "indent {indent}"
                );
            }
        }
    }

    #[test]
    fn every_character_is_escaped_as_serde_json_escapes_it() {
        for c in (0u8..128).map(char::from).chain(['é', '✓', '\u{7f}', '😀']) {
            for len in [1, 7, 8, 9, 15, 16, 17] {
                for at in 0..len {
                    let text: String = (0..len).map(|i| if i == at { c } else { 'a' }).collect();
                    let mut w = JsonWriter::new(0);
                    w.string(&text);
                    assert_eq!(
                        String::from_utf8(w.into_bytes()).unwrap(),
                        serde_json::to_string(&text).unwrap(),
                        "{text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn spliced_entries_read_as_one_object() {
        for indent in [0, 1, 2] {
            let mut doc = JsonWriter::new(indent);
            doc.begin_object();
            doc.entry_str("first", "x");
            for section in ["none", "some"] {
                let mut entries = JsonWriter::entries(indent, 2);
                if section == "some" {
                    entries.key("a");
                    entries.json(&json!([1, { "b": 2 }]));
                    entries.key("c");
                    entries.json(&json!({}));
                }
                doc.key(section);
                doc.begin_object();
                doc.append_entries(&entries);
                doc.end_object();
            }
            doc.end_object();
            let expected =
                json!({ "first": "x", "none": {}, "some": { "a": [1, { "b": 2 }], "c": {} } });
            assert_eq!(doc.into_bytes(), reference(&expected, indent));
        }
    }

    #[test]
    fn entries_surrounded_read_as_spliced_entries() {
        for indent in [0, 1, 2] {
            for with_entries in [false, true] {
                let entries = || {
                    let mut entries = JsonWriter::entries(indent, 2);
                    if with_entries {
                        entries.key("a");
                        entries.json(&json!([1, { "b": 2 }]));
                    }
                    entries
                };
                let document = |splice: bool| {
                    let mut doc = JsonWriter::new(indent);
                    doc.begin_object();
                    doc.entry_str("first", "x");
                    doc.key("middle");
                    doc.begin_object();
                    let mut head_len = None;
                    if splice {
                        doc.append_entries(&entries());
                    } else {
                        doc.open_for_entries(&entries());
                        head_len = Some(doc.len());
                    }
                    doc.end_object();
                    doc.entry_str("last", "y");
                    doc.end_object();
                    let text = doc.into_bytes();
                    match head_len {
                        Some(at) => entries().surround(&text[..at], &text[at..]),
                        None => text,
                    }
                };
                assert_eq!(document(false), document(true), "indent {indent}");
            }
        }
    }

    #[test]
    fn the_builder_builds_the_value_described() {
        let mut b = JsonBuilder::default();
        b.json(&sample());
        assert_eq!(b.finish(), sample());
    }
}
