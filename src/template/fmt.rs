//! Go's `fmt` (`Sprintf`, `Sprint`, `Sprintln`) over template [`Value`]s, as `text/template`'s
//! `printf`, `print` and `println` use it. The code follows Go's `fmt/print.go`,
//! `fmt/format.go` and `strconv`'s float and quote formatting step by step, so that flags,
//! padding and error strings (`%!d(string=x)`, `%!(EXTRA …)`) match Go byte for byte.
//!
//! Each value is the Go dynamic value it stands for: `Int` is `int`, `Float` is `float64`,
//! `String` is `string`, `Bool` is `bool`, `List` a slice, `Map` a map with string keys,
//! `Nil` a nil `interface {}`.
//!
//! [`Value::Missing`] never reaches Go's `fmt`: when text/template passes an invalid value to
//! a function parameter of type `interface {}` (`printf`, `print`, `println`), its
//! `validateType` replaces it with a nil interface. So in [`sprintf`], [`sprint`] and
//! [`sprintln`] a `Missing` argument prints exactly as `Nil` does (`<nil>`, `%!d(<nil>)`).
//! Only [`print_value`], which is the printing of an action's result, shows `<no value>`.
//!
//! Known approximations: an [`Object`] without an underlying map or slice behaves as if it
//! had a `String` method returning [`Object::display`] (so `%v %s %q %x %X` use that text and
//! other verbs report a bad verb); `%#v` of such an object prints the same text; `%p` reports
//! a bad verb for every value, since values here have no addresses.

use super::value::{Object, Value};
use crate::gostr::is_print;

/// Go's `fmt.Sprintf`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut p = Printer::default();
    p.do_printf(format, args);
    p.buf
}

/// Go's `fmt.Sprint`: operands are separated by a space when neither side is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut p = Printer::default();
    let mut prev_string = false;
    for (i, arg) in args.iter().enumerate() {
        let is_string = matches!(arg.resolved(), Value::String(_));
        if i > 0 && !is_string && !prev_string {
            p.buf.push(' ');
        }
        p.print_arg(arg, 'v');
        prev_string = is_string;
    }
    p.buf
}

/// Go's `fmt.Sprintln`: always a space between operands, newline at the end.
pub fn sprintln(args: &[Value]) -> String {
    let mut p = Printer::default();
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            p.buf.push(' ');
        }
        p.print_arg(arg, 'v');
    }
    p.buf.push('\n');
    p.buf
}

/// How text/template prints the result of an action `{{ x }}`: like `fmt.Sprint` of one
/// value, except [`Value::Missing`] prints `<no value>`.
pub fn print_value(v: &Value) -> String {
    if let Value::Missing = v {
        return "<no value>".into();
    }
    let mut p = Printer::default();
    p.print_arg(v, 'v');
    p.buf
}

/// Go's limit on widths and precisions (`fmt.tooLarge`).
const TOO_LARGE: i64 = 1_000_000;

/// A float64's exact decimal expansion has at most 767 significant digits and 1074 digits
/// after the point, so asking Rust for more only adds zeros; we add those ourselves, since
/// Rust's formatter rejects (or panics on) precisions beyond `u16`.
const MAX_SIG_DIGITS: usize = 800;
const MAX_FRAC_DIGITS: usize = 1100;

const LOWER_DIGITS: &[u8; 17] = b"0123456789abcdefx";
const UPPER_DIGITS: &[u8; 17] = b"0123456789ABCDEFX";

/// Go's `fmtFlags` plus width and precision. `plusV` is not kept: it only names struct fields,
/// which these values do not print.
#[derive(Clone, Copy, Default)]
struct Flags {
    wid_present: bool,
    prec_present: bool,
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    sharp_v: bool,
    wid: usize,
    prec: usize,
}

/// Go's `pp`: the output buffer, the current flags and argument bookkeeping.
#[derive(Default)]
struct Printer {
    buf: String,
    f: Flags,
    reordered: bool,
    good_arg_num: bool,
}

impl Printer {
    // ---- Go's fmt/format.go ----

    fn write_padding(&mut self, n: usize) {
        let c = if self.f.zero && !self.f.minus {
            '0'
        } else {
            ' '
        };
        self.buf.extend(std::iter::repeat_n(c, n));
    }

    /// Pads `s` to the width on the left, or on the right with `-`; width counts runes.
    fn pad(&mut self, s: &str) {
        if !self.f.wid_present || self.f.wid == 0 {
            self.buf.push_str(s);
            return;
        }
        let width = self.f.wid.saturating_sub(s.chars().count());
        if self.f.minus {
            self.buf.push_str(s);
            self.write_padding(width);
        } else {
            self.write_padding(width);
            self.buf.push_str(s);
        }
    }

    /// `pad` with the zero flag off: numbers already zero-padded through the precision.
    fn pad_spaces(&mut self, s: &str) {
        let old = self.f.zero;
        self.f.zero = false;
        self.pad(s);
        self.f.zero = old;
    }

    fn fmt_boolean(&mut self, b: bool) {
        self.pad(if b { "true" } else { "false" });
    }

    /// `U+0078`, or with `#` `U+0078 'x'` when printable.
    fn fmt_unicode(&mut self, u: u64) {
        let prec = if self.f.prec_present && self.f.prec > 4 {
            self.f.prec
        } else {
            4
        };
        let hex = format!("{u:X}");
        let mut s = String::with_capacity(prec + 10);
        s.push_str("U+");
        s.extend(std::iter::repeat_n('0', prec.saturating_sub(hex.len())));
        s.push_str(&hex);
        if self.f.sharp {
            if let Some(c) = u32::try_from(u).ok().and_then(char::from_u32) {
                if is_print(c) {
                    s.push_str(" '");
                    s.push(c);
                    s.push('\'');
                }
            }
        }
        self.pad_spaces(&s);
    }

    fn fmt_integer(&mut self, u: u64, base: u64, is_signed: bool, verb: char, upper: bool) {
        let digits = if upper { UPPER_DIGITS } else { LOWER_DIGITS };
        let negative = is_signed && (u as i64) < 0;
        let mut u = if negative { u.wrapping_neg() } else { u };
        // Two ways to ask for leading zeros: %.3d or %03d; an explicit precision wins and
        // the padding is then spaces.
        let mut prec = 0;
        if self.f.prec_present {
            prec = self.f.prec;
            // Precision 0 and value 0 print nothing but the padding.
            if prec == 0 && u == 0 {
                let old = self.f.zero;
                self.f.zero = false;
                self.write_padding(self.f.wid);
                self.f.zero = old;
                return;
            }
        } else if self.f.zero && !self.f.minus && self.f.wid_present {
            prec = self.f.wid;
            if negative || self.f.plus || self.f.space {
                prec = prec.saturating_sub(1); // room for the sign
            }
        }
        // Built right to left, like Go.
        let mut rev: Vec<u8> = Vec::with_capacity(prec.max(24) + 4);
        loop {
            rev.push(digits[(u % base) as usize]);
            u /= base;
            if u == 0 {
                break;
            }
        }
        while rev.len() < prec {
            rev.push(b'0');
        }
        if self.f.sharp {
            match base {
                2 => rev.extend_from_slice(b"b0"),
                8 if rev.last() != Some(&b'0') => rev.push(b'0'),
                16 => rev.extend_from_slice(&[digits[16], b'0']),
                _ => {}
            }
        }
        if verb == 'O' {
            rev.extend_from_slice(b"o0");
        }
        if negative {
            rev.push(b'-');
        } else if self.f.plus {
            rev.push(b'+');
        } else if self.f.space {
            rev.push(b' ');
        }
        let s: String = rev.iter().rev().map(|&b| char::from(b)).collect();
        self.pad_spaces(&s);
    }

