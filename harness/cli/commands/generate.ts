// Placeholder registration, replaced by the issue that builds `dth generate`.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('generate')
    .description('(not built yet)')
    .allowUnknownOption()
    .action(() => {
      throw new Error('dth generate is not built yet');
    });
}
