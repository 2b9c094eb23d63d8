#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Times the JavaScript JsonLogic engines on the cases of benchmarks/cases/, per evaluation:
//   json-logic-js      jsonLogic.apply(rule, data)           (json-logic-js 2.0.5)
//   engine-run         new LogicEngine().run(rule, data)     (json-logic-engine 5.x)
//   engine-build       engine.build(rule) once, then f(data) (json-logic-engine 5.x, compiled)
// Rule and data are parsed once (JS objects: the engines' native form); each result is checked
// against the case's expected value before timing. Each timing loop is its own function (made
// with new Function) so that V8 specialises it for one engine and one case, as a real caller's
// hot loop would be. Output: one JSON object per line {"impl", "case", "ns", "batches"} (ns per
// evaluation, median of the batches), or a table with --table.
//
// Usage: node bench.js [--cases DIR] [--impl NAME[,NAME]] [--min-ms N] [--batches N] [--table]
'use strict'
const fs = require('fs')
const path = require('path')

const here = __dirname
const options = { cases: path.join(here, '..', 'cases'), impl: null, minMs: 20, batches: 7, table: false, filter: null }
for (let i = 2; i < process.argv.length; ++i) {
  const a = process.argv[i]
  if (a === '--cases') options.cases = process.argv[++i]
  else if (a === '--impl') options.impl = process.argv[++i].split(',')
  else if (a === '--min-ms') options.minMs = Number(process.argv[++i])
  else if (a === '--batches') options.batches = Number(process.argv[++i])
  else if (a === '--filter') options.filter = new RegExp(process.argv[++i])
  else if (a === '--table') options.table = true
  else { console.error('unknown argument ' + a); process.exit(2) }
}

let jsonLogic, LogicEngine
try {
  jsonLogic = require('json-logic-js')
  LogicEngine = require('json-logic-engine').LogicEngine
} catch (e) {
  console.error('bench.js: the peers are not installed; run `npm ci` in ' + here + ' (compare.sh does)')
  process.exit(2)
}
const installed = (name) =>
  JSON.parse(fs.readFileSync(path.join(here, 'node_modules', name, 'package.json'), 'utf8')).version
const versions = { 'json-logic-js': installed('json-logic-js'), 'json-logic-engine': installed('json-logic-engine') }

const engine = new LogicEngine()
const impls = {
  'json-logic-js': (rule) => (data) => jsonLogic.apply(rule, data),
  'engine-run': (rule) => (data) => engine.run(rule, data),
  'engine-build': (rule) => engine.build(rule)
}

const cases = fs.readdirSync(options.cases).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(options.cases, f), 'utf8')))
  .filter((c) => !options.filter || options.filter.test(c.name))

// Where each result goes: kept (as Google Benchmark's DoNotOptimize keeps the C++ result), so
// that the JIT cannot drop the work of building it (escape analysis would remove an array that
// is only compared).
const sink = new Array(16).fill(null)

// The loop, generated once per (engine, case) so that its call site sees one function only.
function makeLoop () {
  // eslint-disable-next-line no-new-func
  return new Function('f', 'data', 'n', 'sink', `
    for (let i = 0; i < n; ++i) sink[i & 15] = f(data)
    return sink`)
}

function time (f, data) {
  const loop = makeLoop()
  // Warm up (JIT tiers), and find n so that one batch lasts about minMs.
  let n = 1
  for (;;) {
    const t0 = process.hrtime.bigint()
    loop(f, data, n, sink)
    const ms = Number(process.hrtime.bigint() - t0) / 1e6
    if (ms >= options.minMs / 4) { n = Math.max(1, Math.ceil(n * options.minMs / ms)); break }
    n *= 4
  }
  loop(f, data, n, sink)
  const samples = []
  for (let b = 0; b < options.batches; ++b) {
    const t0 = process.hrtime.bigint()
    loop(f, data, n, sink)
    samples.push(Number(process.hrtime.bigint() - t0) / n)
  }
  samples.sort((a, b) => a - b)
  return samples[samples.length >> 1]
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)
let failed = false
const rows = []
for (const name of options.impl || Object.keys(impls)) {
  if (!impls[name]) { console.error('unknown implementation ' + name); process.exit(2) }
  for (const c of cases) {
    const rule = JSON.parse(JSON.stringify(c.rule))
    const data = JSON.parse(JSON.stringify(c.data))
    const f = impls[name](rule)
    const got = f(data)
    if (!same(got, c.expected)) {
      console.error(`${name} ${c.name}: got ${JSON.stringify(got)}, expected ${JSON.stringify(c.expected)}`)
      failed = true
      continue
    }
    const ns = time(f, data)
    const row = { impl: name, case: c.name, ns, batches: options.batches }
    rows.push(row)
    if (!options.table) console.log(JSON.stringify(row))
  }
}
if (options.table) {
  console.log(`node ${process.version}, json-logic-js ${versions['json-logic-js']}, json-logic-engine ${versions['json-logic-engine']}`)
  for (const r of rows) console.log(`${r.impl.padEnd(14)} ${r.case.padEnd(20)} ${r.ns.toFixed(1).padStart(9)} ns`)
}
process.exit(failed ? 1 : 0)
