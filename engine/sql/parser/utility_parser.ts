/**
 * Utility statements: USE, SHOW ..., DESC / DESCRIBE / EXPLAIN, transaction control, SET,
 * CALL and OceanBase's ALTER SYSTEM freeze / parameter commands (reference §4.5, §7.1, §8.1,
 * §8.3).
 *
 * - `DESC t` / `EXPLAIN t` describe a table; followed by SELECT/INSERT/REPLACE/UPDATE/DELETE
 *   they explain it. EXTENDED_NOADDR explains as 'extended' (the playground prints no
 *   addresses); plain EXPLAIN is 'traditional'.
 * - SET: `SET GLOBAL a = 1, b = 2` sets both globally (a scope keyword carries to the following
 *   assignments, as in MySQL); `@@global.x` / `@@session.x` / `@x` name their own scope. A
 *   bare word or ON as a system variable's value is that word as a string
 *   (`SET sql_mode = STRICT_ALL_TABLES`, `SET autocommit = ON`).
 * - `SET [GLOBAL|SESSION] TRANSACTION ISOLATION LEVEL ...`: scope 'next' when neither is given
 *   (MySQL: the level applies to the next transaction only).
 * - ALTER SYSTEM MINOR/MAJOR FREEZE options come in any order; tenant lists may be bare
 *   (`TENANT = t1, t2`) or parenthesised; SUSPEND/RESUME MERGE and CLEAR MERGE ERROR take the same
 *   tenant option; other ALTER SYSTEM forms are caught before parsing (see statement_parser.ts)
 *   and become action 'other'.
 */
import type { TokenType } from 'chevrotain';
import type { Value } from '../../common/value';
import type { AlterSystem, Expr, Select, Insert, ShowStmt, Statement, Update, Delete } from '../ast';
import { AlterParser } from './alter_parser';
import { identText } from './base_parser';
import {
  Assign, Comma, DecimalNumber, Dot, Eq, IdentCat, IntegerNumber, K, LParen, Minus, RParen, StringLit, SysVar,
  UserVar, isWord,
} from './lexer';
import { decimalLiteral, integerLiteral, stringLiteral, sysVarName, userVarName } from './literals';

type SetAssignment = { variable: Expr & { kind: 'variable' }; value: Expr };
type Scope = 'session' | 'global';
type Explainable = Select | Insert | Update | Delete;
type ExplainFormat = 'basic' | 'traditional' | 'extended' | 'json';

const EXPLAINABLE_STARTS: ReadonlySet<TokenType> = new Set([K.SELECT, LParen, K.INSERT, K.REPLACE, K.UPDATE, K.DELETE]);
/** Words that start ALTER SYSTEM SUSPEND MERGE / RESUME MERGE / CLEAR MERGE ERROR. */
export const MERGE_CONTROL_WORDS: ReadonlySet<string> = new Set(['SUSPEND', 'RESUME', 'CLEAR']);
const EXPLAIN_OPTIONS: ReadonlySet<TokenType> = new Set([K.BASIC, K.EXTENDED, K.EXTENDED_NOADDR, K.OUTLINE, K.PARTITIONS]);

export abstract class UtilityParser extends AlterParser {
  useStmt = this.RULE('useStmt', (): Statement => {
    this.CONSUME(K.USE);
    return { kind: 'use', db: this.SUBRULE(this.ident) };
  });

