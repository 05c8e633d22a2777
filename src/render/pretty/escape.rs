//! JSON string escaping, byte for byte as `serde_json` does it, a word or a vector at a time.
//!
//! `serde_json` looks every byte up in a table and was half the time of rendering a plan.
//! Here most strings (every key, most values: short, nothing to escape) are checked as one or
//! two 8-byte words and copied with one `push_str`; longer ones are checked sixteen bytes at a
//! time with vector compares, and only a block that holds a byte to escape is searched for it.

/// Appends `text` to `out` with `serde_json`'s escapes: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
/// `\t`, and `\u00xx` (lowercase hex) for the other bytes below 0x20. Everything else, 0x7F
/// and non-ASCII included, is copied as it is.
// Always inlined, so that the check of a short string sits in the caller and only long or
// escaped strings pay for a call.
#[allow(clippy::inline_always)]
#[inline(always)]
pub(super) fn push_escaped(out: &mut String, text: &str) {
    // The common case inline, without the call and setup of the general search.
    if is_short_and_clean(text.as_bytes()) {
        out.push_str(text);
    } else {
        push_escaped_long(out, text);
    }
}

fn push_escaped_long(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut clean_from = 0;
    while let Some(found) = find_escape(&bytes[clean_from..]) {
        let at = clean_from + found;
        // Every escaped byte is ASCII, so these slices fall on character boundaries.
        out.push_str(&text[clean_from..at]);
        push_escape(out, bytes[at]);
        clean_from = at + 1;
    }
    out.push_str(&text[clean_from..]);
}

fn push_escape(out: &mut String, byte: u8) {
    const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";
    let short = match byte {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        0x08 => "\\b",
        0x0C => "\\f",
        b'\n' => "\\n",
        b'\r' => "\\r",
        b'\t' => "\\t",
        _ => {
            out.push_str("\\u00");
            out.push(char::from(HEX_DIGITS[usize::from(byte >> 4)]));
            out.push(char::from(HEX_DIGITS[usize::from(byte & 0xF)]));
            return;
        }
    };
    out.push_str(short);
}

/// Whether `bytes` is at most [`BLOCK`] long and has no byte that needs escaping: one or two
/// words, checked without branching on what they hold.
#[inline]
fn is_short_and_clean(bytes: &[u8]) -> bool {
    let len = bytes.len();
    if len < WORD {
        escape_flags(gather_short(bytes)) == 0
    } else if len <= BLOCK {
        // Two words, overlapping unless there are sixteen bytes.
        let head = load_word(&bytes[..WORD]);
        let tail = load_word(&bytes[len - WORD..]);
        escape_flags(head) | escape_flags(tail) == 0
    } else {
        false
    }
}

/// Bytes checked at once by vector compares: one SSE2 register.
const BLOCK: usize = 16;

/// Bytes checked at once by integer arithmetic.
const WORD: usize = 8;

// `|`, not `||`: no branches, so that loops over it vectorise.
#[allow(clippy::needless_bitwise_bool)]
fn needs_escape(byte: u8) -> bool {
    (byte < 0x20) | (byte == b'"') | (byte == b'\\')
}

/// The index of the first byte of `bytes` that needs escaping.
fn find_escape(bytes: &[u8]) -> Option<usize> {
    if bytes.len() <= BLOCK {
        return find_in_block(bytes);
    }
    let mut blocks = bytes.chunks_exact(BLOCK);
    let mut offset = 0;
    for block in &mut blocks {
        if block_needs_escape(block) {
            return find_in_block(block).map(|index| offset + index);
        }
        offset += BLOCK;
    }
    let tail = blocks.remainder();
    // The last whole block overlaps bytes already found clean, so a byte it flags is in the
    // tail.
    if !tail.is_empty() && block_needs_escape(&bytes[bytes.len() - BLOCK..]) {
        return find_in_block(tail).map(|index| offset + index);
    }
    None
}

/// Whether any of the [`BLOCK`] bytes of `block` needs escaping. A fixed-size array and no
/// early exit let the compiler check them all with a few vector instructions.
fn block_needs_escape(block: &[u8]) -> bool {
    let mut bytes = [0u8; BLOCK];
    bytes.copy_from_slice(block);
    bytes
        .iter()
        .fold(false, |found, &byte| found | needs_escape(byte))
}

/// The index of the first byte that needs escaping in at most [`BLOCK`] bytes: two words,
/// the second overlapping the first when there are fewer than sixteen bytes.
fn find_in_block(bytes: &[u8]) -> Option<usize> {
    if bytes.len() < WORD {
        return find_in_short(bytes);
    }
    let flags = escape_flags(load_word(&bytes[..WORD]));
    if flags != 0 {
        return Some(first_flagged(flags));
    }
    let unchecked = bytes.len() - WORD;
    if unchecked == 0 {
        return None;
    }
    // Shifting the last word's flags past the bytes the first word checked leaves those of
    // the unchecked ones (the flags are exact per byte, so the shift is too).
    let flags = escape_flags(load_word(&bytes[unchecked..])) >> (8 * (WORD - unchecked));
    (flags != 0).then(|| WORD + first_flagged(flags))
}

/// The index of the first byte that needs escaping in fewer than [`WORD`] bytes (object keys,
/// mostly). A byte-by-byte search would mispredict where it stops on almost every call, so
/// all the bytes are checked at once, and searched only if one needs escaping.
fn find_in_short(bytes: &[u8]) -> Option<usize> {
    if escape_flags(gather_short(bytes)) == 0 {
        return None;
    }
    bytes.iter().position(|&byte| needs_escape(byte))
}

