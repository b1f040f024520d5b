#!/usr/bin/env node
// Ladder's accessibility and validity audit of built sites.
//
//   node tests/a11y/audit.mjs [options] SITE_DIR [--site-url URL] [SITE_DIR ...]
//
// For every site folder given, it serves the folder on 127.0.0.1 (as the root of
// an origin) and checks every page with public tools:
//
//   * HTML validity: the W3C Nu HTML Checker (vnu.jar from the npm package
//     vnu-jar, run on the system Java), all files in one JVM, alongside the
//     browser stage;
//   * WCAG 2.0, 2.1 and 2.2 A and AA: axe-core in Debian's headless Chromium
//     (/usr/bin/chromium, driven by playwright-core; no browser is downloaded),
//     at 1280 px and again at 320 px (WCAG 1.4.10 reflow width), where
//     scroll boxes and target sizes change; axe's best-practice rules too
//     (landmarks, heading order, one h1), counted apart;
//   * what a reader would notice and axe does not decide: one h1 and no skipped
//     heading level, one main landmark, the skip link as the first tab stop,
//     a visible change on every focused control, each chart carrying its data
//     table, every table shown when printed, and no sideways scrolling of the
//     page at 320 px;
//   * links: every href/src/srcset/... (and CSS url()) inside the site must be
//     a file of the site, and every #fragment an id of its target page;
//   * external loads: anything the page would fetch from another origin is
//     blocked and counted (the site must work offline); plain links to other
//     sites are only counted;
//   * uncaught JavaScript errors, local requests answered 4xx/5xx, pages that
//     do not load.
//
// Options:
//   --site-url URL    (after a SITE_DIR) the absolute URL that site is published
//                     at: links to it are checked as links inside the site, and
//                     the browser is served them from the folder
//   --json FILE       write the full report (every finding) as JSON
//   --workers N       browser tabs in parallel (default 2)
//   --page-timeout S  time limit to load and audit one page (default 60)
//   --expect WHAT     the site is broken on purpose: succeed only if the audit
//                     fails and finds WHAT (repeatable): `axe:RULE-ID` (an axe
//                     violation of that rule), `broken:PATH` (a broken link to
//                     PATH), or a summary key (`broken_links`, `html_errors`,
//                     ...) above 0
//   --limit N         lines printed per kind of finding (default 25)
//
// Exit status: 0 every site passes (or, with --expect, everything expected was
// found), 1 a problem was found, 2 the audit itself could not run.
//
// The last line printed for each site is its summary line:
//   audit: site=DIR html_errors=0 axe_violations=0 broken_links=0 external_loads=0 ...
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const HERE = path.dirname(new URL(import.meta.url).pathname);

// ---------------------------------------------------------------- arguments

function usage(message) {
  if (message) console.error(`audit: ${message}`);
  console.error('usage: node tests/a11y/audit.mjs [--json FILE] [--workers N] [--expect WHAT]... SITE_DIR [--site-url URL] [SITE_DIR ...]');
  process.exit(2);
}