    /// Go's `truncateString`: at most `prec` runes.
    fn truncate<'s>(&self, s: &'s str) -> &'s str {
        if self.f.prec_present {
            if let Some((i, _)) = s.char_indices().nth(self.f.prec) {
                return s.get(..i).unwrap_or(s);
            }
        }
        s
    }

    fn fmt_s(&mut self, s: &str) {
        let s = self.truncate(s);
        self.pad(s);
    }

    /// Hex of a string's bytes: `% x` separates bytes, `#` adds `0x` (per byte with space).
    fn fmt_sx(&mut self, s: &[u8], upper: bool) {
        let digits = if upper { UPPER_DIGITS } else { LOWER_DIGITS };
        let mut length = s.len();
        if self.f.prec_present && self.f.prec < length {
            length = self.f.prec;
        }
        let mut width = 2 * length;
        if width > 0 {
            if self.f.space {
                if self.f.sharp {
                    width *= 2;
                }
                width += length - 1;
            } else if self.f.sharp {
                width += 2;
            }
        } else {
            if self.f.wid_present {
                self.write_padding(self.f.wid);
            }
            return;
        }
        let padding = if self.f.wid_present && self.f.wid > width {
            self.f.wid - width
        } else {
            0
        };
        if !self.f.minus {
            self.write_padding(padding);
        }
        let prefix = [b'0', digits[16]];
        if self.f.sharp {
            self.buf.extend(prefix.iter().map(|&b| char::from(b)));
        }
        for (i, &c) in s.iter().take(length).enumerate() {
            if self.f.space && i > 0 {
                self.buf.push(' ');
                if self.f.sharp {
                    self.buf.extend(prefix.iter().map(|&b| char::from(b)));
                }
            }
            self.buf.push(char::from(digits[usize::from(c >> 4)]));
            self.buf.push(char::from(digits[usize::from(c & 0xF)]));
        }
        if self.f.minus {
            self.write_padding(padding);
        }
    }

    /// `%q` of a string: Go-quoted, ASCII-only with `+`, backquoted with `#` when possible.
    fn fmt_q(&mut self, s: &str) {
        let s = self.truncate(s);
        if self.f.sharp && can_backquote(s) {
            let quoted = format!("`{s}`");
            self.pad(&quoted);
            return;
        }
        let quoted = quote_with(s, self.f.plus);
        self.pad(&quoted);
    }

    fn fmt_c(&mut self, u: u64) {
        let c = rune_of(u);
        self.pad(c.encode_utf8(&mut [0; 4]));
    }

    fn fmt_qc(&mut self, u: u64) {
        let quoted = quote_rune(rune_of(u), self.f.plus);
        self.pad(&quoted);
    }

    /// Go's `fmt.fmtFloat`: `verb` is strconv's format byte and `prec` the default
    /// precision, overruled by an explicit one.
    fn fmt_float(&mut self, v: f64, verb: u8, prec: i64) {
        let prec = if self.f.prec_present {
            self.f.prec as i64
        } else {
            prec
        };
        let s = format_float(v, verb, prec);
        // num always starts with a sign byte: '+', '-' or (space flag) ' '.
        let mut num: Vec<u8> = Vec::with_capacity(s.len() + 1);
        if !s.starts_with(['+', '-']) {
            num.push(b'+');
        }
        num.extend_from_slice(s.as_bytes());
        if self.f.space && num[0] == b'+' && !self.f.plus {
            num[0] = b' ';
        }
        // Infinities and NaN are not numbers to pad with zeros.
        if matches!(num.get(1), Some(b'I' | b'N')) {
            let start = usize::from(num[1] == b'N' && !self.f.space && !self.f.plus);
            let text = ascii(&num[start..]);
            self.pad_spaces(&text);
            return;
        }
        // '#' forces a decimal point and keeps trailing zeros for %g.
        if self.f.sharp && verb != b'b' {
            let mut digits: i64 = match verb {
                b'v' | b'g' | b'G' | b'x' if prec == -1 => 6,
                b'v' | b'g' | b'G' | b'x' => prec,
                _ => 0,
            };
            let mut tail = Vec::new();
            let mut has_point = false;
            let mut saw_nonzero = false;
            let mut i = 1;
            while let Some(&c) = num.get(i) {
                match c {
                    b'.' => has_point = true,
                    b'p' | b'P' => {
                        tail = num.split_off(i);
                        break;
                    }
                    b'e' | b'E' if verb != b'x' && verb != b'X' => {
                        tail = num.split_off(i);
                        break;
                    }
                    _ => {
                        if c != b'0' {
                            saw_nonzero = true;
                        }
                        // Count significant digits after the first non-zero one.
                        if saw_nonzero {
                            digits -= 1;
                        }
                    }
                }
                i += 1;
            }
            if !has_point {
                // A lone leading 0 counts once.
                if num.len() == 2 && num[1] == b'0' {
                    digits -= 1;
                }
                num.push(b'.');
            }
            while digits > 0 {
                num.push(b'0');
                digits -= 1;
            }
            num.extend_from_slice(&tail);
        }
        if self.f.plus || num[0] != b'+' {
            // Zero padding goes between the sign and the digits.
            if self.f.zero && !self.f.minus && self.f.wid_present && self.f.wid > num.len() {
                self.buf.push(char::from(num[0]));
                self.write_padding(self.f.wid - num.len());
                self.buf.push_str(&ascii(&num[1..]));
                return;
            }
            let text = ascii(&num);
            self.pad(&text);
            return;
        }
        let text = ascii(&num[1..]);
        self.pad(&text);
    }

    // ---- Go's fmt/print.go ----

    /// `%!verb(type=value)`, or `%!verb(<nil>)`. The value prints with `%v` under the
    /// current flags, as Go does.
    fn bad_verb(&mut self, verb: char, arg: Option<(&str, &Value)>) {
        self.buf.push_str("%!");
        self.buf.push(verb);
        self.buf.push('(');
        match arg {
            Some((ty, v)) => {
                self.buf.push_str(ty);
                self.buf.push('=');
                self.print_typed(v, Some(ty), 'v', 0);
            }
            None => self.buf.push_str("<nil>"),
        }
        self.buf.push(')');
    }

    fn fmt_bool(&mut self, b: bool, verb: char) -> bool {
        match verb {
            't' | 'v' => self.fmt_boolean(b),
            _ => return false,
        }
        true
    }

    fn fmt_int(&mut self, i: i64, verb: char) -> bool {
        let u = i as u64;
        match verb {
            'v' | 'd' => self.fmt_integer(u, 10, true, verb, false),
            'b' => self.fmt_integer(u, 2, true, verb, false),
            'o' | 'O' => self.fmt_integer(u, 8, true, verb, false),
            'x' => self.fmt_integer(u, 16, true, verb, false),
            'X' => self.fmt_integer(u, 16, true, verb, true),
            'c' => self.fmt_c(u),
            'q' => self.fmt_qc(u),
            'U' => self.fmt_unicode(u),
            _ => return false,
        }
        true
    }

    fn fmt_float_verb(&mut self, v: f64, verb: char) -> bool {
        match verb {
            'v' => self.fmt_float(v, b'g', -1),
            'b' | 'g' | 'G' | 'x' | 'X' => self.fmt_float(v, verb as u8, -1),
            'f' | 'e' | 'E' => self.fmt_float(v, verb as u8, 6),
            'F' => self.fmt_float(v, b'f', 6),
            _ => return false,
        }
        true
    }

    fn fmt_string(&mut self, s: &str, verb: char) -> bool {
        match verb {
            'v' if self.f.sharp_v => self.fmt_q(s),
            'v' | 's' => self.fmt_s(s),
            'x' => self.fmt_sx(s.as_bytes(), false),
            'X' => self.fmt_sx(s.as_bytes(), true),
            'q' => self.fmt_q(s),
            _ => return false,
        }
        true
    }

    /// Go's `printArg`: one top-level operand.
    fn print_arg(&mut self, v: &Value, verb: char) {
        match v {
            Value::Nil | Value::Missing => match verb {
                'T' | 'v' => self.pad("<nil>"),
                _ => self.bad_verb(verb, None),
            },
            _ => match verb {
                'T' => {
                    let ty = v.type_name();
                    self.fmt_s(&ty);
                }
                'p' => {
                    let ty = v.type_name();
                    self.bad_verb(verb, Some((&ty, v)));
                }
                _ => self.print_val(v, verb, 0),
            },
        }
    }

    /// Go's `printValue`: named maps and slices print as what they name.
    fn print_val(&mut self, v: &Value, verb: char, depth: usize) {
        if let Value::Object(o) = v {
            // Go's handleMethods: a String method answers %v %s %x %X %q (not %#v).
            if !self.f.sharp_v && matches!(verb, 'v' | 's' | 'x' | 'X' | 'q') {
                if let Some(text) = o.stringer() {
                    self.fmt_string(&text, verb);
                    return;
                }
            }
            if let Some(u) = o.underlying() {
                let ty = o.type_name();
                self.print_typed(&u, Some(&ty), verb, depth);
                return;
            }
        }
        self.print_typed(v, None, verb, depth);
    }

    /// Prints `v`, whose Go type name is `ty` (or its own when `None`).
    fn print_typed(&mut self, v: &Value, ty: Option<&str>, verb: char, depth: usize) {
        let ok = match v {
            // Only reachable inside a slice or map: a nil interface element.
            Value::Nil | Value::Missing => {
                self.buf.push_str(if self.f.sharp_v {
                    "interface {}(nil)"
                } else {
                    "<nil>"
                });
                true
            }
            Value::Bool(b) => self.fmt_bool(*b, verb),
            Value::Int(i) => self.fmt_int(*i, verb),
            Value::Float(x) => self.fmt_float_verb(*x, verb),
            Value::String(s) => self.fmt_string(s, verb),
            Value::List(l) => {
                if self.f.sharp_v {
                    let name = ty.map_or_else(|| v.type_name(), str::to_owned);
                    self.buf.push_str(&name);
                    self.buf.push('{');
                    for (i, e) in l.items.iter().enumerate() {
                        if i > 0 {
                            self.buf.push_str(", ");
                        }
                        self.print_val(e, verb, depth + 1);
                    }
                    self.buf.push('}');
                } else {
                    self.buf.push('[');
                    for (i, e) in l.items.iter().enumerate() {
                        if i > 0 {
                            self.buf.push(' ');
                        }
                        self.print_val(e, verb, depth + 1);
                    }
                    self.buf.push(']');
                }
                true
            }
            Value::Map(m) => {
                if self.f.sharp_v {
                    let name = ty.unwrap_or(&m.type_name);
                    self.buf.push_str(if name.is_empty() {
                        "map[string]interface {}"
                    } else {
                        name
                    });
                    self.buf.push('{');
                } else {
                    self.buf.push_str("map[");
                }
                // BTreeMap order is Go's sorted key order (bytewise for strings).
                for (i, (k, e)) in m.entries.iter().enumerate() {
                    if i > 0 {
                        self.buf.push_str(if self.f.sharp_v { ", " } else { " " });
                    }
                    if !self.fmt_string(k, verb) {
                        self.bad_verb(verb, Some(("string", &Value::str(k.as_str()))));
                    }
                    self.buf.push(':');
                    self.print_val(e, verb, depth + 1);
                }
                self.buf.push(if self.f.sharp_v { '}' } else { ']' });
                true
            }
            Value::Object(o) => {
                self.print_object(o.as_ref(), ty, v, verb);
                true
            }
        };
        if !ok {
            let name = ty.map_or_else(|| v.type_name(), str::to_owned);
            self.bad_verb(verb, Some((&name, v)));
        }
    }

    /// A struct-like object, printed as if its `String` method returned `display()`.
    fn print_object(&mut self, o: &dyn Object, ty: Option<&str>, v: &Value, verb: char) {
        let text = o.display();
        if self.f.sharp_v {
            self.fmt_s(&text);
        } else if !matches!(verb, 'v' | 's' | 'x' | 'X' | 'q') || !self.fmt_string(&text, verb) {
            let name = ty.map_or_else(|| o.type_name(), str::to_owned);
            self.bad_verb(verb, Some((&name, v)));
        }
    }

    /// Go's `doPrintf`.
    fn do_printf(&mut self, format: &str, a: &[Value]) {
        let b = format.as_bytes();
        let end = b.len();
        let mut arg_num = 0usize;
        self.reordered = false;
        let mut i = 0;
        while i < end {
            self.good_arg_num = true;
            let lasti = i;
            while i < end && b[i] != b'%' {
                i += 1;
            }
            if i > lasti {
                self.buf.push_str(format.get(lasti..i).unwrap_or(""));
            }
            if i >= end {
                break;
            }
            i += 1; // the '%'

            self.f = Flags::default();
            while let Some(&c) = b.get(i) {
                match c {
                    b'#' => self.f.sharp = true,
                    b'0' => self.f.zero = true,
                    b'+' => self.f.plus = true,
                    b'-' => self.f.minus = true,
                    b' ' => self.f.space = true,
                    _ => break,
                }
                i += 1;
            }

            // Argument index, then width.
            let mut after_index;
            (arg_num, i, after_index) = self.arg_number(arg_num, b, i, a.len());
            if i < end && b[i] == b'*' {
                i += 1;
                let (num, ok, next) = int_from_arg(a, arg_num);
                arg_num = next;
                self.f.wid_present = ok;
                if !ok {
                    self.buf.push_str("%!(BADWIDTH)");
                }
                // A negative width means left alignment.
                if num < 0 {
                    self.f.minus = true;
                    self.f.zero = false;
                }
                self.f.wid = usize::try_from(num.unsigned_abs()).unwrap_or(0);
                after_index = false;
            } else {
                let (num, isnum, next) = parsenum(b, i, end);
                self.f.wid = usize::try_from(num).unwrap_or(0);
                self.f.wid_present = isnum;
                i = next;
                if after_index && isnum {
                    // "%[3]2d"
                    self.good_arg_num = false;
                }
            }

            // Precision.
            if i + 1 < end && b[i] == b'.' {
                i += 1;
                if after_index {
                    // "%[3].2d"
                    self.good_arg_num = false;
                }
                (arg_num, i, after_index) = self.arg_number(arg_num, b, i, a.len());
                if i < end && b[i] == b'*' {
                    i += 1;
                    let (num, ok, next) = int_from_arg(a, arg_num);
                    arg_num = next;
                    // Negative precisions make no sense.
                    self.f.prec_present = ok && num >= 0;
                    self.f.prec = if self.f.prec_present {
                        usize::try_from(num).unwrap_or(0)
                    } else {
                        0
                    };
                    if !self.f.prec_present {
                        self.buf.push_str("%!(BADPREC)");
                    }
                    after_index = false;
                } else {
                    let (num, _, next) = parsenum(b, i, end);
                    // "%.d" means precision 0.
                    self.f.prec = usize::try_from(num).unwrap_or(0);
                    self.f.prec_present = true;
                    i = next;
                }
            }

            if !after_index {
                (arg_num, i, _) = self.arg_number(arg_num, b, i, a.len());
            }

            let Some(verb) = format.get(i..).and_then(|rest| rest.chars().next()) else {
                self.buf.push_str("%!(NOVERB)");
                break;
            };
            i += verb.len_utf8();

            if verb == '%' {
                // Takes no operand and ignores width and precision.
                self.buf.push('%');
            } else if !self.good_arg_num {
                self.buf.push_str("%!");
                self.buf.push(verb);
                self.buf.push_str("(BADINDEX)");
            } else if let Some(arg) = a.get(arg_num) {
                if verb == 'v' || verb == 'w' {
                    // %#v is Go syntax; %+v only names struct fields.
                    self.f.sharp_v = self.f.sharp;
                    self.f.sharp = false;
                    self.f.plus = false;
                }
                // Sprintf has no error to wrap: %w is an unknown verb, as in Go.
                self.print_arg(arg, verb);
                arg_num += 1;
            } else {
                self.buf.push_str("%!");
                self.buf.push(verb);
                self.buf.push_str("(MISSING)");
            }
        }

        // Unused operands, unless indexes reordered them.
        if !self.reordered && arg_num < a.len() {
            self.f = Flags::default();
            self.buf.push_str("%!(EXTRA ");
            for (k, arg) in a.iter().skip(arg_num).enumerate() {
                if k > 0 {
                    self.buf.push_str(", ");
                }
                if matches!(arg, Value::Nil | Value::Missing) {
                    self.buf.push_str("<nil>");
                } else {
                    self.buf.push_str(&arg.type_name());
                    self.buf.push('=');
                    self.print_arg(arg, 'v');
                }
            }
            self.buf.push(')');
        }
    }

    /// Go's `argNumber`: an explicit `[n]` at `i`, if any.
    fn arg_number(
        &mut self,
        arg_num: usize,
        b: &[u8],
        i: usize,
        num_args: usize,
    ) -> (usize, usize, bool) {
        if b.get(i) != Some(&b'[') {
            return (arg_num, i, false);
        }
        self.reordered = true;
        let (index, wid, ok) = parse_arg_number(b.get(i..).unwrap_or_default());
        if ok {
            if let Some(index) = usize::try_from(index).ok().filter(|&x| x < num_args) {
                return (index, i + wid, true);
            }
        }
        self.good_arg_num = false;
        (arg_num, i + wid, ok)
    }
}

