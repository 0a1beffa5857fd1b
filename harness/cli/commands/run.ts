// Placeholder registration, replaced by the issue that builds `dth run`.
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('run')
    .description('(not built yet)')
    .allowUnknownOption()
    .action(() => {
      throw new Error('dth run is not built yet');
    });
}
