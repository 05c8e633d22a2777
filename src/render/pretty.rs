//! A pretty-JSON writer that produces exactly what `serde_json::to_string_pretty` produces,
//! in about half the time.
//!
//! Why it exists: rendering the worst-case plan (122 KB of JSON) with `serde_json` took about
//! 90 µs, half of it in its string escape loop, which looks every byte up in a table, and
//! much of the rest in small writes through `io::Write` into a growing `Vec`. This writer
//! appends straight to a `String`, checks strings for bytes to escape a word or a vector at a
//! time ([`escape`]) and copies each clean run with one `push_str`.
//!
//! The output contract is `serde_json`'s pretty form (two-space indent), byte for byte: the
//! tests here compare the two on every serde shape and on random strings and documents, and
//! the golden plans under `tests/golden/` are unchanged. Anything this writer does not write
//! exactly as `serde_json` would (floats, which `serde_json` formats its own way; map keys it
//! rejects; a `Serialize` impl that fails or breaks its own length hint) is an
//! [`Unsupported`] error, and the caller falls back to `serde_json`, so the output never
//! depends on which writer ran.

use std::borrow::Cow;
use std::fmt::{self, Display, Write as _};

use serde::ser::{self, Impossible, Serialize};

use escape::push_escaped;

use crate::text::push_decimal;

mod escape;

/// Renders `value` as `serde_json::to_string_pretty` would, or says why it cannot.
pub(crate) fn to_pretty_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Unsupported> {
    let mut writer = PrettyWriter {
        out: String::with_capacity(INITIAL_CAPACITY),
        depth: 0,
    };
    value.serialize(&mut writer)?;
    Ok(writer.out)
}

/// Where the output starts: enough for a typical plan, so that only large ones grow it.
/// Growing by doubling costs little: starting the worst-case plan (122 KB) at 256 bytes or at
/// 256 KB measured the same.
const INITIAL_CAPACITY: usize = 16 * 1024;

/// Why a value was not written: something `serde_json` writes its own way (floats), rejects
/// (a map key that is not a string), or an error from the value's own `Serialize` impl. The
/// caller falls back to `serde_json`, which writes the value or reports its own error.
#[derive(Debug)]
pub(crate) struct Unsupported(Cow<'static, str>);

impl Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: Display>(message: T) -> Self {
        Unsupported(Cow::Owned(message.to_string()))
    }
}

fn unsupported(reason: &'static str) -> Unsupported {
    Unsupported(Cow::Borrowed(reason))
}

fn float() -> Unsupported {
    unsupported("floats are left to serde_json, which formats them its own way")
}

fn key_must_be_a_string() -> Unsupported {
    unsupported("a map key must be a string, a number, a bool or a unit variant")
}

fn broken_length_hint() -> Unsupported {
    unsupported("elements after a length hint of 0")
}

fn unpaired_map_entry() -> Unsupported {
    unsupported("a map key without its value, or a value without its key")
}

/// `serde_json`'s pretty indent, once per level.
const INDENT: &str = "  ";

/// A line break and the indentation of the first 15 levels.
const NEWLINE_AND_INDENT: &str = "\n                              ";

/// The output and the nesting depth: the whole state of `serde_json`'s pretty formatter, less
/// its `has_value` flag, which [`Compound`] keeps per container instead.
struct PrettyWriter {
    out: String,
    depth: usize,
}

impl PrettyWriter {
    fn newline_and_indent(&mut self) {
        let width = 1 + INDENT.len() * self.depth;
        if width <= NEWLINE_AND_INDENT.len() {
            // A copy of constant length is a couple of vector stores, where one of `width`
            // bytes is a call to `memcpy`; the spaces past `width` are cut off again.
            let end = self.out.len() + width;
            self.out.push_str(NEWLINE_AND_INDENT);
            self.out.truncate(end);
        } else {
            self.out.push('\n');
            for _ in 0..self.depth {
                self.out.push_str(INDENT);
            }
        }
    }

