// Reads the public API the way a user's compiler sees it: the package's entry points (package.json "exports",
// mapped from dist/ back to their lib/ sources), the names each one exports (following `export *` and
// re-exports), and the declaration behind each name with its doc comment. Used by api-reference.test.ts.
import ts from "typescript";
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));

export interface ExportedName {
  /** The name a user imports. */
  name: string;
  /** The package entry that exports it: ".", "./node"... */
  entry: string;
  /** The file (relative to the repository) and line of its declaration. */
  file: string;
  line: number;
  /** "function", "class", "interface", "type", "const"... */
  kind: string;
  /** The doc comment's text and tags, "" when there is none. */
  doc: string;
  /** Block tags of the doc comment: "throws", "example", "param"... */
  tags: string[];
  /** For an interface: its members without a doc comment. */
  undocumentedMembers: string[];
}

/** The members of an interface declaration that have no doc comment of their own. */
function undocumentedMembersOf(node: ts.Node): string[] {
  if (!ts.isInterfaceDeclaration(node)) return [];
  return node.members
    .filter((member) => member.name !== undefined && docOf(member).doc === "")
    .map((member) => member.name!.getText());
}

/** Every path a value of package.json "exports" can lead to (conditions nested or not). */
function targets(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(targets);
  return [];
}

/** The lib/ source of a built file: ./dist/node/index.js or .d.ts → lib/node/index.ts. */
function sourceOf(target: string): string | undefined {
  const match = /^\.\/dist\/(.+?)\.(?:d\.ts|js|mjs)$/.exec(target);
  return match === null ? undefined : `lib/${match[1]}.ts`;
}

/** The package's entries: subpath → the lib/ sources its conditions lead to (package.json itself left out). */
export function packageEntries(): Map<string, string[]> {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, unknown> | string };
  const exportsMap = typeof pkg.exports === "string" ? { ".": pkg.exports } : pkg.exports;
  const entries = new Map<string, string[]>();
  for (const [subpath, value] of Object.entries(exportsMap)) {
    const sources = [...new Set(targets(value).map(sourceOf).filter((s): s is string => s !== undefined))];
    if (sources.length > 0) entries.set(subpath, sources);
  }
  return entries;
}

function kindOf(node: ts.Node): string {
  if (ts.isFunctionDeclaration(node)) return "function";
  if (ts.isClassDeclaration(node)) return "class";
  if (ts.isInterfaceDeclaration(node)) return "interface";
  if (ts.isTypeAliasDeclaration(node)) return "type";
  if (ts.isVariableDeclaration(node)) return "const";
  if (ts.isEnumDeclaration(node)) return "enum";
  return ts.SyntaxKind[node.kind];
}

/** The doc comment of a declaration: the `/** ... *\/` right before it (for a const, before its statement). */
function docOf(node: ts.Node): { doc: string; tags: string[] } {
  const source = node.getSourceFile().text;
  // A comment followed by a blank line is the file's header (or a section's), not this declaration's doc.
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc).filter((d) => !/\n\s*\n/.test(source.slice(d.end, node.getStart())));
  const text = docs.map((d) => d.getText()).join("\n");
  const tags = docs.flatMap((d) => (d.tags ?? []).map((tag) => tag.tagName.text));
  return { doc: text, tags };
}

/** The exported names of each entry file, with their declarations. No type checking: parsing and binding only. */
export function exportedNames(): ExportedName[] {
  const entries = packageEntries();
  const files = [...new Set([...entries.values()].flat())].map((f) => join(root, f)).filter((f) => existsSync(f));
  const program = ts.createProgram(files, {
    noLib: true, types: [], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022, allowJs: false, noEmit: true,
  });
  const checker = program.getTypeChecker();
  const out: ExportedName[] = [];
  const seen = new Set<string>();
  for (const [entry, sources] of entries) {
    for (const source of sources) {
      const sourceFile = program.getSourceFile(join(root, source));
      if (sourceFile === undefined) throw new Error(`package.json exports "${entry}" leads to ${source}, which does not exist`);
      const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
      if (moduleSymbol === undefined) continue;
      for (const exported of checker.getExportsOfModule(moduleSymbol)) {
        const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        for (const declaration of symbol.declarations ?? []) {
          const key = `${entry} ${exported.name} ${declaration.getSourceFile().fileName}:${declaration.pos}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const file = declaration.getSourceFile();
          const { doc, tags } = docOf(declaration);
          out.push({
            name: exported.name, entry, kind: kindOf(declaration), doc, tags, undocumentedMembers: undocumentedMembersOf(declaration),
            file: relative(root, file.fileName).split("\\").join("/"),
            line: file.getLineAndCharacterOfPosition(declaration.getStart()).line + 1,
          });
        }
      }
    }
  }
  return out;
}

/** Every `export`ed declaration of every file under lib/ (public or internal), with its doc comment. */
export function libDeclarations(files: string[]): ExportedName[] {
  const out: ExportedName[] = [];
  for (const path of files) {
    const text = readFileSync(join(root, path), "utf8");
    const sourceFile = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true);
    for (const statement of sourceFile.statements) {
      const exported = ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) continue;
      const declarations: ts.Node[] = ts.isVariableStatement(statement) ? [...statement.declarationList.declarations] : [statement];
      for (const declaration of declarations) {
        const name = (declaration as ts.NamedDeclaration).name;
        if (name === undefined) continue;
        const { doc, tags } = docOf(declaration);
        out.push({
          name: name.getText(sourceFile), entry: "", kind: kindOf(declaration), doc, tags, file: path, undocumentedMembers: [],
          line: sourceFile.getLineAndCharacterOfPosition(declaration.getStart(sourceFile)).line + 1,
        });
      }
    }
  }
  return out;
}
