//! JSON rosters, as `alumni export roster --format json` writes them: an
//! array of objects, each a person. The array is read one object at a time
//! on a thread of its own, so memory does not grow with the file; the keys
//! of the first object are the header row.

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use anyhow::Result;
use serde::Deserializer as _;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{Cell, RawRow, RowSource, SourceInfo, Work};
use crate::error::Failure;

/// Objects parsed ahead of the importer.
const OBJECTS_IN_FLIGHT: usize = 256;

pub(super) fn with_rows<T>(path: &Path, info: SourceInfo, work: &mut Work<'_, T>) -> Result<T> {
    let file =
        File::open(path).map_err(|e| Failure::bad_file(path, format!("cannot open: {e}")))?;
    let (sender, rows) = sync_channel(OBJECTS_IN_FLIGHT);
    let parser = std::thread::spawn(move || parse(BufReader::new(file), sender));
    let mut source = JsonSource {
        rows,
        parser: Some(parser),
        path: path.display().to_string(),
    };
    let result = work(&mut source, info);
    // The parser stops at its next object once nobody listens.
    drop(source);
    result
}

struct JsonSource {
    rows: Receiver<Result<RawRow, String>>,
    parser: Option<JoinHandle<()>>,
    path: String,
}

impl RowSource for JsonSource {
    fn next_row(&mut self) -> Result<Option<RawRow>> {
        match self.rows.recv() {
            Ok(Ok(row)) => Ok(Some(row)),
            Ok(Err(why)) => Err(Failure::bad_file(Path::new(&self.path), why).into()),
            Err(_) => {
                if let Some(parser) = self.parser.take() {
                    let _ = parser.join();
                }
                Ok(None)
            }
        }
    }
}

/// Parses the array, sending the header row (numbered 0) and then one row
/// per object (numbered from 1); a parse error is sent as the last row.
fn parse(reader: BufReader<File>, sender: SyncSender<Result<RawRow, String>>) {
    let mut json = serde_json::Deserializer::from_reader(reader);
    let visitor = People {
        sender: sender.clone(),
    };
    let result = json.deserialize_seq(visitor).and_then(|()| json.end());
    if let Err(e) = result
        && !e.to_string().contains(STOPPED)
    {
        let _ = sender.send(Err(format!(
            "not a roster in JSON (an array of objects): {e}"
        )));
    }
}

/// Said when the importer stopped listening; not an error of the file.
const STOPPED: &str = "the import stopped reading";

struct People {
    sender: SyncSender<Result<RawRow, String>>,
}

impl<'de> Visitor<'de> for People {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut columns: HashMap<String, usize> = HashMap::new();
        let mut number = 0u64;
        loop {
            let object = seq
                .next_element::<Object>()
                .map_err(|e| de::Error::custom(format!("row {}: {e}", number + 1)))?;
            let Some(Object(object)) = object else { break };
            number += 1;
            if number == 1 {
                let header: Vec<Cell> = object.iter().map(|(k, _)| Cell::Text(k.clone())).collect();
                columns = object.iter().map(|(k, _)| k.clone()).zip(0..).collect();
                self.send(Ok(RawRow {
                    number: 0,
                    cells: header,
                }))?;
            }
            let mut cells = vec![Cell::Empty; columns.len()];
            for (key, value) in object {
                let Some(&column) = columns.get(&key) else {
                    let why =
                        format!("row {number}: the key {key:?} is not one of the first object's");
                    return Err(de::Error::custom(why));
                };
                cells[column] = cell(value);
            }
            self.send(Ok(RawRow { number, cells }))?;
        }
        Ok(())
    }
}

/// One person's object, its keys in order; a key given twice is refused
/// (a JSON parser would silently keep the last value).
struct Object(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for Object {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ObjectVisitor)
    }
}

struct ObjectVisitor;

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = Object;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object, A::Error> {
        let mut entries: Vec<(String, Value)> = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format!("the key {key:?} is given twice")));
            }
            entries.push((key, value));
        }
        Ok(Object(entries))
    }
}

impl People {
    fn send<E: de::Error>(&self, row: Result<RawRow, String>) -> Result<(), E> {
        self.sender.send(row).map_err(|_| E::custom(STOPPED))
    }
}

/// A JSON value as a cell: a list (tags) is written as a spreadsheet
/// would hold it, comma-separated.
fn cell(value: Value) -> Cell {
    match value {
        Value::Null => Cell::Empty,
        Value::Bool(b) => Cell::Bool(b),
        Value::Number(n) => n.as_f64().map_or(Cell::Text(n.to_string()), Cell::Number),
        Value::String(s) => Cell::Text(s),
        Value::Array(items) => Cell::Text(
            items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(","),
        ),
        object @ Value::Object(_) => Cell::Text(object.to_string()),
    }
}
