// Placeholder until the EQL engine lands: prints nothing but says so.
export async function reportEqlCorpus(_dir: string, write: (line: string) => void): Promise<void> {
  write('eql parse: not built yet');
}
