// Placeholder registration, replaced by the issue that builds `dth spl`.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('spl')
    .description('(not built yet)')
    .allowUnknownOption()
    .action(() => {
      throw new Error('dth spl is not built yet');
    });
}
