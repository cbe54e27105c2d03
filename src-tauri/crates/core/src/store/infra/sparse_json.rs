//! Dropping the empty entries ("", [], null, {}) of compact JSON as serde_json writes it, in
//! one pass over the bytes: storing a customer this way costs about as much as writing its
//! JSON (going through `serde_json::Value` cost five times that, on the import's busiest
//! thread). Objects are stripped at every depth, objects inside arrays too (an emptied one
//! stays in its array); the values of the `whole` keys are copied as they are.

/// `json` without its empty entries, or `None` if it is not compact JSON of the expected
/// shape (the caller then keeps it whole).
pub fn strip_empty(json: &[u8], whole: &[&[u8]]) -> Option<Vec<u8>> {
    let mut c = Copier {
        src: json,
        pos: 0,
        out: Vec::with_capacity(json.len()),
        whole,
    };
    c.value(true)?;
    (c.pos == json.len()).then_some(c.out)
}

struct Copier<'a> {
    src: &'a [u8],
    pos: usize,
    out: Vec<u8>,
    whole: &'a [&'a [u8]],
}

fn is_empty(value: &[u8]) -> bool {
    matches!(value, b"\"\"" | b"[]" | b"{}" | b"null")
}

impl Copier<'_> {
    fn next(&mut self) -> Option<u8> {
        let b = *self.src.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn value(&mut self, strip: bool) -> Option<()> {
        match *self.src.get(self.pos)? {
            b'{' => self.object(strip),
            b'[' => self.array(strip),
            b'"' => self.string(),
            _ => self.scalar(),
        }
    }

    fn object(&mut self, strip: bool) -> Option<()> {
        self.pos += 1;
        self.out.push(b'{');
        if self.src.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            self.out.push(b'}');
            return Some(());
        }
        let mut written = 0;
        loop {
            let entry = self.out.len();
            if written > 0 {
                self.out.push(b',');
            }
            let key_start = self.pos;
            self.string()?;
            let src = self.src;
            let key = src.get(key_start + 1..self.pos - 1)?;
            let keep = !strip || self.whole.contains(&key);
            if self.next()? != b':' {
                return None;
            }
            self.out.push(b':');
            let value = self.out.len();
            self.value(!keep)?;
            if keep || !is_empty(&self.out[value..]) {
                written += 1;
            } else {
                self.out.truncate(entry);
            }
            match self.next()? {
                b',' => continue,
                b'}' => break,
                _ => return None,
            }
        }
        self.out.push(b'}');
        Some(())
    }

    fn array(&mut self, strip: bool) -> Option<()> {
        self.pos += 1;
        self.out.push(b'[');
        if self.src.get(self.pos) == Some(&b']') {
            self.pos += 1;
            self.out.push(b']');
            return Some(());
        }
        loop {
            self.value(strip)?;
            match self.next()? {
                b',' => self.out.push(b','),
                b']' => break,
                _ => return None,
            }
        }
        self.out.push(b']');
        Some(())
    }

    /// A string with its quotes, escapes skipped over.
    fn string(&mut self) -> Option<()> {
        let start = self.pos;
        if self.next()? != b'"' {
            return None;
        }
        loop {
            match self.next()? {
                b'\\' => {
                    self.next()?;
                }
                b'"' => break,
                _ => {}
            }
        }
        self.out.extend_from_slice(&self.src[start..self.pos]);
        Some(())
    }

    /// A number, true, false or null: up to the next delimiter.
    fn scalar(&mut self) -> Option<()> {
        let start = self.pos;
        while let Some(b) = self.src.get(self.pos) {
            if matches!(b, b',' | b'}' | b']') {
                break;
            }
            self.pos += 1;
        }
        (self.pos > start).then(|| self.out.extend_from_slice(&self.src[start..self.pos]))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{json, Map, Value};

    /// The same rule on a parsed value: the reference the byte copier must agree with.
    fn reference(v: &mut Value, strip: bool, whole: &[&str]) {
        match v {
            Value::Object(o) => {
                for (k, x) in o.iter_mut() {
                    reference(x, strip && !whole.contains(&k.as_str()), whole);
                }
                if strip {
                    let keep = |k: &String, x: &Value| whole.contains(&k.as_str()) || !empty(x);
                    *o = std::mem::take(o)
                        .into_iter()
                        .filter(|(k, x)| keep(k, x))
                        .collect::<Map<_, _>>();
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|x| reference(x, strip, whole)),
            _ => {}
        }
    }

    fn empty(v: &Value) -> bool {
        match v {
            Value::Null => true,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            _ => false,
        }
    }

    fn check(v: Value) {
        let bytes = serde_json::to_vec(&v).unwrap();
        let out = strip_empty(&bytes, &[b"keep"]).unwrap();
        let mut expected = v;
        reference(&mut expected, true, &["keep"]);
        let got: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(got, expected, "{}", String::from_utf8_lossy(&out));
    }

    #[test]
    fn empty_entries_go_at_every_depth_but_array_items_and_whole_keys_stay() {
        let v = json!({
            "a": "", "b": [], "c": null, "d": {}, "e": 0, "f": false, "g": "x",
            "h": {"i": "", "j": {"k": null}}, "l": [{}, {"m": ""}, "", 1],
            "keep": [{"type": "text", "value": ""}], "n": "引号\"和\\反斜杠\"",
        });
        let out = strip_empty(&serde_json::to_vec(&v).unwrap(), &[b"keep"]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"e":0,"f":false,"g":"x","keep":[{"type":"text","value":""}],"l":[{},{},"",1],"n":"引号\"和\\反斜杠\""}"#
        );
        check(v);
    }

    #[test]
    fn what_is_not_compact_json_is_refused() {
        for bad in [
            &b"{\"a\":1"[..],
            b"{\"a\" :1}",
            b"{a:1}",
            b"[1,]",
            b"",
            b"{\"a\":\"x}",
        ] {
            assert_eq!(
                strip_empty(bad, &[]),
                None,
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i32>().prop_map(Value::from),
            "(|x|\"|\\\\|客户|a,b|\\}|\\])".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("(a|b|keep|c\"d|e)", inner, 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn agrees_with_the_rule_on_parsed_json(v in arb_json()) {
            check(v);
        }
    }
}
