#!/usr/bin/env node
// Checks Stormpad's exported files with third-party validators.
// Install the validators first: scripts/setup-validators (into <repo>/.tools/validators).
//
// Usage: node tests/validators/validate.mjs <command> <args>
//   asyncapi FILE...              parse AsyncAPI 3.0 documents with @asyncapi/parser
//   jsonschema DIR                compile every *.schema.json under DIR (Ajv, draft 2020-12, strict)
//                                 and validate each sibling *.sample.json against it
//   instance SCHEMA INSTANCE      validate one JSON instance against one JSON Schema
//   cloudevents DIR               every *.sample.json under DIR against the CloudEvents 1.0 schema
//                                 (and its sibling *.schema.json, if any)
//   eventcatalog [--fail-on-warning] DIR
//                                 run @eventcatalog/linter on the catalog DIR, plus a strict pass,
//                                 and compile and render every page body as MDX
// Exit: 0 all valid, 1 something invalid (details on stderr), 2 usage error or validators missing.

import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const toolsDir = path.join(root, '.tools', 'validators');
const modulesDir = path.join(toolsDir, 'node_modules');
const requireTool = createRequire(path.join(toolsDir, 'package.json'));

const USAGE = `usage: node tests/validators/validate.mjs <command> <args>
  asyncapi FILE...
  jsonschema DIR
  instance SCHEMA INSTANCE
  cloudevents DIR
  eventcatalog [--fail-on-warning] DIR`;

class UsageError extends Error {}

let failures = 0;
function fail(file, message) {
  failures++;
  process.stderr.write(`${file}: ${message}\n`);
}
// Paths in messages: relative to the cwd when below it, else absolute.
const rel = (p) => {
  const r = path.relative(process.cwd(), p);
  return r === '' ? '.' : r.startsWith('..') || path.isAbsolute(r) ? path.resolve(p) : r;
};

function needDir(dir) {
  if (!dir) throw new UsageError('missing DIR');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`not a directory: ${dir}`);
  return path.resolve(dir);
}
function needFile(file) {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`not a file: ${file}`);
  return path.resolve(file);
}

// Files under dir whose name ends with suffix, sorted; skips node_modules and dot folders.
function findFiles(dir, suffix) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && !e.name.startsWith('.')) walk(p);
      } else if (e.isFile() && e.name.endsWith(suffix)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    fail(rel(file), `not valid JSON: ${e.message}`);
    return undefined;
  }
}

function formatAjvErrors(errors) {
  return (errors || [])
    .map((e) => {
      const where = e.instancePath || '(root)';
      const p = e.params || {};
      const extra = p.additionalProperty
        ? ` '${p.additionalProperty}'`
        : p.allowedValues
          ? `: ${JSON.stringify(p.allowedValues)}`
          : p.allowedValue !== undefined
            ? `: ${JSON.stringify(p.allowedValue)}`
            : '';
      return `  ${where} ${e.message}${extra}`;
    })
    .join('\n');
}

// ---------- Ajv ----------

const DRAFT7 = /^https?:\/\/json-schema\.org\/draft-0[67]\/schema#?$/;
const DRAFT2019 = /^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/;

