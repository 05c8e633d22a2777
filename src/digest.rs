//! Content digests: SHA-256 (FIPS 180-4) of canonical JSON, so that a plan can name the
//! catalog and the inventory it was made from, and a validator can tell when they changed.
//!
//! Canonical JSON is the value with every object's keys sorted and no whitespace: the same
//! content written with other spacing or key order has the same digest. SHA-256 itself is
//! the `sha2` crate's.

use serde_json::Value;
use sha2::{Digest as _, Sha256};

/// The digest of a JSON value's canonical form, as `sha256:<64 hex digits>`.
pub(crate) fn json_digest(value: &Value) -> String {
    let mut canonical = String::new();
    write_canonical(value, &mut canonical);
    format!("sha256:{}", hex(&sha256(canonical.as_bytes())))
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, byte| {
        let _ = write!(out, "{byte:02x}");
        out
    })
}

/// SHA-256 of `data`.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

#[cfg(test)]
mod tests {
    use super::{hex, json_digest, sha256};

    #[test]
    fn sha256_matches_the_standard_test_vectors() {
        assert_eq!(
            hex(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(&sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            hex(&sha256(&vec![b'a'; 1_000_000])),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn the_json_digest_ignores_spacing_and_key_order() {
        let a: serde_json::Value =
            serde_json::from_str(r#"{"b": [1, 2], "a": {"y": 1, "x": "é"}}"#).unwrap();
        let b: serde_json::Value =
            serde_json::from_str(r#"{"a":{"x":"é","y":1},"b":[1,2]}"#).unwrap();
        let c: serde_json::Value =
            serde_json::from_str(r#"{"a":{"x":"é","y":1},"b":[2,1]}"#).unwrap();
        assert_eq!(json_digest(&a), json_digest(&b));
        assert_ne!(json_digest(&a), json_digest(&c), "array order is content");
        // Pinned: the SHA-256 of `{"a":{"x":"é","y":1},"b":[1,2]}`, so that a change of the
        // canonical form or of the hash (digests recorded in earlier plans) fails here.
        assert_eq!(
            json_digest(&a),
            "sha256:aef0d6a18d9a9d32a631eda18e9d97e2ea3d62f59be89ffcbd3b214b963ccd13"
        );
        assert!(json_digest(&a).starts_with("sha256:"));
        assert_eq!(json_digest(&a).len(), "sha256:".len() + 64);
    }
}
