/**
 * The shell's general commands: help, show_filters, version, status, whoami. Answers are short and
 * honest about what runs underneath (OBKV-HBase on the playground's simulated OceanBase), rather
 * than imitating an HBase master's status report.
 */
import { asString, ShellUsageError } from './args';
import {
  didYouMean,
  findShellCommand,
  HBASE_FILTER_NAMES,
  HBASE_SHELL_COMMANDS,
  isUnsupportedCommand,
  unsupportedMessage,
  type ShellCommandGroup,
} from './commands';
import type { ShellHandler } from './context';

const GROUPS: { id: ShellCommandGroup; title: string }[] = [
  { id: 'general', title: 'general' },
  { id: 'ddl', title: 'ddl' },
  { id: 'dml', title: 'dml' },
];

const help: ShellHandler = {
  minArgs: 0,
  maxArgs: 1,
  timed: false,
  async run(ctx, args) {
    if (args.length === 1) {
      const name = asString(args[0], 'command');
      const info = findShellCommand(name);
      if (!info) {
        if (isUnsupportedCommand(name)) throw new ShellUsageError(unsupportedMessage(name));
        const near = didYouMean(name);
        throw new ShellUsageError(`Unknown command '${name}'${near ? `. Did you mean '${near}'?` : ''}`);
      }
      ctx.out(`${info.name}: ${info.help}.`);
      for (const form of info.syntax.split(' | ')) ctx.out(`  ${form}`);
      if (info.aliases) ctx.out(`Also: ${info.aliases.join(', ')}`);
      return;
    }
    ctx.out('HBase Shell on OBKV-HBase (OceanBase playground)');
    ctx.out('Type \'help "COMMAND"\', (e.g. \'help "get"\' -- the quotes are necessary) for help on a specific command.');
    ctx.out('');
    ctx.out('COMMAND GROUPS:');
    for (const g of GROUPS) {
      const names = HBASE_SHELL_COMMANDS.filter((c) => c.group === g.id).map((c) => c.name);
      ctx.out(`  Group name: ${g.title}`);
      ctx.out(`  Commands: ${names.join(', ')}`);
      ctx.out('');
    }
    ctx.out('Each HBase table is an OceanBase TABLEGROUP; each family the table `<table>$<family>` (K, Q, T, V).');
  },
};

const showFilters: ShellHandler = {
  minArgs: 0,
  maxArgs: 0,
  async run(ctx) {
    for (const name of HBASE_FILTER_NAMES) ctx.out(name);
  },
};

const version: ShellHandler = {
  minArgs: 0,
  maxArgs: 0,
  async run(ctx) {
    ctx.out('HBase 2.x shell syntax on OBKV-HBase, OceanBase 4.x playground (simulated in this browser)');
  },
};

const status: ShellHandler = {
  minArgs: 0,
  maxArgs: 1,
  async run(ctx) {
    const tables = await ctx.api.hbase.admin.listTables();
    ctx.out(`OBKV-HBase in tenant '${ctx.tenant}', database '${ctx.database}': ${tables.length} table(s)`);
    ctx.out('No HMaster or RegionServers: OBServers serve every partition (see the cluster view)');
  },
};

const whoami: ShellHandler = {
  minArgs: 0,
  maxArgs: 0,
  async run(ctx) {
    ctx.out(ctx.user);
    ctx.out(`    tenant: ${ctx.tenant}, database: ${ctx.database}`);
  },
};

/** The general handlers by command name. */
export const GENERAL_HANDLERS: Record<string, ShellHandler> = {
  help,
  show_filters: showFilters,
  version,
  status,
  whoami,
};
