//! (in progress)
use super::int::Int;
use crate::runtime::{Exception, PyResult};

pub enum FormatArg<'a> {
    Int(&'a Int),
    Float(f64),
    Bool(bool),
    Str(&'a str),
    Other { type_name: &'a str, str: String, repr: String },
}

pub enum PrintfArgs<'a> {
    Single(FormatArg<'a>),
    Tuple(Vec<FormatArg<'a>>),
    Mapping(FormatArg<'a>, Vec<(String, FormatArg<'a>)>),
}

pub fn format(_v: &FormatArg, _spec: &str) -> PyResult<String> {
    Err(Exception::new("X", "todo"))
}
pub fn printf(_t: &str, _a: &PrintfArgs) -> PyResult<String> {
    Err(Exception::new("X", "todo"))
}
pub fn str_format(_t: &str, _p: &[FormatArg], _k: &[(String, FormatArg)]) -> PyResult<String> {
    Err(Exception::new("X", "todo"))
}