/// Go's `parseArgNumber` on text starting with `[`: the index (one-based input, zero-based
/// result), the bytes consumed and whether it parsed.
fn parse_arg_number(b: &[u8]) -> (i64, usize, bool) {
    if b.len() < 3 {
        return (0, 1, false);
    }
    if let Some(close) = b.iter().skip(1).position(|&c| c == b']').map(|p| p + 1) {
        let (width, ok, next) = parsenum(b, 1, close);
        if !ok || next != close {
            return (0, close + 1, false);
        }
        return (width - 1, close + 1, true);
    }
    (0, 1, false)
}

/// Go's `parsenum`: digits from `start`; an absurd number gives up and consumes everything,
/// which then reports `%!(NOVERB)`.
fn parsenum(b: &[u8], start: usize, end: usize) -> (i64, bool, usize) {
    if start >= end {
        return (0, false, end);
    }
    let mut num: i64 = 0;
    let mut isnum = false;
    let mut i = start;
    while i < end {
        let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) else {
            break;
        };
        if too_large(num) {
            return (0, false, end);
        }
        num = num * 10 + i64::from(c - b'0');
        isnum = true;
        i += 1;
    }
    (num, isnum, i)
}

fn too_large(x: i64) -> bool {
    !(-TOO_LARGE..=TOO_LARGE).contains(&x)
}

/// Go's `intFromArg`: the operand for a `*` width or precision, and the next operand index.
fn int_from_arg(a: &[Value], arg_num: usize) -> (i64, bool, usize) {
    let Some(arg) = a.get(arg_num) else {
        return (0, false, arg_num);
    };
    match arg.resolved() {
        Value::Int(n) if !too_large(n) => (n, true, arg_num + 1),
        _ => (0, false, arg_num + 1),
    }
}

fn ascii(b: &[u8]) -> String {
    b.iter().map(|&c| char::from(c)).collect()
}

/// An integer as a rune; invalid code points (negative, too large, surrogates) are U+FFFD.
fn rune_of(u: u64) -> char {
    u32::try_from(u)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or(char::REPLACEMENT_CHARACTER)
}

// ---- strconv: quoting ----

/// Go's `appendEscapedRune`.
fn push_escaped(out: &mut String, r: char, quote: char, ascii_only: bool) {
    if r == quote || r == '\\' {
        out.push('\\');
        out.push(r);
        return;
    }
    if is_print(r) && (!ascii_only || r.is_ascii()) {
        out.push(r);
        return;
    }
    let esc = match r {
        '\x07' => "\\a",
        '\x08' => "\\b",
        '\x0c' => "\\f",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\x0b' => "\\v",
        _ => {
            let v = u32::from(r);
            let s = if v < 0x20 || v == 0x7f {
                format!("\\x{v:02x}")
            } else if v < 0x10000 {
                format!("\\u{v:04x}")
            } else {
                format!("\\U{v:08x}")
            };
            out.push_str(&s);
            return;
        }
    };
    out.push_str(esc);
}

/// Go's `strconv.Quote`, or `QuoteToASCII` when `ascii_only`.
fn quote_with(s: &str, ascii_only: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_escaped(&mut out, c, '"', ascii_only);
    }
    out.push('"');
    out
}

/// Go's `strconv.QuoteRune`, or `QuoteRuneToASCII` when `ascii_only`.
fn quote_rune(r: char, ascii_only: bool) -> String {
    let mut out = String::with_capacity(8);
    out.push('\'');
    push_escaped(&mut out, r, '\'', ascii_only);
    out.push('\'');
    out
}

/// Go's `strconv.CanBackquote`: no control characters but tab, no backquote, no BOM.
fn can_backquote(s: &str) -> bool {
    s.chars().all(|c| {
        if c.len_utf8() > 1 {
            c != '\u{feff}'
        } else {
            !((c < ' ' && c != '\t') || c == '`' || c == '\x7f')
        }
    })
}

