#!/usr/bin/env node
// The `hedgerow` command: builds what is missing or stale, then runs the bundled CLI.
import { ensureServerBuilt, ensureWebBuilt } from '../scripts/build.mjs';

const [command] = process.argv.slice(2);
const log = (line) => process.stderr.write(`${line}\n`);
await ensureServerBuilt({ force: command === 'build' });
if (command === 'start' || command === 'build') await ensureWebBuilt({ force: command === 'build', log });
if (command === 'build') process.exit(0);
const { main } = await import('../dist/cli.js');
const code = await main(process.argv.slice(2));
if (code !== 0 || command !== 'start') process.exitCode = code;
