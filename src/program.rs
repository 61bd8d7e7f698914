//! What Run runs: the lecture's program with the form's parameters, or the
//! program as edited in the source view's editor, on the same loop, with the
//! same console, Timeline, Event loop and Steps views.

use std::rc::Rc;

use playground::examples::{Example, Params};
use playground::Run;

#[derive(Clone, Debug, PartialEq)]
pub enum Program {
    /// The example's own program with these parameter values.
    Lecture(Params),
    /// A program typed in the editor (or opened from a `#code=` link). It
    /// replaces the example's first program only: a server example's clients
    /// still run beside it, filled with `params` (the form's values when
    /// editing began).
    Edited { text: Rc<str>, params: Params },
}

impl From<Params> for Program {
    fn from(params: Params) -> Program {
        Program::Lecture(params)
    }
}

impl From<&Params> for Program {
    fn from(params: &Params) -> Program {
        Program::Lecture(params.clone())
    }
}

impl Program {
    /// A fresh run of this program, under the example's file name (as
    /// CPython names the file in tracebacks and task reprs).
    pub fn start(&self, example: &'static Example) -> Run {
        match self {
            Program::Lecture(params) => Run::new(example, params),
            Program::Edited { text, params } => Run::edited(example, params, text.to_string()),
        }
    }

    /// The program was typed, not the lecture's.
    pub fn is_edited(&self) -> bool {
        matches!(self, Program::Edited { .. })
    }
}
