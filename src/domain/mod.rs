//! The vocabulary of the product: the records (alumni and their fields),
//! the fixed sets of stored values (consent, channels, kinds, outcomes,
//! event and partner kinds, languages, counting modes, groupings, rehire
//! sources, employment and leave types), months, fiscal years and periods, and the pure rules on them:
//! text normalization, date parsing and rehire rules. Every other module
//! may use this one; it uses none of them.

mod alumnus;
pub mod career;
mod contact;
pub mod dates;
mod event;
pub mod fiscal;
pub mod fold;
pub mod normalize;
pub mod nps;
pub mod period;
mod pipeline;
mod report;
pub mod retention;
mod roster_types;
pub mod rules;
pub mod suggest;
mod vocabulary;

pub use alumnus::{Alumnus, Field, FieldKind, FieldValues, Key, Rehire};
pub use career::CareerSource;
pub use contact::{Channel, Consent, Direction};
pub use event::{Attendance, EventKind, PartnerKind};
pub use period::Period;
pub use pipeline::{EndedBy, History, Kind, Outcome, Stage};
pub use report::{By, Counting, Engagement, Lang};
pub use roster_types::{EmploymentType, LeaveType};
pub use rules::{RehireSource, Rules};
pub use vocabulary::Choice;
