// Glassbox's code editor and source viewer, built on CodeMirror 6 and bundled by esbuild into one
// ES module (site/js/build/editor.js, copied by trunk to dist/editor.js). The Rust UI calls the
// two exports below through a small wasm-bindgen host, so their names and shapes are a contract.
//
// Colours come from the page, never from here: every colour below is a CSS custom property that
// site/style.css defines for the light and the dark scheme (each has a fallback to a CSS system
// colour or `currentColor`, so an undefined variable degrades to something readable, not garish).
// The font size is `inherit`, so the page's zoom and presenter mode scale the code with the text.
//
//   --code-bg           editor and viewer background                (fallback: Canvas)
//   --code-fg           plain code text                             (fallback: CanvasText)
//   --code-font         the monospace font family                   (fallback: ui-monospace, …)
//   --code-gutter       line-number gutter background               (fallback: --code-bg)
//   --code-gutter-fg    line numbers                                (fallback: --code-fg)
//   --code-border       gutter rule, panel and tooltip borders      (fallback: currentColor)
//   --code-active-line  background of the line holding the cursor   (fallback: transparent)
//   --code-selection    selected text background                    (fallback: Highlight)
//   --code-match        search matches and the viewer's highlighted line (fallback: Mark)
//   --accent            caret, focus ring, matching bracket outline (fallback: Highlight)
//   --error-bg          background of the line setErrorLine marks   (fallback: Mark)
//   --error-fg          the gutter marker on that line              (fallback: currentColor)
//   --tok-keyword       def, class, if, for, return, import, and, not, …
//   --tok-string        string literals (f-strings and escapes too)
//   --tok-comment       comments (also set in italics)
//   --tok-number        number literals
//   --tok-constant      True, False, None, self
//   --tok-def           the name a def or class statement defines
//   --tok-builtin       built-in names: print, len, range, dict, ValueError, …
//   --tok-decorator     @decorators
//   (token colours fall back to currentColor; each must reach 4.5:1 against --code-bg and
//   --code-active-line for WCAG AA.)
//
// Keyboard: Tab / Shift-Tab indent and dedent by 4 spaces; Escape then Tab (or Ctrl-M) leaves the
// editor; Ctrl/Cmd-Enter runs, Shift-Ctrl/Cmd-Enter checks; Ctrl/Cmd-F searches; Ctrl/Cmd-Z undoes.

import {
  Compartment, EditorSelection, EditorState, Prec, RangeSetBuilder, StateEffect, StateField,
} from "@codemirror/state";
import {
  Decoration, EditorView, GutterMarker, ViewPlugin, drawSelection, gutter, highlightActiveLine,
  highlightActiveLineGutter, highlightSpecialChars, keymap, lineNumbers,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  HighlightStyle, LanguageSupport, bracketMatching, indentOnInput, indentUnit, syntaxHighlighting,
  syntaxTree,
} from "@codemirror/language";
import { python } from "@codemirror/lang-python";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import {
  autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap,
} from "@codemirror/autocomplete";
import { highlightCode, styleTags, tags } from "@lezer/highlight";
import { StyleModule } from "style-mod";

// ---- Python, with decorators and built-in names told apart ----

/** Python support whose decorators get their own highlighting tag (the grammar leaves them plain). */
function pythonSupport() {
  const base = python();
  const language = base.language.configure({
    props: [styleTags({ "Decorator/VariableName Decorator/PropertyName": tags.meta })],
  });
  return new LanguageSupport(language, base.support);
}

const BUILTINS = new Set([
  "abs", "all", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes", "callable",
  "chr", "classmethod", "compile", "complex", "delattr", "dict", "dir", "divmod", "enumerate",
  "eval", "exec", "filter", "float", "format", "frozenset", "getattr", "globals", "hasattr",
  "hash", "help", "hex", "id", "input", "int", "isinstance", "issubclass", "iter", "len", "list",
  "locals", "map", "max", "memoryview", "min", "next", "object", "oct", "open", "ord", "pow",
  "print", "property", "range", "repr", "reversed", "round", "set", "setattr", "slice", "sorted",
  "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip", "__import__",
  "NotImplemented", "Ellipsis",
  "BaseException", "Exception", "ArithmeticError", "AssertionError", "AttributeError",
  "ImportError", "ModuleNotFoundError", "IndexError", "KeyError", "LookupError", "NameError",
  "NotImplementedError", "OSError", "RecursionError", "RuntimeError", "StopIteration",
  "SyntaxError", "TypeError", "UnboundLocalError", "ValueError", "ZeroDivisionError",
  "PermissionError", "FileNotFoundError", "TimeoutError", "UnicodeError", "Warning",
  "DeprecationWarning",
]);
const CONSTANT_NAMES = new Set(["self", "cls"]);

