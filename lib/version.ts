import { readFileSync } from 'node:fs';

/** package.json, read once (dist/lib/version.js → ../../package.json). */
const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

/** The package version. */
export const VERSION: string = PACKAGE.version;

/** The npm package name (`npm install -g flowcheck-pcap`; the command is `flowcheck`). */
export const PACKAGE_NAME: string = PACKAGE.name;
