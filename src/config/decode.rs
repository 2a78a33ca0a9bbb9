//! Decoding configuration structs as Prometheus's Go code does: start from the type's
//! defaults, overwrite the keys present, take in the fields of inlined structs (Go's
//! `yaml:",inline"`), then validate (the body of Go's `UnmarshalYAML` after
//! `unmarshal((*plain)(c))`). A YAML null is Go's zero value, neither defaulted nor
//! validated, as in yaml.v2.
//!
//! `go_struct!` declares such a struct: its fields in Go's order, each decoded from the key
//! of the same name (or the `as "key"` given), `@inline` fields decoded from the parent's
//! mapping, `@keep` fields printed even when zero (Go fields without `omitempty`), an
//! optional `defaults` constructor (else the zero value) and an optional
//! `finish` method run after decoding.

use std::marker::PhantomData;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

/// A struct decoded key by key. Implemented by `go_struct!`.
pub trait Plain: Default + Sized {
    /// The Go type name that yaml.v2 prints in `field x not found in type T`.
    const TYPE_NAME: &'static str;

    /// Every key this struct takes, its inlined structs' keys included.
    fn fields() -> &'static [&'static str];

    /// Prometheus's default value (`Default...Config`); `Default` is Go's zero value.
    fn defaults() -> Self;

    /// Decodes the value of `key` into `self`; `false` when the key is not one of ours.
    fn visit_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;

    /// Validation and defaulting after decoding, with Prometheus's message.
    fn finish(&mut self) -> Result<(), String>;
}

/// Decodes a `Plain` struct: null is the zero value, a mapping starts from the defaults.
pub fn deserialize_plain<'de, T: Plain, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    struct Outer<T>(PhantomData<T>);
    impl<'de, T: Plain> Visitor<'de> for Outer<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(T::TYPE_NAME)
        }
        fn visit_none<E: de::Error>(self) -> Result<T, E> {
            Ok(T::default())
        }
        fn visit_unit<E: de::Error>(self) -> Result<T, E> {
            Ok(T::default())
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
            d.deserialize_struct(T::TYPE_NAME, T::fields(), Fields(PhantomData))
        }
    }
    struct Fields<T>(PhantomData<T>);
    impl<'de, T: Plain> Visitor<'de> for Fields<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(T::TYPE_NAME)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut value = T::defaults();
            let soft_before = crate::yaml::soft_error_count();
            while let Some(key) = map.next_key::<String>()? {
                if !value.visit_field(&key, &mut map)? {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            // A Go `UnmarshalYAML` returns yaml.v2's type errors before its own checks.
            if crate::yaml::soft_error_count() == soft_before {
                value.finish().map_err(de::Error::custom)?;
            }
            Ok(value)
        }
    }
    d.deserialize_option(Outer(PhantomData))
}

/// Stores a decoded field; a field whose value had a yaml.v2 soft error (already recorded,
/// see `yaml::Options::soft_errors`) keeps its zero value.
pub fn set_field<T: Default, E: de::Error>(field: &mut T, decoded: Result<T, E>) -> Result<(), E> {
    match decoded {
        Ok(v) => *field = v,
        Err(e) if crate::yaml::is_recorded(&e) => *field = T::default(),
        Err(e) => return Err(e),
    }
    Ok(())
}

