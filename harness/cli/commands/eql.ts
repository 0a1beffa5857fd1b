// Placeholder registration, replaced by the issue that builds `dth eql`.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('eql')
    .description('(not built yet)')
    .allowUnknownOption()
    .action(() => {
      throw new Error('dth eql is not built yet');
    });
}
