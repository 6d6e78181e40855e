//! `charter schema`: the JSON Schema of the source format, from the
//! loader's key tables (see [`crate::load::schema`]).

pub fn run() -> i32 {
    use std::io::Write;
    let printed = std::io::stdout().write_all(crate::load::schema::json().as_bytes());
    if printed.is_ok() { 0 } else { 1 }
}
