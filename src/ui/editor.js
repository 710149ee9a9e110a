// The SQL editor: CodeMirror 6 (npm), bundled by esbuild into www/editor.js, which the page
// loads when it opens. The page (src/ui/editor.rs) owns the text; this reports edits and Run
// (Ctrl/Cmd+Enter), marks errors where the parser says, and completes the names of the
// running catalog's streams and columns, SQL's keywords and kdalite's functions.
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, highlightSpecialChars, keymap, lineNumbers } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { classHighlighter } from '@lezer/highlight';
import { SQLDialect, StandardSQL, sql } from '@codemirror/lang-sql';
import { autocompletion, completeFromList, completionKeymap } from '@codemirror/autocomplete';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { formatDialect, sql as standardSql } from 'sql-formatter';

// kdalite's streaming words that are not functions (the functions come from the catalogue, each
// completed with its forms), completed and highlighted.
const BUILTINS = 'tumble hop session cumulate descriptor window_start window_end window_time rowtime '
  + 'current_watermark lag rank dense_rank listagg cast extract interval';
// SQL's keywords with KDA's (STREAM, PUMP) and Flink's (WATERMARK, LATERAL, …); a dialect's
// keywords replace lang-sql's list, so they are all here.
const KEYWORDS = 'select stream from where group by having order limit offset fetch first next only as and or not in is '
  + 'null like similar escape between case when then else end join inner left right full outer cross natural lateral on '
  + 'using union intersect except all distinct insert into values create replace or table pump view drop delete update '
  + 'set with window over partition rows range preceding following unbounded current row interval second minute hour '
  + 'day month year to exists any some asc desc true false primary key not enforced default watermark for system_time '
  + 'of filter within explain plan describe desc show tables views columns functions match_recognize measures '
  + 'pattern define after match skip past last';
const DIALECT = SQLDialect.define({ ...StandardSQL.spec, keywords: KEYWORDS, builtin: BUILTINS });


// kdalite's functions (src/plan/function_docs.rs), completed with their forms: set by mount.
let functionCompletion = [];

function language(schema, defaultTable) {
  return [sql({ dialect: DIALECT, schema, defaultTable, upperCaseKeywords: true }), functionCompletion];
}

// Each function as a completion: its name, its forms beside it, what it does below.
function functionsOf(functions) {
  const options = functions.map((f) => ({
    label: f.name,
    type: 'function',
    detail: f.signature,
    info: `${f.about}. Returns ${f.returns}. (${f.origin})`,
    boost: -1,
  }));
  return DIALECT.language.data.of({ autocomplete: completeFromList(options) });
}

// `functions` is kdalite's function catalogue; `onChange(text)` after each edit; `onRun()` on
// Ctrl/Cmd+Enter. The view is also kept on
// `parent.cmView`, where the end-to-end tests read the text.
export function mount(parent, doc, functions, onChange, onRun) {
  functionCompletion = functionsOf(functions);
  const catalog = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        EditorView.lineWrapping,
        syntaxHighlighting(classHighlighter),
        catalog.of(language({})),
        autocompletion(),
        lintGutter(),
        keymap.of([
          { key: 'Mod-Enter', run: () => { onRun(); return true; } },
          { key: 'Shift-Alt-f', run: () => { format(view); return true; } },
          ...completionKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab,
        ]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ 'aria-label': 'SQL editor', spellcheck: 'false' }),
      ],
    }),
  });
  view.catalog = catalog;
  parent.cmView = view;
  return view;
}

// sql-formatter knows standard SQL, not KDA's words: it breaks CREATE OR REPLACE STREAM and
// PUMP apart and takes SELECT STREAM's STREAM for a column; these put them back.
function kda(text) {
  return text
    .replace(/\bCREATE\s*\n\s*OR\s+REPLACE\s+(STREAM|PUMP|VIEW)\b/gi, (_, what) => `CREATE OR REPLACE ${what.toUpperCase()}`)
    .replace(/\bSELECT(\s*\n(\s+))STREAM\s+/gi, (_, indent) => `SELECT STREAM${indent}`);
}

// Formats the code (keywords in upper case, a clause a line), as one edit Ctrl+Z undoes. Code
// the formatter cannot read stays as it is.
export function format(view) {
  let text;
  try {
    text = kda(formatDialect(view.state.doc.toString(), { dialect: standardSql, keywordCase: 'upper', tabWidth: 2 }));
  } catch {
    return false;
  }
  setText(view, text);
  return true;
}

// Replaces the text (a template, a shared link, a rollback), unless it is the same.
export function setText(view, text) {
  const now = view.state.doc.toString();
  if (now !== text) view.dispatch({ changes: { from: 0, to: now.length, insert: text } });
}

// The names completion offers: `{ STREAM: [column, …], … }`; `defaultTable`'s columns are
// offered unqualified too.
export function setSchema(view, schema, defaultTable) {
  view.dispatch({ effects: view.catalog.reconfigure(language(schema, defaultTable)) });
}

// Marks `message` at `line` and `column` (from 1) and puts the cursor there; no line clears.
export function markError(view, line, column, message) {
  if (!line) {
    view.dispatch(setDiagnostics(view.state, []));
    return;
  }
  const doc = view.state.doc;
  const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
  // The word the parser stopped at (or the character; at the end, the one before).
  let from = Math.min(at.from + Math.max((column ?? 1) - 1, 0), at.to);
  if (from === at.to && from > at.from) from -= 1;
  const word = doc.sliceString(from, at.to).match(/^(\w+|\S)/);
  const to = Math.min(from + (word ? word[0].length : 1), doc.length);
  view.dispatch(setDiagnostics(view.state, [{ from, to, severity: 'error', message }]));
  view.dispatch({ selection: { anchor: from }, scrollIntoView: true });
  view.focus();
}
