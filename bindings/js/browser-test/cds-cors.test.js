// SPDX-License-Identifier: MIT
// `carecompare serve` called from a page in Chromium, as a browser-based EHR calls a CDS Hooks
// service (CORS): a page of the origin given to --cors-origin reads discovery and a card, its
// token in a header (which makes the browser ask first, a preflight); a page of another origin
// cannot read either, and its call never reaches the service. The pages and the service each
// listen on 127.0.0.1 with a port of their own, so each is an origin of its own. Then the link a
// card gives, followed in Chromium to the one-file page the service itself serves (--pages): the
// page opens with the record's answers ticked and shows the card's options.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';

import { CLI, OUT, ROOT, open, serve, shown, useBrowser, writePage } from './support.js';

const SERVICE = '/cds-services/metastatic-breast-cancer';
const CALL = JSON.stringify({
  hook: 'patient-view',
  hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
  context: { userId: 'Practitioner/1', patientId: '1' },
  prefetch: JSON.parse(readFileSync(join(ROOT, 'tests/data/fhir/prefetch.json'), 'utf8')),
});

/** `carecompare serve` on a free port: its base URL, the JSON lines of its log, and stop(). */
async function startService(args) {
  const child = spawn(CLI, ['serve', '--listen', '127.0.0.1:0', '--threads', '1', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (line.startsWith('{')) log.push(JSON.parse(line));
  });
  const port = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => {
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(line);
      if (m) resolve(Number(m[1]));
      else reject(new Error(`carecompare serve said: ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`carecompare serve exited ${code}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    log,
    stop: () => new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}

/** In a page at `url`: discovery and a call to the service, each with a token in its header. */
async function callFrom(ctx, url, base) {
  const page = await ctx.browser.newPage();
  await page.goto(url);
  const result = await page.evaluate(async ({ base, call }) => {
    const headers = { Authorization: 'Bearer not-checked-here' };
    try {
      const discovery = await fetch(`${base}/cds-services`, { headers });
      const answer = await fetch(`${base}/cds-services/metastatic-breast-cancer`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: call,
      });
      return { services: (await discovery.json()).services.length, status: answer.status, cards: (await answer.json()).cards };
    } catch (e) {
      return { error: `${e.name}: ${e.message}` };
    }
  }, { base, call: CALL });
  await page.close();
  return result;
}

const ctx = useBrowser();
let ehr;
let elsewhere;
let service;
before(async () => {
  ehr = await serve('<!doctype html><html lang="en"><title>EHR</title></html>');
  elsewhere = await serve('<!doctype html><html lang="en"><title>Elsewhere</title></html>');
  // The token is not checked here (tests/cli/test_serve.py checks tokens and CORS together).
  service = await startService(['--insecure-no-auth', '--cors-origin', ehr.url.replace(/\/$/, '')]);
});
after(async () => {
  await service?.stop();
  await Promise.all([ehr?.close(), elsewhere?.close()]);
});

describe('a CDS Hooks service called from a browser', () => {
  test('a page of the listed origin reads discovery and the card, after a preflight', async () => {
    const result = await callFrom(ctx, ehr.url, service.base);
    assert.equal(result.error, undefined);
    assert.equal(result.services, 1);
    assert.equal(result.status, 200);
    assert.equal(result.cards.length, 1);
    assert.equal(result.cards[0].indicator, 'info');
    // The browser asked first, because of the Authorization header, and was answered 204.
    const preflights = service.log.filter((l) => l.method === 'OPTIONS');
    assert.deepEqual(preflights.map((l) => [l.route, l.status]), [['/cds-services', 204], [SERVICE, 204]]);
  });

  test('a page of another origin can read nothing, and its call never comes', async () => {
    const posts = service.log.filter((l) => l.method === 'POST').length;
    const result = await callFrom(ctx, elsewhere.url, service.base);
    assert.match(result.error, /^TypeError: /);
    // Its preflight was refused, so the browser sent neither the GET nor the POST.
    const last = service.log.at(-1);
    assert.deepEqual([last.method, last.route, last.status], ['OPTIONS', '/cds-services', 403]);
    assert.equal(service.log.filter((l) => l.method === 'POST').length, posts);
  });
});

describe('the page a card links to, served by the service', () => {
  test('opens with the record\'s answers ticked and shows the options of the card', async () => {
    const folder = join(OUT, 'cds-pages');
    mkdirSync(folder, { recursive: true });
    writePage('cds-pages/metastatic-breast-cancer.html');
    const pages = await startService(['--insecure-no-auth', '--pages', folder, '--public-url', 'https://cds.example.org']);
    try {
      const answer = await fetch(`${pages.base}${SERVICE}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: CALL });
      assert.equal(answer.status, 200);
      const [card] = (await answer.json()).cards;
      const link = new URL(card.links[0].url);
      assert.equal(`${link.origin}${link.pathname}`, 'https://cds.example.org/pages/metastatic-breast-cancer.html');
      assert.match(link.hash, /^#sites=/);
      // The same path and fragment on this service's real address.
      const page = await open(ctx, `${pages.base}${link.pathname}${link.hash}`);
      const answers = await page.$eval('care-compare', (e) => e.answers);
      for (const id of [...answers.sites, ...answers.symptoms, ...answers.goals]) {
        assert.equal(await page.locator(`care-compare input[value="${id}"]`).isChecked(), true, id);
      }
      assert.ok(answers.sites.length > 0);
      const got = await shown(page);
      assert.deepEqual(got.relevant.map((o) => o.id), card.extension.carecompare.relevant);
      assert.deepEqual(got.undecided, card.extension.carecompare.undecided);
      await page.close();
      // The page was asked for without its fragment, and without a token.
      const asked = pages.log.filter((l) => l.route === '/pages/metastatic-breast-cancer.html');
      assert.deepEqual(asked.map((l) => [l.method, l.status]), [['GET', 200]]);
    } finally {
      await pages.stop();
    }
  });
});
