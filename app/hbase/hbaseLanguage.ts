/**
 * The HBase shell language for Monaco: a Monarch tokenizer (commands, strings with their escapes,
 * option constants, `=>`, numbers, `#` comments) and a completion provider (commands as snippets
 * at the start of a line, the command's option constants inside `{...}`, table names from `list`
 * inside the first quoted argument). Registered once per Monaco instance.
 */
import {
  HBASE_SHELL_COMMANDS,
  HBASE_SHELL_CONSTANTS,
  HBASE_UNSUPPORTED_COMMANDS,
  findShellCommand,
} from '../../engine/client/hbase_shell/index';

type Monaco = typeof import('../editor/monacoSetup')['monaco'];

export const HBASE_LANGUAGE_ID = 'hbase-shell';

const COMMAND_WORDS = HBASE_SHELL_COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);

const MONARCH = {
  defaultToken: '',
  commands: COMMAND_WORDS,
  unsupported: [...HBASE_UNSUPPORTED_COMMANDS],
  constants: [...HBASE_SHELL_CONSTANTS],
  literals: ['true', 'false', 'nil'],
  tokenizer: {
    root: [
      [/#.*$/, 'comment'],
      [/=>/, 'operator'],
      [/[a-z_][\w]*[?!]?/, { cases: { '@commands': 'keyword', '@literals': 'constant', '@unsupported': 'invalid', '@default': 'identifier' } }],
      [/[A-Z][\w]*/, { cases: { '@constants': 'type', '@default': 'identifier' } }],
      [/[-+]?\d[\d_]*(\.\d+)?/, 'number'],
      [/'/, 'string', '@single'],
      [/"/, 'string', '@double'],
      [/[{}[\]()]/, '@brackets'],
      [/[,;.]/, 'delimiter'],
    ],
    single: [
      [/[^\\']+/, 'string'],
      [/\\['\\]/, 'string.escape'],
      [/\\/, 'string'],
      [/'/, 'string', '@pop'],
    ],
    double: [
      [/[^\\"]+/, 'string'],
      [/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/, 'string.escape'],
      [/"/, 'string', '@pop'],
    ],
  },
};

const registered = new WeakSet<object>();

/**
 * Registers the language on `monaco` (once). `tableNames` answers the table names for completion
 * (it may be slow or fail: completion then offers none).
 */
export function registerHBaseLanguage(monaco: Monaco, tableNames: () => Promise<string[]>): void {
  if (registered.has(monaco)) return;
  registered.add(monaco);
  monaco.languages.register({ id: HBASE_LANGUAGE_ID });
  monaco.languages.setMonarchTokensProvider(HBASE_LANGUAGE_ID, MONARCH as Parameters<Monaco['languages']['setMonarchTokensProvider']>[1]);
  monaco.languages.setLanguageConfiguration(HBASE_LANGUAGE_ID, {
    comments: { lineComment: '#' },
    brackets: [
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ],
    autoClosingPairs: [
      { open: '{', close: '}' },
      { open: '[', close: ']' },
      { open: '(', close: ')' },
      { open: "'", close: "'", notIn: ['string'] },
      { open: '"', close: '"', notIn: ['string'] },
    ],
  });
  monaco.languages.registerCompletionItemProvider(HBASE_LANGUAGE_ID, {
    triggerCharacters: ["'", '{', ' ', ','],
    provideCompletionItems: async (model, position) => {
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const word = model.getWordUntilPosition(position);
      const range = {
        startLineNumber: position.lineNumber,
        endLineNumber: position.lineNumber,
        startColumn: word.startColumn,
        endColumn: word.endColumn,
      };
      const Kind = monaco.languages.CompletionItemKind;
      const Snippet = monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet;
      const context = completionContext(before);
      if (context.kind === 'command') {
        return {
          suggestions: HBASE_SHELL_COMMANDS.map((c) => ({
            label: c.name,
            kind: Kind.Function,
            detail: c.syntax,
            documentation: c.help,
            insertText: c.snippet,
            insertTextRules: Snippet,
            range,
          })),
        };
      }
      if (context.kind === 'option') {
        const options = findShellCommand(context.command)?.options ?? [];
        return {
          suggestions: options.map((o) => ({ label: o, kind: Kind.Constant, insertText: `${o} => `, range })),
        };
      }
      if (context.kind === 'table') {
        const names = await tableNames().catch(() => [] as string[]);
        return { suggestions: names.map((n) => ({ label: n, kind: Kind.Class, detail: 'HBase table', insertText: n, range })) };
      }
      return { suggestions: [] };
    },
  });
}

export type CompletionContext =
  | { kind: 'command' }
  | { kind: 'option'; command: string }
  | { kind: 'table' }
  | { kind: 'none' };

/** What to complete given the line's text before the cursor (pure; tested). */
export function completionContext(before: string): CompletionContext {
  if (/^\s*[a-z_]*$/.test(before)) return { kind: 'command' };
  const command = /^\s*([a-z_]+)/.exec(before)?.[1] ?? '';
  // Complete strings out of the way; a quote left over opens the string the cursor is in.
  const code = before.replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"/g, 'S');
  const openBraces = (code.match(/{/g) ?? []).length - (code.match(/}/g) ?? []).length;
  const inString = /['"]/.test(code);
  if (!inString && (openBraces > 0 || /,\s*[A-Z_]*$/.test(code)) && /[{,]\s*[A-Z_]*$/.test(code)) {
    return { kind: 'option', command };
  }
  if (inString && /^\s*[a-z_]+\s*\(?\s*['"][^'"]*$/.test(before)) return { kind: 'table' };
  return { kind: 'none' };
}
