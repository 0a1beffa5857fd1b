// Fails when a module exports something that nothing references: dead code (part of `npm test`, issue
// 15). Uses the TypeScript checker over the whole project (tsconfig.json: sources, tests, benchmarks,
// scripts), so type-only imports, namespace members, re-exports, destructured and dynamic `import()`s
// all count as uses (a module loaded by a dynamic import counts as using all its exports, as ts-prune
// does). An export used only inside its own file is not reported: it is alive, merely wider than needed.
//   node dist/scripts/check/unused-exports.js     lists dead exports; exit 1 when there is one
// Exports that tools load by convention go in KEPT, with the reason.
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** `file#name` of exports nothing here references but a tool loads, each with the tool. */
const KEPT = new Map<string, string>([
  ['playwright.config.ts#default', 'Playwright reads the default export of its config'],
  ['playwright.live.config.ts#default', 'Playwright reads the default export of its config'],
  ['test/live/global-setup.ts#default', 'Playwright runs the default export of globalSetup'],
  ['test/fixtures/reports/synthetic-run.ts#CanonicalEventFillsEventInput', 'a compile-time check: stops compiling when the shapes drift apart'],
  ['test/fixtures/reports/synthetic-run.ts#PinnedExpectationFillsExpectationInput', 'a compile-time check: stops compiling when the shapes drift apart'],
]);

function loadProgram(): ts.Program {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  if (config.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  return ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
}

/** The declaration a name stands for, through import aliases and re-exports. */
function original(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** Every symbol referenced anywhere other than at its own declaration's name. */
function referencedSymbols(checker: ts.TypeChecker, files: readonly ts.SourceFile[]): Set<ts.Symbol> {
  const used = new Set<ts.Symbol>();
  const use = (symbol: ts.Symbol): void => {
    used.add(symbol);
    used.add(original(checker, symbol));
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const specifier = node.arguments[0];
      const module = specifier === undefined ? undefined : checker.getSymbolAtLocation(specifier);
      if (module !== undefined) for (const exported of checker.getExportsOfModule(module)) use(exported);
    }
    // `const { runScan } = await import('./scan.js')`: the property names the module's export.
    if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
      const key = node.propertyName ?? node.name;
      const property = ts.isIdentifier(key) ? checker.getTypeAtLocation(node.parent).getProperty(key.text) : undefined;
      if (property !== undefined) use(property);
    }
    if (ts.isIdentifier(node)) {
      const symbol = checker.getSymbolAtLocation(node);
      const isOwnName = symbol !== undefined && (symbol.declarations ?? []).some((d) => (d as ts.NamedDeclaration).name === node);
      if (symbol !== undefined && !isOwnName) use(symbol);
    }
    ts.forEachChild(node, visit);
  };
  for (const file of files) visit(file);
  return used;
}

function main(): number {
  const program = loadProgram();
  const checker = program.getTypeChecker();
  const files = program.getSourceFiles().filter((f) => !f.isDeclarationFile && !f.fileName.includes('/node_modules/'));
  const used = referencedSymbols(checker, files);
  const dead: string[] = [];
  for (const file of files) {
    const moduleSymbol = checker.getSymbolAtLocation(file);
    if (moduleSymbol === undefined) continue;
    const path = relative(root, file.fileName);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      if (used.has(exported) || used.has(original(checker, exported)) || KEPT.has(`${path}#${exported.name}`)) continue;
      const declaration = exported.declarations?.[0];
      const line = declaration === undefined ? 1 : file.getLineAndCharacterOfPosition(declaration.getStart()).line + 1;
      dead.push(`${path}:${line}: ${exported.name}`);
    }
  }
  for (const line of dead.sort()) process.stdout.write(`dead export: ${line}\n`);
  if (dead.length > 0) {
    process.stdout.write(`${dead.length} export(s) referenced nowhere: delete them (scripts/check/unused-exports.ts)\n`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