/// Fewer than [`WORD`] bytes in one word, some perhaps twice, the rest filled with a letter
/// (which never needs escaping): enough to tell whether any of them needs escaping.
fn gather_short(bytes: &[u8]) -> u64 {
    const LETTER: u8 = b'a';
    let len = bytes.len();
    if len >= 4 {
        // Two halves, overlapping unless there are seven bytes.
        let head = [bytes[0], bytes[1], bytes[2], bytes[3]];
        let tail = [
            bytes[len - 4],
            bytes[len - 3],
            bytes[len - 2],
            bytes[len - 1],
        ];
        u64::from(u32::from_le_bytes(head)) | (u64::from(u32::from_le_bytes(tail)) << 32)
    } else if len > 0 {
        // The first, middle and last bytes cover one, two or three.
        let (first, middle, last) = (bytes[0], bytes[len / 2], bytes[len - 1]);
        u64::from_le_bytes([first, middle, last, LETTER, LETTER, LETTER, LETTER, LETTER])
    } else {
        u64::from_le_bytes([LETTER; WORD])
    }
}

fn load_word(chunk: &[u8]) -> u64 {
    let mut bytes = [0u8; WORD];
    bytes.copy_from_slice(chunk);
    u64::from_le_bytes(bytes)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const LOW_BITS: u64 = 0x7F7F_7F7F_7F7F_7F7F;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` (little-endian) that needs escaping: below 0x20, `"`
/// or `\`.
///
/// Each test adds to the low seven bits of every byte at once, and none of the sums carries
/// into the next byte, so every flag is exact: with `b` the byte's low seven bits, `b + 0x60`
/// reaches the high bit when `b >= 0x20`, and `(b ^ c) + 0x7F` does when `b != c`. A byte
/// whose own high bit is set (non-ASCII) never needs escaping.
fn escape_flags(word: u64) -> u64 {
    let low = word & LOW_BITS;
    let not_control = low + ONES * 0x60;
    let not_quote = (low ^ (ONES * u64::from(b'"'))) + LOW_BITS;
    let not_backslash = (low ^ (ONES * u64::from(b'\\'))) + LOW_BITS;
    !((not_control & not_quote & not_backslash) | word) & HIGH_BITS
}

/// The index of the byte holding the lowest flag.
fn first_flagged(flags: u64) -> usize {
    // At most 64 / 8: it fits any usize.
    (flags.trailing_zeros() / 8) as usize
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{escape_flags, load_word, push_escaped};

    fn escaped(text: &str) -> String {
        let mut out = String::from("\"");
        push_escaped(&mut out, text);
        out.push('"');
        out
    }

    fn assert_escaped_as_serde_json(text: &str) {
        assert_eq!(
            escaped(text),
            serde_json::to_string(text).unwrap(),
            "{text:?}"
        );
    }

    #[test]
    fn every_ascii_byte_is_escaped_as_serde_json_does() {
        for byte in 0..=0x7Fu8 {
            let c = char::from(byte);
            assert_escaped_as_serde_json(&c.to_string());
            // At every offset of strings of every length up to 40, to go through each way of
            // checking (short, one or two words, blocks, overlapping tails), and next to a
            // second byte to escape.
            for len in 0..40 {
                for at in 0..=len {
                    let mut text = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"[..len].to_owned();
                    text.insert(at, c);
                    assert_escaped_as_serde_json(&text);
                    text.insert(at, '\u{1f}');
                    assert_escaped_as_serde_json(&text);
                }
            }
        }
    }

    #[test]
    fn non_ascii_text_is_copied_as_it_is() {
        for text in [
            "",
            "é",
            "日本語のテキスト",
            "😀\u{7f}\u{80}\u{ff}",
            "\u{2028}\u{2029}",
            "naïve \"quote\"\n\tcafé\\ 😀\u{0}",
            "\u{10FFFF}\u{1}\u{FEFF}",
            "ÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿ\"",
        ] {
            assert_escaped_as_serde_json(text);
        }
    }

    #[test]
    fn word_flags_are_exact_per_byte() {
        // Borrow-based tricks also flag the byte after a flagged one (a space after a control
        // byte here); the overlapping tails rely on there being no such false flags.
        let flags = escape_flags(load_word(b"\x1f \x00!\"#\\]"));
        assert_eq!(flags, 0x0080_0080_0080_0080);
        assert_eq!(
            escape_flags(load_word(&[0xFF, 0xA2, 0xDC, 0x9F, 0x7F, 0x20, 0x21, 0x5D])),
            0
        );
    }

    /// Strings heavy in what needs escaping, and in multi-byte characters around it.
    fn tricky_string() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            (0u8..0x20).prop_map(char::from),
            Just('"'),
            Just('\\'),
            Just('\u{7f}'),
            Just('é'),
            Just('😀'),
            proptest::char::range('a', 'z'),
        ];
        proptest::collection::vec(piece, 0..60).prop_map(String::from_iter)
    }

    proptest! {
        #[test]
        fn any_string_is_escaped_as_serde_json_does(text in any::<String>()) {
            prop_assert_eq!(escaped(&text), serde_json::to_string(&text).unwrap());
        }

        #[test]
        fn tricky_strings_are_escaped_as_serde_json_does(text in tricky_string()) {
            prop_assert_eq!(escaped(&text), serde_json::to_string(&text).unwrap());
        }
    }
}