const builtinMark = Decoration.mark({ class: "cm-tok-builtin" });
const constantMark = Decoration.mark({ class: "cm-tok-constant" });

/** Marks built-in names and self/cls in the visible part of the syntax tree. */
function namesIn(view) {
  const builder = new RangeSetBuilder();
  const tree = syntaxTree(view.state);
  for (const { from, to } of view.visibleRanges) {
    tree.iterate({
      from, to,
      enter(node) {
        if (node.name !== "VariableName") return;
        const name = view.state.doc.sliceString(node.from, node.to);
        if (BUILTINS.has(name)) builder.add(node.from, node.to, builtinMark);
        else if (CONSTANT_NAMES.has(name)) builder.add(node.from, node.to, constantMark);
      },
    });
  }
  return builder.finish();
}

const builtinNames = ViewPlugin.fromClass(class {
  constructor(view) { this.decorations = namesIn(view); }
  update(update) {
    if (update.docChanged || update.viewportChanged
        || syntaxTree(update.startState) !== syntaxTree(update.state)) {
      this.decorations = namesIn(update.view);
    }
  }
}, { decorations: (plugin) => plugin.decorations });

// ---- Theme: only the page's custom properties ----

const token = (name) => `var(--tok-${name}, currentColor)`;

const highlightStyle = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword, tags.moduleKeyword,
    tags.operatorKeyword, tags.modifier], color: token("keyword") },
  { tag: [tags.string, tags.special(tags.string), tags.escape], color: token("string") },
  { tag: [tags.comment, tags.lineComment], color: token("comment"), fontStyle: "italic" },
  { tag: tags.number, color: token("number") },
  { tag: [tags.bool, tags.null, tags.self], color: token("constant") },
  { tag: [tags.function(tags.definition(tags.variableName)), tags.definition(tags.className)],
    color: token("def") },
  { tag: tags.meta, color: token("decorator") },
]);

const codeFont = "var(--code-font, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace)";
const fg = "var(--code-fg, CanvasText)";
const bg = "var(--code-bg, Canvas)";
const border = "1px solid var(--code-border, currentColor)";

