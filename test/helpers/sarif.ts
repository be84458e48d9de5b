/**
 * Checks of a SARIF 2.1.0 log: against the SARIF 2.1.0 JSON schema (the copy shipped in the
 * npm package @microsoft/jest-sarif, a dev dependency: lib/schemas/sarif-2.1.0-rtm.5.json),
 * and the cross references the schema cannot express that GitHub code scanning relies on
 * (rule indexes, artifact indexes, unique rule ids).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvModule from 'ajv';

// ajv is CommonJS: under nodenext its class is the default export's `default`
type AjvClass = new (opts: object) => { compile(schema: object): ((doc: unknown) => boolean) & { errors?: unknown[] | null } };
const Ajv = ((AjvModule as unknown as { default?: AjvClass }).default ?? AjvModule) as unknown as AjvClass;

/** Where the schema file is (resolved through the package, as installed). */
export const SARIF_SCHEMA_FILE = createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

const validateSchema = (() => {
  const schema = JSON.parse(readFileSync(SARIF_SCHEMA_FILE, 'utf8'));
  // written for JSON Schema draft-04, which ajv 8 reads as draft-07 once its "id" is "$id"
  // (the schema uses no other keyword the two drafts read differently); its "language"
  // pattern has a stray "]" that only a non-unicode RegExp reads (as a literal)
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  return new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
})();

/** Throws with the schema's complaints unless `doc` is valid against the SARIF 2.1.0 schema. */
export function assertSarifSchema(doc: unknown): void {
  if (!validateSchema(doc)) {
    throw new Error(`not valid against the SARIF 2.1.0 schema: ${JSON.stringify(validateSchema.errors?.slice(0, 5))}`);
  }
}

type O = Record<string, unknown>;
const LEVELS = ['none', 'note', 'warning', 'error'];

function obj(v: unknown, where: string): O {
  assert.ok(v !== null && typeof v === 'object' && !Array.isArray(v), `${where}: expected an object`);
  return v as O;
}
function arr(v: unknown, where: string): unknown[] {
  assert.ok(Array.isArray(v), `${where}: expected an array`);
  return v as unknown[];
}
function str(v: unknown, where: string): string {
  assert.equal(typeof v, 'string', `${where}: expected a string`);
  return v as string;
}
function message(v: unknown, where: string): void {
  const m = obj(v, where);
  assert.ok(typeof m.text === 'string' || typeof m.id === 'string', `${where}: message needs text or id`);
}

export function assertValidSarif(doc: unknown): void {
  assertSarifSchema(doc);
  const log = obj(doc, 'log');
  assert.equal(log.version, '2.1.0', 'log.version');
  if (log.$schema !== undefined) str(log.$schema, 'log.$schema');
  const runs = arr(log.runs, 'log.runs');
  runs.forEach((r, ri) => {
    const run = obj(r, `runs[${ri}]`);
    const driver = obj(obj(run.tool, `runs[${ri}].tool`).driver, 'tool.driver');
    str(driver.name, 'driver.name');
    const rules = driver.rules === undefined ? [] : arr(driver.rules, 'driver.rules');
    const ids = new Set<string>();
    rules.forEach((x, i) => {
      const rule = obj(x, `rules[${i}]`);
      const id = str(rule.id, `rules[${i}].id`);
      assert.ok(!ids.has(id), `rule id ${id} is unique`);
      ids.add(id);
      if (rule.shortDescription !== undefined) message(rule.shortDescription, `rules[${i}].shortDescription`);
      if (rule.defaultConfiguration !== undefined) {
        const lvl = obj(rule.defaultConfiguration, 'defaultConfiguration').level;
        if (lvl !== undefined) assert.ok(LEVELS.includes(lvl as string), `rules[${i}] level ${lvl}`);
      }
    });
    const artifacts = run.artifacts === undefined ? [] : arr(run.artifacts, 'run.artifacts');
    artifacts.forEach((a, i) => str(obj(obj(a, `artifacts[${i}]`).location, `artifacts[${i}].location`).uri, `artifacts[${i}].location.uri`));
    if (run.invocations !== undefined) {
      arr(run.invocations, 'invocations').forEach((inv, i) => {
        const o = obj(inv, `invocations[${i}]`);
        assert.equal(typeof o.executionSuccessful, 'boolean', 'invocation.executionSuccessful is required');
        for (const n of (o.toolExecutionNotifications as unknown[] | undefined) ?? []) message(obj(n, 'notification').message, 'notification.message');
      });
    }
    const results = arr(run.results, `runs[${ri}].results`);
    results.forEach((x, i) => {
      const w = `results[${i}]`;
      const res = obj(x, w);
      message(res.message, `${w}.message`);
      if (res.level !== undefined) assert.ok(LEVELS.includes(res.level as string), `${w}.level ${res.level}`);
      const ruleId = res.ruleId === undefined ? undefined : str(res.ruleId, `${w}.ruleId`);
      if (res.ruleIndex !== undefined) {
        assert.ok(Number.isInteger(res.ruleIndex) && (res.ruleIndex as number) >= 0 && (res.ruleIndex as number) < rules.length, `${w}.ruleIndex in range`);
        assert.equal((rules[res.ruleIndex as number] as O).id, ruleId, `${w}.ruleIndex points at its rule`);
      }
      for (const [li, l] of arr(res.locations ?? [], `${w}.locations`).entries()) {
        const loc = obj(l, `${w}.locations[${li}]`);
        if (loc.physicalLocation !== undefined) {
          const al = obj(obj(loc.physicalLocation, 'physicalLocation').artifactLocation, 'artifactLocation');
          const uri = str(al.uri, 'artifactLocation.uri');
          if (al.index !== undefined) assert.equal((obj(artifacts[al.index as number], 'artifact').location as O).uri, uri, 'artifact index matches uri');
        }
        for (const ll of (loc.logicalLocations as unknown[] | undefined) ?? []) {
          const o = obj(ll, 'logicalLocation');
          for (const k of ['name', 'fullyQualifiedName', 'kind']) if (o[k] !== undefined) str(o[k], `logicalLocation.${k}`);
        }
      }
      if (res.partialFingerprints !== undefined) {
        for (const [k, v] of Object.entries(obj(res.partialFingerprints, 'partialFingerprints'))) str(v, `partialFingerprints.${k}`);
      }
    });
  });
}