    fn open(&mut self, bracket: char) {
        self.depth += 1;
        self.out.push(bracket);
    }

    /// Starts an array element or an object entry on its own line.
    fn begin_element(&mut self, first: bool) {
        if !first {
            self.out.push(',');
        }
        self.newline_and_indent();
    }

    /// Closes a container: on its own line after elements, right after the opening bracket
    /// (`[]`, `{}`) when there were none.
    fn close(&mut self, bracket: char, had_elements: bool) {
        self.depth -= 1;
        if had_elements {
            self.newline_and_indent();
        }
        self.out.push(bracket);
    }

    // Not inlined: copied into each of the many `serialize_field` instances, it made the
    // worst-case plan about 3 µs slower (measured).
    #[inline(never)]
    fn write_string(&mut self, text: &str) {
        self.out.push('"');
        push_escaped(&mut self.out, text);
        self.out.push('"');
    }

    /// A `Display` value as a JSON string, escaped as it is formatted (no temporary string).
    fn write_display_string<T: Display + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.out.push('"');
        write!(Escaping(&mut self.out), "{value}")
            .map_err(|_| unsupported("a Display impl failed"))?;
        self.out.push('"');
        Ok(())
    }

    fn write_u64(&mut self, value: u64) {
        push_decimal(&mut self.out, value);
    }

    fn write_i64(&mut self, value: i64) {
        if value < 0 {
            self.out.push('-');
        }
        push_decimal(&mut self.out, value.unsigned_abs());
    }

    /// 128-bit integers are rare enough for the formatting machinery.
    fn write_display(&mut self, value: impl Display) -> Result<(), Unsupported> {
        write!(self.out, "{value}").map_err(|_| unsupported("a Display impl failed"))
    }

    /// `{"variant": ` of an enum variant that carries data, as `serde_json` wraps it.
    fn begin_variant(&mut self, variant: &str) {
        self.open('{');
        self.newline_and_indent();
        self.write_string(variant);
        self.out.push_str(": ");
    }

    fn end_variant(&mut self) {
        self.close('}', true);
    }

    fn begin_compound(
        &mut self,
        bracket: char,
        len: Option<usize>,
        in_variant: bool,
    ) -> Compound<'_> {
        self.open(bracket);
        Compound {
            writer: self,
            closer: if bracket == '[' { ']' } else { '}' },
            progress: if len == Some(0) {
                Progress::AnnouncedEmpty
            } else {
                Progress::Empty
            },
            in_variant,
        }
    }
}

/// A `fmt::Write` that escapes what it is given, for [`PrettyWriter::write_display_string`].
struct Escaping<'a>(&'a mut String);

impl fmt::Write for Escaping<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        push_escaped(self.0, text);
        Ok(())
    }
}

/// How far an array or object has got, which decides its punctuation: `serde_json` puts the
/// closing bracket on its own line only after elements.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Progress {
    /// Announced with a length of 0: `serde_json` writes `[]` or `{}` at once, so an element
    /// after that would come out malformed there; this writer refuses it.
    AnnouncedEmpty,
    /// No element yet.
    Empty,
    /// At least one element (for an object, a whole entry).
    Filled,
    /// An object key written, its value not yet.
    KeyPending,
}

/// An open array or object, possibly the payload of an enum variant (`{"V": [...]}`).
struct Compound<'a> {
    writer: &'a mut PrettyWriter,
    closer: char,
    progress: Progress,
    in_variant: bool,
}

