//! The records the product is about.

mod alumnus;
pub mod fiscal;

pub use alumnus::{Alumnus, Field, FieldKind, FieldValues, Rehire};
