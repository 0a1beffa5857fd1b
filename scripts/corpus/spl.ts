// Placeholder until the SPL engine lands: prints nothing but says so.
export async function reportSplCorpus(_dir: string, write: (line: string) => void): Promise<void> {
  write('spl parse: not built yet');
}
