// SPDX-License-Identifier: MIT
// The catalog editor's document model, with no DOM: JSON Pointers into the document being
// written, the changes made to it (each a list of patches, so that undo and redo cover every
// change and a history fits in the browser's storage), the history itself, and the shapes of
// rule conditions the rule builder shows. It checks nothing and evaluates nothing: what a catalog
// may hold, and what its rules mean, are the C++ core's (Catalog.check(), Catalog.fromJSON()).
//
// It imports nothing: bin/carecompare-editor.js inlines it into the one-file editor, and the
// node tests (test/editor-model.test.js) import it as it is.

// ---- JSON Pointers (RFC 6901) -------------------------------------------------------------------

/** The reference tokens of a JSON Pointer ("" is the whole document: no tokens). */
export function pointerParts(pointer) {
  if (pointer === '') return [];
  if (pointer[0] !== '/') throw new SyntaxError(`not a JSON Pointer: ${pointer}`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The JSON Pointer of these reference tokens. */
export function pointerOf(parts) {
  return parts.map((t) => `/${String(t).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** `base` with one more token. */
export function childPointer(base, token) {
  return base + pointerOf([token]);
}

/** The value at `pointer` in `doc`, or undefined where there is none. */
export function getAt(doc, pointer) {
  let node = doc;
  for (const token of pointerParts(pointer)) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
      node = node[Number(token)];
    } else if (node !== null && typeof node === 'object') {
      node = Object.prototype.hasOwnProperty.call(node, token) ? node[token] : undefined;
    } else {
      return undefined;
    }
  }
  return node;
}

/**
 * `doc` with the value at `pointer` set to `value` (undefined: the key removed, or the array
 * item removed). Only the objects and arrays along the way are copied: the rest is shared, so
 * documents are never changed in place. A key set anew goes last in its object, or with `sorted`
 * before the first key that sorts after it (to_json() writes keys sorted). Missing objects along
 * the way are made.
 */
export function setAt(doc, pointer, value, sorted = false) {
  const parts = pointerParts(pointer);
  if (parts.length === 0) return value;
  const step = (node, i) => {
    const token = parts[i];
    const last = i === parts.length - 1;
    if (Array.isArray(node)) {
      const index = token === '-' ? node.length : Number(token);
      if (!Number.isInteger(index) || index < 0 || index > node.length) throw new RangeError(`no item ${token} at ${pointerOf(parts.slice(0, i))}`);
      const copy = node.slice();
      if (last) {
        if (value === undefined) copy.splice(index, 1);
        else copy[index] = value;
      } else {
        copy[index] = step(node[index], i + 1);
      }
      return copy;
    }
    const object = node !== null && typeof node === 'object' ? node : {};
    if (last && value === undefined) {
      const { [token]: _removed, ...rest } = object;
      return rest;
    }
    const next = last ? value : step(object[token], i + 1);
    if (Object.prototype.hasOwnProperty.call(object, token)) return { ...object, [token]: next };
    return withKey(object, token, next, sorted);
  };
  return step(doc, 0);
}

/** `object` with a new key: last, or with `sorted` before the first key that sorts after it. */
function withKey(object, key, value, sorted) {
  if (!sorted) return { ...object, [key]: value };
  const out = {};
  let placed = false;
  for (const [k, v] of Object.entries(object)) {
    if (!placed && k > key) {
      out[key] = value;
      placed = true;
    }
    out[k] = v;
  }
  if (!placed) out[key] = value;
  return out;
}

// ---- Changes ------------------------------------------------------------------------------------
//
// A change is a list of patches {pointer, before, after}: the values at `pointer` before and
// after it (undefined: absent). Applying a change sets each `after` in order; undoing it sets each
// `before` in reverse order. Moving or removing list items rewrites the list, and the catalog's
// `quotations` (JSON Pointers into the catalog) with it, so that a quotation follows its text.

/**
 * Applies a change's patches (forward), or undoes them (backward). `sorted`: keys set anew go
 * where to_json() writes them (see setAt()).
 */
export function applyChange(doc, change, backward = false, sorted = false) {
  const patches = backward ? change.slice().reverse() : change;
  let out = doc;
  for (const p of patches) out = setAt(out, p.pointer, backward ? p.before : p.after, sorted);
  return out;
}

/** The change that sets `pointer` to `value` (undefined removes it), or null when nothing changes. */
export function setChange(doc, pointer, value) {
  const before = getAt(doc, pointer);
  if (sameJson(before, value)) return null;
  return [{ pointer, before, after: value }];
}

/** Whether two JSON values are equal (objects: the same keys, in any order). */
export function sameJson(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson(a[k], b[k]));
}

/**
 * The change that rewrites the list at `listPointer` as `order` says: `order[i]` is the old index
 * of the new item i, or -1 for an item inserted (taken from `inserted`, in order). Old items not
 * in `order` are removed. The catalog's `quotations` under the list follow their items; those of
 * removed items go.
 */
export function reorderChange(doc, listPointer, order, inserted = []) {
  const list = getAt(doc, listPointer);
  if (!Array.isArray(list)) throw new TypeError(`${listPointer} is not a list`);
  const fresh = inserted.slice();
  const next = order.map((old) => (old < 0 ? fresh.shift() : list[old]));
  const change = [{ pointer: listPointer, before: list, after: next }];
  const quotes = getAt(doc, '/quotations');
  if (Array.isArray(quotes)) {
    const newIndex = new Map(order.map((old, i) => [old, i]).filter(([old]) => old >= 0));
    const prefix = `${listPointer}/`;
    const moved = [];
    for (const q of quotes) {
      if (typeof q !== 'string' || !q.startsWith(prefix)) {
        moved.push(q);
        continue;
      }
      const rest = q.slice(prefix.length);
      const slash = rest.indexOf('/');
      const head = slash < 0 ? rest : rest.slice(0, slash);
      if (!/^(0|[1-9][0-9]*)$/.test(head)) {
        moved.push(q);
        continue;
      }
      const to = newIndex.get(Number(head));
      if (to !== undefined) moved.push(`${prefix}${to}${slash < 0 ? '' : rest.slice(slash)}`);
    }
    if (!sameJson(moved, quotes)) {
      change.push({ pointer: '/quotations', before: quotes, after: moved.length ? moved : undefined });
    }
  }
  return change;
}

/** The change that moves item `from` of a list to place `to`. */
export function moveChange(doc, listPointer, from, to) {
  const n = getAt(doc, listPointer).length;
  const order = [...Array(n).keys()];
  order.splice(from, 1);
  order.splice(to, 0, from);
  return reorderChange(doc, listPointer, order);
}

/** The change that removes item `index` of a list. */
export function removeChange(doc, listPointer, index) {
  const n = getAt(doc, listPointer).length;
  return reorderChange(doc, listPointer, [...Array(n).keys()].filter((i) => i !== index));
}

/** The change that inserts `value` at place `index` of a list (made when absent). */
export function insertChange(doc, listPointer, index, value) {
  const list = getAt(doc, listPointer);
  if (list === undefined) return [{ pointer: listPointer, before: undefined, after: [value] }];
  const order = [...Array(list.length).keys()];
  order.splice(index, 0, -1);
  return reorderChange(doc, listPointer, order, [value]);
}

// ---- History ------------------------------------------------------------------------------------

/**
 * Undo and redo over every change. Typing in one field makes one step, not one per key: a change
 * with the same `key` as the last one, within `coalesceMs` of it, joins it. At most `limit` steps
 * are kept (the oldest go first). It holds patches, not documents, so that it fits the browser's
 * storage; `toJSON()` and `History.from()` carry it there and back.
 */
export class History {
  constructor({ limit = 1000, coalesceMs = 1500 } = {}) {
    this.limit = limit;
    this.coalesceMs = coalesceMs;
    this.past = [];
    this.future = [];
  }

  static from(saved, options) {
    const h = new History(options);
    if (saved && Array.isArray(saved.past) && Array.isArray(saved.future)) {
      h.past = saved.past;
      h.future = saved.future;
    }
    return h;
  }

  toJSON() {
    // undefined (an absent value) has no JSON form: written as a marker, read back by revive().
    return { past: this.past.map(storable), future: this.future.map(storable) };
  }

  get canUndo() { return this.past.length > 0; }
  get canRedo() { return this.future.length > 0; }

  /** Records a change just applied. */
  record(change, { key = null, time = Date.now() } = {}) {
    if (!change || change.length === 0) return;
    const last = this.past[this.past.length - 1];
    if (key !== null && last && last.key === key && time - last.time <= this.coalesceMs && this.future.length === 0) {
      // The step keeps each value's first `before` and takes each value's latest `after` (a
      // name typed may change its entry's id on some keys and not on others).
      const merged = last.change.map((p) => ({ ...p }));
      for (const p of change) {
        const same = merged.find((q) => q.pointer === p.pointer);
        if (same) same.after = p.after;
        else merged.push({ ...p });
      }
      last.change = merged;
      last.time = time;
      return;
    }
    this.past.push({ change, key, time });
    this.future = [];
    if (this.past.length > this.limit) this.past.splice(0, this.past.length - this.limit);
  }

  /** Undoes the last change: the document before it and the change, or null. */
  undo(doc, sorted = false) {
    const step = this.past.pop();
    if (!step) return null;
    this.future.push(step);
    const change = revive(step.change);
    return { doc: applyChange(doc, change, true, sorted), change };
  }

  /** Redoes the last change undone, or null. */
  redo(doc, sorted = false) {
    const step = this.future.pop();
    if (!step) return null;
    this.past.push(step);
    const change = revive(step.change);
    return { doc: applyChange(doc, change, false, sorted), change };
  }
}

const ABSENT = { $absent: true };

function storable(step) {
  return {
    key: step.key,
    time: step.time,
    change: step.change.map((p) => ({ pointer: p.pointer, before: p.before === undefined ? ABSENT : p.before, after: p.after === undefined ? ABSENT : p.after })),
  };
}

function revive(change) {
  const absent = (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) && v.$absent === true && Object.keys(v).length === 1 ? undefined : v);
  return change.map((p) => ({ pointer: p.pointer, before: absent(p.before), after: absent(p.after) }));
}

// ---- Ids ------------------------------------------------------------------------------------------

/**
 * An id made from a name, for a new entry whose id the author has not typed: lowercase letters
 * and digits joined by single hyphens ("Physical Therapy" -> "physical-therapy"). Whether it is a
 * valid id is still the core's to say.
 */
export function idFromName(name) {
  return String(name)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** How many times `text` is a string value anywhere in `value` (ids are referred to by value). */
export function countString(value, text) {
  if (typeof value === 'string') return value === text ? 1 : 0;
  if (value === null || typeof value !== 'object') return 0;
  let n = 0;
  for (const v of Array.isArray(value) ? value : Object.values(value)) n += countString(v, text);
  return n;
}

// ---- Rule conditions ----------------------------------------------------------------------------
//
// The rule builder shows a condition as parts the builtin catalog's rules are made of:
//   {kind: 'everyone'}                                  true
//   {kind: 'listed', list, ids, form}                   one of the ids is in sites, symptoms or goals:
//        form 'in':   {"in": [id, {"var": list}]}                      (one id)
//        form 'some': {"some": [{"var": list}, {"in": [{"var": ""}, [ids...]]}]}
//   {kind: 'count', op, value}                          {op: [{"var": "site_count"}, value]}
//   {kind: 'fact', fact, op, value, form}               a declared fact compared with a value:
//        form 'compare': {op: [{"var": fact}, value]};  form 'var': {"var": fact} (a yes);
//        form 'has':     {"in": [value, {"var": fact}]} (a list fact holds the value)
// joined by 'any' ({"or": [...]}) or 'all' ({"and": [...]}) when there are several. Anything else
// is shown as its JsonLogic only. Reading a condition and writing it back gives the same JSON.

// The lists (`lists`) are the core's (api.circumstancesLists), never spelled here; site_count
// counts the first.
export const COMPARISONS = ['==', '!=', '<', '<=', '>', '>='];
const SITE_COUNT = 'site_count';

const isVar = (node, name) => node !== null && typeof node === 'object' && !Array.isArray(node) &&
  Object.keys(node).length === 1 && node.var === name;
const varName = (node) => (node !== null && typeof node === 'object' && !Array.isArray(node) &&
  Object.keys(node).length === 1 && typeof node.var === 'string' ? node.var : null);
const operator = (node) => {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return null;
  const keys = Object.keys(node);
  return keys.length === 1 ? keys[0] : null;
};
const isScalar = (v) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** One part of a condition, or null when it has none of the builder's shapes. */
export function readPart(node, lists) {
  const reserved = (name) => name === SITE_COUNT || lists.includes(name);
  if (node === true) return { kind: 'everyone' };
  const op = operator(node);
  if (op === null) return null;
  const args = node[op];
  if (op === 'var') {
    const name = varName(node);
    return name !== null && name !== '' && !reserved(name) && !name.includes('.') ? { kind: 'fact', fact: name, op: '==', value: true, form: 'var' } : null;
  }
  if (!Array.isArray(args) || args.length !== 2) return null;
  if (op === 'in' && typeof args[0] === 'string') {
    const list = varName(args[1]);
    if (lists.includes(list)) return { kind: 'listed', list, ids: [args[0]], form: 'in' };
    if (list !== null && list !== '' && !reserved(list) && !list.includes('.')) return { kind: 'fact', fact: list, op: 'has', value: args[0], form: 'has' };
    return null;
  }
  if (op === 'some') {
    const list = varName(args[0]);
    const test = args[1];
    if (!lists.includes(list) || operator(test) !== 'in') return null;
    const inArgs = test.in;
    if (!Array.isArray(inArgs) || inArgs.length !== 2 || !isVar(inArgs[0], '') || !Array.isArray(inArgs[1])) return null;
    if (!inArgs[1].every((id) => typeof id === 'string')) return null;
    return { kind: 'listed', list, ids: inArgs[1].slice(), form: 'some' };
  }
  if (COMPARISONS.includes(op)) {
    const name = varName(args[0]);
    if (name === null || name === '' || name.includes('.') || !isScalar(args[1])) return null;
    if (name === SITE_COUNT) return typeof args[1] === 'number' ? { kind: 'count', op, value: args[1] } : null;
    if (reserved(name)) return null;
    return { kind: 'fact', fact: name, op, value: args[1], form: 'compare' };
  }
  return null;
}

/** A condition as the builder shows it ({join, parts}), or null when it cannot; `lists` are
 *  the keys of the lists circumstances state (api.circumstancesLists). */
export function readCondition(when, lists) {
  const op = operator(when);
  if ((op === 'or' || op === 'and') && Array.isArray(when[op]) && when[op].length >= 2) {
    const parts = when[op].map((node) => readPart(node, lists));
    if (parts.some((p) => p === null || p.kind === 'everyone')) return null;
    return { join: op === 'or' ? 'any' : 'all', parts };
  }
  const part = readPart(when, lists);
  return part ? { join: 'any', parts: [part] } : null;
}

/** The JsonLogic of one part. */
export function writePart(part) {
  switch (part.kind) {
    case 'everyone':
      return true;
    case 'listed': {
      const ids = part.ids || [];
      if (ids.length === 1 && part.form !== 'some') return { in: [ids[0], { var: part.list }] };
      return { some: [{ var: part.list }, { in: [{ var: '' }, ids.slice()] }] };
    }
    case 'count':
      return { [part.op]: [{ var: SITE_COUNT }, part.value] };
    case 'fact':
      if (part.op === 'has') return { in: [part.value, { var: part.fact }] };
      if (part.form === 'var' && part.op === '==' && part.value === true) return { var: part.fact };
      return { [part.op]: [{ var: part.fact }, part.value] };
    default:
      throw new TypeError(`no such part: ${part.kind}`);
  }
}

/** The JsonLogic of a condition ({join, parts}). */
export function writeCondition(condition) {
  const parts = condition.parts.map(writePart);
  if (parts.length === 1) return parts[0];
  return { [condition.join === 'all' ? 'and' : 'or']: parts };
}

// ---- Where a problem is ---------------------------------------------------------------------------

/**
 * The closest JSON Pointer at or above `pointer` for which `has(pointer)` holds (a field that
 * shows it), or null. A problem inside a rule's JsonLogic is shown at the rule's condition.
 */
export function closestPointer(pointer, has) {
  const parts = pointerParts(pointer);
  for (let n = parts.length; n >= 0; n -= 1) {
    const p = pointerOf(parts.slice(0, n));
    if (has(p)) return p;
  }
  return null;
}

// ---- A new catalog ----------------------------------------------------------------------------------

/**
 * A short catalog to start from: every required key, empty where the author writes, and the keys
 * a decision aid should have (IPDAS; `validate --strict` warns when they are missing). `today`
 * is a YYYY-MM-DD date. `words` gives the one text it holds, the disclaimer.
 */
export function newCatalog(today, words) {
  return {
    format: 'carecompare.catalog/1',
    id: '',
    title: '',
    condition: '',
    locale: words.locale,
    version: '1.0.0',
    published: today,
    last_reviewed: today,
    disclaimer: words.disclaimer,
    authors: [{ name: '', role: '' }],
    funding: '',
    conflicts_of_interest: '',
    update_policy: '',
    next_review: '',
    sources: [{ id: '', title: '' }],
    vocabulary: { sites: [], symptoms: [], goals: [] },
    columns: words.columns.map(([field, label]) => ({ field, label })),
    strategies: [],
    rules: [],
  };
}
