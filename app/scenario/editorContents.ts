/**
 * The three editors' texts (SQL, KV, HBase) for share links and scenarios (issue #6 item 3).
 *
 * Where they live: each editor keeps its text in one Monaco model and mirrors every change into
 * localStorage (`EDITOR_TEXT_KEY`, `KV_SCRIPT_KEY`, `HBASE_EDITOR_TEXT_KEY`); an editor that is not
 * mounted yet starts from that key. So reading is localStorage (or the default text), and writing
 * sets the live model when the editor exists (its listener then writes the key) and the key
 * itself otherwise.
 *
 * Invariants: nothing here runs what it writes; a scenario that replaced the editors' texts keeps
 * the user's previous texts (`stashEditorTexts`) so closing it can put them back.
 */
import { DEFAULT_SCRIPT, EDITOR_TEXT_KEY } from '../editor/defaultScript';
import { DEFAULT_HBASE_SCRIPT, HBASE_EDITOR_TEXT_KEY } from '../hbase/defaultHBaseScript';
import { DEFAULT_KV_SCRIPT, KV_SCRIPT_KEY } from '../kv/defaultKvScript';

export interface EditorTexts {
  sql: string;
  kv: string;
  hbase: string;
}

/** The KV editor's model (app/kv/KvEditor.tsx). */
const KV_MODEL_URI = 'file:///obkv/kv-script.ts';
/** Monaco language ids of the SQL and HBase editors' models. */
const SQL_LANGUAGE = 'mysql';
const HBASE_LANGUAGE = 'hbase-shell';
/** Where the user's own texts wait while a scenario's texts are in the editors. */
const STASH_KEY = 'ob-playground-editors-before-scenario';

function stored(key: string, fallback: string): string {
  try {
    return localStorage.getItem(key) || fallback;
  } catch {
    return fallback;
  }
}

/** The editors' current texts (what the user sees, or would see on opening the tab). */
export function readEditorTexts(): EditorTexts {
  return {
    sql: stored(EDITOR_TEXT_KEY, DEFAULT_SCRIPT),
    kv: stored(KV_SCRIPT_KEY, DEFAULT_KV_SCRIPT),
    hbase: stored(HBASE_EDITOR_TEXT_KEY, DEFAULT_HBASE_SCRIPT),
  };
}

type Monaco = typeof import('../editor/monacoSetup')['monaco'];
type Model = ReturnType<Monaco['editor']['getModels']>[number];

function liveModels(monaco: Monaco): { sql?: Model; kv?: Model; hbase?: Model } {
  const models = monaco.editor.getModels();
  return {
    sql: models.find((m) => m.getLanguageId() === SQL_LANGUAGE),
    kv: models.find((m) => m.uri.toString() === KV_MODEL_URI),
    hbase: models.find((m) => m.getLanguageId() === HBASE_LANGUAGE),
  };
}

/**
 * Replaces the editors' texts (only the parts given). Live editors change at once (undo keeps the
 * old text); closed ones show the text when opened. Runs nothing.
 */
export async function writeEditorTexts(texts: Partial<EditorTexts>): Promise<void> {
  const keys: Record<keyof EditorTexts, string> = { sql: EDITOR_TEXT_KEY, kv: KV_SCRIPT_KEY, hbase: HBASE_EDITOR_TEXT_KEY };
  for (const k of Object.keys(keys) as (keyof EditorTexts)[]) {
    const text = texts[k];
    if (text === undefined) continue;
    try {
      localStorage.setItem(keys[k], text);
    } catch {
      // Storage full or disabled: the live model below still shows it.
    }
  }
  let models: ReturnType<typeof liveModels> = {};
  try {
    const { monaco } = await import('../editor/monacoSetup');
    models = liveModels(monaco);
  } catch {
    return;
  }
  for (const k of Object.keys(keys) as (keyof EditorTexts)[]) {
    const text = texts[k];
    const model = models[k];
    if (text !== undefined && model && model.getValue() !== text) model.setValue(text);
  }
}

/** Keeps the user's texts before a scenario replaces them (once: a second scenario keeps the first stash). */
export function stashEditorTexts(): void {
  try {
    if (localStorage.getItem(STASH_KEY) === null) localStorage.setItem(STASH_KEY, JSON.stringify(readEditorTexts()));
  } catch {
    // No storage: nothing to restore later.
  }
}

/** Puts back the texts `stashEditorTexts` kept (no-op without a stash). */
export async function restoreEditorTexts(): Promise<void> {
  let stash: Partial<EditorTexts> | null = null;
  try {
    const raw = localStorage.getItem(STASH_KEY);
    localStorage.removeItem(STASH_KEY);
    stash = raw ? (JSON.parse(raw) as Partial<EditorTexts>) : null;
  } catch {
    stash = null;
  }
  if (!stash) return;
  const texts: Partial<EditorTexts> = {};
  for (const k of ['sql', 'kv', 'hbase'] as const) if (typeof stash[k] === 'string') texts[k] = stash[k];
  await writeEditorTexts(texts);
}