// ---- strconv: floats ----

/// Decimal digits of |v|: the value is `0.D1D2D3… × 10^dp`, without trailing zeros; zero has
/// no digits (Go's `decimalSlice`).
struct Digits {
    d: Vec<u8>,
    dp: i64,
}

impl Digits {
    fn new(mut d: Vec<u8>, mut dp: i64) -> Digits {
        let lead = d.iter().take_while(|&&c| c == b'0').count();
        d.drain(..lead);
        dp -= lead as i64;
        while d.last() == Some(&b'0') {
            d.pop();
        }
        if d.is_empty() {
            dp = 0;
        }
        Digits { d, dp }
    }

    /// From Rust's exponent form, e.g. `1.2345e-7`.
    fn from_exp(s: &str) -> Digits {
        let (mant, exp) = s.split_once('e').unwrap_or((s, "0"));
        let d: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
        let exp: i64 = exp.parse().unwrap_or(0);
        Digits::new(d, exp + 1)
    }

    /// From Rust's fixed form, e.g. `123.4500`.
    fn from_fixed(s: &str) -> Digits {
        let int_len = s.bytes().take_while(u8::is_ascii_digit).count();
        let d: Vec<u8> = s.bytes().filter(u8::is_ascii_digit).collect();
        Digits::new(d, int_len as i64)
    }

    fn nd(&self) -> i64 {
        self.d.len() as i64
    }

    fn digit(&self, i: i64) -> char {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.d.get(i))
            .map_or('0', |&c| char::from(c))
    }
}

/// Shortest digits that read back as `v` (what Go's precision -1 selects); Rust's `{:e}`
/// picks the same ones.
fn shortest_digits(v: f64) -> Digits {
    Digits::from_exp(&format!("{:e}", v.abs()))
}

/// `n` significant digits, correctly rounded (ties to even, as Go's strconv).
fn sig_digits(v: f64, n: i64) -> Digits {
    let n = usize::try_from(n).unwrap_or(1).clamp(1, MAX_SIG_DIGITS);
    Digits::from_exp(&format!("{:.*e}", n - 1, v.abs()))
}

/// Digits rounded to `prec` places after the point.
fn frac_digits(v: f64, prec: i64) -> Digits {
    let p = usize::try_from(prec).unwrap_or(0).min(MAX_FRAC_DIGITS);
    Digits::from_fixed(&format!("{:.*}", p, v.abs()))
}

/// Go's `strconv.FormatFloat(v, fmt, prec, 64)`.
fn format_float(v: f64, fmt: u8, prec: i64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let neg = v.is_sign_negative();
    match fmt {
        b'b' => return format_b(v),
        b'x' | b'X' => return format_x(v, prec, fmt),
        b'e' | b'E' | b'f' | b'g' | b'G' => {}
        _ => return format!("%{}", char::from(fmt)),
    }
    let shortest = prec < 0;
    let (digs, prec) = if shortest {
        let d = shortest_digits(v);
        let p = match fmt {
            b'e' | b'E' => (d.nd() - 1).max(0),
            b'f' => (d.nd() - d.dp).max(0),
            _ => d.nd(),
        };
        (d, p)
    } else {
        match fmt {
            b'e' | b'E' => (sig_digits(v, prec + 1), prec),
            b'f' => (frac_digits(v, prec), prec),
            _ => {
                let p = prec.max(1);
                (sig_digits(v, p), p)
            }
        }
    };
    let mut out = String::new();
    match fmt {
        b'e' | b'E' => fmt_e(&mut out, neg, &digs, prec, fmt),
        b'f' => fmt_f(&mut out, neg, &digs, prec),
        _ => {
            // %e when the exponent is < -4 or >= the precision (6 for shortest);
            // trailing zeros are not printed.
            let mut eprec = prec;
            if eprec > digs.nd() && digs.nd() >= digs.dp {
                eprec = digs.nd();
            }
            if shortest {
                eprec = 6;
            }
            let exp = digs.dp - 1;
            if exp < -4 || exp >= eprec {
                let p = prec.min(digs.nd());
                fmt_e(&mut out, neg, &digs, p - 1, fmt + b'e' - b'g');
            } else {
                let p = if prec > digs.dp { digs.nd() } else { prec };
                fmt_f(&mut out, neg, &digs, (p - digs.dp).max(0));
            }
        }
    }
    out
}

/// `-d.dddde±dd`
fn fmt_e(out: &mut String, neg: bool, d: &Digits, prec: i64, fmt: u8) {
    if neg {
        out.push('-');
    }
    out.push(d.digit(0));
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            out.push(d.digit(i));
        }
    }
    out.push(char::from(fmt));
    let exp = if d.d.is_empty() { 0 } else { d.dp - 1 };
    out.push(if exp < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", exp.unsigned_abs()));
}

/// `-ddd.ddd`
fn fmt_f(out: &mut String, neg: bool, d: &Digits, prec: i64) {
    if neg {
        out.push('-');
    }
    if d.dp > 0 {
        for i in 0..d.dp {
            out.push(d.digit(i));
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            out.push(d.digit(d.dp + i - 1));
        }
    }
}

/// Sign, mantissa with its implicit bit, and binary exponent (Go's `formatBits` prelude).
fn decompose(v: f64) -> (bool, u64, i64) {
    let bits = v.to_bits();
    let neg = bits >> 63 != 0;
    let mut exp = ((bits >> 52) & 0x7ff) as i64;
    let mut mant = bits & ((1 << 52) - 1);
    if exp == 0 {
        exp = 1; // denormal
    } else {
        mant |= 1 << 52;
    }
    (neg, mant, exp - 1023)
}

/// `%b`: `-ddddp±dd`, a decimal mantissa and a binary exponent.
fn format_b(v: f64) -> String {
    let (neg, mant, exp) = decompose(v);
    let exp = exp - 52;
    format!(
        "{}{mant}p{}{exp}",
        if neg { "-" } else { "" },
        if exp >= 0 { "+" } else { "" }
    )
}