// Selectors start with "&" (the editor) and repeat the specificity of CodeMirror's base theme
// where it uses "&light"/"&dark", so the page's variables always win over its built-in colours.
const theme = EditorView.theme({
  "&": { color: fg, backgroundColor: bg, fontSize: "inherit", height: "100%" },
  // The focus ring is drawn above the sticky gutters (an outline on the editor would be hidden
  // under them) and inside the editor's box (a parent's overflow can't clip it).
  "&.cm-focused": { outline: "none" },
  "&.cm-focused::after": {
    content: '""', position: "absolute", inset: "0", pointerEvents: "none", zIndex: "500",
    border: "2px solid var(--accent, Highlight)",
  },
  ".cm-scroller": { fontFamily: codeFont, lineHeight: "1.5" },
  ".cm-content": { caretColor: "var(--accent, CanvasText)" },
  ".cm-cursor, .cm-dropCursor": { borderLeft: "2px solid var(--accent, CanvasText)" },
  ".cm-gutters": {
    backgroundColor: `var(--code-gutter, ${bg})`,
    color: `var(--code-gutter-fg, ${fg})`,
    borderRight: border,
  },
  ".cm-activeLine": { backgroundColor: "var(--code-active-line, transparent)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--code-active-line, transparent)" },
  ".cm-selectionBackground, &.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground":
    { backgroundColor: "var(--code-selection, Highlight)" },
  ".cm-content ::selection": { backgroundColor: "var(--code-selection, Highlight)" },
  ".cm-matchingBracket, &.cm-focused .cm-matchingBracket": {
    backgroundColor: "transparent",
    outline: "1px solid var(--accent, Highlight)",
  },
  ".cm-nonmatchingBracket, &.cm-focused .cm-nonmatchingBracket": {
    backgroundColor: "var(--error-bg, Mark)",
  },
  ".cm-searchMatch": {
    backgroundColor: "var(--code-match, Mark)",
    outline: "1px solid var(--code-border, currentColor)",
  },
  ".cm-searchMatch-selected, .cm-searchMatch.cm-searchMatch-selected": {
    backgroundColor: "var(--code-match, Mark)",
    outline: "2px solid var(--accent, Highlight)",
  },
  ".cm-selectionMatch": { backgroundColor: "var(--code-active-line, transparent)" },
  ".cm-specialChar": { color: "var(--error-fg, currentColor)" },
  ".cm-panels": { color: fg, backgroundColor: `var(--code-gutter, ${bg})` },
  ".cm-panels.cm-panels-top": { borderBottom: border },
  ".cm-panels.cm-panels-bottom": { borderTop: border },
  ".cm-panel input, .cm-panel button, .cm-panel label": { fontSize: "inherit" },
  ".cm-textfield": { color: fg, backgroundColor: bg, border },
  ".cm-button": { color: fg, backgroundImage: "none", backgroundColor: bg, border },
  ".cm-panel button:focus-visible, .cm-textfield:focus-visible, .cm-panel input:focus-visible": {
    outline: "2px solid var(--accent, Highlight)", outlineOffset: "1px",
  },
  ".cm-tooltip": { color: fg, backgroundColor: bg, border },
  ".cm-tooltip-autocomplete ul li[aria-selected]": {
    color: fg, backgroundColor: "var(--code-selection, Highlight)",
  },
  ".cm-tooltip.cm-tooltip-autocomplete > ul": { fontFamily: codeFont },
  ".cm-tok-builtin": { color: token("builtin") },
  ".cm-tok-constant": { color: token("constant") },
  ".cm-glassbox-error-line": { backgroundColor: "var(--error-bg, Mark)" },
  ".cm-glassbox-error-gutter": { width: "1.2em" },
  ".cm-glassbox-error-marker": { color: "var(--error-fg, currentColor)", fontWeight: "bold", cursor: "help" },
  ".cm-glassbox-highlight-line": { backgroundColor: "var(--code-match, Mark)" },
});

// ---- The error line: a line decoration and a gutter marker that follow edits ----

const setError = StateEffect.define();

class ErrorMarker extends GutterMarker {
  constructor(line, message) {
    super();
    this.line = line;
    this.message = message;
  }
  eq(other) { return other.message === this.message && other.line === this.line; }
  toDOM() {
    const marker = document.createElement("span");
    marker.className = "cm-glassbox-error-marker";
    marker.textContent = "!";
    if (this.message) {
      marker.title = this.message;
      marker.setAttribute("aria-label", `Error on line ${this.line}: ${this.message}`);
    }
    return marker;
  }
}

