// Placeholder registration, replaced by the issue that builds `dth rule`.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('rule')
    .description('(not built yet)')
    .allowUnknownOption()
    .action(() => {
      throw new Error('dth rule is not built yet');
    });
}
