//! Values as they cross the storage boundary: SQLite's five storage
//! classes, and the conversions from and to Rust values, as rusqlite's
//! `types` module has them.

use std::fmt;
use std::rc::Rc;

/// A value's storage class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Null,
    Integer,
    Real,
    Text,
    Blob,
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Type::Null => "Null",
            Type::Integer => "Integer",
            Type::Real => "Real",
            Type::Text => "Text",
            Type::Blob => "Blob",
        })
    }
}

/// An owned value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// A borrowed value, as a row holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a [u8]),
    Blob(&'a [u8]),
}

impl Value {
    pub fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Value::Null => ValueRef::Null,
            Value::Integer(n) => ValueRef::Integer(*n),
            Value::Real(x) => ValueRef::Real(*x),
            Value::Text(t) => ValueRef::Text(t.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }
    }
}

impl<'a> ValueRef<'a> {
    pub fn data_type(&self) -> Type {
        match self {
            ValueRef::Null => Type::Null,
            ValueRef::Integer(_) => Type::Integer,
            ValueRef::Real(_) => Type::Real,
            ValueRef::Text(_) => Type::Text,
            ValueRef::Blob(_) => Type::Blob,
        }
    }

    pub fn as_str(&self) -> FromSqlResult<&'a str> {
        match *self {
            ValueRef::Text(t) => {
                std::str::from_utf8(t).map_err(|e| FromSqlError::Other(Box::new(e)))
            }
            _ => Err(FromSqlError::InvalidType),
        }
    }

    pub fn as_str_or_null(&self) -> FromSqlResult<Option<&'a str>> {
        match self {
            ValueRef::Null => Ok(None),
            _ => self.as_str().map(Some),
        }
    }

    pub fn as_i64(&self) -> FromSqlResult<i64> {
        match *self {
            ValueRef::Integer(n) => Ok(n),
            _ => Err(FromSqlError::InvalidType),
        }
    }

    pub fn as_f64(&self) -> FromSqlResult<f64> {
        match *self {
            ValueRef::Real(x) => Ok(x),
            ValueRef::Integer(n) => Ok(n as f64),
            _ => Err(FromSqlError::InvalidType),
        }
    }

    pub fn to_owned(&self) -> Value {
        match *self {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::Integer(n),
            ValueRef::Real(x) => Value::Real(x),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        }
    }
}

impl<'a> From<rusqlite::types::ValueRef<'a>> for ValueRef<'a> {
    fn from(value: rusqlite::types::ValueRef<'a>) -> ValueRef<'a> {
        use rusqlite::types::ValueRef as R;
        match value {
            R::Null => ValueRef::Null,
            R::Integer(n) => ValueRef::Integer(n),
            R::Real(x) => ValueRef::Real(x),
            R::Text(t) => ValueRef::Text(t),
            R::Blob(b) => ValueRef::Blob(b),
        }
    }
}

/// Why a stored value did not convert.
#[derive(Debug)]
pub enum FromSqlError {
    InvalidType,
    OutOfRange(i64),
    Other(Box<dyn std::error::Error + Send + Sync + 'static>),
}

impl fmt::Display for FromSqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FromSqlError::InvalidType => f.write_str("Invalid type"),
            FromSqlError::OutOfRange(n) => write!(f, "Value {n} out of range"),
            FromSqlError::Other(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for FromSqlError {}

pub type FromSqlResult<T> = Result<T, FromSqlError>;

/// A type a stored value reads as.
pub trait FromSql: Sized {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self>;
}

impl FromSql for i64 {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_i64()
    }
}

macro_rules! from_sql_integer {
    ($($t:ty),+) => {$(
        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let n = value.as_i64()?;
                <$t>::try_from(n).map_err(|_| FromSqlError::OutOfRange(n))
            }
        }
    )+};
}

from_sql_integer!(i8, i16, i32, u8, u16, u32, u64, usize);

impl FromSql for bool {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_i64().map(|n| n != 0)
    }
}

impl FromSql for f64 {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_f64()
    }
}

impl FromSql for String {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_str().map(str::to_string)
    }
}

impl FromSql for Vec<u8> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value {
            ValueRef::Blob(b) => Ok(b.to_vec()),
            _ => Err(FromSqlError::InvalidType),
        }
    }
}

impl FromSql for Value {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Ok(value.to_owned())
    }
}

impl<T: FromSql> FromSql for Option<T> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value {
            ValueRef::Null => Ok(None),
            _ => T::column_result(value).map(Some),
        }
    }
}