/** {decorations, markers}: empty, or one line's decoration and marker, mapped through changes. */
const errorField = StateField.define({
  create: () => ({ decorations: Decoration.none, markers: Decoration.none }),
  update(value, transaction) {
    let next = transaction.docChanged
      ? { decorations: value.decorations.map(transaction.changes),
        markers: value.markers.map(transaction.changes) }
      : value;
    for (const effect of transaction.effects) {
      if (!effect.is(setError)) continue;
      if (effect.value === null) {
        next = { decorations: Decoration.none, markers: Decoration.none };
        continue;
      }
      const { line, message } = effect.value;
      const at = transaction.state.doc.line(line).from;
      const attributes = { class: "cm-glassbox-error-line" };
      if (message) attributes.title = message;
      next = {
        decorations: Decoration.set([Decoration.line({ attributes }).range(at)]),
        markers: Decoration.set([new ErrorMarker(line, message || "Error").range(at)]),
      };
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field, (value) => value.decorations),
});

const errorGutter = gutter({
  class: "cm-glassbox-error-gutter",
  markers: (view) => view.state.field(errorField).markers,
  initialSpacer: () => new ErrorMarker(0, ""),
});

// ---- The editor ----

/**
 * A Python editor in `parent`. options: { doc, ariaLabel, readOnly = false, onChange(doc),
 * onRun(), onCheck() }. Returns { getDoc, setDoc, setErrorLine, focus, destroy }.
 */
export function createEditor(parent, options = {}) {
  const { doc = "", ariaLabel = "Code", readOnly = false } = options;
  const call = (name, ...args) => {
    const callback = options[name];
    if (typeof callback === "function") callback(...args);
  };
  const shortcuts = keymap.of([
    { key: "Mod-Enter", run: () => { call("onRun"); return true; } },
    { key: "Shift-Mod-Enter", run: () => { call("onCheck"); return true; } },
  ]);
  // A keyboard user who Tabs into the editor can Tab on out, as long as they have not typed or
  // clicked in it yet: a Tab that only moves focus never indents (and so never changes code).
  // After that, Tab indents and Escape then Tab leaves, as the note (describedBy) says on focus.
  // CodeMirror's tab-focus mode lets Tab move the focus until another key is pressed.
  let pointerDown = false;
  const tabFocus = EditorView.domEventHandlers({
    mousedown() { pointerDown = true; return false; },
    focus(event, view) {
      if (!pointerDown) view.setTabFocusMode(60000);
      pointerDown = false;
      return false;
    },
  });
  const describedBy = options.describedBy ? { "aria-describedby": options.describedBy } : {};
  const state = EditorState.create({
    doc,
    extensions: [
      Prec.highest(tabFocus),
      // Run and Check win over every other binding of Enter (newline, blank line, completion).
      Prec.highest(shortcuts),
      lineNumbers(),
      errorGutter,
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      EditorState.allowMultipleSelections.of(false),
      indentUnit.of("    "),
      EditorState.tabSize.of(4),
      indentOnInput(),
      pythonSupport(),
      syntaxHighlighting(highlightStyle),
      builtinNames,
      bracketMatching(),
      closeBrackets(),
      autocompletion({ activateOnTyping: true }),
      highlightActiveLine(),
      highlightSelectionMatches(),
      search({ top: true }),
      errorField,
      // Long lines wrap instead of running off the right edge (the learner sees all of a line).
      EditorView.lineWrapping,
      EditorState.readOnly.of(readOnly),
      // An explicit tabindex: a contenteditable is tabbable anyway, but accessibility checkers
      // (axe's scrollable-region-focusable) only count it as focusable with one.
      EditorView.contentAttributes.of({ "aria-label": ariaLabel, tabindex: "0", ...describedBy }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) call("onChange", update.state.doc.toString());
      }),
      keymap.of([
        ...closeBracketsKeymap,
        ...defaultKeymap,
        ...searchKeymap,
        ...historyKeymap,
        ...completionKeymap,
        indentWithTab,
      ]),
      theme,
    ],
  });
  const view = new EditorView({ state, parent });

  return {
    getDoc: () => view.state.doc.toString(),
    /** Replaces the whole document as one transaction, which Ctrl/Cmd-Z undoes. */
    setDoc(text) {
      const current = view.state.doc.toString();
      if (text === current) return;
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        selection: EditorSelection.cursor(0),
        userEvent: "input.replace",
        scrollIntoView: true,
      });
    },
    /** Marks a 1-based line (clamped to the document) with a message; null clears the mark. */
    setErrorLine(line, message) {
      if (line === null || line === undefined) {
        view.dispatch({ effects: setError.of(null) });
        return;
      }
      const number = Math.min(Math.max(1, Math.trunc(Number(line)) || 1), view.state.doc.lines);
      const text = message ? String(message) : null;
      const effects = [setError.of({ line: number, message: text })];
      const at = view.state.doc.line(number).from;
      effects.push(EditorView.scrollIntoView(at, { y: "nearest" }));
      // Screen readers hear the error; sighted users see the marked line.
      effects.push(EditorView.announce.of(`Error on line ${number}${text ? `: ${text}` : ""}`));
      view.dispatch({ effects });
    },
    /** Selects a 1-based line (clamped) and scrolls it to the middle: "this query ran here". */
    revealLine(line) {
      const number = Math.min(Math.max(1, Math.trunc(Number(line)) || 1), view.state.doc.lines);
      const target = view.state.doc.line(number);
      view.dispatch({
        selection: EditorSelection.range(target.from, target.to),
        effects: EditorView.scrollIntoView(target.from, { y: "center" }),
      });
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}

