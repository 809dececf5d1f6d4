import { Command, CommanderError } from 'commander';
import { registerRemoteCommand } from './commands/register-remote';
import { registerRunCommand } from './commands/register-run';
import { registerValidateCommand } from './commands/register-validate';
import { EXIT_USAGE } from './exit-codes';

/**
 * The `esy` CLI. Each command lives in its own file under commands/ and registers itself here; add new ones
 * the same way.
 */
export function buildProgram(): Command {
  const program = new Command('esy')
    .description('Esy orchestration: validate gate contracts, run workflows locally, drive a remote server.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerValidateCommand(program);
  registerRunCommand(program);
  registerRemoteCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successful exits; every other commander error is a usage error.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? 0 : EXIT_USAGE;
    }
    process.stderr.write(`esy: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
}
