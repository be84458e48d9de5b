import { readFileSync } from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import { PROJECT_ROOT } from './corpus.js';

// ajv is CommonJS: under nodenext its class is the default export's `default`
type AjvClass = new (opts: object) => { compile(schema: object): (doc: unknown) => boolean };
const Ajv = ((AjvModule as unknown as { default?: AjvClass }).default ?? AjvModule) as unknown as AjvClass;

const schema = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'docs/report.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
const validateReport = ajv.compile(schema);
const validateFlow = ajv.compile({ ...schema, $ref: '#/definitions/flow', required: undefined, properties: undefined, additionalProperties: undefined, $id: undefined });
const validateAlert = ajv.compile({ ...schema, $ref: '#/definitions/alert', required: undefined, properties: undefined, additionalProperties: undefined, $id: undefined });

function check(v: (x: unknown) => boolean, doc: unknown, what: string): void {
  if (!v(doc)) {
    const errs = (v as unknown as { errors: unknown[] }).errors;
    throw new Error(`${what} does not match docs/report.schema.json: ${JSON.stringify(errs.slice(0, 5))}`);
  }
}

/** Throws with ajv's errors unless `doc` is a valid JSON report. */
export function assertValidReport(doc: unknown): void {
  check(validateReport, doc, 'report');
}

/** Throws unless `line` is a valid ndjson line (a flow with type "flow", or an alert with type "alert"). */
export function assertValidNdjsonLine(doc: { type?: string }): void {
  if (doc.type === 'alert') check(validateAlert, doc, 'ndjson alert');
  else if (doc.type === 'flow') check(validateFlow, doc, 'ndjson flow');
  else throw new Error(`ndjson line without a type: ${JSON.stringify(doc).slice(0, 200)}`);
}
