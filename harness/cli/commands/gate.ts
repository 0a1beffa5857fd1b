// Placeholder registration, replaced by the issue that builds `dth gate`.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('gate')
    .description('(not built yet)')
    .allowUnknownOption()
    .action(() => {
      throw new Error('dth gate is not built yet');
    });
}
