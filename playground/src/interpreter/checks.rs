//! stub
use super::ast::Module;
use super::ParseError;

pub fn check(_module: &Module, _source: &str) -> Result<(), ParseError> {
    Ok(())
}
