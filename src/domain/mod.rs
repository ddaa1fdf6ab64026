//! The records the product is about.

mod alumnus;

pub use alumnus::{Alumnus, Field, FieldKind, FieldValues, Rehire};