impl Compound<'_> {
    /// Starts the next element or key on its own line.
    fn begin_element(&mut self) -> Result<(), Unsupported> {
        let first = match self.progress {
            Progress::Empty => true,
            Progress::Filled => false,
            Progress::AnnouncedEmpty => return Err(broken_length_hint()),
            Progress::KeyPending => return Err(unpaired_map_entry()),
        };
        self.writer.begin_element(first);
        Ok(())
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.begin_element()?;
        value.serialize(&mut *self.writer)?;
        self.progress = Progress::Filled;
        Ok(())
    }

    fn key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        self.begin_element()?;
        key.serialize(KeyWriter(&mut *self.writer))?;
        self.progress = Progress::KeyPending;
        Ok(())
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        if self.progress != Progress::KeyPending {
            return Err(unpaired_map_entry());
        }
        self.writer.out.push_str(": ");
        value.serialize(&mut *self.writer)?;
        self.progress = Progress::Filled;
        Ok(())
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Unsupported> {
        self.begin_element()?;
        self.writer.write_string(key);
        self.progress = Progress::KeyPending;
        self.value(value)
    }

    fn end(self) -> Result<(), Unsupported> {
        if self.progress == Progress::KeyPending {
            return Err(unpaired_map_entry());
        }
        self.writer
            .close(self.closer, self.progress == Progress::Filled);
        if self.in_variant {
            self.writer.end_variant();
        }
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut PrettyWriter {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, value: bool) -> Result<(), Unsupported> {
        self.out.push_str(if value { "true" } else { "false" });
        Ok(())
    }

    fn serialize_i8(self, value: i8) -> Result<(), Unsupported> {
        self.serialize_i64(value.into())
    }

    fn serialize_i16(self, value: i16) -> Result<(), Unsupported> {
        self.serialize_i64(value.into())
    }

    fn serialize_i32(self, value: i32) -> Result<(), Unsupported> {
        self.serialize_i64(value.into())
    }

    fn serialize_i64(self, value: i64) -> Result<(), Unsupported> {
        self.write_i64(value);
        Ok(())
    }

    fn serialize_i128(self, value: i128) -> Result<(), Unsupported> {
        self.write_display(value)
    }

    fn serialize_u8(self, value: u8) -> Result<(), Unsupported> {
        self.serialize_u64(value.into())
    }

    fn serialize_u16(self, value: u16) -> Result<(), Unsupported> {
        self.serialize_u64(value.into())
    }

    fn serialize_u32(self, value: u32) -> Result<(), Unsupported> {
        self.serialize_u64(value.into())
    }

    fn serialize_u64(self, value: u64) -> Result<(), Unsupported> {
        self.write_u64(value);
        Ok(())
    }

    fn serialize_u128(self, value: u128) -> Result<(), Unsupported> {
        self.write_display(value)
    }

    fn serialize_f32(self, _value: f32) -> Result<(), Unsupported> {
        Err(float())
    }

    fn serialize_f64(self, _value: f64) -> Result<(), Unsupported> {
        Err(float())
    }

    fn serialize_char(self, value: char) -> Result<(), Unsupported> {
        self.write_string(value.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, value: &str) -> Result<(), Unsupported> {
        self.write_string(value);
        Ok(())
    }

    /// An array of numbers, as `serde_json` writes bytes.
    fn serialize_bytes(self, value: &[u8]) -> Result<(), Unsupported> {
        self.open('[');
        for (index, &byte) in value.iter().enumerate() {
            self.begin_element(index == 0);
            self.write_u64(byte.into());
        }
        self.close(']', !value.is_empty());
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Unsupported> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Unsupported> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _variant_index: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _variant_index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.begin_variant(variant);
        value.serialize(&mut *self)?;
        self.end_variant();
        Ok(())
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>, Unsupported> {
        Ok(self.begin_compound('[', len, false))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Unsupported> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Unsupported> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _variant_index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Unsupported> {
        self.begin_variant(variant);
        Ok(self.begin_compound('[', Some(len), true))
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a>, Unsupported> {
        Ok(self.begin_compound('{', len, false))
    }

    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Compound<'a>, Unsupported> {
        reject_serde_json_private(name)?;
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _variant_index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Unsupported> {
        self.begin_variant(variant);
        Ok(self.begin_compound('{', Some(len), true))
    }

    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        self.write_display_string(value)
    }
}

/// `serde_json` gives structs named `$serde_json::private::...` a meaning of their own (its
/// arbitrary-precision numbers and raw values, behind features); they are left to it.
fn reject_serde_json_private(name: &str) -> Result<(), Unsupported> {
    if name.starts_with("$serde_json") {
        Err(unsupported(
            "serde_json's private types are left to serde_json",
        ))
    } else {
        Ok(())
    }
}

/// serde has one trait per kind of compound; to `serde_json`'s output, a sequence, a tuple
/// and the fields of a tuple struct or variant are all array elements, and the fields of a
/// struct or struct variant are all object entries.
macro_rules! compound_of_elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Unsupported;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
                self.element(value)
            }

            fn end(self) -> Result<(), Unsupported> {
                Compound::end(self)
            }
        }
    )*};
}