/// A value given as a parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum ToSqlOutput<'a> {
    Borrowed(ValueRef<'a>),
    Owned(Value),
    /// A list of ids, read as a table: SQLite's `rarray(?)`, PostgreSQL's
    /// `unnest(?)`.
    Array(Array),
}

/// A list of ids given as one parameter (see [`ToSqlOutput::Array`]).
pub type Array = Rc<Vec<i64>>;

impl<'a> ToSqlOutput<'a> {
    pub fn value_ref(&self) -> ValueRef<'_> {
        match self {
            ToSqlOutput::Borrowed(v) => *v,
            ToSqlOutput::Owned(v) => v.as_ref(),
            ToSqlOutput::Array(_) => ValueRef::Null,
        }
    }
}

impl<'a> From<&'a str> for ToSqlOutput<'a> {
    fn from(text: &'a str) -> ToSqlOutput<'a> {
        ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes()))
    }
}

impl From<String> for ToSqlOutput<'_> {
    fn from(text: String) -> Self {
        ToSqlOutput::Owned(Value::Text(text))
    }
}

impl From<i64> for ToSqlOutput<'_> {
    fn from(n: i64) -> Self {
        ToSqlOutput::Owned(Value::Integer(n))
    }
}

/// A type given as a parameter.
pub trait ToSql {
    fn to_sql(&self) -> crate::db::sql::Result<ToSqlOutput<'_>>;
}

type Out<'a> = crate::db::sql::Result<ToSqlOutput<'a>>;

impl<T: ToSql + ?Sized> ToSql for &T {
    fn to_sql(&self) -> Out<'_> {
        (**self).to_sql()
    }
}

impl<T: ToSql + ?Sized> ToSql for Box<T> {
    fn to_sql(&self) -> Out<'_> {
        (**self).to_sql()
    }
}

impl ToSql for str {
    fn to_sql(&self) -> Out<'_> {
        Ok(ToSqlOutput::from(self))
    }
}

impl ToSql for String {
    fn to_sql(&self) -> Out<'_> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl ToSql for [u8] {
    fn to_sql(&self) -> Out<'_> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Blob(self)))
    }
}

impl ToSql for Vec<u8> {
    fn to_sql(&self) -> Out<'_> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Blob(self)))
    }
}

impl<const N: usize> ToSql for [u8; N] {
    fn to_sql(&self) -> Out<'_> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Blob(self)))
    }
}

macro_rules! to_sql_integer {
    ($($t:ty),+) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> Out<'_> {
                Ok(ToSqlOutput::Owned(Value::Integer(i64::from(*self))))
            }
        }
    )+};
}

to_sql_integer!(i8, i16, i32, i64, u8, u16, u32, bool);

macro_rules! to_sql_wide_integer {
    ($($t:ty),+) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> Out<'_> {
                i64::try_from(*self)
                    .map(|n| ToSqlOutput::Owned(Value::Integer(n)))
                    .map_err(|e| crate::db::sql::Error::ToSqlConversionFailure(Box::new(e)))
            }
        }
    )+};
}

to_sql_wide_integer!(u64, usize, isize);

impl ToSql for f64 {
    fn to_sql(&self) -> Out<'_> {
        Ok(ToSqlOutput::Owned(Value::Real(*self)))
    }
}

impl<T: ToSql> ToSql for Option<T> {
    fn to_sql(&self) -> Out<'_> {
        match self {
            Some(v) => v.to_sql(),
            None => Ok(ToSqlOutput::Owned(Value::Null)),
        }
    }
}

impl ToSql for Value {
    fn to_sql(&self) -> Out<'_> {
        Ok(ToSqlOutput::Borrowed(self.as_ref()))
    }
}

impl ToSql for ValueRef<'_> {
    fn to_sql(&self) -> Out<'_> {
        Ok(ToSqlOutput::Borrowed(*self))
    }
}

impl ToSql for ToSqlOutput<'_> {
    fn to_sql(&self) -> Out<'_> {
        Ok(match self {
            ToSqlOutput::Borrowed(v) => ToSqlOutput::Borrowed(*v),
            ToSqlOutput::Owned(v) => ToSqlOutput::Borrowed(v.as_ref()),
            ToSqlOutput::Array(a) => ToSqlOutput::Array(a.clone()),
        })
    }
}

impl ToSql for Array {
    fn to_sql(&self) -> Out<'_> {
        Ok(ToSqlOutput::Array(self.clone()))
    }
}

/// SQL's NULL as a parameter.
#[derive(Debug, Clone, Copy)]
pub struct Null;

impl ToSql for Null {
    fn to_sql(&self) -> Out<'_> {
        Ok(ToSqlOutput::Owned(Value::Null))
    }
}
