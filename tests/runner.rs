//! All integration tests in one binary: each module runs the real `alumni`
//! binary on real files, the way a user would.

mod common;

mod test_campaigns;
mod test_career;
mod test_contacts;
mod test_damage;
mod test_db;
mod test_events;
mod test_export;
mod test_hostile;
mod test_import;
mod test_import_mappings;
mod test_interface;
mod test_kpi;
mod test_layout;
mod test_ops;
mod test_output;
mod test_people;
mod test_pipeline;
mod test_privacy;
mod test_roster;
mod test_shared;
mod test_suggest;
mod test_surveys;
mod test_targets;
mod test_team;
mod test_terminal;
mod test_workbook;