  callStmt = this.RULE('callStmt', (): Statement => {
    this.CONSUME(K.CALL);
    const parts = [this.SUBRULE(this.ident)];
    this.MANY(() => (this.CONSUME(Dot), parts.push(this.SUBRULE(this.nameAfterDot))));
    let args: Expr[] = [];
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.OPTION2(() => (args = this.SUBRULE(this.exprList)));
      this.CONSUME(RParen);
    });
    return this.ACTION((): Statement => ({ kind: 'call', name: parts.join('.'), args }));
  });

  // ------------------------------------------------------------ SHOW

  showStmt = this.RULE('showStmt', (): ShowStmt => {
    this.CONSUME(K.SHOW);
    return this.OR([
      {
        ALT: (): ShowStmt => {
          this.OR2([{ ALT: () => this.CONSUME(K.DATABASES) }, { ALT: () => this.CONSUME(K.SCHEMAS) }]);
          return this.withLike({ kind: 'show', what: 'databases' }, this.OPTION(() => this.SUBRULE(this.likeClause)));
        },
      },
      {
        ALT: (): ShowStmt => {
          const full = this.OPTION2(() => this.CONSUME(K.FULL)) !== undefined;
          return this.OR3([
            { ALT: () => this.SUBRULE(this.showTablesTail, { ARGS: [full] }) },
            { ALT: () => this.SUBRULE(this.showColumnsTail, { ARGS: [full] }) },
            { ALT: (): ShowStmt => (this.CONSUME(K.PROCESSLIST), { kind: 'show', what: 'processlist' }) },
          ]);
        },
      },
      {
        ALT: (): ShowStmt => {
          this.CONSUME(K.CREATE);
          this.CONSUME(K.TABLE);
          return { kind: 'show', what: 'createTable', table: this.SUBRULE(this.qualifiedName) };
        },
      },
      {
        ALT: (): ShowStmt => {
          const global = this.OPTION3(() =>
            this.OR4([
              { ALT: () => (this.CONSUME(K.GLOBAL), true) },
              { ALT: () => (this.CONSUME(K.SESSION), false) },
              { ALT: () => (this.CONSUME(K.LOCAL), false) },
            ]),
          ) === true;
          this.CONSUME(K.VARIABLES);
          return this.withLike({ kind: 'show', what: 'variables', global }, this.OPTION4(() => this.SUBRULE2(this.likeClause)));
        },
      },
      { ALT: (): ShowStmt => (this.CONSUME(K.WARNINGS), { kind: 'show', what: 'warnings' }) },
      { ALT: (): ShowStmt => (this.CONSUME(K.ERRORS), { kind: 'show', what: 'errors' }) },
      {
        ALT: (): ShowStmt => {
          this.CONSUME(K.PARAMETERS);
          return this.withLike({ kind: 'show', what: 'parameters' }, this.OPTION5(() => this.SUBRULE3(this.likeClause)));
        },
      },
      {
        ALT: (): ShowStmt => {
          this.OR5([
            { ALT: () => this.CONSUME(K.INDEX) },
            { ALT: () => this.CONSUME(K.INDEXES) },
            { ALT: () => this.CONSUME(K.KEYS) },
          ]);
          return { kind: 'show', what: 'index', table: this.SUBRULE(this.fromTable) };
        },
      },
      { ALT: (): ShowStmt => (this.CONSUME(K.TENANT), { kind: 'show', what: 'tenant' }) },
      {
        ALT: (): ShowStmt => (this.OPTION6(() => this.CONSUME(K.STORAGE)), this.CONSUME(K.ENGINES), { kind: 'show', what: 'engines' }),
      },
      { ALT: (): ShowStmt => (this.CONSUME(K.CHARSET), { kind: 'show', what: 'charset' }) },
      { ALT: (): ShowStmt => (this.CONSUME(K.CHARACTER), this.CONSUME(K.SET), { kind: 'show', what: 'charset' }) },
      { ALT: (): ShowStmt => (this.CONSUME(K.COLLATION), { kind: 'show', what: 'collation' }) },
    ]);
  });

  protected withLike<T extends ShowStmt & { like?: string }>(stmt: T, like: string | undefined): T {
    if (like !== undefined) stmt.like = like;
    return stmt;
  }

  likeClause = this.RULE('likeClause', (): string => {
    this.CONSUME(K.LIKE);
    return this.SUBRULE(this.stringValue);
  });

  fromOrIn = this.RULE('fromOrIn', (): void => {
    this.OR([{ ALT: () => this.CONSUME(K.FROM) }, { ALT: () => this.CONSUME(K.IN) }]);
  });

  /** `FROM t [FROM db]` or `FROM db.t` → the table. */
  fromTable = this.RULE('fromTable', (): { db?: string; name: string } => {
    this.SUBRULE(this.fromOrIn);
    const table = this.SUBRULE(this.qualifiedName);
    const db = this.OPTION(() => (this.SUBRULE2(this.fromOrIn), this.SUBRULE(this.ident)));
    return db === undefined ? table : { db, name: table.name };
  });

  showTablesTail = this.RULE('showTablesTail', (full?: boolean): ShowStmt => {
    this.CONSUME(K.TABLES);
    const stmt: ShowStmt & { what: 'tables' } = { kind: 'show', what: 'tables' };
    this.OPTION(() => (this.SUBRULE(this.fromOrIn), (stmt.db = this.SUBRULE(this.ident))));
    this.OPTION2(() => (stmt.like = this.SUBRULE(this.likeClause)));
    return this.ACTION(() => (full ? { ...stmt, full: true } : stmt));
  });

  showColumnsTail = this.RULE('showColumnsTail', (full?: boolean): ShowStmt => {
    this.OR([{ ALT: () => this.CONSUME(K.COLUMNS) }, { ALT: () => this.CONSUME(K.FIELDS) }]);
    const table = this.SUBRULE(this.fromTable);
    return this.ACTION((): ShowStmt => (full ? { kind: 'show', what: 'columns', table, full: true } : { kind: 'show', what: 'columns', table }));
  });

  // ------------------------------------------------------------ DESCRIBE / EXPLAIN

  explainOrDescribe = this.RULE('explainOrDescribe', (): Statement => {
    this.OR([
      { ALT: () => this.CONSUME(K.DESC) },
      { ALT: () => this.CONSUME(K.DESCRIBE) },
      { ALT: () => this.CONSUME(K.EXPLAIN) },
    ]);
    return this.OR2([
      {
        GATE: () => this.explainAhead(),
        ALT: (): Statement => {
          const format = this.SUBRULE(this.explainFormat);
          return { kind: 'explain', format, statement: this.SUBRULE(this.explainable) };
        },
      },
      {
        ALT: (): Statement => {
          const table = this.SUBRULE(this.qualifiedName);
          const column = this.OPTION(() =>
            this.OR3([{ ALT: () => this.SUBRULE(this.ident) }, { ALT: () => this.SUBRULE(this.stringValue) }]),
          );
          return column === undefined ? { kind: 'describe', table } : { kind: 'describe', table, column };
        },
      },
    ]);
  });

  protected explainAhead(): boolean {
    const first = this.LA(1).tokenType;
    if (EXPLAINABLE_STARTS.has(first)) return true;
    if (EXPLAIN_OPTIONS.has(first)) return EXPLAINABLE_STARTS.has(this.LA(2).tokenType);
    return first === K.FORMAT && this.laIs(2, Eq);
  }

  explainFormat = this.RULE('explainFormat', (): ExplainFormat => {
    const format = this.OPTION(() =>
      this.OR([
        { ALT: () => (this.CONSUME(K.BASIC), 'basic' as const) },
        { ALT: () => (this.CONSUME(K.EXTENDED), 'extended' as const) },
        { ALT: () => (this.CONSUME(K.EXTENDED_NOADDR), 'extended' as const) },
        {
          ALT: () => {
            this.CONSUME(K.FORMAT);
            this.CONSUME(Eq);
            const t = this.CONSUME(IdentCat);
            return this.ACTION((): ExplainFormat => {
              const word = identText(t).toUpperCase();
              if (word === 'JSON') return 'json';
              if (word === 'TRADITIONAL') return 'traditional';
              throw this.syntaxError(t);
            });
          },
        },
        { ALT: () => (this.CONSUME(K.OUTLINE), this.raise(() => this.notSupported('EXPLAIN OUTLINE'))) },
        { ALT: () => (this.CONSUME(K.PARTITIONS), this.raise(() => this.notSupported('EXPLAIN PARTITIONS'))) },
      ]),
    );
    return format ?? 'traditional';
  });

  explainable = this.RULE('explainable', (): Explainable =>
    this.OR([
      { ALT: () => this.SUBRULE(this.queryExpr) },
      { ALT: () => this.SUBRULE(this.insertStmt) },
      { ALT: () => this.SUBRULE(this.updateStmt) },
      { ALT: () => this.SUBRULE(this.deleteStmt) },
    ]),
  );

  // ------------------------------------------------------------ transactions

  beginStmt = this.RULE('beginStmt', (): Statement => {
    this.CONSUME(K.BEGIN);
    this.OPTION(() => this.CONSUME(K.WORK));
    return { kind: 'begin' };
  });

  /** START TRANSACTION [READ ONLY | READ WRITE | WITH CONSISTENT SNAPSHOT] [, ...] */
  startStmt = this.RULE('startStmt', (): Statement => {
    this.CONSUME(K.START);
    this.CONSUME(K.TRANSACTION);
    let readOnly: boolean | undefined;
    this.MANY_SEP({
      SEP: Comma,
      DEF: () =>
        this.OR([
          {
            ALT: () => {
              this.CONSUME(K.READ);
              this.OR2([
                { ALT: () => (this.CONSUME(K.ONLY), (readOnly = true)) },
                { ALT: () => (this.CONSUME(K.WRITE), (readOnly = false)) },
              ]);
            },
          },
          { ALT: () => (this.CONSUME(K.WITH), this.CONSUME(K.CONSISTENT), this.CONSUME(K.SNAPSHOT)) },
        ]),
    });
    return readOnly === undefined ? { kind: 'begin' } : { kind: 'begin', readOnly };
  });

  commitStmt = this.RULE('commitStmt', (): Statement => {
    this.CONSUME(K.COMMIT);
    this.OPTION(() => this.CONSUME(K.WORK));
    return { kind: 'commit' };
  });

  rollbackStmt = this.RULE('rollbackStmt', (): Statement => {
    this.CONSUME(K.ROLLBACK);
    this.OPTION(() => this.CONSUME(K.WORK));
    return { kind: 'rollback' };
  });

  // ------------------------------------------------------------ SET

  setStmt = this.RULE('setStmt', (): Statement => {
    this.CONSUME(K.SET);
    return this.OR([
      {
        GATE: () => this.laIs(1, K.NAMES) && !this.laIs(2, Eq),
        ALT: (): Statement => {
          this.CONSUME(K.NAMES);
          const charset = this.OR2([
            { ALT: () => this.SUBRULE(this.charsetName) },
            { ALT: () => (this.CONSUME(K.DEFAULT), 'DEFAULT') },
          ]);
          this.OPTION(() => (this.CONSUME(K.COLLATE), this.SUBRULE2(this.charsetName)));
          return { kind: 'setNames', charset };
        },
      },
      {
        GATE: () => this.laIs(1, K.CHARACTER) && this.laIs(2, K.SET),
        ALT: (): Statement => {
          this.CONSUME(K.CHARACTER);
          this.CONSUME2(K.SET);
          return { kind: 'setNames', charset: this.SUBRULE3(this.charsetName) };
        },
      },
      {
        GATE: () =>
          (this.laIs(1, K.TRANSACTION) && !this.laIs(2, Eq)) ||
          ((this.laIs(1, K.GLOBAL) || this.laIs(1, K.SESSION) || this.laIs(1, K.LOCAL)) && this.laIs(2, K.TRANSACTION)),
        ALT: () => this.SUBRULE(this.setTransaction),
      },
      { ALT: () => this.SUBRULE(this.setAssignments) },
    ]);
  });

  setTransaction = this.RULE('setTransaction', (): Statement => {
    const scope = this.OPTION(() =>
      this.OR([
        { ALT: () => (this.CONSUME(K.GLOBAL), 'global' as const) },
        { ALT: () => (this.CONSUME(K.SESSION), 'session' as const) },
        { ALT: () => (this.CONSUME(K.LOCAL), 'session' as const) },
      ]),
    );
    this.CONSUME(K.TRANSACTION);
    const isolation = this.OR2([
      {
        ALT: () => {
          this.CONSUME(K.ISOLATION);
          this.CONSUME(K.LEVEL);
          return this.SUBRULE(this.isolationLevel);
        },
      },
      { ALT: () => (this.CONSUME(K.READ), this.raise(() => this.notSupported('SET TRANSACTION READ ONLY/WRITE'))) },
    ]);
    return { kind: 'setTransaction', scope: scope ?? 'next', isolation };
  });

  isolationLevel = this.RULE('isolationLevel', (): 'READ-COMMITTED' | 'REPEATABLE-READ' | 'SERIALIZABLE' =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.READ);
          return this.OR2([
            { ALT: () => (this.CONSUME(K.COMMITTED), 'READ-COMMITTED' as const) },
            { ALT: () => (this.CONSUME(K.UNCOMMITTED), this.raise(() => this.notSupported('READ-UNCOMMITTED isolation level'))) },
          ]);
        },
      },
      { ALT: () => (this.CONSUME(K.REPEATABLE), this.CONSUME2(K.READ), 'REPEATABLE-READ' as const) },
      { ALT: () => (this.CONSUME(K.SERIALIZABLE), 'SERIALIZABLE' as const) },
    ]),
  );

  setAssignments = this.RULE('setAssignments', (): Statement => {
    const assignments: SetAssignment[] = [];
    let scope: Scope = 'session';
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const target = this.SUBRULE(this.setTarget, { ARGS: [scope] });
        this.OR([{ ALT: () => this.CONSUME(Eq) }, { ALT: () => this.CONSUME(Assign) }]);
        const value = this.SUBRULE(this.setValue);
        this.ACTION(() => {
          if (target.keywordScope !== undefined) scope = target.keywordScope;
          const isSystem = target.variable.scope !== 'user';
          const bareWord = isSystem && value.kind === 'column' && value.table === undefined;
          assignments.push({ variable: target.variable, value: bareWord ? { kind: 'literal', value: value.name } : value });
        });
      },
    });
    return { kind: 'set', assignments };
  });

  /** The variable of one assignment; `keywordScope` when GLOBAL/SESSION/LOCAL was written. */
  setTarget = this.RULE('setTarget', (inherited?: Scope): { variable: SetAssignment['variable']; keywordScope?: Scope } =>
    this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(UserVar);
          return this.ACTION(() => ({ variable: { kind: 'variable' as const, name: userVarName(t.image), scope: 'user' as const } }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(SysVar);
          return this.ACTION(() => ({ variable: { kind: 'variable' as const, ...sysVarName(t.image) } }));
        },
      },
      {
        ALT: () => {
          const keywordScope = this.OPTION({
            // `SET GLOBAL x = 1` names a scope; `SET global = 1` would name a variable.
            GATE: () => !this.laIs(2, Eq) && !this.laIs(2, Assign),
            DEF: () =>
              this.OR2([
                { ALT: () => (this.CONSUME(K.GLOBAL), 'global' as const) },
                { ALT: () => (this.CONSUME(K.SESSION), 'session' as const) },
                { ALT: () => (this.CONSUME(K.LOCAL), 'session' as const) },
              ]),
          });
          const name = this.SUBRULE(this.ident);
          return this.ACTION(() => {
            const scope = keywordScope ?? inherited ?? 'session';
            const result: { variable: SetAssignment['variable']; keywordScope?: Scope } = { variable: { kind: 'variable', name, scope } };
            if (keywordScope !== undefined) result.keywordScope = keywordScope;
            return result;
          });
        },
      },
    ]),
  );

  /** The value of SET: an expression, or ON (the word). */
  setValue = this.RULE('setValue', (): Expr =>
    this.OR([
      { ALT: (): Expr => (this.CONSUME(K.ON), { kind: 'literal', value: 'ON' }) },
      { ALT: () => this.SUBRULE(this.expr) },
    ]),
  );

  // ------------------------------------------------------------ ALTER SYSTEM

  alterSystemStmt = this.RULE('alterSystemStmt', (): AlterSystem => {
    this.CONSUME(K.ALTER);
    this.CONSUME(K.SYSTEM);
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.minorFreeze) },
        { ALT: () => this.SUBRULE(this.majorFreeze) },
        { ALT: () => this.SUBRULE(this.setParameter) },
        { GATE: () => MERGE_CONTROL_WORDS.has(this.LA(1).image.toUpperCase()), ALT: () => this.SUBRULE(this.mergeControl) },
      ],
    });
  });

  /**
   * `{SUSPEND | RESUME} MERGE [TENANT [=] ...]` and `CLEAR MERGE ERROR [TENANT [=] ...]`. The words
   * are not keywords of the lexer: they are matched as identifiers by their text.
   */
  mergeControl = this.RULE('mergeControl', (): AlterSystem => {
    const verb = this.CONSUME(IdentCat);
    const merge = this.CONSUME2(IdentCat);
    const error = this.OPTION({ GATE: () => isWord(verb, 'CLEAR'), DEF: () => this.CONSUME3(IdentCat) });
    const tenant = this.OPTION2(() => this.SUBRULE(this.tenantOption));
    return this.ACTION((): AlterSystem => {
      const word = verb.image.toUpperCase();
      if (!isWord(merge, 'MERGE')) throw this.syntaxError(merge);
      if (word === 'CLEAR' && (error === undefined || !isWord(error, 'ERROR'))) throw this.syntaxError(error ?? this.LA(1));
      const action = word === 'SUSPEND' ? 'suspendMerge' : word === 'RESUME' ? 'resumeMerge' : 'clearMergeError';
      return tenant === undefined ? { kind: 'alterSystem', action } : { kind: 'alterSystem', action, tenant };
    });
  });

  minorFreeze = this.RULE('minorFreeze', (): AlterSystem => {
    this.CONSUME(K.MINOR);
    this.CONSUME(K.FREEZE);
    const stmt: AlterSystem & { action: 'minorFreeze' } = { kind: 'alterSystem', action: 'minorFreeze' };
    this.MANY(() =>
      this.OR([
        { ALT: () => (stmt.tenant = this.SUBRULE(this.tenantOption)) },
        { ALT: () => (stmt.tabletId = this.SUBRULE(this.tabletIdOption)) },
        { ALT: () => (this.CONSUME(K.SERVER), (stmt.servers = this.SUBRULE(this.stringListOption))) },
        { ALT: () => (this.CONSUME(K.ZONE), (stmt.zones = this.SUBRULE2(this.stringListOption))) },
        {
          ALT: () => {
            this.CONSUME(K.LS);
            this.OPTION(() => this.CONSUME(Eq));
            stmt.lsId = this.SUBRULE(this.integerValue);
          },
        },
      ]),
    );
    return stmt;
  });

  majorFreeze = this.RULE('majorFreeze', (): AlterSystem => {
    this.CONSUME(K.MAJOR);
    this.CONSUME(K.FREEZE);
    const stmt: AlterSystem & { action: 'majorFreeze' } = { kind: 'alterSystem', action: 'majorFreeze' };
    this.MANY(() =>
      this.OR([
        { ALT: () => (stmt.tenant = this.SUBRULE(this.tenantOption)) },
        { ALT: () => (stmt.tabletId = this.SUBRULE(this.tabletIdOption)) },
      ]),
    );
    return stmt;
  });

  /** `TENANT [=] (all | all_user | t1 [, t2])` or the same list without parentheses. */
  tenantOption = this.RULE('tenantOption', (): string[] => {
    this.CONSUME(K.TENANT);
    this.OPTION(() => this.CONSUME(Eq));
    const names: string[] = [];
    this.OR([
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => names.push(this.SUBRULE(this.tenantName)) });
          this.CONSUME(RParen);
        },
      },
      { ALT: () => this.AT_LEAST_ONE_SEP2({ SEP: Comma, DEF: () => names.push(this.SUBRULE2(this.tenantName)) }) },
    ]);
    return names;
  });

  tenantName = this.RULE('tenantName', (): string =>
    this.OR([
      { ALT: () => this.SUBRULE(this.ident) },
      { ALT: () => this.SUBRULE(this.stringValue) },
      { ALT: () => (this.CONSUME(K.ALL), 'all') },
    ]),
  );

  tabletIdOption = this.RULE('tabletIdOption', (): number => {
    this.CONSUME(K.TABLET_ID);
    this.OPTION(() => this.CONSUME(Eq));
    return this.SUBRULE(this.integerValue);
  });

  /** `[=] ('a', 'b')` or `[=] 'a'` (after SERVER / ZONE). */
  stringListOption = this.RULE('stringListOption', (): string[] => {
    this.OPTION(() => this.CONSUME(Eq));
    return this.OR([
      {
        ALT: () => {
          const items: string[] = [];
          this.CONSUME(LParen);
          this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => items.push(this.SUBRULE(this.stringValue)) });
          this.CONSUME(RParen);
          return items;
        },
      },
      { ALT: () => [this.SUBRULE2(this.stringValue)] },
    ]);
  });

  /** `SET name = value [TENANT [=] t]` */
  setParameter = this.RULE('setParameter', (): AlterSystem => {
    this.CONSUME(K.SET);
    const name = this.SUBRULE(this.ident);
    this.CONSUME(Eq);
    const value = this.SUBRULE(this.parameterValue);
    const tenant = this.OPTION(() => {
      this.CONSUME(K.TENANT);
      this.OPTION2(() => this.CONSUME2(Eq));
      return this.SUBRULE(this.tenantName);
    });
    const stmt: AlterSystem = { kind: 'alterSystem', action: 'setParameter', name, value };
    return tenant === undefined ? stmt : { ...stmt, tenant };
  });

  /** Parameter values: numbers, strings, and bare words / TRUE / FALSE kept as their text. */
  parameterValue = this.RULE('parameterValue', (): Value =>
    this.OR([
      {
        ALT: () => {
          const negative = this.OPTION(() => this.CONSUME(Minus)) !== undefined;
          const t = this.OR2([{ ALT: () => this.CONSUME(IntegerNumber) }, { ALT: () => this.CONSUME(DecimalNumber) }]);
          return this.ACTION((): Value => {
            const text = negative ? `-${t.image}` : t.image;
            return t.tokenType === IntegerNumber ? integerLiteral(text) : decimalLiteral(text);
          });
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(StringLit);
          return this.ACTION(() => stringLiteral(t.image));
        },
      },
      {
        ALT: () => {
          const t = this.OR3([
            { ALT: () => this.CONSUME(IdentCat) },
            { ALT: () => this.CONSUME(K.TRUE) },
            { ALT: () => this.CONSUME(K.FALSE) },
          ]);
          return this.ACTION(() => identText(t));
        },
      },
    ]),
  );
}
