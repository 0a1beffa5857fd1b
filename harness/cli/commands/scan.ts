// Placeholder registration, replaced by the issue that builds `dth scan`.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('scan')
    .description('(not built yet)')
    .allowUnknownOption()
    .action(() => {
      throw new Error('dth scan is not built yet');
    });
}