// ---- The viewer: the framework's source, read-only, one line highlighted ----

const setHighlight = StateEffect.define();

const highlightField = StateField.define({
  create: () => Decoration.none,
  update(value, transaction) {
    value = value.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(setHighlight)) continue;
      value = effect.value === null
        ? Decoration.none
        : Decoration.set([
          Decoration.line({ class: "cm-glassbox-highlight-line" }).range(effect.value),
        ]);
    }
    return value;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** The document position of file line `highlightLine`, or null when it is not in the document. */
function highlightPosition(doc, firstLineNumber, highlightLine) {
  if (highlightLine === null || highlightLine === undefined) return null;
  const line = Math.trunc(Number(highlightLine)) - firstLineNumber + 1;
  if (!(line >= 1 && line <= doc.lines)) return null;
  return doc.line(line).from;
}

/**
 * A read-only Python viewer in `parent`. options: { doc, ariaLabel, firstLineNumber = 1,
 * highlightLine = null } (highlightLine counts from the file's first line, like the gutter).
 * Returns { setDoc(text, firstLineNumber, highlightLine), destroy() }.
 */
export function createViewer(parent, options = {}) {
  const { doc = "", ariaLabel = "Source" } = options;
  const numbers = new Compartment();
  const numbering = (first) => lineNumbers({ formatNumber: (n) => String(n + first - 1) });
  const firstOf = (value) => (Number.isFinite(Number(value)) && value !== null ? Math.trunc(Number(value)) : 1);
  let first = firstOf(options.firstLineNumber ?? 1);

  const state = EditorState.create({
    doc,
    extensions: [
      numbers.of(numbering(first)),
      highlightSpecialChars(),
      drawSelection(),
      EditorState.readOnly.of(true),
      EditorState.tabSize.of(4),
      pythonSupport(),
      syntaxHighlighting(highlightStyle),
      builtinNames,
      highlightField,
      search({ top: true }),
      EditorView.contentAttributes.of({ "aria-label": ariaLabel, tabindex: "0" }),
      keymap.of([...defaultKeymap, ...searchKeymap]),
      theme,
    ],
  });
  const view = new EditorView({ state, parent });

  const show = (position) => {
    const effects = [setHighlight.of(position)];
    if (position !== null) effects.push(EditorView.scrollIntoView(position, { y: "center" }));
    view.dispatch({ effects });
  };
  show(highlightPosition(view.state.doc, first, options.highlightLine));

  return {
    setDoc(text, firstLineNumber, highlightLine) {
      first = firstOf(firstLineNumber ?? 1);
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: String(text ?? "") },
        selection: EditorSelection.cursor(0),
        effects: [numbers.reconfigure(numbering(first)), setHighlight.of(null)],
      });
      show(highlightPosition(view.state.doc, first, highlightLine));
    },
    destroy: () => view.destroy(),
  };
}

// ---- static highlighting, for the code blocks of a lesson's text ----

let highlightMounted = false;

/**
 * Python source as HTML: the text escaped, tokens wrapped in spans with the editor's own
 * highlighting classes (same colours as the editor). Other languages come back escaped only.
 */
export function highlight(code, language) {
  const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  if (language !== "python") return escape(code);
  if (!highlightMounted) {
    StyleModule.mount(document, highlightStyle.module); // the classes' CSS, once per page
    highlightMounted = true;
  }
  const parser = pythonSupport().language.parser;
  let html = "";
  highlightCode(code, parser.parse(code), highlightStyle,
    (text, classes) => { html += classes ? `<span class="${classes}">${escape(text)}</span>` : escape(text); },
    () => { html += "\n"; });
  return html;
}