const opts = { sites: [], json: null, workers: 2, pageTimeout: 60, expect: [], limit: 25 };
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    if (a === '--json') opts.json = value();
    else if (a === '--workers') opts.workers = Math.max(1, parseInt(value(), 10) || 1);
    else if (a === '--page-timeout') opts.pageTimeout = Math.max(5, parseInt(value(), 10) || 60);
    else if (a === '--limit') opts.limit = Math.max(1, parseInt(value(), 10) || 25);
    else if (a === '--expect') opts.expect.push(value());
    else if (a === '--site-url') {
      if (!opts.sites.length) usage('--site-url goes after the SITE_DIR it belongs to');
      opts.sites[opts.sites.length - 1].siteUrls.push(value().replace(/\/*$/, '/'));
    } else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else opts.sites.push({ dir: a, siteUrls: [] });
  }
  if (!opts.sites.length) usage('no site folder given');
  for (const s of opts.sites) {
    if (!fs.existsSync(s.dir) || !fs.statSync(s.dir).isDirectory()) usage(`not a folder: ${s.dir}`);
    s.root = fs.realpathSync(s.dir);
  }
}

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const HTML_EXT = /\.(html?|xhtml)$/i;
const ID_EXT = /\.(html?|xhtml|svg)$/i;

function need(ok, what) {
  if (!ok) {
    console.error(`audit: missing ${what}: run tests/a11y/setup.sh first`);
    process.exit(2);
  }
}

let chromium, axeSource, vnuJar;
try {
  ({ chromium } = require('playwright-core'));
  axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  vnuJar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
} catch {
  need(false, 'node_modules (axe-core, playwright-core, vnu-jar)');
}
need(fs.existsSync(vnuJar), 'vnu.jar (npm vnu-jar)');
need(fs.existsSync(CHROMIUM), CHROMIUM);
const versions = {
  axe: require('axe-core/package.json').version,
  playwright: require('playwright-core/package.json').version,
  vnu: require('vnu-jar/package.json').version,
};

// ---------------------------------------------------------------- the site's files

function walk(root) {
  const files = [];
  const go = (dir, rel) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) go(full, r);
      else if (e.isFile()) files.push(r);
    }
  };
  go(root, '');
  return files;
}

const MIME = {
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8', '.xhtml': 'application/xhtml+xml',
  '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.avif': 'image/avif',
  '.ico': 'image/x-icon', '.pdf': 'application/pdf', '.woff': 'font/woff', '.woff2': 'font/woff2',
  '.ttf': 'font/ttf', '.otf': 'font/otf',
};

/** Maps a URL path to a file of the site: { file } or { reason }. */
function resolvePath(site, urlPath) {
  let p;
  try { p = decodeURIComponent(urlPath || '/'); } catch { return { reason: 'bad-escape' }; }
  const rel = path.posix.normalize(p).replace(/^\/+/, '').replace(/^(\.\.\/?)+/, '');
  const isDirUrl = p.endsWith('/') || rel === '' || rel === '.';
  const clean = rel === '.' ? '' : rel.replace(/\/$/, '');
  if (!isDirUrl && site.fileSet.has(clean)) return { file: clean };
  const full = path.join(site.root, clean);
  if (fs.existsSync(full) && fs.statSync(full).isDirectory()) {
    for (const idx of ['index.html', 'index.htm']) {
      const cand = clean ? `${clean}/${idx}` : idx;
      if (site.fileSet.has(cand)) return { file: cand, redirect: !isDirUrl };
    }
    return { reason: 'directory-without-index' };
  }
  return { reason: 'not-found' };
}

function serve(site) {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://127.0.0.1');
    const r = resolvePath(site, u.pathname);
    if (r.redirect) {
      res.writeHead(301, { Location: `${u.pathname}/${u.search}` });
      res.end();
      return;
    }
    if (!r.file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    const type = MIME[path.extname(r.file).toLowerCase()] || 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(fs.readFileSync(path.join(site.root, r.file)));
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

// ---------------------------------------------------------------- Nu HTML checker

function runNu(files) {
  // One JVM for up to 300 files at a time; resolves to { ok, messages, error }.
  return new Promise((resolve) => {
    const chunks = [];
    for (let i = 0; i < files.length; i += 300) chunks.push(files.slice(i, i + 300));
    const messages = [];
    const next = (k) => {
      if (k >= chunks.length) { resolve({ ok: true, messages }); return; }
      const java = spawn('java', ['-Xss8m', '-jar', vnuJar, '--format', 'json', '--stdout', '--exit-zero-always', ...chunks[k]],
        { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      java.stdout.on('data', (d) => { out += d; });
      java.stderr.on('data', (d) => { err += d; });
      java.on('error', (e) => resolve({ ok: false, messages, error: `cannot run java: ${e.message}` }));
      java.on('close', (code) => {
        try {
          messages.push(...(JSON.parse(out || '{}').messages || []));
        } catch {
          resolve({ ok: false, messages, error: `vnu output is not JSON (exit ${code}): ${err.slice(-400)}` });
          return;
        }
        next(k + 1);
      });
    };
    next(0);
  });
}

// ---------------------------------------------------------------- in the page

// Everything the audit needs from one page's DOM, gathered in the page.
function collectFacts() {
  const LOAD_ATTRS = {
    script: ['src'], img: ['src', 'srcset'], source: ['src', 'srcset'], video: ['src', 'poster'],
    audio: ['src'], track: ['src'], iframe: ['src'], frame: ['src'], embed: ['src'], object: ['data'],
    input: ['src'], image: ['href', 'xlink:href'], use: ['href', 'xlink:href'], feimage: ['href', 'xlink:href'],
  };
  const LINK_ATTRS = { a: ['href', 'xlink:href'], area: ['href'], form: ['action'], blockquote: ['cite'], q: ['cite'], ins: ['cite'], del: ['cite'] };
  const LOADING_RELS = new Set(['stylesheet', 'icon', 'apple-touch-icon', 'apple-touch-icon-precomposed', 'mask-icon',
    'manifest', 'preload', 'modulepreload', 'prefetch', 'prerender', 'preconnect', 'dns-prefetch']);
  const ORIGIN_RELS = new Set(['preconnect', 'dns-prefetch']);
  const refs = [];
  const snippet = (el) => el.outerHTML.replace(/\s+/g, ' ').slice(0, 140);
  const attr = (el, name) => (name === 'xlink:href'
    ? el.getAttributeNS('http://www.w3.org/1999/xlink', 'href')
    : el.getAttribute(name));
  const add = (el, name, raw, load, originOnly = false) => {
    if (raw == null) return;
    let abs = null;
    try { abs = new URL(raw.trim(), document.baseURI).href; } catch { /* kept as null: broken */ }
    refs.push({ tag: el.localName, attr: name, raw, abs, load, originOnly, html: snippet(el) });
  };
  const cssUrls = (text) => {
    const out = [];
    const t = text.replace(/\/\*[\s\S]*?\*\//g, '');
    for (const m of t.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)/gi)) out.push(m[1] ?? m[2] ?? m[3]);
    for (const m of t.matchAll(/@import\s+(?:"([^"]*)"|'([^']*)')/gi)) out.push(m[1] ?? m[2]);
    return out.filter(Boolean);
  };
  for (const el of document.querySelectorAll('*')) {
    const tag = el.localName.toLowerCase();
    if (tag === 'link' && el.hasAttribute('href')) {
      const rels = (el.getAttribute('rel') || '').toLowerCase().split(/\s+/);
      add(el, 'href', el.getAttribute('href'), rels.some((r) => LOADING_RELS.has(r)), rels.some((r) => ORIGIN_RELS.has(r)));
    }
    if (tag === 'meta' && (el.getAttribute('http-equiv') || '').toLowerCase() === 'refresh') {
      const m = /^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(.*)$/is.exec(el.getAttribute('content') || '');
      const target = m ? m[1].trim().replace(/^['"]|['"]$/g, '') : '';
      if (target) add(el, 'content', target, false);
    }
    for (const name of LOAD_ATTRS[tag] || []) {
      if (tag === 'input' && (el.getAttribute('type') || '').toLowerCase() !== 'image') continue;
      const v = attr(el, name);
      if (v == null) continue;
      if (name === 'srcset') for (const c of v.split(',')) { const u = c.trim().split(/\s+/)[0]; if (u) add(el, name, u, true); }
      else add(el, name, v, true);
    }
    for (const name of LINK_ATTRS[tag] || []) add(el, name, attr(el, name), false);
    if (el.hasAttribute('style')) for (const u of cssUrls(el.getAttribute('style'))) add(el, 'style url()', u, true);
    if (tag === 'style') for (const u of cssUrls(el.textContent)) add(el, 'url()', u, true);
  }
  const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
  for (const a of document.querySelectorAll('a[name]')) ids.push(a.getAttribute('name'));

  // Structure: what a reader meets.
  const problems = [];
  const visible = (el) => el.checkVisibility ? el.checkVisibility({ visibilityProperty: true }) : !!el.offsetParent;
  const lang = document.documentElement.getAttribute('lang') || '';
  if (!lang.trim()) problems.push('<html> has no lang');
  if (!document.title.trim()) problems.push('the page has no <title>');
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')]
    .filter((h) => !h.closest('[hidden], template'))
    .map((h) => ({
      level: h.getAttribute('role') === 'heading' ? parseInt(h.getAttribute('aria-level') || '2', 10) : parseInt(h.localName[1], 10),
      text: h.textContent.replace(/\s+/g, ' ').trim().slice(0, 80),
    }));
  const h1s = headings.filter((h) => h.level === 1).length;
  if (h1s !== 1) problems.push(`${h1s} h1 headings (one is wanted)`);
  if (headings.length && headings[0].level !== 1) problems.push(`the first heading is h${headings[0].level} "${headings[0].text}", not the h1`);
  for (let i = 1; i < headings.length; i++) {
    if (headings[i].level > headings[i - 1].level + 1) {
      problems.push(`heading level skipped: h${headings[i - 1].level} "${headings[i - 1].text}" then h${headings[i].level} "${headings[i].text}"`);
    }
  }
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    if (!h.textContent.trim() && !h.querySelector('img[alt]:not([alt=""]), svg[aria-label]')) problems.push(`an empty ${h.localName}`);
  }
  const mains = document.querySelectorAll('main, [role="main"]');
  if (mains.length !== 1) problems.push(`${mains.length} main landmarks (one is wanted)`);
  for (const table of document.querySelectorAll('table')) {
    const name = (table.querySelector('caption')?.textContent || table.getAttribute('aria-label') || '').trim().slice(0, 60)
      || table.querySelector('th')?.textContent.trim().slice(0, 60) || '(table)';
    if (!table.querySelector('th')) problems.push(`table "${name}" has no header cells`);
    for (const th of table.querySelectorAll('th')) {
      if (!th.closest('thead') && !th.hasAttribute('scope') && !th.hasAttribute('id')) {
        problems.push(`table "${name}": row header "${th.textContent.trim().slice(0, 40)}" has no scope`);
        break;
      }
    }
  }
  // A chart (an svg image inside a figure) carries its data as a table with a
  // caption: in the figure, or named by the chart's aria-describedby. Either way
  // the chart points at it (aria-describedby on the svg or the figure).
  for (const fig of document.querySelectorAll('figure')) {
    const svg = fig.querySelector('svg[role="img"]');
    if (!svg) continue;
    const label = (fig.querySelector('h2, h3, h4, h5, h6, figcaption')?.textContent || fig.id || 'figure').replace(/\s+/g, ' ').trim().slice(0, 60);
    const targets = `${svg.getAttribute('aria-describedby') || ''} ${fig.getAttribute('aria-describedby') || ''}`
      .split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)).filter(Boolean);
    const named = targets.map((t) => (t.localName === 'table' ? t : t.querySelector('table'))).find(Boolean);
    const table = fig.querySelector('table') || named;
    if (!table) problems.push(`chart "${label}" has no data table (in its figure, or named by aria-describedby)`);
    else if (!table.querySelector('caption')) problems.push(`the data table of chart "${label}" has no caption`);
    if (table && !targets.some((t) => fig.contains(t) || t === table || t.contains(table))) {
      problems.push(`chart "${label}" is not tied to its data table (aria-describedby)`);
    }
  }
  return { refs, ids, problems, title: document.title, headings: headings.length };
}

// Moves keyboard focus along the tab order and checks each stop is seen.
function focusWalk() {
  const PROPS = ['position', 'clipPath', 'outlineStyle', 'outlineWidth', 'outlineColor', 'boxShadow', 'backgroundColor', 'color',
    'textDecorationLine', 'textDecorationThickness', 'borderTopColor', 'borderBottomColor', 'borderBottomWidth'];
  const style = (el) => { const s = getComputedStyle(el); return PROPS.map((p) => s[p]).join('|'); };
  const shown = (el) => el.checkVisibility ? el.checkVisibility({ visibilityProperty: true }) : !!el.offsetParent;
  const sel = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, [tabindex], [contenteditable="true"]';
  const stops = [...document.querySelectorAll(sel)]
    .filter((el) => el.tabIndex >= 0 && !el.disabled && shown(el) && !el.closest('[inert]'));
  const first = document.activeElement;
  const problems = [];
  const describe = (el) => el.outerHTML.replace(/\s+/g, ' ').slice(0, 120);
  // The skip link: the first tab stop, to the main content.
  if (!first || first === document.body) {
    problems.push('Tab from the top of the page focuses nothing');
  } else {
    const href = first.getAttribute('href') || '';
    const target = href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
    const main = document.querySelector('main, [role="main"]');
    if (!target || !main || !(target === main || main.contains(target) || target.contains(main))) {
      problems.push(`the first tab stop is not a skip link to the main content: ${describe(first)}`);
    }
  }
  // Each stop must look different when focused. Focus moved by script after a
  // keyboard Tab keeps :focus-visible in Chromium, as a keyboard user sees it.
  first?.blur?.();
  const before = new Map(stops.map((el) => [el, style(el)]));
  let checked = 0;
  for (const el of stops) {
    el.focus();
    if (document.activeElement !== el || !el.matches(':focus-visible')) continue;
    checked++;
    if (style(el) === before.get(el)) problems.push(`no visible focus change: ${describe(el)}`);
  }
  if (stops.length && checked < stops.length) problems.push(`only ${checked} of ${stops.length} tab stops took keyboard focus`);
  return { problems, stops: stops.length, checked };
}

// Print: every table and chart of the main content is printed.
function printCheck() {
  const problems = [];
  const main = document.querySelector('main, [role="main"]');
  if (!main || main.getBoundingClientRect().height === 0) problems.push('the main content is not printed');
  for (const el of document.querySelectorAll('main table, main figure, main svg[role="img"]')) {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (r.height === 0 || r.width === 0 || s.visibility === 'hidden') {
      const label = (el.querySelector?.('caption')?.textContent || el.id || el.localName).trim().slice(0, 60);
      problems.push(`not printed: ${el.localName} "${label}"`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------- the browser stage

async function runAxe(page, tags) {
  return page.evaluate(async (values) => {
    // eslint-disable-next-line no-undef
    if (typeof axe === 'undefined') throw new Error('axe-core did not load in the page');
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, tags: v.tags, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: (n.html || '').slice(0, 160), summary: (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 240) })),
    }));
  }, tags);
}

async function auditPage(page, site, origin, pagePath, rec) {
  const url = new URL(pagePath.split('/').map(encodeURIComponent).join('/'), `${origin}/`).href;
  const res = {
    page: pagePath, status: null, error: null, axe: [], best: [], structure: [], focus: [],
    print: [], reflow_px: 0, js_errors: [], console_errors: [], failed_local: [], external_requests: [],
    facts: null, stops: 0,
  };
  rec.current = res;
  const onResponse = (r) => {
    if (r.url().startsWith(origin) && r.status() >= 400 && r.url() !== url) {
      res.failed_local.push({ url: r.url().slice(origin.length), status: r.status() });
    }
  };
  const onPageError = (e) => res.js_errors.push(String(e?.message || e).slice(0, 300));
  const onConsole = (m) => {
    if (m.type() === 'error' && !m.text().includes('ERR_BLOCKED_BY_CLIENT')) res.console_errors.push(m.text().slice(0, 300));
  };
  page.on('response', onResponse);
  page.on('pageerror', onPageError);
  page.on('console', onConsole);
  try {
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 800 });
    const resp = await page.goto(url, { waitUntil: 'load', timeout: opts.pageTimeout * 1000 });
    res.status = resp ? resp.status() : null;
    await page.evaluate(() => (document.fonts ? document.fonts.ready.then(() => true) : true)).catch(() => {});
    res.facts = await page.evaluate(collectFacts);
    res.structure.push(...res.facts.problems);
    // Print, as the page is loaded: closed <details> (a chart's data) must print too.
    await page.emulateMedia({ media: 'print' });
    res.print.push(...await page.evaluate(printCheck));
    await page.emulateMedia({ media: 'screen' });
    // From here on every <details> is open, so what it hides is checked too.
    await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
    const all = await runAxe(page, [...WCAG_TAGS, 'best-practice']);
    for (const v of all) (v.tags.some((t) => WCAG_TAGS.includes(t)) ? res.axe : res.best).push({ ...v, width: 1280 });
    // Keyboard: one real Tab from the top of the page, then along the tab order.
    await page.evaluate(() => { window.scrollTo(0, 0); document.activeElement?.blur?.(); });
    await page.keyboard.press('Tab');
    const walk = await page.evaluate(focusWalk);
    res.focus.push(...walk.problems);
    res.stops = walk.stops;
    await page.evaluate(() => document.activeElement?.blur?.());
    // WCAG 1.4.10: 1280 px at 400% is 320 CSS px. The page must not scroll
    // sideways (a wide table inside its own scroll box is fine), and axe runs
    // again, since scroll boxes and target sizes depend on the width.
    await page.setViewportSize({ width: 320, height: 640 });
    res.reflow_px = await page.evaluate(() => {
      const d = document.documentElement;
      return Math.max(0, Math.max(d.scrollWidth, document.body ? document.body.scrollWidth : 0) - d.clientWidth);
    });
    const narrow = await runAxe(page, WCAG_TAGS);
    const seen = new Set(res.axe.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target}`)));
    for (const v of narrow) {
      const nodes = v.nodes.filter((n) => !seen.has(`${v.id} ${n.target}`));
      if (nodes.length) res.axe.push({ ...v, nodes, width: 320 });
    }
  } catch (e) {
    res.error = String(e?.message || e).split('\n')[0].slice(0, 300);
  } finally {
    page.off('response', onResponse);
    page.off('pageerror', onPageError);
    page.off('console', onConsole);
    rec.current = null;
  }
  return res;
}

function isSiteUrl(site, u) {
  return site.siteUrls.find((s) => u === s.slice(0, -1) || u.startsWith(s));
}

async function browserStage(browser, site) {
  const { server, origin } = await serve(site);
  site.origin = origin;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', serviceWorkers: 'block' });
    await context.addInitScript({ content: axeSource });
    const queue = site.pages.slice();
    const results = new Map();
    const worker = async () => {
      const page = await context.newPage();
      const rec = { current: null };
      // Another origin: the published address of the site is served from the
      // folder; anything else is recorded and blocked (the site must work offline).
      await page.route((u) => !u.href.startsWith(origin), async (route) => {
        const u = route.request().url();
        const base = isSiteUrl(site, u);
        if (base) {
          const r = resolvePath(site, new URL(u).pathname.slice(new URL(base).pathname.length - 1));
          if (r.file) {
            const type = MIME[path.extname(r.file).toLowerCase()] || 'application/octet-stream';
            await route.fulfill({ status: 200, contentType: type, body: fs.readFileSync(path.join(site.root, r.file)) });
          } else {
            rec.current?.failed_local.push({ url: u, status: 404 });
            await route.fulfill({ status: 404, body: 'not found' });
          }
          return;
        }
        const list = rec.current?.external_requests;
        if (list && !list.some((x) => x.url === u)) list.push({ url: u, type: route.request().resourceType() });
        await route.abort('blockedbyclient').catch(() => {});
      });
      while (queue.length) {
        const p = queue.shift();
        results.set(p, await auditPage(page, site, origin, p, rec));
      }
      await page.close().catch(() => {});
    };
    await Promise.all(Array.from({ length: Math.min(opts.workers, site.pages.length) }, worker));
    await context.close();
    return site.pages.map((p) => results.get(p));
  } finally {
    server.close();
  }
}

// ---------------------------------------------------------------- links

const SKIP_SCHEMES = new Set(['mailto:', 'tel:', 'sms:', 'javascript:', 'data:', 'blob:', 'about:', 'urn:', 'geo:', 'callto:', 'news:']);

function idsOfFile(site, rel, pageIds) {
  if (pageIds.has(rel)) return pageIds.get(rel);
  const text = fs.readFileSync(path.join(site.root, rel), 'utf8');
  const ids = new Set();
  for (const m of text.matchAll(/\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) ids.add(m[1] ?? m[2] ?? m[3]);
  pageIds.set(rel, ids);
  return ids;
}

function checkLinks(site, results) {
  const broken = [];
  const loads = [];
  const externalLinks = new Map();
  let checked = 0;
  let fragments = 0;
  const pageIds = new Map();
  for (const r of results) if (r.facts) pageIds.set(r.page, new Set(r.facts.ids));
  const check = (source, ref) => {
    const raw = (ref.raw || '').trim();
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(raw)?.[0].toLowerCase();
    if (scheme && SKIP_SCHEMES.has(scheme)) return;
    checked++;
    if (scheme === 'file:') { broken.push({ source, ...ref, reason: 'file-url' }); return; }
    if (!ref.abs) { broken.push({ source, ...ref, reason: 'bad-url' }); return; }
    const u = new URL(ref.abs);
    if (!/^https?:$/.test(u.protocol)) return;
    let urlPath = null;
    const base = isSiteUrl(site, ref.abs);
    if (u.origin === site.origin) urlPath = u.pathname;
    else if (base) urlPath = u.pathname.slice(new URL(base).pathname.length - 1);
    if (urlPath === null) {
      if (ref.load) loads.push({ source, ...ref });
      else externalLinks.set(u.host, (externalLinks.get(u.host) || 0) + 1);
      return;
    }
    if (ref.originOnly) return;
    const t = resolvePath(site, urlPath);
    if (!t.file) { broken.push({ source, ...ref, reason: t.reason }); return; }
    const frag = u.hash.slice(1).split(':~:')[0];
    if (frag && ID_EXT.test(t.file) && !(frag.toLowerCase() === 'top' && HTML_EXT.test(t.file))) {
      fragments++;
      const ids = idsOfFile(site, t.file, pageIds);
      let decoded = frag;
      try { decoded = decodeURIComponent(frag); } catch { /* as written */ }
      if (!ids.has(frag) && !ids.has(decoded)) broken.push({ source, ...ref, reason: 'missing-fragment' });
    }
  };
  for (const r of results) for (const ref of r.facts?.refs || []) check(r.page, ref);
  // Stylesheets: url() and @import.
  for (const rel of site.files.filter((f) => f.toLowerCase().endsWith('.css'))) {
    const text = fs.readFileSync(path.join(site.root, rel), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const docUrl = `${site.origin}/${rel}`;
    const urls = [...text.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)/gi)].map((m) => m[1] ?? m[2] ?? m[3])
      .concat([...text.matchAll(/@import\s+(?:"([^"]*)"|'([^']*)')/gi)].map((m) => m[1] ?? m[2])).filter(Boolean);
    for (const raw of urls) {
      let abs = null;
      try { abs = new URL(raw, docUrl).href; } catch { /* broken */ }
      check(rel, { tag: 'css', attr: 'url()', raw, abs, load: true, originOnly: false, html: raw });
    }
  }
  // The sitemap lists pages of the site.
  if (site.fileSet.has('sitemap.xml') && site.siteUrls.length) {
    const text = fs.readFileSync(path.join(site.root, 'sitemap.xml'), 'utf8');
    for (const m of text.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)) {
      const raw = m[1].replace(/&amp;/g, '&');
      check('sitemap.xml', { tag: 'loc', attr: '', raw, abs: raw, load: false, originOnly: false, html: raw });
    }
  }
  return { broken, loads, externalLinks, checked, fragments };
}

// ---------------------------------------------------------------- report

function summarise(site, results, links, nu) {
  const L = opts.limit;
  const out = [];
  const p = (s) => out.push(s);
  const rel = (f) => path.relative(site.root, f);

  // Nu
  let htmlErrors = 'NA';
  let htmlWarnings = 'NA';
  const nuItems = [];
  if (nu.ok) {
    for (const m of nu.messages) {
      let file = '';
      try { file = decodeURIComponent(new URL(m.url).pathname); } catch { file = m.url || ''; }
      if (!file.startsWith(`${site.root}/`)) continue;
      const kind = m.type === 'error' || m.type === 'non-document-error' ? 'error'
        : (m.type === 'info' && m.subType === 'warning' ? 'warning' : 'info');
      if (kind !== 'info') nuItems.push({ file: rel(file), line: m.lastLine, kind, message: m.message, extract: (m.extract || '').slice(0, 120) });
    }
    htmlErrors = nuItems.filter((m) => m.kind === 'error').length;
    htmlWarnings = nuItems.filter((m) => m.kind === 'warning').length;
    p(`== Nu HTML checker (vnu-jar ${versions.vnu}): ${htmlErrors} errors, ${htmlWarnings} warnings in ${site.pages.length} files`);
    for (const m of nuItems.slice(0, L)) p(`  ${m.kind} ${m.file}:${m.line} ${m.message.slice(0, 160)}  [${m.extract.replace(/\s+/g, ' ')}]`);
  } else {
    p(`== Nu HTML checker: FAILED (${nu.error})`);
  }

  // axe
  const rules = new Map();
  const best = new Map();
  for (const r of results) {
    for (const [table, list] of [[rules, r.axe], [best, r.best]]) {
      for (const v of list) {
        const e = table.get(v.id) || { impact: v.impact, help: v.help, pages: new Set(), nodes: [] };
        e.pages.add(r.page);
        for (const n of v.nodes) e.nodes.push({ page: r.page, width: v.width, ...n });
        table.set(v.id, e);
      }
    }
  }
  const axeViolations = [...rules.values()].reduce((s, e) => s + e.nodes.length, 0);
  const bestPractice = [...best.values()].reduce((s, e) => s + e.nodes.length, 0);
  const audited = results.filter((r) => r.facts).length;
  p(`== axe-core ${versions.axe} in Chromium [${WCAG_TAGS.join(',')}] at 1280 and 320 px on ${audited} pages: `
    + `${axeViolations} violations of ${rules.size} rules; best-practice: ${bestPractice} of ${best.size} rules`);
  for (const [label, table] of [['', rules], ['best-practice: ', best]]) {
    for (const [id, e] of table) {
      p(`  ${label}${id} (${e.impact}) ${e.help}: ${e.nodes.length} elements on ${e.pages.size} pages`);
      for (const n of e.nodes.slice(0, 3)) p(`      ${n.page} @${n.width}px ${n.target}  ${n.html}`);
    }
  }

  // structure, focus, print, reflow
  const listOf = (key) => results.flatMap((r) => (r[key] || []).map((m) => ({ page: r.page, m })));
  const structure = listOf('structure');
  const focus = listOf('focus');
  const print = listOf('print');
  const reflow = results.filter((r) => r.reflow_px > 0);
  p(`== Reader checks: structure ${structure.length}, focus ${focus.length}, print ${print.length}, `
    + `pages scrolling sideways at 320 px ${reflow.length}; ${results.reduce((s, r) => s + r.stops, 0)} tab stops checked`);
  for (const x of [...structure, ...focus, ...print].slice(0, L)) p(`  ${x.page}: ${x.m}`);
  for (const r of reflow.slice(0, L)) p(`  ${r.page}: ${r.reflow_px}px wider than 320 px`);

  // links and loads
  const runtimeExternal = [];
  const staticLoads = new Set(links.loads.map((l) => l.abs));
  for (const r of results) for (const x of r.external_requests) if (!staticLoads.has(x.url)) runtimeExternal.push({ page: r.page, ...x });
  const extCount = [...links.externalLinks.values()].reduce((s, n) => s + n, 0);
  p(`== Links: ${links.checked} references checked (${links.fragments} with #fragment): ${links.broken.length} broken; `
    + `external loads ${links.loads.length + runtimeExternal.length}; links to other sites (not loads) ${extCount}`);
  for (const b of links.broken.slice(0, L)) p(`  broken (${b.reason}) ${b.source}: <${b.tag} ${b.attr}> ${JSON.stringify(b.raw)}  ${b.html}`);
  for (const l of links.loads.slice(0, L)) p(`  external load ${l.source}: <${l.tag} ${l.attr}> ${l.raw}`);
  for (const x of runtimeExternal.slice(0, L)) p(`  external request ${x.page}: ${x.url} (${x.type}, at run time)`);

  // runtime
  const pageErrors = results.filter((r) => !r || r.error || (r.status && r.status >= 400));
  const js = listOf('js_errors');
  const http4xx = results.flatMap((r) => r.failed_local.map((f) => ({ page: r.page, ...f })));
  const consoleErrors = listOf('console_errors');
  p(`== Browser: page errors ${pageErrors.length}, JavaScript errors ${js.length}, local requests answered 4xx/5xx ${http4xx.length}, console errors ${consoleErrors.length}`);
  for (const r of pageErrors.slice(0, L)) p(`  page ${r.page}: status ${r.status} ${r.error || ''}`);
  for (const x of js.slice(0, L)) p(`  js ${x.page}: ${x.m}`);
  for (const x of http4xx.slice(0, L)) p(`  http ${x.status} ${x.page}: ${x.url}`);
  for (const x of consoleErrors.slice(0, L)) p(`  console ${x.page}: ${x.m}`);

  const summary = {
    html_errors: htmlErrors,
    axe_violations: axeViolations,
    broken_links: links.broken.length,
    external_loads: links.loads.length + runtimeExternal.length,
    pages: site.pages.length,
    html_warnings: htmlWarnings,
    axe_rules: rules.size,
    axe_pages: audited,
    best_practice: bestPractice,
    structure: structure.length,
    focus: focus.length,
    print: print.length,
    reflow_overflow: reflow.length,
    page_errors: pageErrors.length,
    js_errors: js.length,
    runtime_4xx: http4xx.length,
  };
  const gating = ['html_errors', 'axe_violations', 'broken_links', 'external_loads', 'best_practice', 'structure',
    'focus', 'print', 'reflow_overflow', 'page_errors', 'js_errors', 'runtime_4xx'];
  const failed = gating.filter((k) => summary[k] !== 0);
  return {
    lines: out, summary, failed, status: failed.length ? (nu.ok ? 'fail' : 'error') : 'pass',
    details: {
      nu: nuItems,
      axe: Object.fromEntries([...rules].map(([k, e]) => [k, { ...e, pages: [...e.pages] }])),
      best_practice: Object.fromEntries([...best].map(([k, e]) => [k, { ...e, pages: [...e.pages] }])),
      structure, focus, print, reflow: reflow.map((r) => ({ page: r.page, px: r.reflow_px })),
      broken_links: links.broken, external_loads: links.loads, runtime_external: runtimeExternal,
      page_errors: pageErrors.map((r) => ({ page: r.page, status: r.status, error: r.error })),
      js_errors: js, runtime_4xx: http4xx, console_errors: consoleErrors,
    },
  };
}

function expectationsMet(report) {
  const missing = [];
  for (const want of opts.expect) {
    const found = report.sites.some((s) => {
      if (want.startsWith('axe:')) return s.details.axe[want.slice(4)] !== undefined;
      if (want.startsWith('broken:')) return s.details.broken_links.some((b) => b.raw === want.slice(7) || b.abs?.endsWith(want.slice(7)));
      return typeof s.summary[want] === 'number' && s.summary[want] > 0;
    });
    if (!found) missing.push(want);
  }
  return missing;
}

// ---------------------------------------------------------------- main

async function main() {
  const t0 = Date.now();
  for (const site of opts.sites) {
    site.files = walk(site.root);
    site.fileSet = new Set(site.files);
    const pages = site.files.filter((f) => HTML_EXT.test(f));
    site.pages = [...pages.filter((p) => p === 'index.html'), ...pages.filter((p) => p !== 'index.html')];
    if (!site.pages.length) usage(`no HTML files in ${site.dir}`);
  }
  const nuPromise = runNu(opts.sites.flatMap((s) => s.pages.map((p) => path.join(s.root, p))));
  let browser;
  const report = { tools: { ...versions, chromium: null }, sites: [] };
  const stageResults = [];
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout: 60000 });
    report.tools.chromium = browser.version();
    for (const site of opts.sites) {
      const t = Date.now();
      const results = await browserStage(browser, site);
      stageResults.push({ site, results, seconds: (Date.now() - t) / 1000 });
    }
  } catch (e) {
    console.error(`audit: the browser stage failed: ${String(e?.message || e).split('\n').slice(0, 3).join(' | ')}`);
    if (browser) await browser.close().catch(() => {});
    process.exit(2);
  }
  await browser.close().catch(() => {});
  const nu = await nuPromise;
  let worst = 0;
  for (const { site, results, seconds } of stageResults) {
    const links = checkLinks(site, results);
    const s = summarise(site, results, links, nu);
    console.log(`\n#### ${site.dir}${site.siteUrls.length ? ` (published at ${site.siteUrls.join(', ')})` : ''}`);
    for (const line of s.lines) console.log(line);
    const line = Object.entries(s.summary).map(([k, v]) => `${k}=${v}`).join(' ');
    console.log(`audit: site=${site.dir} ${line} browser_seconds=${seconds.toFixed(0)} status=${s.status}`);
    report.sites.push({ dir: site.dir, site_urls: site.siteUrls, summary: s.summary, status: s.status, failed: s.failed, details: s.details });
    worst = Math.max(worst, s.status === 'pass' ? 0 : (s.status === 'fail' ? 1 : 2));
  }
  report.seconds = (Date.now() - t0) / 1000;
  console.log(`audit: ${opts.sites.length} sites, Chromium ${report.tools.chromium}, axe-core ${versions.axe}, vnu-jar ${versions.vnu}, ${report.seconds.toFixed(0)} s`);
  if (opts.json) {
    fs.mkdirSync(path.dirname(path.resolve(opts.json)), { recursive: true });
    fs.writeFileSync(opts.json, JSON.stringify(report, null, 1));
  }
  if (opts.expect.length) {
    if (worst === 2) process.exit(2);
    const missing = expectationsMet(report);
    if (worst === 1 && !missing.length) {
      console.log(`audit: the broken site fails as it should, with ${opts.expect.join(', ')} found`);
      process.exit(0);
    }
    console.log(`audit: EXPECTED a failing audit with ${opts.expect.join(', ')}; ${worst === 0 ? 'it passed' : `not found: ${missing.join(', ')}`}`);
    process.exit(1);
  }
  process.exit(worst);
}

main().catch((e) => {
  console.error(`audit: ${e?.stack || e}`);
  process.exit(2);
});
