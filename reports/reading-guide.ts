// What the headline figures mean, said the same way at the top of the terminal output, summary.md and
// report.html: two sentences on what recall and FPR are here, and what they are not.

export const READING_GUIDE = [
  "Recall is the share of this pack's attack behaviours (malicious scenarios) a rule detects on one data source, " +
    "and FPR the share of this pack's benign look-alike tools (benign scenarios) it fires on there; each scenario counts once, " +
    'however many events it has, and the 95% intervals are over scenarios.',
  'They are not alert rates or prevalence: how often a team would be paged is the benign-tool matrix times how often those tools run, ' +
    'which `--weights` turns into expected false alerts per 1,000 endpoints per day.',
] as const;