macro_rules! compound_of_fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Unsupported;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Unsupported> {
                self.field(key, value)
            }

            fn end(self) -> Result<(), Unsupported> {
                Compound::end(self)
            }
        }
    )*};
}

compound_of_elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);
compound_of_fields!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        self.key(key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.value(value)
    }

    fn end(self) -> Result<(), Unsupported> {
        Compound::end(self)
    }
}

/// Writes a map key as `serde_json`'s `MapKeySerializer` does: strings, chars and unit
/// variants as they are, integers and bools quoted; anything else is an error there too.
/// Float keys are left to `serde_json`, like floats anywhere.
struct KeyWriter<'a>(&'a mut PrettyWriter);

impl KeyWriter<'_> {
    /// A number or bool key, written as the value would be, in quotes.
    fn quoted(
        self,
        write: impl FnOnce(&mut PrettyWriter) -> Result<(), Unsupported>,
    ) -> Result<(), Unsupported> {
        self.0.out.push('"');
        write(self.0)?;
        self.0.out.push('"');
        Ok(())
    }
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Impossible<(), Unsupported>;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Impossible<(), Unsupported>;
    type SerializeStruct = Impossible<(), Unsupported>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    fn serialize_str(self, value: &str) -> Result<(), Unsupported> {
        self.0.write_string(value);
        Ok(())
    }

    fn serialize_char(self, value: char) -> Result<(), Unsupported> {
        self.serialize_str(value.encode_utf8(&mut [0; 4]))
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _variant_index: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }

    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        self.0.write_display_string(value)
    }

    fn serialize_bool(self, value: bool) -> Result<(), Unsupported> {
        self.quoted(|writer| ser::Serializer::serialize_bool(writer, value))
    }

    fn serialize_i8(self, value: i8) -> Result<(), Unsupported> {
        self.serialize_i64(value.into())
    }

    fn serialize_i16(self, value: i16) -> Result<(), Unsupported> {
        self.serialize_i64(value.into())
    }

    fn serialize_i32(self, value: i32) -> Result<(), Unsupported> {
        self.serialize_i64(value.into())
    }

    fn serialize_i64(self, value: i64) -> Result<(), Unsupported> {
        self.quoted(|writer| ser::Serializer::serialize_i64(writer, value))
    }

    fn serialize_i128(self, value: i128) -> Result<(), Unsupported> {
        self.quoted(|writer| ser::Serializer::serialize_i128(writer, value))
    }

    fn serialize_u8(self, value: u8) -> Result<(), Unsupported> {
        self.serialize_u64(value.into())
    }

    fn serialize_u16(self, value: u16) -> Result<(), Unsupported> {
        self.serialize_u64(value.into())
    }

    fn serialize_u32(self, value: u32) -> Result<(), Unsupported> {
        self.serialize_u64(value.into())
    }

    fn serialize_u64(self, value: u64) -> Result<(), Unsupported> {
        self.quoted(|writer| ser::Serializer::serialize_u64(writer, value))
    }

    fn serialize_u128(self, value: u128) -> Result<(), Unsupported> {
        self.quoted(|writer| ser::Serializer::serialize_u128(writer, value))
    }

    fn serialize_f32(self, _value: f32) -> Result<(), Unsupported> {
        Err(float())
    }

    fn serialize_f64(self, _value: f64) -> Result<(), Unsupported> {
        Err(float())
    }

    fn serialize_bytes(self, _value: &[u8]) -> Result<(), Unsupported> {
        Err(key_must_be_a_string())
    }

    fn serialize_none(self) -> Result<(), Unsupported> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit(self) -> Result<(), Unsupported> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Unsupported> {
        Err(key_must_be_a_string())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _variant_index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Unsupported> {
        Err(key_must_be_a_string())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _variant_index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(key_must_be_a_string())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Unsupported> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _variant_index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::fmt;

    use proptest::prelude::*;
    use serde::ser::{Error as _, SerializeMap as _, SerializeSeq as _};
    use serde::{Serialize, Serializer};
    use serde_json::{Value, json};

    use super::to_pretty_string;

    /// The contract: what this writer writes, `serde_json` writes byte for byte.
    fn assert_same<T: Serialize + ?Sized>(value: &T) {
        let expected = serde_json::to_string_pretty(value).expect("serde_json writes it");
        let actual = to_pretty_string(value).expect("the fast writer writes it");
        assert_eq!(actual, expected);
    }

    /// What this writer refuses, `json()` still writes as `serde_json` does.
    fn assert_falls_back<T: Serialize>(value: &T) {
        assert!(to_pretty_string(value).is_err());
        let expected = match serde_json::to_string_pretty(value) {
            Ok(text) => text,
            Err(error) => format!("{{\"error\": \"{error}\"}}"),
        };
        assert_eq!(super::super::json(value), expected + "\n");
    }

    #[test]
    fn the_output_is_serde_jsons_pretty_form() {
        let value = json!({"a": [1, {"b": null}, []], "c": {}, "d": "x"});
        assert_eq!(
            to_pretty_string(&value).unwrap(),
            "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    },\n    []\n  ],\n  \
             \"c\": {},\n  \"d\": \"x\"\n}"
        );
        assert_same(&value);
    }

    #[test]
    fn strings_and_chars_are_escaped_in_values_and_keys() {
        let text = "a \"quoted\"\tline\n\u{1}\u{7f} é 😀 \\ and a longer tail of text";
        assert_same(text);
        assert_same(&['a', '"', '\\', '\n', '\u{0}', 'é', '😀']);
        assert_same(&BTreeMap::from([(text, text), ("", "")]));
    }

    #[derive(Serialize)]
    struct UnitStruct;

    #[derive(Serialize)]
    struct Newtype(u8);

    #[derive(Serialize)]
    struct Pair(i32, String);

    #[derive(Serialize)]
    struct EmptyTupleStruct();

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u32),
        NewtypeOfStruct(Inner),
        Tuple(u8, bool),
        EmptyTuple(),
        Struct { a: u8, b: Option<String> },
        EmptyStruct {},
    }

    #[derive(Serialize)]
    struct Inner {
        x: i64,
        list: Vec<u16>,
    }

    #[derive(Serialize)]
    struct Outer {
        #[serde(rename = "with \"quotes\"")]
        renamed: (),
        unit: UnitStruct,
        none: Option<u8>,
        #[allow(clippy::option_option)] // `Some(None)` is `null` as well
        options: [Option<Option<bool>>; 3],
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        skipped_list: Vec<u8>,
        empty: Vec<Inner>,
        nested: Vec<Vec<Inner>>,
        shapes: Vec<Shape>,
        pair: Pair,
        newtype: Newtype,
        empty_tuple: EmptyTupleStruct,
        tuple: (u8, &'static str, char),
        map: BTreeMap<String, Vec<i8>>,
    }

    #[test]
    fn every_serde_shape_matches() {
        let outer = Outer {
            renamed: (),
            unit: UnitStruct,
            none: None,
            options: [Some(Some(true)), Some(None), None],
            skipped: None,
            skipped_list: Vec::new(),
            empty: Vec::new(),
            nested: vec![
                vec![],
                vec![Inner {
                    x: -3,
                    list: vec![],
                }],
            ],
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(7),
                Shape::NewtypeOfStruct(Inner {
                    x: 1,
                    list: vec![1, 2],
                }),
                Shape::Tuple(1, false),
                Shape::EmptyTuple(),
                Shape::Struct {
                    a: 2,
                    b: Some("b".into()),
                },
                Shape::EmptyStruct {},
            ],
            pair: Pair(-1, "one".into()),
            newtype: Newtype(9),
            empty_tuple: EmptyTupleStruct(),
            tuple: (1, "two", '3'),
            map: BTreeMap::from([("a".into(), vec![]), ("b\n".into(), vec![-128, 127])]),
        };
        assert_same(&outer);
        for shape in &outer.shapes {
            assert_same(shape);
        }
        assert_same(&());
        assert_same(&UnitStruct);
        assert_same(&None::<u8>);
        assert_same(&Some("x"));
        assert_same(&Vec::<u8>::new());
        assert_same(&BTreeMap::<String, u8>::new());
        assert_same(&EmptyTupleStruct());
        assert_same(&Shape::EmptyStruct {});
    }

    #[test]
    fn integers_are_written_in_full() {
        assert_same(&[i64::MIN, -1, 0, 1, 9, 10, 99, 100, i64::MAX]);
        assert_same(&[0, 1, 10, u64::MAX]);
        assert_same(&[i8::MIN, i8::MAX]);
        assert_same(&[i16::MIN, i16::MAX]);
        assert_same(&[i32::MIN, i32::MAX]);
        assert_same(&[u8::MAX]);
        assert_same(&[u16::MAX]);
        assert_same(&[u32::MAX]);
        assert_same(&[i128::MIN, -1, 0, i128::MAX]);
        assert_same(&[0, u128::MAX]);
    }

    #[test]
    fn booleans() {
        assert_same(&[true, false]);
    }

    struct Bytes(&'static [u8]);

    impl Serialize for Bytes {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_bytes(self.0)
        }
    }

    #[test]
    fn bytes_are_an_array_of_numbers() {
        assert_same(&Bytes(b""));
        assert_same(&Bytes(b"\x00\x7f\xff"));
        assert_same(&vec![Bytes(b"a"), Bytes(b"")]);
    }

    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    enum KeyVariant {
        First,
        Second,
    }

    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    struct KeyNewtype(String);

    #[test]
    fn map_keys_are_written_as_serde_json_writes_them() {
        assert_same(&BTreeMap::from([(-1, "a"), (2, "b")]));
        assert_same(&BTreeMap::from([(u64::MAX, 'x'), (0, 'y')]));
        assert_same(&BTreeMap::from([(i8::MIN, 1u8)]));
        assert_same(&BTreeMap::from([(i128::MIN, 1u8), (0, 2)]));
        assert_same(&BTreeMap::from([(u128::MAX, 1u8)]));
        assert_same(&BTreeMap::from([(true, 1u8), (false, 0)]));
        assert_same(&BTreeMap::from([('k', 1u8), ('"', 2)]));
        assert_same(&BTreeMap::from([
            (KeyVariant::First, 1u8),
            (KeyVariant::Second, 2),
        ]));
        assert_same(&BTreeMap::from([(KeyNewtype("a\tb".into()), 1u8)]));
        assert_same(&BTreeMap::from([(Some("some"), 1u8)]));
        assert_same(&BTreeMap::from([(1u8, BTreeMap::from([(2u8, vec![3u8])]))]));
    }

    #[test]
    fn map_keys_serde_json_rejects_are_errors_here_too() {
        assert_falls_back(&BTreeMap::from([(vec![1u8], 1u8)]));
        assert_falls_back(&BTreeMap::from([((), 1u8)]));
        assert_falls_back(&BTreeMap::from([(None::<String>, 1u8)]));
        assert_falls_back(&BTreeMap::from([((1u8, 2u8), 1u8)]));
        assert!(serde_json::to_string_pretty(&BTreeMap::from([((), 1u8)])).is_err());
    }

    #[derive(Serialize)]
    struct NoFields {}

    #[derive(Serialize)]
    struct AllSkipped {
        #[serde(skip_serializing_if = "Option::is_none")]
        a: Option<u8>,
        #[serde(skip)]
        _b: u8,
    }

    #[test]
    fn objects_without_entries_are_empty_braces() {
        assert_same(&NoFields {});
        assert_same(&AllSkipped { a: None, _b: 1 });
        assert_same(&AllSkipped { a: Some(1), _b: 1 });
        assert_same(&vec![NoFields {}]);
        assert_same(&OnlyFlattened {
            extra: BTreeMap::new(),
        });
    }

    #[derive(Serialize)]
    struct OnlyFlattened {
        #[serde(flatten)]
        extra: BTreeMap<String, u8>,
    }

    #[derive(Serialize)]
    struct Flattened {
        id: u8,
        #[serde(flatten)]
        inner: Inner,
        #[serde(flatten)]
        absent: Option<Inner>,
        #[serde(flatten)]
        extra: BTreeMap<String, Value>,
        #[serde(flatten)]
        shape: Shape,
    }

    #[test]
    fn flattened_fields_go_through_a_map_of_unknown_length() {
        assert_same(&Flattened {
            id: 1,
            inner: Inner {
                x: 2,
                list: vec![3],
            },
            absent: None,
            extra: BTreeMap::from([("z".into(), json!({"deep": [true]}))]),
            shape: Shape::Struct { a: 4, b: None },
        });
    }

    /// A type written through `collect_str`, as the crate's dates and targets are.
    struct Displayed(&'static str);

    impl fmt::Display for Displayed {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "<{}>\n\"", self.0)
        }
    }

    impl Serialize for Displayed {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(self)
        }
    }

    #[test]
    fn collected_strings_are_escaped_in_values_and_keys() {
        assert_same(&Displayed("a\\b"));
        assert_same(&vec![(Displayed("é"), 1u8)]);
        let mut map = serde_json::Map::new();
        map.insert(Displayed("k").to_string(), json!(1));
        assert_same(&map);
        assert_same(&BTreeMap::from([(1u8, Displayed("v"))]));
    }

    #[test]
    fn deep_nesting_is_indented_past_the_prepared_width() {
        let mut value = json!("leaf");
        for depth in 0..45 {
            value = if depth % 2 == 0 {
                json!([value, depth])
            } else {
                json!({"k": value})
            };
        }
        assert_same(&value);
    }

    #[test]
    fn serde_json_values_keep_their_key_order() {
        assert_same(&json!({"z": 1, "a": [null, true, -5, "s", {}, []], "m": {"y": {}, "b": 2}}));
        assert_same(&json!(u64::MAX));
    }

    #[test]
    fn floats_are_left_to_serde_json() {
        assert!(to_pretty_string(&1.5f64).is_err());
        assert!(to_pretty_string(&1.5f32).is_err());
        assert_falls_back(&vec![0.1f64, -2.5e300, f64::NAN]);
        assert_falls_back(&json!({"a": 1, "b": [1.5]}));
        assert_falls_back(&BTreeMap::from([("f", 1.0f32)]));
        assert_falls_back(&Shape::Newtype(1).pair_with(0.5));
    }

    /// Named like `serde_json`'s raw values, which it writes verbatim when its `raw_value`
    /// feature is on.
    #[derive(Serialize)]
    #[serde(rename = "$serde_json::private::RawValue")]
    struct LooksLikeARawValue {
        #[serde(rename = "$serde_json::private::RawValue")]
        json: &'static str,
    }

    #[test]
    fn serde_json_private_types_are_left_to_serde_json() {
        assert_falls_back(&LooksLikeARawValue { json: "[1]" });
    }

    impl Shape {
        fn pair_with(self, float: f64) -> (Shape, f64) {
            (self, float)
        }
    }

    /// A `Serialize` impl that says its sequence is empty and then writes an element:
    /// `serde_json` closes it twice (and its indent underflows), so this writer refuses it.
    struct LyingLength;

    impl Serialize for LyingLength {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut seq = serializer.serialize_seq(Some(0))?;
            seq.serialize_element(&1u8)?;
            seq.end()
        }
    }

    /// A map key without its value.
    struct LonelyKey;

    impl Serialize for LonelyKey {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(None)?;
            map.serialize_key("k")?;
            map.end()
        }
    }

    /// A map value without its key.
    struct LonelyValue;

    impl Serialize for LonelyValue {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(None)?;
            map.serialize_value("v")?;
            map.end()
        }
    }

    struct Failing;

    impl Serialize for Failing {
        fn serialize<S: Serializer>(&self, _serializer: S) -> Result<S::Ok, S::Error> {
            Err(S::Error::custom("no \"way\""))
        }
    }

    #[test]
    fn broken_serialize_impls_come_out_as_serde_json_writes_them() {
        assert!(to_pretty_string(&LyingLength).is_err());
        assert_falls_back(&LonelyKey);
        assert_falls_back(&LonelyValue);
        assert_falls_back(&vec![Failing]);
        assert_eq!(
            to_pretty_string(&Failing).unwrap_err().to_string(),
            "no \"way\""
        );
    }

    /// The plan `synthetic::worst_case` asks for, its request written out here because the
    /// render layer may not name the synthetic one (`tests/layers.rs`): from the oldest
    /// release of every product to the newest, migrations allowed, every fact "no".
    fn worst_case_plan() -> crate::Plan {
        let catalog = crate::Catalog::embedded();
        let mut request = crate::Request {
            allow_migrations: true,
            policy: crate::Policy::Minimal,
            facts: catalog
                .facts()
                .iter()
                .map(|fact| (fact.name.clone(), false))
                .collect(),
            ..crate::Request::default()
        };
        for product in crate::Product::ALL {
            if let Some(oldest) = catalog.releases(product).first() {
                request.from.insert(product, oldest.version.clone());
                request.to.insert(product, crate::Target::Latest);
            }
        }
        crate::Planner::new(catalog).plan(&request).unwrap()
    }

    /// The golden tests compare `json()`'s output, which is right either way; this checks
    /// that plans do not silently take the fallback.
    #[test]
    fn a_worst_case_plan_takes_the_fast_path() {
        let plan = worst_case_plan();
        assert!(plan.steps.len() > 100, "{} steps", plan.steps.len());
        assert_same(&plan);
    }

    /// Any string, or one heavy in what needs escaping and in multi-byte characters.
    fn any_string() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), "[\\x00-\\x1f\"\\\\a-z\u{7f}é😀]{0,40}"]
    }

    /// JSON documents without floats (which this writer leaves to `serde_json`).
    fn json_without_floats() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any_string().prop_map(Value::String),
        ];
        leaf.prop_recursive(5, 64, 8, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                proptest::collection::vec((any_string(), inner), 0..8)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn strings_match_serde_json(text in any_string()) {
            prop_assert_eq!(
                to_pretty_string(&text).unwrap(),
                serde_json::to_string_pretty(&text).unwrap()
            );
        }

        #[test]
        fn documents_match_serde_json(value in json_without_floats()) {
            prop_assert_eq!(
                to_pretty_string(&value).unwrap(),
                serde_json::to_string_pretty(&value).unwrap()
            );
        }
    }
}