// strict: Ajv's full strict mode (unknown keywords and formats, type/required mismatches are errors);
// union types (["string", "null"]) are allowed.
function makeAjv(dialect, strict) {
  const cls =
    dialect === 'draft-07'
      ? requireTool('ajv').default
      : dialect === '2019-09'
        ? requireTool('ajv/dist/2019').default
        : requireTool('ajv/dist/2020').default;
  const addFormats = requireTool('ajv-formats').default;
  const ajv = new cls(strict ? { strict: true, allErrors: true, allowUnionTypes: true } : { strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}
function dialectOf(schema) {
  const s = schema && typeof schema === 'object' ? schema.$schema : undefined;
  if (typeof s === 'string' && DRAFT7.test(s)) return 'draft-07';
  if (typeof s === 'string' && DRAFT2019.test(s)) return '2019-09';
  return '2020-12';
}
// A schema without $id gets its file URL, so relative $refs between files resolve.
function withId(schema, file) {
  if (schema && typeof schema === 'object' && !schema.$id) return { ...schema, $id: pathToFileURL(file).href };
  return schema;
}

// Adds every schema file to ajv (keyed by $id); returns Map file -> validate function (failures reported).
function compileSchemas(ajv, files) {
  const ids = new Map();
  const added = [];
  for (const file of files) {
    const schema = readJson(file);
    if (schema === undefined) continue;
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
      fail(rel(file), 'a schema must be a JSON object');
      continue;
    }
    const s = withId(schema, file);
    if (ids.has(s.$id)) {
      fail(rel(file), `duplicate $id ${s.$id} (also in ${rel(ids.get(s.$id))})`);
      continue;
    }
    if (!ajv.validateSchema(s)) {
      fail(rel(file), `does not conform to its meta-schema (${s.$schema || 'draft 2020-12'}):\n${formatAjvErrors(ajv.errors)}`);
      continue;
    }
    try {
      ajv.addSchema(s);
    } catch (e) {
      fail(rel(file), e.message);
      continue;
    }
    ids.set(s.$id, file);
    added.push([file, s.$id]);
  }
  const validators = new Map();
  for (const [file, id] of added) {
    try {
      validators.set(file, ajv.getSchema(id));
    } catch (e) {
      fail(rel(file), `does not compile: ${e.message}`);
    }
  }
  return validators;
}

function checkInstance(validate, instanceFile, what) {
  const data = readJson(instanceFile);
  if (data === undefined) return;
  if (!validate(data)) fail(rel(instanceFile), `invalid against ${what}:\n${formatAjvErrors(validate.errors)}`);
}

// ---------- commands ----------

async function cmdAsyncapi(args) {
  if (args.length === 0) throw new UsageError('missing FILE');
  const files = args.map(needFile);
  const { Parser, fromFile } = requireTool('@asyncapi/parser');
  const parser = new Parser();
  for (const file of files) {
    let result;
    try {
      result = await fromFile(parser, file).parse();
    } catch (e) {
      fail(rel(file), `parser crashed: ${e.message}`);
      continue;
    }
    const diags = result.diagnostics || [];
    const errors = diags.filter((d) => d.severity === 0);
    const warnings = diags.filter((d) => d.severity === 1).length;
    for (const d of errors) {
      const pos = d.range ? `:${d.range.start.line + 1}:${d.range.start.character + 1}` : '';
      const at = d.path && d.path.length ? ` (at ${d.path.join('/')})` : '';
      fail(`${rel(file)}${pos}`, `${d.code}: ${d.message}${at}`);
    }
    if (errors.length === 0 && !result.document) fail(rel(file), 'the parser returned no document');
    if (errors.length === 0 && result.document) {
      const v = result.document.version();
      if (!v.startsWith('3.')) fail(rel(file), `AsyncAPI ${v}, expected 3.x`);
      else console.log(`ok ${rel(file)} (AsyncAPI ${v}, ${warnings} warnings)`);
    }
  }
}

async function cmdJsonschema(args) {
  if (args.length !== 1) throw new UsageError('jsonschema takes exactly one DIR');
  const dir = needDir(args[0]);
  const files = findFiles(dir, '.schema.json');
  if (files.length === 0) {
    fail(rel(dir), 'no *.schema.json files found');
    return;
  }
  // Draft 2020-12 unless a schema declares another dialect; each dialect gets its own Ajv.
  const byDialect = new Map();
  for (const f of files) {
    let d = '2020-12';
    try {
      d = dialectOf(JSON.parse(fs.readFileSync(f, 'utf8')));
    } catch {}
    if (!byDialect.has(d)) byDialect.set(d, []);
    byDialect.get(d).push(f);
  }
  let samples = 0;
  for (const [dialect, group] of byDialect) {
    const validators = compileSchemas(makeAjv(dialect, true), group);
    for (const [file, validate] of validators) {
      const sample = file.replace(/\.schema\.json$/, '.sample.json');
      if (fs.existsSync(sample)) {
        samples++;
        checkInstance(validate, sample, rel(file));
      }
    }
  }
  console.log(`jsonschema: ${files.length} schemas, ${samples} samples checked in ${rel(dir)}`);
}

async function cmdInstance(args) {
  if (args.length !== 2) throw new UsageError('instance takes SCHEMA INSTANCE');
  const schemaFile = needFile(args[0]);
  const instanceFile = needFile(args[1]);
  const schema = readJson(schemaFile);
  if (schema === undefined) return;
  const validators = compileSchemas(makeAjv(dialectOf(schema), true), [schemaFile]);
  const validate = validators.get(schemaFile);
  if (!validate) return;
  checkInstance(validate, instanceFile, rel(schemaFile));
  if (failures === 0) console.log(`ok ${rel(instanceFile)} against ${rel(schemaFile)}`);
}

// The official CloudEvents 1.0 JSON Schema (draft-07) ships inside the cloudevents package only as
// Ajv standalone code: dist/schema/v1.js holds it as the object literal `const schemaNN = {...};`.
function cloudEventsSchema() {
  const file = requireTool.resolve('cloudevents/dist/schema/v1.js');
  const src = fs.readFileSync(file, 'utf8');
  for (const m of src.matchAll(/^const schema\d+ = (\{.*\});$/gm)) {
    const schema = JSON.parse(m[1]);
    if (schema.description === 'CloudEvents Specification JSON Schema') return schema;
  }
  throw new Error(`CloudEvents JSON Schema not found in ${file}`);
}

async function cmdCloudevents(args) {
  if (args.length !== 1) throw new UsageError('cloudevents takes exactly one DIR');
  const dir = needDir(args[0]);
  const samples = findFiles(dir, '.sample.json');
  if (samples.length === 0) {
    fail(rel(dir), 'no *.sample.json files found');
    return;
  }
  // Official schema: lenient Ajv (it is not ours to lint: union types, annotations).
  const official = makeAjv('draft-07', false).compile(cloudEventsSchema());
  const { CloudEvent } = requireTool('cloudevents');
  let withSchema = 0;
  for (const sample of samples) {
    const data = readJson(sample);
    if (data === undefined) continue;
    if (!official(data)) {
      fail(rel(sample), `not a valid CloudEvents 1.0 event (official JSON Schema):\n${formatAjvErrors(official.errors)}`);
      continue;
    }
    if (data.specversion !== '1.0') fail(rel(sample), `specversion is ${JSON.stringify(data.specversion)}, expected "1.0"`);
    // The SDK's strict constructor also checks what the schema cannot (extension attribute names, ...).
    try {
      new CloudEvent(data, true);
    } catch (e) {
      fail(rel(sample), `rejected by the CloudEvents SDK: ${e.message}`);
    }
    const schemaFile = sample.replace(/\.sample\.json$/, '.schema.json');
    if (fs.existsSync(schemaFile)) {
      withSchema++;
      const schema = readJson(schemaFile);
      if (schema === undefined) continue;
      const v = compileSchemas(makeAjv(dialectOf(schema), true), [schemaFile]).get(schemaFile);
      if (v) checkInstance(v, sample, rel(schemaFile));
    }
  }
  console.log(`cloudevents: ${samples.length} events checked (${withSchema} also against their own schema) in ${rel(dir)}`);
}

async function cmdEventcatalog(args) {
  const failOnWarning = args.includes('--fail-on-warning');
  const rest = args.filter((a) => a !== '--fail-on-warning');
  if (rest.length !== 1) throw new UsageError('eventcatalog takes [--fail-on-warning] DIR');
  const dir = needDir(rest[0]);
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };

  // 1. The linter's own CLI, exactly as a user runs it (reads DIR/.eventcatalogrc.js).
  const bin = requireTool.resolve('@eventcatalog/linter/dist/cli/index.js');
  const cli = spawnSync(process.execPath, [bin, ...(failOnWarning ? ['--fail-on-warning'] : []), dir], { encoding: 'utf8', env });
  const cliOut = `${cli.stdout || ''}${cli.stderr || ''}`.replace(/^- Loading configuration\.\.\.\s*$/gm, '').trim();
  if (cli.status !== 0) fail(rel(dir), `@eventcatalog/linter failed (exit ${cli.status}):\n${cliOut}`);
  if (/No EventCatalog files found/.test(cliOut)) fail(rel(dir), 'the linter found no EventCatalog files (domains/, services/, events/, ...)');

  // 2. Strict pass with the linter's own library: the CLI silently drops problems whose rule is not in
  //    its default rule set (a missing `name`/`id`, a wrong field type: schema/valid-type,
  //    schema/validation-error). Here they are errors too, and DIR/.eventcatalogrc.js is ignored
  //    (the linter's default rules and ignore patterns), so an exported config cannot turn rules off.
  const lint = requireTool('@eventcatalog/linter');
  const config = {
    rules: { ...lint.DEFAULT_RULES, 'schema/valid-type': 'error', 'schema/validation-error': 'error' },
    ignorePatterns: lint.DEFAULT_IGNORE_PATTERNS,
    overrides: [],
  };
  const files = (await lint.scanCatalogFiles(dir)).filter((f) => !lint.shouldIgnoreFile(f.relativePath, config.ignorePatterns || []));
  const { parsed, errors: parseErrors } = await lint.parseAllFiles(files);
  const raw = lint.validateCatalog(parsed, lint.loadEventCatalogConfig(dir));
  let warnings = 0;
  const cliReported = cli.status !== 0 ? cliOut : '';
  for (const pf of parsed) {
    const rules = lint.getEffectiveRules(pf.file.relativePath, config);
    const problems = lint.applyRuleSeverity(raw.filter((e) => e.file === pf.file.relativePath), rules);
    for (const p of problems) {
      const where = path.join(rel(dir), p.file);
      const text = `${p.message} [${p.field || ''}] (${p.rule})`;
      if (p.severity === 'warning' && !failOnWarning) {
        warnings++;
        process.stderr.write(`${where}: warning: ${text}\n`);
      } else if (!cliReported.includes(p.message)) {
        fail(where, `${text} (strict pass)`); // only what the CLI did not already print
      }
    }
    // Stormpad's own check: schemaPath must name a file beside index.mdx (the linter does not look).
    const sp = pf.frontmatter && pf.frontmatter.schemaPath;
    if (typeof sp === 'string') {
      const schemaFile = path.resolve(path.dirname(pf.file.path), sp);
      const where = path.join(rel(dir), pf.file.relativePath);
      if (!fs.existsSync(schemaFile)) fail(where, `schemaPath "${sp}" does not exist (stormpad/schema-path-exists)`);
      else if (sp.endsWith('.json')) {
        try {
          JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
        } catch (e) {
          fail(where, `schemaPath "${sp}" is not valid JSON: ${e.message} (stormpad/schema-path-exists)`);
        }
      }
    }
  }
  if (parseErrors.length && cli.status === 0) {
    for (const pe of parseErrors) fail(path.join(rel(dir), pe.file.relativePath), `parse error: ${pe.error.message}`);
  }

  // 3. Every page body compiles as MDX (what EventCatalog renders) and renders without a
  //    reference error, with EventCatalog's components stubbed: the linter reads frontmatter only.
  const { evaluate } = await import(pathToFileURL(requireTool.resolve('@mdx-js/mdx')).href);
  const runtime = await import(pathToFileURL(requireTool.resolve('react/jsx-runtime')).href);
  const React = (await import(pathToFileURL(requireTool.resolve('react')).href)).default;
  const { renderToString } = (await import(pathToFileURL(requireTool.resolve('react-dom/server')).href)).default;
  const stub = () => null;
  const components = { SchemaViewer: stub, NodeGraph: stub, ChannelInformation: stub };
  for (const f of findFiles(dir, '.mdx')) {
    const body = fs.readFileSync(f, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
    try {
      const mod = await evaluate(body, { ...runtime, baseUrl: pathToFileURL(f).href });
      renderToString(React.createElement(mod.default, { components }));
    } catch (e) {
      fail(rel(f), `the page body is not valid MDX: ${e.reason || e.message}${e.line ? ` (line ${e.line}:${e.column})` : ''}`);
    }
  }
  if (failures === 0) console.log(`eventcatalog: ${files.length} files, 0 errors, ${warnings} warnings in ${rel(dir)}`);
}

const commands = {
  asyncapi: cmdAsyncapi,
  jsonschema: cmdJsonschema,
  instance: cmdInstance,
  cloudevents: cmdCloudevents,
  eventcatalog: cmdEventcatalog,
};

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command || command === '-h' || command === '--help') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const run = commands[command];
  if (!run) {
    process.stderr.write(`unknown command: ${command}\n${USAGE}\n`);
    return 2;
  }
  if (!fs.existsSync(modulesDir)) {
    process.stderr.write(`validators not installed in ${modulesDir}: run scripts/setup-validators\n`);
    return 2;
  }
  try {
    await run(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${command}: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`${command}: ${e.stack || e.message}\n`);
    return 1;
  }
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
