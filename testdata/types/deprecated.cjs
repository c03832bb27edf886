// Lists what an editor strikes through as deprecated in one file, as `LINE NAME` lines: the
// suggestion diagnostics of the TypeScript language service, the same ones editors show.
// Usage: node deprecated.cjs <typescript package dir> <tsconfig.json> <file.ts>
"use strict"
const path = require("path")
const [tsDir, configPath, file] = process.argv.slice(2)
const ts = require(tsDir)

const fail = (d) => {
  console.error(ts.flattenDiagnosticMessageText(d.messageText, "\n"))
  process.exit(2)
}
const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: fail,
})
if (config.errors.length > 0) fail(config.errors[0])

const host = {
  getScriptFileNames: () => config.fileNames,
  getScriptVersion: () => "1",
  getScriptSnapshot: (f) =>
    ts.sys.fileExists(f) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)) : undefined,
  getCurrentDirectory: () => path.dirname(path.resolve(configPath)),
  getCompilationSettings: () => config.options,
  getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
  fileExists: ts.sys.fileExists,
  readFile: ts.sys.readFile,
  readDirectory: ts.sys.readDirectory,
  directoryExists: ts.sys.directoryExists,
  getDirectories: ts.sys.getDirectories,
}
const service = ts.createLanguageService(host, ts.createDocumentRegistry())
const target = path.resolve(file)
const source = service.getProgram().getSourceFile(target)
if (!source) {
  console.error(`${file} is not part of the program of ${configPath}`)
  process.exit(2)
}
for (const d of service.getSuggestionDiagnostics(target)) {
  if (!d.reportsDeprecated) continue
  const { line } = source.getLineAndCharacterOfPosition(d.start)
  const name = source.text.slice(d.start, d.start + d.length).replace(/^["']|["']$/g, "")
  console.log(`${line + 1} ${name}`)
}
