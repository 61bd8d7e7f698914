//! Edit mode in the page's state: the editor's program runs instead of the
//! lecture's, the form steps aside and comes back, a link carries the edited
//! program in its fragment (`#code=`), a link's program opens once the
//! editor's script has decompressed it, "Try this" puts its edit in the
//! editor; and the views' replays of an endless edited program stop. Plain Rust: these also run natively
//! (`cargo test -p async-playground --test editor_state`).

use std::rc::Rc;

use async_playground::links::read_query;
use async_playground::loop_session::LoopSession;
use async_playground::program::Program;
use async_playground::state::{Action, EditorReport, Page};
use async_playground::timeline_grid::replay;
use playground::examples::find;
use playground::link::UNREADABLE_CODE;
use playground::Ending;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::*;
use yew::Reducible;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test_configure!(run_in_browser);

/// The page a link opens (as the page reads its address).
fn page(link: &str) -> Rc<Page> {
    Rc::new(Page::from_query(&read_query(link)))
}

fn typed(text: &str) -> Action {
    Action::EditorInput(EditorReport { text: text.into(), link: None, unreadable: false })
}

fn compressed(text: &str, link: &str) -> Action {
    Action::EditorInput(EditorReport { text: text.into(), link: Some(link.into()), unreadable: false })
}

/// The edited program `text` as `page` runs it (a server's clients would get
/// the form's values).
fn edited(page: &Page, text: &str) -> Program {
    Program::Edited { text: text.into(), params: page.shown_params() }
}

