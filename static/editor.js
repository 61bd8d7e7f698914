// The playground's code editor. The page loads this script (and editor.css)
// when an editor is first shown: Edit, the scratch page, a #code= link
// (src/editor_script.rs), never with the page itself.
//
// The page renders the editor's box (src/components/code_editor.rs):
//   <figure class="source editing"><figcaption>main.py</figcaption>
//     <div class="editor" data-file="main.py" data-text="<the program>"
//          data-decode="<a link's compressed program>"></div>
//   </figure>
// and makes a new one whenever it replaces the program (this script takes
// each one as it comes into the page). The script makes the textarea
// (textarea#code, the program's text: the page reads it from its input
// events, which bubble to the column), and draws the program again under it
// (pre.editor-highlight), coloured and with line numbers (the textarea's own
// text is transparent: one caret, the browser's selection, its phone
// keyboard and its undo); adds Undo and Redo buttons and the keys' help
// below it; edits the text on Tab, Shift+Tab and Enter through
// execCommand("insertText"), so that the browser's undo takes every edit
// back; and when a run ends in an error (#console[data-state=error]) marks
// the line that the last traceback's innermost frame in the program's file
// names (data-error-line on .editor, .ed-error on the line) and shows the
// exception below, until the text changes or the next run.
//
// It reports to the page with "input" events on the textarea, as typing
// does; during the event
//   data-link        holds the text compressed for a link: raw DEFLATE
//                    (CompressionStream) in base64url, for #code=...;
//   data-unreadable  says that the program in data-decode (from a link)
//                    could not be decompressed.
// The page says what a link may carry and what goes wrong (playground/src/link.rs).
(function () {
  "use strict";
  if (window.asyncPlaygroundEditor) return;

  var INDENT = "    ";
  // A link's program decompresses to at most this many bytes: a link
  // crafted to inflate to gigabytes stops here.
  var MAX_TEXT_BYTES = 1 << 20;

  var KEYWORDS = new Set(("False None True and as assert async await break class continue def del elif else " +
    "except finally for from global if import in is lambda nonlocal not or pass raise return try while with " +
    "yield match case").split(" "));
  var BUILTINS = new Set(("print range len set list dict tuple str int float bool sum min max abs sorted " +
    "reversed enumerate zip map filter any all iter next isinstance type repr round super object " +
    "Exception ValueError TypeError RuntimeError KeyError IndexError ZeroDivisionError NameError").split(" "));

  // One token at a time, at the position of the sticky regex.
  var TOKEN = new RegExp([
    "(#[^\\n]*)",                                                        // 1 comment
    "((?:[rRbBuUfF]{1,2})?(?:'''[\\s\\S]*?(?:'''|$)|\"\"\"[\\s\\S]*?(?:\"\"\"|$)" +
      "|'(?:\\\\.|[^'\\\\\\n])*'?|\"(?:\\\\.|[^\"\\\\\\n])*\"?))",       // 2 string
    "(\\.?\\d[\\w.]*)",                                                  // 3 number
    "([A-Za-z_\\u00c0-\\uffff][\\w\\u00c0-\\uffff]*)",                   // 4 name
    "([\\s\\S])"                                                         // 5 anything else
  ].join("|"), "y");

  function escapeHtml(text) {
    return text.replace(/[&<>]/g, function (c) { return c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"; });
  }

  // The program as HTML, one string per line (a token that spans lines,
  // a triple-quoted string, is cut at each line's end).
  function colouredLines(text) {
    var lines = [""];
    var afterDef = false;
    var add = function (cls, piece) {
      var parts = piece.split("\n");
      for (var i = 0; i < parts.length; i++) {
        if (i > 0) lines.push("");
        if (parts[i] === "") continue;
        var html = escapeHtml(parts[i]);
        lines[lines.length - 1] += cls ? '<span class="' + cls + '">' + html + "</span>" : html;
      }
    };
    TOKEN.lastIndex = 0;
    var m;
    while (TOKEN.lastIndex < text.length && (m = TOKEN.exec(text))) {
      if (m[1] !== undefined) add("tok-comment", m[1]);
      else if (m[2] !== undefined) add("tok-str", m[2]);
      else if (m[3] !== undefined) add("tok-num", m[3]);
      else if (m[4] !== undefined) {
        var word = m[4];
        add(afterDef ? "tok-def" : KEYWORDS.has(word) ? "tok-kw" : BUILTINS.has(word) ? "tok-builtin" : "", word);
        afterDef = word === "def" || word === "class";
        continue;
      } else add("", m[5]);
      if (m[5] === undefined || /\S/.test(m[5])) afterDef = false;
    }
    return lines;
  }

  // ---- compressing a program for a link, and back ----

  function base64url(bytes) {
    var binary = "";
    for (var i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function compress(text) {
    var stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    return new Response(stream).arrayBuffer().then(function (buffer) { return base64url(new Uint8Array(buffer)); });
  }

  function decompress(code) {
    return Promise.resolve().then(function () {
      var binary = atob(code.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((code.length + 3) % 4));
      var bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      var reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
      var chunks = [];
      var total = 0;
      var next = function () {
        return reader.read().then(function (r) {
          if (r.done) {
            var all = new Uint8Array(total);
            var at = 0;
            chunks.forEach(function (c) { all.set(c, at); at += c.length; });
            return new TextDecoder("utf-8", { fatal: true }).decode(all);
          }
          total += r.value.length;
          if (total > MAX_TEXT_BYTES) {
            reader.cancel();
            throw new Error("too long");
          }
          chunks.push(r.value);
          return next();
        });
      };
      return next();
    });
  }

  // ---- the editor ----

  // Where the line holding position `at` of `text` starts.
  function lineStart(text, at) {
    return at > 0 ? text.lastIndexOf("\n", at - 1) + 1 : 0;
  }

  var editors = new WeakMap();
  var reporting = false;

  // Tells the page something about the textarea's text: an "input" event
  // during which `name` is set (the page reads it then).
  function report(area, name, value) {
    area.setAttribute(name, value);
    reporting = true;
    try {
      area.dispatchEvent(new Event("input", { bubbles: true }));
    } finally {
      reporting = false;
      area.removeAttribute(name);
    }
  }

  // Where the last traceback in the console points in `file`: the innermost
  // frame of that file ('  File "main.py", line 7, in main', or a
  // SyntaxError's '  File "main.py", line 3') and the first line after it
  // that is not indented (the exception).
  function consoleError(file) {
    var lines = document.querySelectorAll("#console .line .text");
    var frame = '  File "' + file + '", line ';
    for (var i = lines.length - 1; i >= 0; i--) {
      var text = lines[i].textContent;
      if (text.indexOf(frame) !== 0) continue;
      var line = parseInt(text.slice(frame.length), 10);
      var exception = "";
      for (var j = i + 1; j < lines.length && !exception; j++) {
        if (lines[j].textContent[0] !== " ") exception = lines[j].textContent;
      }
      return line > 0 ? { line: line, exception: exception } : null;
    }
    return null;
  }

  function mark(area, error) {
    var editor = editors.get(area);
    editor.error = error;
    if (error) {
      editor.box.setAttribute("data-error-line", String(error.line));
      editor.message.textContent = "Line " + error.line + ": " + error.exception;
    } else {
      editor.box.removeAttribute("data-error-line");
    }
    editor.message.hidden = !error;
    paint(area);
  }

  function paint(area) {
    var editor = editors.get(area);
    if (!editor || editor.frame) return;
    editor.frame = requestAnimationFrame(function () {
      editor.frame = 0;
      var error = editor.error ? editor.error.line : 0;
      var lines = colouredLines(area.value);
      var html = "";
      for (var i = 0; i < lines.length; i++) {
        html += '<div class="ed-line' + (i + 1 === error ? " ed-error" : "") + '" data-n="' + (i + 1) + '">' +
          lines[i] + "</div>";
      }
      editor.pre.innerHTML = html;
      area.setAttribute("aria-invalid", error > 0 ? "true" : "false");
    });
  }

  // Compresses the text for a link, and reports it unless it changed meanwhile.
  function makeLink(area) {
    var editor = editors.get(area);
    var text = area.value;
    var mine = ++editor.version;
    compress(text).then(function (code) {
      if (editor.version === mine && area.isConnected && area.value === text) report(area, "data-link", code);
    }, function () {});
  }

  // Replaces [start, end) with `text` as typing would (undoable), then selects [selStart, selEnd).
  function replace(area, start, end, text, selStart, selEnd) {
    area.focus();
    area.setSelectionRange(start, end);
    if (!document.execCommand(text ? "insertText" : "delete", false, text)) {
      area.setRangeText(text, start, end, "end");
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }
    area.setSelectionRange(selStart, selEnd);
  }

  // The whole lines the selection touches: [from, to) of the text.
  function selectedLines(area) {
    var text = area.value;
    var from = lineStart(text, area.selectionStart);
    var end = area.selectionEnd > area.selectionStart && text[area.selectionEnd - 1] === "\n"
      ? area.selectionEnd - 1 : area.selectionEnd;
    var to = text.indexOf("\n", end);
    return { from: from, to: to < 0 ? text.length : to };
  }

  function indent(area) {
    var text = area.value;
    var start = area.selectionStart;
    var end = area.selectionEnd;
    if (text.slice(start, end).indexOf("\n") < 0) {
      // To the next multiple of four columns.
      var column = start - lineStart(text, start);
      var spaces = INDENT.slice(column % INDENT.length);
      replace(area, start, end, spaces, start + spaces.length, start + spaces.length);
      return;
    }
    var lines = selectedLines(area);
    var block = text.slice(lines.from, lines.to).split("\n");
    var indented = block.map(function (l) { return l ? INDENT + l : l; }).join("\n");
    replace(area, lines.from, lines.to, indented, lines.from, lines.from + indented.length);
  }

  function dedent(area) {
    var text = area.value;
    var start = area.selectionStart;
    var lines = selectedLines(area);
    var block = text.slice(lines.from, lines.to).split("\n");
    var removedFirst = 0;
    var dedented = block.map(function (l, i) {
      var n = 0;
      while (n < INDENT.length && l[n] === " ") n++;
      if (i === 0) removedFirst = n;
      return l.slice(n);
    }).join("\n");
    if (dedented === text.slice(lines.from, lines.to)) return;
    if (area.selectionStart === area.selectionEnd) {
      var caret = Math.max(lines.from, start - removedFirst);
      replace(area, lines.from, lines.to, dedented, caret, caret);
    } else {
      replace(area, lines.from, lines.to, dedented, lines.from, lines.from + dedented.length);
    }
  }

  // Enter: a new line with the indentation of this one, one level more after a colon.
  function newline(area) {
    var text = area.value;
    var start = area.selectionStart;
    var line = text.slice(lineStart(text, start), start);
    var indentation = line.match(/^[ \t]*/)[0];
    var code = line.replace(/#.*$/, "").trimEnd();
    if (code.endsWith(":")) indentation += INDENT;
    var inserted = "\n" + indentation;
    replace(area, start, area.selectionEnd, inserted, start + inserted.length, start + inserted.length);
  }

  // Backspace in the indentation: back to the previous multiple of four columns.
  function backspace(area) {
    var text = area.value;
    var start = area.selectionStart;
    if (start !== area.selectionEnd) return false;
    var before = text.slice(lineStart(text, start), start);
    if (before === "" || /[^ ]/.test(before)) return false;
    var n = before.length % INDENT.length || INDENT.length;
    replace(area, start - n, start, "", start - n, start - n);
    return true;
  }

  function onKeyDown(e) {
    var area = e.target;
    var editor = editors.get(area);
    if (!editor || e.isComposing || e.altKey || e.ctrlKey || e.metaKey || area.readOnly) return;
    if (e.key === "Escape") {
      // Escape, then Tab: the next Tab leaves the editor, as keyboards need.
      editor.escaped = true;
      return;
    }
    var escaped = editor.escaped;
    editor.escaped = false;
    if (e.key === "Tab" && !escaped) {
      e.preventDefault();
      if (e.shiftKey) dedent(area);
      else indent(area);
    } else if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      newline(area);
    } else if (e.key === "Backspace" && backspace(area)) {
      e.preventDefault();
    }
  }

  // Phone keyboards may send Enter only as an input: the same new line.
  function onBeforeInput(e) {
    var area = e.target;
    if ((e.inputType === "insertLineBreak" || e.inputType === "insertParagraph") && !area.readOnly) {
      e.preventDefault();
      newline(area);
    }
  }

  function onInput(e) {
    if (reporting) return;
    if (editors.get(e.target).error) mark(e.target, null);
    paint(e.target);
    makeLink(e.target);
  }

  // The program of a link (the box's data-decode), decompressed into the editor.
  function open(area, code) {
    decompress(code).then(function (text) {
      if (!area.isConnected) return;
      area.value = text;
      area.readOnly = false;
      paint(area);
      report(area, "data-link", code);
    }, function () {
      if (area.isConnected) report(area, "data-unreadable", "");
    });
  }

  function element(tag, className, text) {
    var e = document.createElement(tag);
    e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  function take(box) {
    var figure = box.parentNode;
    if (box.hasAttribute("data-enhanced") || !figure) return;
    box.setAttribute("data-enhanced", "");
    // The page gives .editor no children and never changes those of
    // .source: what is put there stays.
    var pre = element("pre", "editor-highlight");
    pre.setAttribute("aria-hidden", "true");
    var area = element("textarea", "code-editor");
    area.id = "code";
    area.value = box.getAttribute("data-text") || "";
    area.readOnly = box.hasAttribute("data-decode");
    box.appendChild(pre);
    box.appendChild(area);
    var message = element("p", "editor-error");
    message.id = "editor-error";
    message.setAttribute("role", "status");
    message.hidden = true;
    var bar = element("div", "editor-bar");
    [["undo", "Undo"], ["redo", "Redo"]].forEach(function (b) {
      var button = element("button", "small", b[1]);
      button.type = "button";
      button.id = "editor-" + b[0];
      button.setAttribute("data-editor", b[0]);
      bar.appendChild(button);
    });
    var keys = element("span", "editor-keys",
      "Tab indents, Shift+Tab dedents, Enter keeps the indentation; Esc then Tab leaves the editor.");
    keys.id = "editor-keys";
    bar.appendChild(keys);
    figure.appendChild(message);
    figure.appendChild(bar);
    area.setAttribute("aria-describedby", "editor-keys");
    area.setAttribute("aria-label", (box.getAttribute("data-file") || "") + ": the program Run runs");
    // A phone keyboard neither corrects nor capitalizes code.
    ["autocomplete", "autocorrect", "autocapitalize"].forEach(function (name) { area.setAttribute(name, "off"); });
    area.spellcheck = false;
    editors.set(area, { box: box, pre: pre, message: message, version: 0, frame: 0, escaped: false, error: null });
    area.addEventListener("keydown", onKeyDown);
    area.addEventListener("beforeinput", onBeforeInput);
    area.addEventListener("input", onInput);
    // A run that ends in an error marks its line; the next run clears it.
    var console_ = document.getElementById("console");
    var file = box.getAttribute("data-file") || "";
    var follow = function () {
      var state = console_.getAttribute("data-state");
      if (!area.isConnected) return observer.disconnect();
      mark(area, state === "error" ? consoleError(file) : null);
    };
    var observer = new MutationObserver(follow);
    if (console_) {
      observer.observe(console_, { attributes: true, attributeFilter: ["data-state"] });
      if (console_.getAttribute("data-state") === "error") follow();
    }
    if (box.hasAttribute("data-decode")) {
      open(area, box.getAttribute("data-decode"));
    } else {
      paint(area);
      makeLink(area);
    }
  }

  // The page makes a new box whenever it replaces the program: each one is
  // taken as it comes (a live collection: looking at it costs next to nothing
  // when the console adds its lines).
  var boxes = document.getElementsByClassName("editor");
  function takeAll() {
    for (var i = 0; i < boxes.length; i++) take(boxes[i]);
  }

  // Undo and Redo buttons (phones have no Ctrl+Z): the browser's own undo
  // of the editor beside them, which keeps its caret.
  document.addEventListener("mousedown", function (e) {
    if (e.target.closest && e.target.closest("[data-editor]")) e.preventDefault();
  });
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("[data-editor]");
    var area = button && button.closest("figure") && button.closest("figure").querySelector("textarea.code-editor");
    if (!area || area.readOnly) return;
    area.focus();
    document.execCommand(button.getAttribute("data-editor") === "redo" ? "redo" : "undo");
  });

  window.asyncPlaygroundEditor = { colouredLines: colouredLines, compress: compress, decompress: decompress };
  new MutationObserver(takeAll).observe(document.body, { childList: true, subtree: true });
  takeAll();
})();