/// `%x`: `-0x1.yyyyp±dd`, hexadecimal mantissa and binary exponent, rounded (ties to even)
/// to `prec` hex digits when `0 <= prec < 15`.
fn format_x(v: f64, prec: i64, fmt: u8) -> String {
    let (neg, mut mant, mut exp) = decompose(v);
    if mant == 0 {
        exp = 0;
    }
    // Leading 1 (if any) at bit 60.
    mant <<= 60 - 52;
    while mant != 0 && mant & (1 << 60) == 0 {
        mant <<= 1;
        exp -= 1;
    }
    if (0..15).contains(&prec) {
        let shift = (prec * 4) as u32;
        let extra = (mant << shift) & ((1 << 60) - 1);
        mant >>= 60 - shift;
        if extra | (mant & 1) > 1 << 59 {
            mant += 1;
        }
        mant <<= 60 - shift;
        if mant & (1 << 61) != 0 {
            // Rounded up to the next power of two.
            mant >>= 1;
            exp += 1;
        }
    }
    let hex = if fmt == b'X' {
        UPPER_DIGITS
    } else {
        LOWER_DIGITS
    };
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push('0');
    out.push(char::from(fmt));
    out.push(if (mant >> 60) & 1 == 1 { '1' } else { '0' });
    mant <<= 4; // drop the leading digit
    let hex_digit = |m: u64| char::from(hex[((m >> 60) & 15) as usize]);
    if prec < 0 && mant != 0 {
        out.push('.');
        while mant != 0 {
            out.push(hex_digit(mant));
            mant <<= 4;
        }
    } else if prec > 0 {
        out.push('.');
        for _ in 0..prec {
            out.push(hex_digit(mant));
            mant <<= 4;
        }
    }
    out.push(if fmt == b'X' { 'P' } else { 'p' });
    out.push(if exp < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", exp.unsigned_abs()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::value::{List, Map};
    use std::collections::BTreeMap;
    use std::sync::Arc;

    fn i(n: i64) -> Value {
        Value::Int(n)
    }

    fn f(x: f64) -> Value {
        Value::Float(x)
    }

    fn s(x: &str) -> Value {
        Value::str(x)
    }

    /// `Sprintf(format, arg)`.
    fn one(format: &str, arg: Value) -> String {
        sprintf(format, &[arg])
    }

    fn typed_list(type_name: &str, items: Vec<Value>) -> Value {
        Value::List(Arc::new(List {
            items,
            type_name: type_name.into(),
        }))
    }

    fn int_map(pairs: &[(&str, i64)]) -> Value {
        Value::Map(Arc::new(Map {
            entries: pairs
                .iter()
                .map(|&(k, v)| (k.to_string(), Value::Int(v)))
                .collect::<BTreeMap<_, _>>(),
            zero: Value::Int(0),
            type_name: "map[string]int".into(),
        }))
    }

    #[derive(Debug)]
    struct Point;

    impl Object for Point {
        fn type_name(&self) -> String {
            "main.Point".into()
        }
        fn field(&self, _: &str) -> Option<Value> {
            None
        }
        fn display(&self) -> String {
            "{1 2}".into()
        }
    }

    #[derive(Debug)]
    struct Labels;

    impl Object for Labels {
        fn type_name(&self) -> String {
            "template.KV".into()
        }
        fn field(&self, _: &str) -> Option<Value> {
            None
        }
        fn underlying(&self) -> Option<Value> {
            Some(Value::string_map([("b", "2"), ("a", "1")]))
        }
        fn display(&self) -> String {
            "unused".into()
        }
    }

    /// Go's fmt_test.go `zeroFill`.
    fn zero_fill(prefix: &str, width: usize, suffix: &str) -> String {
        format!("{prefix}{}{suffix}", "0".repeat(width - suffix.len()))
    }

    #[test]
    fn basics() {
        assert_eq!(one("%d", i(12345)), "12345");
        assert_eq!(one("%v", i(12345)), "12345");
        assert_eq!(one("%t", Value::Bool(true)), "true");
        assert_eq!(one("%v", Value::Bool(false)), "false");
        assert_eq!(one("%5t", Value::Bool(true)), " true");
        assert_eq!(sprintf("100%% %s", &[s("x")]), "100% x");
        assert_eq!(sprintf("plain", &[]), "plain");
    }

    #[test]
    fn strings() {
        let cases: &[(&str, &str, &str)] = &[
            ("%s", "abc", "abc"),
            ("%q", "abc", r#""abc""#),
            ("%x", "abc", "616263"),
            ("%x", "", ""),
            ("% x", "", ""),
            ("%#x", "", ""),
            ("%x", "xyz", "78797a"),
            ("%X", "xyz", "78797A"),
            ("% x", "xyz", "78 79 7a"),
            ("% X", "xyz", "78 79 7A"),
            ("%#x", "xyz", "0x78797a"),
            ("%#X", "xyz", "0X78797A"),
            ("%# x", "xyz", "0x78 0x79 0x7a"),
            ("%# X", "xyz", "0X78 0X79 0X7A"),
            ("%.1x", "日本語", "e6"),
            ("%2x", "", "  "),
            ("% 02x", "", "00"),
            ("%8x", "\u{ab}", "    c2ab"),
            ("%#010x", "xy", "00000x7879"),
            ("%# 010x", "xy", "00x78 0x79"),
            ("%# -010X", "xy", "0X78 0X79 "),
            ("%5s", "abc", "  abc"),
            ("%2s", "\u{263a}", " ☺"),
            ("%-5s", "abc", "abc  "),
            ("%05s", "abc", "00abc"),
            ("%0-5s", "abc", "abc  "),
            (
                "%5s",
                "abcdefghijklmnopqrstuvwxyz",
                "abcdefghijklmnopqrstuvwxyz",
            ),
            ("%.5s", "abcdefghijklmnopqrstuvwxyz", "abcde"),
            ("%.0s", "日本語日本語", ""),
            ("%.5s", "日本語日本語", "日本語日本"),
            ("%.10s", "日本語日本語", "日本語日本語"),
            ("%20.5s", "qwertyuiop", "               qwert"),
            ("%-20.5s", "qwertyuiop", "qwert               "),
            ("%v", "x", "x"),
            ("%#v", "foo", r#""foo""#),
        ];
        for &(format, arg, want) in cases {
            assert_eq!(one(format, s(arg)), want, "{format} {arg:?}");
        }
    }

    #[test]
    fn quoted_strings() {
        let cases: &[(&str, &str, &str)] = &[
            ("%q", "", r#""""#),
            ("%#q", "", "``"),
            ("%q", "\"", r#""\"""#),
            ("%#q", "\"", "`\"`"),
            ("%q", "`", "\"`\""),
            ("%#q", "`", "\"`\""),
            ("%q", "\n", r#""\n""#),
            ("%#q", "\n", r#""\n""#),
            ("%q", r"\n", r#""\\n""#),
            ("%#q", r"\n", r"`\n`"),
            ("%#q", "abc", "`abc`"),
            ("%q", "日本語", r#""日本語""#),
            ("%+q", "日本語", r#""\u65e5\u672c\u8a9e""#),
            ("%#q", "日本語", "`日本語`"),
            ("%#+q", "日本語", "`日本語`"),
            (
                "%q",
                "\x07\x08\x0c\n\r\t\x0b\"\\",
                r#""\a\b\f\n\r\t\v\"\\""#,
            ),
            (
                "%+q",
                "\x07\x08\x0c\n\r\t\x0b\"\\",
                r#""\a\b\f\n\r\t\v\"\\""#,
            ),
            ("%q", "☺", r#""☺""#),
            ("% q", "☺", r#""☺""#),
            ("%+q", "☺", r#""\u263a""#),
            ("%10q", "⌘", r#"       "⌘""#),
            ("%+10q", "⌘", r#"  "\u2318""#),
            ("%-10q", "⌘", r#""⌘"       "#),
            ("%010q", "⌘", r#"0000000"⌘""#),
            ("%+010q", "⌘", r#"00"\u2318""#),
            ("%-010q", "⌘", r#""⌘"       "#),
            ("%#8q", "\n", r#"    "\n""#),
            ("%#-8q", "\t", "`\t`     "),
            ("%#+-8q", "\x08", r#""\b"    "#),
            ("%q", "\u{10ffff}", r#""\U0010ffff""#),
            ("%#q", "\u{10ffff}", "`\u{10ffff}`"),
            // Go prints U+FFFD as itself (gostr::quote deliberately does not).
            ("%q", "\u{fffd}", "\"\u{fffd}\""),
            ("%+q", "\u{fffd}", r#""\ufffd""#),
            (
                "%q",
                "\x00\x1b\x7f\u{80}\u{ad}",
                r#""\x00\x1b\x7f\u0080\u00ad""#,
            ),
            ("%q", "\u{feff}", r#""\ufeff""#),
            ("%#q", "\u{feff}", r#""\ufeff""#),
            ("%08q", "abc", r#"000"abc""#),
            ("%-8q", "abc", r#""abc"   "#),
            ("%.5q", "abcdefghijklmnopqrstuvwxyz", r#""abcde""#),
            ("%.3q", "日本語日本語", r#""日本語""#),
            ("%10.1q", "日本語日本語", r#"       "日""#),
        ];
        for &(format, arg, want) in cases {
            assert_eq!(one(format, s(arg)), want, "{format} {arg:?}");
        }
    }

    #[test]
    fn characters() {
        let cases: &[(&str, i64, &str)] = &[
            ("%c", 'x' as i64, "x"),
            ("%c", 0xe4, "ä"),
            ("%c", 0x672c, "本"),
            ("%.0c", '⌘' as i64, "⌘"),
            ("%3c", '⌘' as i64, "  ⌘"),
            ("%-3c", '⌘' as i64, "⌘  "),
            ("%c", 0xe00, "\u{e00}"),
            ("%c", -1, "\u{fffd}"),
            ("%c", 0xDC80, "\u{fffd}"),
            ("%c", 0x110000, "\u{fffd}"),
            ("%c", 0xFFFFFFFFF, "\u{fffd}"),
            ("%20c", 'x' as i64, "                   x"),
            ("%q", 0, r"'\x00'"),
            ("%+q", 0, r"'\x00'"),
            ("%q", '"' as i64, r#"'"'"#),
            ("%q", '\'' as i64, r"'\''"),
            ("%q", '`' as i64, "'`'"),
            ("%q", 'x' as i64, "'x'"),
            ("%q", 'ÿ' as i64, "'ÿ'"),
            ("%+q", 'ÿ' as i64, r"'\u00ff'"),
            ("%q", '\n' as i64, r"'\n'"),
            ("%+q", '☺' as i64, r"'\u263a'"),
            ("%.0q", '☺' as i64, "'☺'"),
            ("%10q", '⌘' as i64, "       '⌘'"),
            ("%+10q", '⌘' as i64, r"  '\u2318'"),
            ("%010q", '⌘' as i64, "0000000'⌘'"),
            ("%+-010q", '⌘' as i64, r"'\u2318'  "),
            ("%q", 0xe00, r"'\u0e00'"),
            ("%q", 0x10ffff, r"'\U0010ffff'"),
            ("%q", -1, "'\u{fffd}'"),
            ("%q", 0xDC80, "'\u{fffd}'"),
            ("%q", 0x110000, "'\u{fffd}'"),
            ("%U", 0, "U+0000"),
            ("%U", -1, "U+FFFFFFFFFFFFFFFF"),
            ("%U", '\n' as i64, "U+000A"),
            ("%#U", '\n' as i64, "U+000A"),
            ("%+U", 'x' as i64, "U+0078"),
            ("%# U", 'x' as i64, "U+0078 'x'"),
            ("%#.2U", 'x' as i64, "U+0078 'x'"),
            ("%U", 0x263a, "U+263A"),
            ("%#U", 0x263a, "U+263A '☺'"),
            ("%U", 0x1D6C2, "U+1D6C2"),
            ("%#U", 0x1D6C2, "U+1D6C2 '𝛂'"),
            ("%#14.6U", '⌘' as i64, "  U+002318 '⌘'"),
            ("%#-14.6U", '⌘' as i64, "U+002318 '⌘'  "),
            ("%#014.6U", '⌘' as i64, "  U+002318 '⌘'"),
            ("%#-014.6U", '⌘' as i64, "U+002318 '⌘'  "),
        ];
        for &(format, arg, want) in cases {
            assert_eq!(one(format, i(arg)), want, "{format} {arg}");
        }
        assert_eq!(one("%.68U", i(42)), zero_fill("U+", 68, "2A"));
        assert_eq!(
            one("%#.68U", i('日' as i64)),
            zero_fill("U+", 68, "65E5") + " '日'"
        );
    }

    #[test]
    fn integers() {
        let cases: &[(&str, i64, &str)] = &[
            ("%d", -12345, "-12345"),
            ("%d", i64::MIN, "-9223372036854775808"),
            ("%d", i64::MAX, "9223372036854775807"),
            ("%.d", 0, ""),
            ("%.0d", 0, ""),
            ("%6.0d", 0, "      "),
            ("%06.0d", 0, "      "),
            ("% d", 12345, " 12345"),
            ("%+d", 12345, "+12345"),
            ("%+d", -12345, "-12345"),
            ("%b", 7, "111"),
            ("%b", -6, "-110"),
            ("%#b", 7, "0b111"),
            ("%#b", -6, "-0b110"),
            ("%o", 0o1234, "1234"),
            ("%o", -0o1234, "-1234"),
            ("%#o", 0o1234, "01234"),
            ("%#o", -0o1234, "-01234"),
            ("%O", 0o1234, "0o1234"),
            ("%O", -0o1234, "-0o1234"),
            ("%#X", 0, "0X0"),
            ("%x", 0x12abcdef, "12abcdef"),
            ("%X", 0x12abcdef, "12ABCDEF"),
            ("%x", -255, "-ff"),
            ("%.20b", 7, "00000000000000000111"),
            ("%10d", 12345, "     12345"),
            ("%10d", -12345, "    -12345"),
            ("%+10d", 12345, "    +12345"),
            ("%010d", 12345, "0000012345"),
            ("%010d", -12345, "-000012345"),
            ("%20.8d", 1234, "            00001234"),
            ("%20.8d", -1234, "           -00001234"),
            ("%020.8d", 1234, "            00001234"),
            ("%020.8d", -1234, "           -00001234"),
            ("%-20.8d", 1234, "00001234            "),
            ("%-20.8d", -1234, "-00001234           "),
            ("%-#20.8x", 0x1234abc, "0x01234abc          "),
            ("%-#20.8X", 0x1234abc, "0X01234ABC          "),
            ("%-#20.8o", 0o1234, "00001234            "),
            // %+v only names struct fields; it is no sign flag.
            ("%+v", 5, "5"),
            ("% v", 5, " 5"),
            ("%#v", 1000000000, "1000000000"),
            ("%#x", 255, "0xff"),
            ("%#08x", 255, "0x000000ff"),
        ];
        for &(format, arg, want) in cases {
            assert_eq!(one(format, i(arg)), want, "{format} {arg}");
        }
        assert_eq!(one("%b", i(i64::MIN)), zero_fill("-1", 63, ""));
        assert_eq!(one("%068d", i(1)), zero_fill("", 68, "1"));
        assert_eq!(one("%068d", i(-1)), zero_fill("-", 67, "1"));
        assert_eq!(one("%#.68x", i(42)), zero_fill("0x", 68, "2a"));
        assert_eq!(one("%.68d", i(-42)), zero_fill("-", 68, "42"));
        assert_eq!(one("%+.68d", i(42)), zero_fill("+", 68, "42"));
        assert_eq!(one("% .68d", i(42)), zero_fill(" ", 68, "42"));
        assert_eq!(one("% +.68d", i(42)), zero_fill("+", 68, "42"));
    }

    #[test]
    fn floats() {
        let cases: &[(&str, f64, &str)] = &[
            ("%+.3e", 0.0, "+0.000e+00"),
            ("%+.3e", 1.0, "+1.000e+00"),
            ("%+.3x", 0.0, "+0x0.000p+00"),
            ("%+.3x", 1.0, "+0x1.000p+00"),
            ("%+.3f", -1.0, "-1.000"),
            ("%+.3F", -1.0, "-1.000"),
            ("%+07.2f", 1.0, "+001.00"),
            ("%+07.2f", -1.0, "-001.00"),
            ("%-07.2f", 1.0, "1.00   "),
            ("%-07.2f", -1.0, "-1.00  "),
            ("%+-07.2f", 1.0, "+1.00  "),
            ("%-+07.2f", -1.0, "-1.00  "),
            ("%+10.2f", 1.0, "     +1.00"),
            ("%+10.2f", -1.0, "     -1.00"),
            ("% .3E", -1.0, "-1.000E+00"),
            ("% .3e", 1.0, " 1.000e+00"),
            ("% .3X", -1.0, "-0X1.000P+00"),
            ("% .3x", 1.0, " 0x1.000p+00"),
            ("%+.3g", 0.0, "+0"),
            ("%+.3g", 1.0, "+1"),
            ("%+.3g", -1.0, "-1"),
            ("% .3g", -1.0, "-1"),
            ("% .3g", 1.0, " 1"),
            ("%b", 1.0, "4503599627370496p-52"),
            ("%#b", 1.0, "4503599627370496p-52"),
            ("%.4b", -1.0, "-4503599627370496p-52"),
            ("%x", 1.0, "0x1p+00"),
            ("%X", -1.5, "-0X1.8P+00"),
            ("%x", 0.0, "0x0p+00"),
            ("%#g", 1e-323, "1.00000e-323"),
            ("%#g", -1.0, "-1.00000"),
            ("%#g", 1.1, "1.10000"),
            ("%#g", 123456.0, "123456."),
            ("%#g", 1234567.0, "1.234567e+06"),
            ("%#g", 1230000.0, "1.23000e+06"),
            ("%#g", 1000000.0, "1.00000e+06"),
            ("%#.0f", 1.0, "1."),
            ("%#.0e", 1.0, "1.e+00"),
            ("%#.0x", 1.0, "0x1.p+00"),
            ("%#.0g", 1.0, "1."),
            ("%#.0g", 1100000.0, "1.e+06"),
            ("%#.4f", 1.0, "1.0000"),
            ("%#.4e", 1.0, "1.0000e+00"),
            ("%#.4x", 1.0, "0x1.0000p+00"),
            ("%#.4g", 1.0, "1.000"),
            ("%#.4g", 100000.0, "1.000e+05"),
            ("%#.4g", 1.234, "1.234"),
            ("%#.4g", 0.1234, "0.1234"),
            ("%#.4g", 1.23, "1.230"),
            ("%#.4g", 0.123, "0.1230"),
            ("%#.4g", 1.2, "1.200"),
            ("%#.4g", 0.12, "0.1200"),
            ("%#.4g", 10.2, "10.20"),
            ("%#.4g", 0.0, "0.000"),
            ("%#.4g", 0.012, "0.01200"),
            ("%#.0f", 123.0, "123."),
            ("%#.0e", 123.0, "1.e+02"),
            ("%#.0x", 123.0, "0x1.p+07"),
            ("%#.0g", 123.0, "1.e+02"),
            ("%#.4f", 123.0, "123.0000"),
            ("%#.4e", 123.0, "1.2300e+02"),
            ("%#.4x", 123.0, "0x1.ec00p+06"),
            ("%#.4g", 123.0, "123.0"),
            ("%#.4g", 123000.0, "1.230e+05"),
            ("%#9.4g", 1.0, "    1.000"),
            ("%e", 1.0, "1.000000e+00"),
            ("%e", 1234.5678e3, "1.234568e+06"),
            ("%e", 1234.5678e-8, "1.234568e-05"),
            ("%e", -7.0, "-7.000000e+00"),
            ("%e", -1e-9, "-1.000000e-09"),
            ("%f", 1234.5678e3, "1234567.800000"),
            ("%f", 1234.5678e-8, "0.000012"),
            ("%f", -7.0, "-7.000000"),
            ("%f", -1e-9, "-0.000000"),
            ("%g", 1234.5678e3, "1.2345678e+06"),
            ("%g", 1234.5678e-8, "1.2345678e-05"),
            ("%g", -7.0, "-7"),
            ("%g", -1e-9, "-1e-09"),
            ("%E", 1.0, "1.000000E+00"),
            ("%E", 1234.5678e3, "1.234568E+06"),
            ("%E", -1e-9, "-1.000000E-09"),
            ("%G", 1234.5678e3, "1.2345678E+06"),
            ("%G", 1234.5678e-8, "1.2345678E-05"),
            ("%G", -7.0, "-7"),
            ("%G", -1e-9, "-1E-09"),
            ("%20.6e", 1.2345e3, "        1.234500e+03"),
            ("%20.6e", 1.2345e-3, "        1.234500e-03"),
            ("%20e", 1.2345e3, "        1.234500e+03"),
            ("%20.8e", 1.2345e3, "      1.23450000e+03"),
            ("%20f", 1.23456789e3, "         1234.567890"),
            ("%20f", 1.23456789e-3, "            0.001235"),
            ("%20f", 12_345_678_901.234_568, "  12345678901.234568"),
            ("%-20f", 1.23456789e3, "1234.567890         "),
            ("%20.8f", 1.23456789e3, "       1234.56789000"),
            ("%20.8f", 1.23456789e-3, "          0.00123457"),
            ("%g", 1.23456789e3, "1234.56789"),
            ("%g", 1.23456789e-3, "0.00123456789"),
            ("%g", 1.23456789e20, "1.23456789e+20"),
            ("%.2f", 1.0, "1.00"),
            ("% .2f", 1.0, " 1.00"),
            ("%+.2f", 1.0, "+1.00"),
            ("%7.2f", -1.0, "  -1.00"),
            ("% 7.2f", 1.0, "   1.00"),
            ("%+7.2f", 1.0, "  +1.00"),
            ("% +7.2f", 1.0, "  +1.00"),
            ("%07.2f", 1.0, "0001.00"),
            ("%07.2f", -1.0, "-001.00"),
            ("% 07.2f", 1.0, " 001.00"),
            ("% +07.2f", 1.0, "+001.00"),
            ("%-05.1f", 1.0, "1.0  "),
            ("%6.f", 12.0, "    12"),
            ("%v", 1.2345678, "1.2345678"),
            ("%#v", 1.2345678, "1.2345678"),
            ("%#v", 1.0, "1"),
            ("%#v", 1000000.0, "1e+06"),
            ("%.3v", 1.23456, "1.23"),
            // Ties round to even, as strconv does.
            ("%.0f", 0.5, "0"),
            ("%.0f", 1.5, "2"),
            ("%.0f", 2.5, "2"),
            ("%.1f", 0.25, "0.2"),
            ("%.2e", 1.125, "1.12e+00"),
        ];
        for &(format, arg, want) in cases {
            assert_eq!(one(format, f(arg)), want, "{format} {arg:e}");
        }
        assert_eq!(one("%.68f", f(1.0)), zero_fill("1.", 68, ""));
        assert_eq!(one("%.68f", f(-1.0)), zero_fill("-1.", 68, ""));
    }

    #[test]
    fn float_default_format() {
        let cases: &[(f64, &str)] = &[
            (123456789.0, "1.23456789e+08"),
            (1e6, "1e+06"),
            (100000.0, "100000"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (0.0, "0"),
            (-0.0, "-0"),
            (1.5, "1.5"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e21, "1e+21"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
        ];
        for &(v, want) in cases {
            assert_eq!(sprint(&[f(v)]), want, "{v:e}");
            assert_eq!(one("%v", f(v)), want, "{v:e}");
            assert_eq!(one("%g", f(v)), want, "{v:e}");
        }
    }

    #[test]
    fn infinities_and_nan() {
        let (inf, ninf, nan) = (f64::INFINITY, f64::NEG_INFINITY, f64::NAN);
        let cases: &[(&str, f64, &str)] = &[
            ("%v", inf, "+Inf"),
            ("%v", ninf, "-Inf"),
            ("%v", nan, "NaN"),
            ("%f", inf, "+Inf"),
            ("%.1f", ninf, "-Inf"),
            ("% f", nan, " NaN"),
            ("%5.1f", nan, "  NaN"),
            ("%20f", inf, "                +Inf"),
            ("% 20F", inf, "                 Inf"),
            ("% 20e", ninf, "                -Inf"),
            ("% 20x", ninf, "                -Inf"),
            ("%+20E", ninf, "                -Inf"),
            ("%+20X", ninf, "                -Inf"),
            ("% +20g", ninf, "                -Inf"),
            ("%+-20G", inf, "+Inf                "),
            ("%20e", nan, "                 NaN"),
            ("%20x", nan, "                 NaN"),
            ("% +20E", nan, "                +NaN"),
            ("% +20X", nan, "                +NaN"),
            ("% -20g", nan, " NaN                "),
            ("%+-20G", nan, "+NaN                "),
            ("%+020e", inf, "                +Inf"),
            ("%+020x", inf, "                +Inf"),
            ("%-020f", ninf, "-Inf                "),
            ("%-020E", nan, "NaN                 "),
            ("%-020X", nan, "NaN                 "),
            ("%b", inf, "+Inf"),
        ];
        for &(format, arg, want) in cases {
            assert_eq!(one(format, f(arg)), want, "{format} {arg}");
        }
    }

    #[test]
    fn slices_and_maps() {
        let iarray = Value::list(vec![i(1), s("hello"), f(2.5), Value::Nil]);
        assert_eq!(one("%v", iarray.clone()), "[1 hello 2.5 <nil>]");
        assert_eq!(sprint(std::slice::from_ref(&iarray)), "[1 hello 2.5 <nil>]");
        assert_eq!(
            one("%#v", iarray),
            r#"[]interface {}{1, "hello", 2.5, interface {}(nil)}"#
        );
        let ints = typed_list("[]int", vec![i(1), i(2), i(15)]);
        assert_eq!(one("%#x", ints.clone()), "[0x1 0x2 0xf]");
        assert_eq!(one("%x", ints.clone()), "[1 2 f]");
        assert_eq!(one("%d", ints.clone()), "[1 2 15]");
        assert_eq!(one("%5d", ints.clone()), "[    1     2    15]");
        assert_eq!(one("%#v", ints.clone()), "[]int{1, 2, 15}");
        assert_eq!(one("%T", ints), "[]int");
        let bytes_like = typed_list("[]int", vec![i(1), i(11), i(111)]);
        assert_eq!(one("% v", bytes_like.clone()), "[ 1  11  111]");
        assert_eq!(one("%+d", bytes_like.clone()), "[+1 +11 +111]");
        assert_eq!(one("%6v", bytes_like.clone()), "[     1     11    111]");
        assert_eq!(one("%-6v", bytes_like), "[1      11     111   ]");
        let strs = Value::string_list(["a", "b"]);
        assert_eq!(one("%q", strs.clone()), r#"["a" "b"]"#);
        assert_eq!(one("%#v", strs.clone()), r#"[]string{"a", "b"}"#);
        assert_eq!(one("%x", strs), "[61 62]");
        assert_eq!(one("%v", typed_list("[]int", vec![])), "[]");
        assert_eq!(one("%#v", typed_list("[]int", vec![])), "[]int{}");
        assert_eq!(
            one("%06v", Value::list(vec![f(10.0), i(10)])),
            "[000010 000010]"
        );
        assert_eq!(
            one("%06v", Value::list(vec![f(-10.0), i(10)])),
            "[-00010 000010]"
        );
        assert_eq!(
            one("%03.6v", Value::list(vec![i(1), f(2.0), s("x")])),
            "[000001 002 00x]"
        );
        assert_eq!(
            one("%03.0v", Value::list(vec![i(0), f(2.0), s("x")])),
            "[    002 000]"
        );
        assert_eq!(
            one("%d", Value::list(vec![i(1), s("a"), Value::Nil])),
            "[1 %!d(string=a) <nil>]"
        );
        assert_eq!(
            one(
                "%v",
                Value::list(vec![Value::list(vec![i(1)]), Value::Bool(true)])
            ),
            "[[1] true]"
        );

        let m = int_map(&[("b", 2), ("a", 1)]);
        assert_eq!(one("%v", m.clone()), "map[a:1 b:2]");
        assert_eq!(sprint(std::slice::from_ref(&m)), "map[a:1 b:2]");
        assert_eq!(one("%#v", int_map(&[("a", 1)])), r#"map[string]int{"a":1}"#);
        assert_eq!(one("%#v", int_map(&[])), "map[string]int{}");
        assert_eq!(one("%v", int_map(&[])), "map[]");
        assert_eq!(one("%d", int_map(&[("a", 1)])), "map[%!d(string=a):1]");
        assert_eq!(one("%x", m.clone()), "map[61:1 62:2]");
        assert_eq!(one("%T", m), "map[string]int");
        assert_eq!(one("%v", Value::string_map([("k", "v w")])), "map[k:v w]");
    }

    #[test]
    fn objects() {
        let p = Value::Object(Arc::new(Point));
        assert_eq!(one("%v", p.clone()), "{1 2}");
        assert_eq!(one("%s", p.clone()), "{1 2}");
        assert_eq!(one("%7v", p.clone()), "  {1 2}");
        assert_eq!(one("%q", p.clone()), r#""{1 2}""#);
        assert_eq!(one("%T", p.clone()), "main.Point");
        assert_eq!(one("%d", p.clone()), "%!d(main.Point={1 2})");
        assert_eq!(sprint(&[p.clone(), p.clone()]), "{1 2} {1 2}");
        assert_eq!(one("%v", Value::list(vec![p])), "[{1 2}]");
        // A named map prints as its map; %T and %#v name the named type.
        let kv = Value::Object(Arc::new(Labels));
        assert_eq!(one("%v", kv.clone()), "map[a:1 b:2]");
        assert_eq!(print_value(&kv), "map[a:1 b:2]");
        assert_eq!(one("%T", kv.clone()), "template.KV");
        assert_eq!(one("%#v", kv), r#"template.KV{"a":"1", "b":"2"}"#);
    }

    #[test]
    fn type_verb() {
        assert_eq!(one("%T", i(0)), "int");
        assert_eq!(one("%T", f(0.0)), "float64");
        assert_eq!(one("%T", s("")), "string");
        assert_eq!(one("%T", Value::Bool(true)), "bool");
        assert_eq!(one("%T", Value::list(vec![])), "[]interface {}");
        assert_eq!(one("%T", Value::Nil), "<nil>");
        assert_eq!(one("%10T", Value::Nil), "     <nil>");
        assert_eq!(one("%-10T", Value::Nil), "<nil>     ");
        assert_eq!(one("%6T", i(0)), "   int");
    }

    #[test]
    fn nil_and_missing() {
        assert_eq!(one("%v", Value::Nil), "<nil>");
        assert_eq!(one("%#v", Value::Nil), "<nil>");
        assert_eq!(one("%10v", Value::Nil), "     <nil>");
        assert_eq!(one("%-10v", Value::Nil), "<nil>     ");
        assert_eq!(one("%d", Value::Nil), "%!d(<nil>)");
        assert_eq!(one("%p", Value::Nil), "%!p(<nil>)");
        assert_eq!(
            sprintf("%s %s %s", &[Value::Nil, s("x"), Value::Nil]),
            "%!s(<nil>) x %!s(<nil>)"
        );
        // text/template hands fmt a nil interface for a missing value.
        assert_eq!(one("%v", Value::Missing), "<nil>");
        assert_eq!(one("%d", Value::Missing), "%!d(<nil>)");
        assert_eq!(sprint(&[Value::Missing]), "<nil>");
        assert_eq!(print_value(&Value::Missing), "<no value>");
        assert_eq!(print_value(&Value::Nil), "<nil>");
        assert_eq!(print_value(&f(1e6)), "1e+06");
        assert_eq!(print_value(&s("x")), "x");
    }

    #[test]
    fn bad_verbs() {
        assert_eq!(one("%d", s("hello")), "%!d(string=hello)");
        assert_eq!(one("%z", i(5)), "%!z(int=5)");
        assert_eq!(one("%☠", Value::Nil), "%!☠(<nil>)");
        assert_eq!(one("%☠", i(0)), "%!☠(int=0)");
        assert_eq!(one("%☠", s("hello")), "%!☠(string=hello)");
        assert_eq!(one("%☠", f(1.2345678)), "%!☠(float64=1.2345678)");
        assert_eq!(
            one("%☠", Value::list(vec![i(0), i(1)])),
            "[%!☠(int=0) %!☠(int=1)]"
        );
        assert_eq!(one("%s", i(5)), "%!s(int=5)");
        assert_eq!(one("%d", Value::Bool(true)), "%!d(bool=true)");
        assert_eq!(one("%t", i(1)), "%!t(int=1)");
        assert_eq!(one("%d", f(1.5)), "%!d(float64=1.5)");
        assert_eq!(one("%p", i(27)), "%!p(int=27)");
        assert_eq!(one("%w", i(1)), "%!w(int=1)");
        // The operand prints under the verb's flags, as in Go.
        assert_eq!(sprintf("%*d", &[i(5), s("foo")]), "%!d(string=  foo)");
    }

    #[test]
    fn malformed_formats() {
        assert_eq!(sprintf("", &[Value::Nil]), "%!(EXTRA <nil>)");
        assert_eq!(sprintf("", &[i(2)]), "%!(EXTRA int=2)");
        assert_eq!(
            sprintf("no args", &[s("hello")]),
            "no args%!(EXTRA string=hello)"
        );
        assert_eq!(
            sprintf("%d", &[i(1), i(1), s("a")]),
            "1%!(EXTRA int=1, string=a)"
        );
        assert_eq!(sprintf("%s %", &[s("hello")]), "hello %!(NOVERB)");
        assert_eq!(sprintf("%s %.2", &[s("hello")]), "hello %!(NOVERB)");
        assert_eq!(sprintf("%", &[]), "%!(NOVERB)");
        assert_eq!(
            sprintf("%017091901790959340919092959340919017929593813360", &[i(0)]),
            "%!(NOVERB)%!(EXTRA int=0)"
        );
        assert_eq!(
            sprintf("%184467440737095516170v", &[i(0)]),
            "%!(NOVERB)%!(EXTRA int=0)"
        );
        assert_eq!(
            sprintf("%010.2", &[s("12345")]),
            "%!(NOVERB)%!(EXTRA string=12345)"
        );
        assert_eq!(sprintf("%.", &[i(3)]), "%!.(int=3)");
        assert_eq!(sprintf("%d", &[]), "%!d(MISSING)");
        assert_eq!(sprintf("%d %s", &[i(1)]), "1 %!s(MISSING)");
        assert_eq!(
            sprintf("%2147483648d", &[i(42)]),
            "%!(NOVERB)%!(EXTRA int=42)"
        );
        assert_eq!(
            sprintf("%.2147483648d", &[i(42)]),
            "%!(NOVERB)%!(EXTRA int=42)"
        );
    }

    #[test]
    fn argument_indexes() {
        let cases: &[(&str, &[Value], &str)] = &[
            ("%[1]d", &[i(1)], "1"),
            ("%[2]d", &[i(2), i(1)], "1"),
            ("%[2]d %[1]d", &[i(1), i(2)], "2 1"),
            ("%[2]*[1]d", &[i(2), i(5)], "    2"),
            ("%6.2f", &[f(12.0)], " 12.00"),
            ("%[3]*.[2]*[1]f", &[f(12.0), i(2), i(6)], " 12.00"),
            ("%[1]*.[2]*[3]f", &[i(6), i(2), f(12.0)], " 12.00"),
            ("%10f", &[f(12.0)], " 12.000000"),
            ("%[1]*[3]f", &[i(10), i(99), f(12.0)], " 12.000000"),
            ("%.6f", &[f(12.0)], "12.000000"),
            ("%.[1]*[3]f", &[i(6), i(99), f(12.0)], "12.000000"),
            ("%6.f", &[f(12.0)], "    12"),
            ("%[1]*.[3]f", &[i(6), i(3), f(12.0)], "    12"),
            (
                "%d %d %d %#[1]o %#o %#o",
                &[i(11), i(12), i(13)],
                "11 12 13 013 014 015",
            ),
            ("%[d", &[i(2), i(1)], "%!d(BADINDEX)"),
            ("%]d", &[i(2), i(1)], "%!](int=2)d%!(EXTRA int=1)"),
            ("%[]d", &[i(2), i(1)], "%!d(BADINDEX)"),
            ("%[-3]d", &[i(2), i(1)], "%!d(BADINDEX)"),
            ("%[99]d", &[i(2), i(1)], "%!d(BADINDEX)"),
            ("%[3]", &[i(2), i(1)], "%!(NOVERB)"),
            ("%[1].2d", &[i(5), i(6)], "%!d(BADINDEX)"),
            ("%[1]2d", &[i(2), i(1)], "%!d(BADINDEX)"),
            ("%3.[2]d", &[i(7)], "%!d(BADINDEX)"),
            ("%.[2]d", &[i(7)], "%!d(BADINDEX)"),
            (
                "%d %d %d %#[1]o %#o %#o %#o",
                &[i(11), i(12), i(13)],
                "11 12 13 013 014 015 %!o(MISSING)",
            ),
            ("%[5]d %[2]d %d", &[i(1), i(2), i(3)], "%!d(BADINDEX) 2 3"),
            ("%d %[3]d %d", &[i(1), i(2)], "1 %!d(BADINDEX) 2"),
            ("%.[]", &[], "%!](BADINDEX)"),
            ("%.-3d", &[i(42)], "%!-(int=42)3d"),
        ];
        for &(format, args, want) in cases {
            assert_eq!(sprintf(format, args), want, "{format}");
        }
    }

    #[test]
    fn star_width_and_precision() {
        let cases: &[(&str, &[Value], &str)] = &[
            ("%*d", &[i(4), i(42)], "  42"),
            ("%-*d", &[i(4), i(42)], "42  "),
            ("%*d", &[i(-4), i(42)], "42  "),
            ("%-*d", &[i(-4), i(42)], "42  "),
            ("%.*d", &[i(4), i(42)], "0042"),
            ("%*.*d", &[i(8), i(4), i(42)], "    0042"),
            ("%0*d", &[i(4), i(42)], "0042"),
            ("%*d", &[Value::Nil, i(42)], "%!(BADWIDTH)42"),
            ("%*d", &[i(10_000_000), i(42)], "%!(BADWIDTH)42"),
            ("%*d", &[i(-10_000_000), i(42)], "%!(BADWIDTH)42"),
            ("%*d", &[f(4.0), i(42)], "%!(BADWIDTH)42"),
            ("%.*d", &[Value::Nil, i(42)], "%!(BADPREC)42"),
            ("%.*d", &[i(-1), i(42)], "%!(BADPREC)42"),
            ("%.*d", &[i(10_000_000), i(42)], "%!(BADPREC)42"),
            ("%*% %d", &[i(20), i(5)], "% 5"),
            ("%*", &[i(4)], "%!(NOVERB)"),
            ("%*d", &[], "%!(BADWIDTH)%!d(MISSING)"),
        ];
        for &(format, args, want) in cases {
            assert_eq!(sprintf(format, args), want, "{format}");
        }
    }

    #[test]
    fn sprint_spacing() {
        let args = [s("<"), i(1), s(">:"), i(1), i(2), i(3), s("!")];
        assert_eq!(sprint(&args), "<1>:1 2 3!");
        assert_eq!(sprintln(&args), "< 1 >: 1 2 3 !\n");
        assert_eq!(sprint(&[s("a"), s("b")]), "ab");
        assert_eq!(sprint(&[i(1), f(2.5), Value::Bool(true)]), "1 2.5 true");
        assert_eq!(sprint(&[Value::Nil, Value::Nil]), "<nil> <nil>");
        assert_eq!(sprint(&[]), "");
        assert_eq!(sprintln(&[]), "\n");
        // A named map is not a string: spaces around it.
        assert_eq!(
            sprint(&[i(1), Value::Object(Arc::new(Labels)), i(2)]),
            "1 map[a:1 b:2] 2"
        );
    }

    #[test]
    fn huge_widths_and_precisions_do_not_panic() {
        assert_eq!(one("%.9999999f", f(1.0)).len(), 2 + 9_999_999);
        assert_eq!(one("%.70000e", f(1.0)).len(), 2 + 70_000 + 4);
        let tiny = one("%.1100e", f(5e-324));
        assert!(
            tiny.starts_with("4.940656458412465441765687928682213723"),
            "{tiny}"
        );
        assert!(tiny.ends_with("0000e-324"), "{tiny}");
        assert_eq!(one("%.70000g", f(0.5)), "0.5");
        assert_eq!(one("%#.70000g", f(0.5)).len(), 70_002);
        assert_eq!(one("%.70000x", f(1.0)).len(), 4 + 70_000 + 4);
        assert_eq!(one("%9999999d", i(1)).len(), 9_999_999);
        assert_eq!(one("%.70000s", s("ab")), "ab");
        assert_eq!(one("%.70000U", i(1)).len(), 70_002);
    }

    proptest::proptest! {
        #[test]
        fn prop_never_panics(format in "[%#0+ \\-*.\\[\\]0-9a-zA-Z☠]{0,12}", n in proptest::num::i64::ANY, x in proptest::num::f64::ANY) {
            let args = [i(n), f(x), s("s\u{0}☺"), Value::Nil, Value::list(vec![i(n), f(x)]), int_map(&[("k", n)])];
            for k in 0..=args.len() {
                let _ = sprintf(&format, &args[..k]);
            }
        }
    }
}