/// `text` as the scratch page runs it.
fn scratch(text: &str) -> Program {
    Program::Edited { text: text.into(), params: find("scratch").unwrap().defaults() }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn edit_puts_the_lecture_program_with_the_form_values_in_the_editor_and_run_runs_what_is_typed() {
    let page = page("?example=compute-square&numbers=1,2");
    assert_eq!(page.code, None);
    let page = page.reduce(Action::OpenEditor);
    let code = page.code.clone().expect("edit mode");
    assert!(code.text.contains("for i in [1, 2]:"), "{}", code.text);
    assert_eq!(page.program(), Some(edited(&page, &code.text)));
    let page = page.reduce(typed("print('mine')\n"));
    assert_eq!(page.program(), Some(edited(&page, "print('mine')\n")));
    // The views show what the last run ran, until the next Run.
    assert_eq!(page.shown_program(), Some(edited(&page, &code.text)));
    let page = page.reduce(Action::RunStarted);
    assert_eq!(page.shown_program(), Some(edited(&page, "print('mine')\n")));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn reset_brings_back_the_lecture_program_and_its_form() {
    let page = page("?example=compute-square&numbers=1,2").reduce(Action::OpenEditor).reduce(typed("pass\n"));
    let reset = page.reduce(Action::Reset);
    assert_eq!(reset.code, None);
    assert_eq!(reset.fields[0].text, "4,5,6,7");
    assert_eq!(reset.program(), reset.params().map(Program::Lecture));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_editor_program_goes_in_the_link_fragment_and_the_form_values_stay_out() {
    let page = page("?example=compute-square&numbers=1,2&speed=10");
    assert_eq!(page.query().to_search(), "?example=compute-square&numbers=1,2&speed=10");
    let page = page.reduce(Action::OpenEditor);
    let page = page.reduce(compressed("print(1)\n", "K8rMKynNM9Q05AIA"));
    assert_eq!(page.query().to_search(), "?example=compute-square&speed=10");
    assert_eq!(page.query().to_fragment(), "#code=K8rMKynNM9Q05AIA");
    assert_eq!(page.code_link_problem(), None);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_keystroke_drops_the_link_until_the_script_has_compressed_the_new_text() {
    let page = page("?example=gather").reduce(Action::OpenEditor).reduce(compressed("print(1)\n", "OLD"));
    let page = page.reduce(typed("print(12)\n"));
    assert_eq!(page.query().code, None);
    assert_eq!(
        page.code_link_problem().as_deref(),
        Some("The link for the edited program is still being made: press again in a moment.")
    );
    let page = page.reduce(compressed("print(12)\n", "NEW"));
    assert_eq!(page.query().code.as_deref(), Some("NEW"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_program_over_8_kb_compressed_gets_a_message_instead_of_a_link() {
    let page = page("?example=gather").reduce(Action::OpenEditor);
    let page = page.reduce(compressed("# long\n", &"A".repeat(10_924)));
    assert_eq!(page.query().to_fragment(), "", "no link that would open a cut program");
    assert_eq!(
        page.code_link_problem().as_deref(),
        Some(
            "This program is too long for a link: 8.1 KB compressed, and a link carries at most 8.0 KB. \
Shorten it to share it as a link."
        )
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_code_link_runs_nothing_until_its_program_is_decompressed_then_keeps_its_link() {
    let page = page("?example=gather&autorun=1#code=K8rMKynNM9Q05AIA");
    let code = page.code.clone().expect("the link opens the editor");
    assert_eq!(code.opening.as_deref(), Some("K8rMKynNM9Q05AIA"));
    assert_eq!(page.program(), None);
    assert!(page.autorun);
    // While it opens, the address keeps the link's program.
    assert_eq!(page.query().to_fragment(), "#code=K8rMKynNM9Q05AIA");
    let page = page.reduce(compressed("print(1)\n", "K8rMKynNM9Q05AIA"));
    assert_eq!(page.program(), Some(edited(&page, "print(1)\n")));
    assert_eq!(page.shown_program(), Some(edited(&page, "print(1)\n")));
    assert_eq!(page.query().to_fragment(), "#code=K8rMKynNM9Q05AIA");
    assert!(page.autorun);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_code_link_that_does_not_decompress_says_so_and_shows_the_lecture_program() {
    let page = page("?example=gather&autorun=1#code=AAAA");
    let page = page.reduce(Action::EditorInput(EditorReport { text: String::new(), link: None, unreadable: true }));
    assert_eq!(page.code, None);
    assert_eq!(page.link_problems, vec![format!("{UNREADABLE_CODE}.")]);
    assert!(!page.autorun, "nothing runs in place of the link's program");
    assert!(page.program().is_some());
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_damaged_or_oversized_code_fragment_never_reaches_the_editor() {
    for fragment in ["#code=not%20base64", "#code=", &format!("#code={}", "A".repeat(20_000))] {
        let page = page(&format!("?example=gather&autorun=1{fragment}"));
        assert_eq!(page.code, None, "{fragment}");
        assert_eq!(page.link_problems.len(), 1, "{fragment}: {:?}", page.link_problems);
        assert!(!page.autorun);
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn try_this_puts_its_edit_in_the_editor_anew() {
    let page = page("?example=compute-square&delay=2");
    let example = page.example;
    let source = example.try_this_source(1, &page.shown_params()).unwrap();
    assert!(source.contains("time.sleep(2)"), "{source}");
    let page = page.reduce(Action::SetCode(source.clone()));
    let code = page.code.clone().unwrap();
    assert_eq!(&*code.text, source);
    assert_eq!(page.reduce(Action::SetCode(source)).code.as_ref().unwrap().generation, code.generation + 1);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_scratch_page_opens_in_the_editor_and_reset_starts_it_over() {
    let page = page("?example=scratch");
    let code = page.code.clone().expect("scratch opens in the editor");
    assert_eq!(&*code.text, find("scratch").unwrap().program_text);
    let page = page.reduce(typed("print(2)\n")).reduce(Action::Reset);
    let again = page.code.clone().unwrap();
    assert_eq!(again.text, code.text);
    // A new editor (the old one's text was replaced by the page).
    assert!(again.generation > code.generation);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_timeline_replay_of_an_endless_edited_program_stops() {
    let example = find("scratch").unwrap();
    for program in [
        "while True:\n    pass\n",
        "while True:\n    print('x')\n",
        "import asyncio\n\nasync def main():\n    while True:\n        await asyncio.sleep(0)\n\nasyncio.run(main())\n",
    ] {
        let run = replay(example, scratch(program), None);
        assert_eq!(run.ending(), None, "{program}");
    }
    let run = replay(example, scratch("print('done')\n"), None);
    assert_eq!(run.ending(), Some(&Ending::Completed));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_event_loop_tab_steps_an_endless_edited_program_without_hanging() {
    let mut session = LoopSession::new(find("scratch").unwrap(), scratch("while True:\n    pass\n"));
    session.step();
    session.next_iteration();
    assert!(!session.picture().finished);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn an_edited_server_keeps_its_clients_and_the_link_keeps_their_values() {
    let page = page("?example=echo-server&clients=1&messages=1");
    let page = page.reduce(Action::OpenEditor);
    let code = page.code.clone().expect("edit mode");
    assert!(code.text.starts_with("import socket\n"), "the server's program is edited: {}", code.text);
    let page = page.reduce(compressed("print('mine')\n", "K8rMKynNM9Q05AIA"));
    // The clients run beside the edited server, with the form's values: one
    // client, refused, as CPython 3.11 refuses it when nothing listens.
    let mut run = page.program().expect("runnable").start(page.example);
    assert!(matches!(run.run_to_end(), Ending::Raised(_)));
    let lines = run.labelled_transcript();
    assert_eq!(lines.first().map(String::as_str), Some("server: mine"));
    assert_eq!(
        lines.last().map(String::as_str),
        Some("clients: ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 50001)")
    );
    let query = page.query();
    assert_eq!(query.to_search(), "?example=echo-server&clients=1&messages=1");
    assert_eq!(query.to_fragment(), "#code=K8rMKynNM9Q05AIA");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn editing_starts_from_the_chosen_variant_with_the_form_values() {
    let page = page("?example=divisor&version=3&n=100");
    let page = page.reduce(Action::OpenEditor);
    let code = page.code.clone().expect("edit mode");
    assert_eq!(&*code.text, find("divisor").unwrap().source(&page.shown_params()));
    assert_ne!(&*code.text, find("divisor").unwrap().source(&find("divisor").unwrap().defaults()));
    assert!(code.text.contains("100"), "{}", code.text);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_steps_tab_steps_the_edited_program_as_last_run() {
    use playground::steps::{Out, StepSession};
    let typed_program = "def g():\n    yield 'a'\n    yield 'b'\n\nnums = g()\nprint(next(nums))\nprint(next(nums))\n";
    let page = page("?example=odds&view=steps").reduce(Action::OpenEditor).reduce(typed(typed_program));
    let page = page.reduce(Action::RunStarted);
    let program = page.shown_program().expect("the edited program");
    let mut session = StepSession::of(page.example, program.start(page.example));
    assert_eq!(session.source(), typed_program);
    session.finish_work();
    for (want, call_line) in [("'a'", 6), ("'b'", 7)] {
        session.forward();
        session.finish_work();
        let step = session.picture().step.expect("a step");
        assert_eq!((step.name.as_str(), step.call_line, step.out), ("g", Some(call_line), Out::Yielded(want.into())));
    }
}
