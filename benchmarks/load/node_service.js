// SPDX-License-Identifier: MIT
// The yardstick of benchmarks/load/run.py: a minimal CDS Hooks service on Node.js's own `http`
// module, as many are written. It reads the POSTed body, parses it with JSON.parse, checks the
// hook, and answers one fixed card (no token check, no record read, no filter): what the least a
// service does costs in Node.
//   node node_service.js PORT [WORKERS]   (WORKERS > 1: that many processes through `cluster`)
'use strict';
const cluster = require('node:cluster');
const http = require('node:http');

const port = Number(process.argv[2]);
const workers = Number(process.argv[3] || 1);

const card = JSON.stringify({
  cards: [{
    uuid: '6d1f0c53-0b7e-4a3c-9c55-0f3bd1c8a1e2',
    summary: 'Care options that may be relevant, and what they depend on',
    indicator: 'info',
    detail: 'A fixed card: this service reads nothing of the record.',
    source: {label: 'Yardstick', url: 'https://example.org'},
  }],
});

function serve() {
  http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let doc;
      try {
        doc = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        res.writeHead(400, {'Content-Type': 'application/json'});
        res.end('{"error": {"status": 400, "message": "not JSON"}}');
        return;
      }
      if (req.method !== 'POST' || doc === null || doc.hook !== 'patient-view') {
        res.writeHead(400, {'Content-Type': 'application/json'});
        res.end('{"error": {"status": 400, "message": "not a patient-view call"}}');
        return;
      }
      res.writeHead(200, {'Content-Type': 'application/json'});
      res.end(card);
    });
  }).listen(port, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${port}`));
}

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  serve();
}
