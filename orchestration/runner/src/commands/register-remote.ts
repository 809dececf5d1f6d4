import { Command, Option } from 'commander';
import type { RemoteConnection, RemoteIo } from './remote';

const collect = (value: string, previous: string[]) => [...previous, value];
const DEFAULT_URL = 'http://localhost:3000';

/**
 * Registers `esy remote …`: drive runs on an Esy server through @esy/sdk. The SDK and the handlers are loaded
 * only when a remote command runs.
 */
export function registerRemoteCommand(program: Command, io: RemoteIo = { out: process.stdout, err: process.stderr }): void {
  const remote = program
    .command('remote')
    .description('Run workflows on an Esy server: start, follow, check, download (API key from --api-key or ESY_API_KEY).')
    .addOption(new Option('--url <url>', `server base URL (default: ${DEFAULT_URL})`).env('ESY_API_URL'))
    .addOption(new Option('--server <url>', 'same as --url (older name)').env('ESY_SERVER').hideHelp())
    .addOption(new Option('--api-key <key>', 'API key (prefer the ESY_API_KEY variable: keys on a command line end up in shell history)').env('ESY_API_KEY'))
    .addHelpText(
      'after',
      '\nExit codes: 0 done (a followed run completed; its package verified), 1 the run paused, failed or was cancelled, or its package did not verify, 2 usage, auth or server errors.\n' +
        'Example: ESY_API_URL=https://esy.example.com ESY_API_KEY=esy_… esy remote run etymology-essay --intake intake.json --out ./out',
    );

  /** Runs a handler from ./remote with the connection options, loading the SDK only now. */
  const act =
    <A extends unknown[]>(name: keyof typeof import('./remote').handlers) =>
    async (...args: [...A, Command]) => {
      const command = args[args.length - 1] as Command;
      const globals = command.optsWithGlobals() as { url?: string; server?: string; apiKey?: string };
      const connection: RemoteConnection = { url: globals.url ?? globals.server ?? DEFAULT_URL, apiKey: globals.apiKey };
      const { runRemote, handlers } = await import('./remote');
      process.exitCode = await runRemote(io, connection, (client) => (handlers[name] as (...a: unknown[]) => Promise<number>)(client, io, ...args.slice(0, -1)));
    };

  remote
    .command('run')
    .description('Start a run, follow it live, then download its package and verify every file against manifest.json.')
    .argument('<workflow>', 'workflow slug (see `esy remote workflows`)')
    .option('--intake <file.json>', 'the intake as a JSON object of field values, e.g. {"word": "serendipity"}')
    .option('--intent <key=value>', 'an intake field; repeat for each field (overrides --intake)', collect, [])
    .option('--name <name>', 'a display name for the run')
    .option('--out <dir>', 'where to save the package', '.')
    .option('--no-download', 'do not download the package')
    .option('--idempotency-key <key>', 'repeat a command safely: the same key and intake return the first run instead of a new one')
    .action(act('run'));

  remote
    .command('status')
    .description('A run’s status, gates and cost.')
    .argument('<run-id>')
    .option('--json', 'print JSON')
    .action(act('status'));

  remote
    .command('workflows')
    .description('List the workflows you can run, with their active spec version.')
    .option('--json', 'print JSON')
    .action(act('workflows'));

  remote
    .command('create')
    .description('Start a run of a workflow on the server (see also `esy remote run`).')
    .argument('<workflow>', 'workflow slug (see `esy remote workflows`)')
    .option('--intake <file.json>', 'the intake as a JSON object of field values')
    .option('--intent <key=value>', 'an intake field; repeat for each field', collect, [])
    .option('--name <name>', 'a display name for the run')
    .option('--follow', 'follow the run’s progress until it ends (or pauses)')
    .option('--json', 'print JSON')
    .action(act('create'));

  remote
    .command('list')
    .description('List your runs, newest first.')
    .option('--status <status>', 'only runs with this status (pending, running, paused, completed, failed, cancelled)')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action(act('list'));

  remote
    .command('follow')
    .description('Follow a run live until it completes, fails, is cancelled or pauses.')
    .argument('<run-id>')
    .option('--wait-while-paused', 'keep following a paused run until an operator resumes it')
    .action(act('follow'));

  remote
    .command('cancel')
    .description('Cancel your pending, running or paused run (administrators: any run).')
    .argument('<run-id>')
    .option('--reason <text>', 'why (recorded with the action)')
    .action(act('cancel'));
}