/// Joins field lists once per type, for `Plain::fields`.
pub fn leak_fields(parts: &[&[&'static str]]) -> &'static [&'static str] {
    Box::leak(parts.concat().into_boxed_slice())
}

/// Declares a `Plain` struct; see the module documentation.
#[macro_export]
macro_rules! go_struct {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident : $go:literal
            $(, defaults = $defaults:ident)? $(, finish = $finish:ident)? {
            $(
                $(#[$fmeta:meta])*
                pub $(@$inline:ident)? $field:ident : $ty:ty $(as $key:literal)?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default)]
        $vis struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl $crate::config::decode::Plain for $name {
            const TYPE_NAME: &'static str = $go;

            fn fields() -> &'static [&'static str] {
                static FIELDS: std::sync::OnceLock<&'static [&'static str]> =
                    std::sync::OnceLock::new();
                FIELDS.get_or_init(|| {
                    $crate::config::decode::leak_fields(&[
                        $( $crate::go_struct!(@keys $($inline)? $field $ty $(, $key)?), )*
                    ])
                })
            }

            fn defaults() -> Self {
                $( return Self::$defaults(); )?
                #[allow(unreachable_code)]
                Self::default()
            }

            fn visit_field<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> Result<bool, A::Error> {
                $( $crate::go_struct!(@visit self key map $($inline)? $field $ty $(, $key)?); )*
                let _ = (key, map);
                Ok(false)
            }

            fn finish(&mut self) -> Result<(), String> {
                $( return self.$finish(); )?
                #[allow(unreachable_code)]
                Ok(())
            }
        }

        impl $crate::config::print::ToGo for $name {
            // Structs whose every field is `@keep` push right after creating the list.
            #[allow(clippy::vec_init_then_push)]
            fn to_go(&self) -> $crate::config::print::GoValue {
                #[allow(unused_mut)]
                let mut m: Vec<(String, $crate::config::print::GoValue)> = Vec::new();
                $( $crate::go_struct!(@emit self m $($inline)? $field $(, $key)?); )*
                $crate::config::print::GoValue::Map(m)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::config::decode::deserialize_plain(d)
            }
        }
    };
    (@keys inline $field:ident $ty:ty) => {
        <$ty as $crate::config::decode::Plain>::fields()
    };
    (@keys keep $field:ident $ty:ty $(, $key:literal)?) => {
        $crate::go_struct!(@keys $field $ty $(, $key)?)
    };
    (@keys $field:ident $ty:ty) => {
        &[stringify!($field)]
    };
    (@keys $field:ident $ty:ty, $key:literal) => {
        &[$key]
    };
    (@visit $self:ident $k:ident $map:ident inline $field:ident $ty:ty) => {
        if $crate::config::decode::Plain::visit_field(&mut $self.$field, $k, $map)? {
            return Ok(true);
        }
    };
    (@visit $self:ident $k:ident $map:ident keep $field:ident $ty:ty $(, $key:literal)?) => {
        $crate::go_struct!(@visit $self $k $map $field $ty $(, $key)?)
    };
    (@visit $self:ident $k:ident $map:ident $field:ident $ty:ty) => {
        if $k == stringify!($field) {
            $crate::config::decode::set_field(&mut $self.$field, $map.next_value())?;
            return Ok(true);
        }
    };
    (@visit $self:ident $k:ident $map:ident $field:ident $ty:ty, $key:literal) => {
        if $k == $key {
            $crate::config::decode::set_field(&mut $self.$field, $map.next_value())?;
            return Ok(true);
        }
    };
    (@emit $self:ident $m:ident inline $field:ident) => {
        if let $crate::config::print::GoValue::Map(entries) =
            $crate::config::print::ToGo::to_go(&$self.$field)
        {
            $m.extend(entries);
        }
    };
    (@emit $self:ident $m:ident keep $field:ident $(, $key:literal)?) => {
        $m.push((
            $crate::go_struct!(@name $field $(, $key)?).to_string(),
            $crate::config::print::ToGo::to_go(&$self.$field),
        ));
    };
    (@emit $self:ident $m:ident $field:ident $(, $key:literal)?) => {
        let value = $crate::config::print::ToGo::to_go(&$self.$field);
        if !value.is_zero() {
            $m.push(($crate::go_struct!(@name $field $(, $key)?).to_string(), value));
        }
    };
    (@name $field:ident) => {
        stringify!($field)
    };
    (@name $field:ident, $key:literal) => {
        $key
    };
}

/// Counts the settings given, for Prometheus's "at most one of ..." checks.
pub fn count_set(flags: &[bool]) -> usize {
    flags.iter().filter(|&&f| f).count()
}
