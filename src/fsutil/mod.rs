//! Files that the program writes for people: each appears whole or not at
//! all ([`AtomicFile`]), and its temporary file is removed when the process
//! is interrupted (`cleanup`). Exports, backups and the rejects file of an
//! import all write through it.

pub mod atomic;
mod cleanup;

pub use atomic::{AtomicFile, may_write};
