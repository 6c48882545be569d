/* kehila site search: the query half of docs/search.md. Reads the index kehila writes under
   search/ (manifest, then only the shards and result groups a query needs), from the same
   site, and renders results into #search-results. No dependencies, no other hosts. */
(function () {
  'use strict';

  // ---------- normalisation (docs/search.md; tests/search/vectors.json) ----------
  var IGNORABLE = /[\u00AD\u0640\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/;
  var MARK = /\p{M}/u;
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  var FOLD = {
    '\u05DA': '\u05DB', '\u05DD': '\u05DE', '\u05DF': '\u05E0', '\u05E3': '\u05E4', '\u05E5': '\u05E6',
    '\u03C2': '\u03C3', '\u0649': '\u064A', '\u06CC': '\u064A', '\u0629': '\u0647', '\u0671': '\u0627',
    '\u06A9': '\u0643'
  };
  var JOINERS = '"\'\u05F3\u05F4\u2019';
  var SPLITTERS = '-\u05BE\u2010\u2011';
  var CLITIC = /^\u05D5?(?:\u05E9|\u05DE|\u05DB\u05E9|\u05DC\u05DB\u05E9)?[\u05D4\u05D1\u05DB\u05DC]?$/;

  // One original character, folded: '' when it is dropped.
  function foldChar(raw) {
    var out = '';
    for (var d of raw.normalize('NFKD')) {
      if (MARK.test(d) || IGNORABLE.test(d)) continue;
      for (var l of d.toLowerCase()) {
        var c = FOLD[l] || l;
        if (!MARK.test(c)) out += c;
      }
    }
    return out;
  }

  // The words of `text`, each a list of parts (a compound has several), with where each part
  // starts and ends in `text` (for highlighting).
  function tokens(text) {
    var out = [], parts = [], cur = '', start = 0, pending = 0, at = 0, curStart = 0, lastEnd = 0;
    function endPart() { if (cur) parts.push({ t: cur, s: curStart, e: lastEnd }); cur = ''; }
    function endWord() { endPart(); if (parts.length) out.push(parts); parts = []; pending = 0; }
    for (var raw of text) {
      start = at;
      at += raw.length;
      var folded = foldChar(raw);
      // A mark after a letter (niqqud, tashkeel) belongs to the word.
      if (!folded && cur && !pending) lastEnd = at;
      for (var c of folded) {
        if (WORD.test(c)) {
          if (pending === 2) { endPart(); }
          if (!cur) curStart = start;
          pending = 0;
          cur += c;
          lastEnd = at;
        } else if (cur && !pending && JOINERS.indexOf(c) >= 0) {
          pending = 1;
        } else if (cur && !pending && SPLITTERS.indexOf(c) >= 0) {
          pending = 2;
        } else {
          endWord();
        }
      }
    }
    endWord();
    return out;
  }

  // What a query asks for: every part of every word, each a prefix.
  function queryWords(text) {
    var out = [];
    tokens(text).forEach(function (w) { w.forEach(function (p) { out.push(p.t); }); });
    return out;
  }

  // Does the normalised word `t` (as written or without a clitic prefix) start with `q`?
  function matches(t, q) {
    if (t.indexOf(q) === 0) return true;
    if (!/^[\u05D0-\u05EA]/.test(t)) return false;
    for (var n = 1; n <= 5 && t.length - n >= 2; n++) {
      if (CLITIC.test(t.slice(0, n)) && t.slice(n).indexOf(q) === 0) return true;
    }
    return false;
  }

  var api = { queryWords: queryWords, tokens: tokens, matches: matches };
  if (typeof window !== 'undefined') window.kehilaSearch = api;
  if (typeof document === 'undefined') return;

  // ---------- the index ----------
  var results = document.getElementById('search-results');
  if (!results) return;
  var manifestUrl = new URL(results.getAttribute('data-index'), location.href);
  var cache = {};
  function load(url) {
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
        return r.json();
      });
      cache[url].catch(function () { delete cache[url]; });
    }
    return cache[url];
  }
  function file(dir, name) { return new URL(dir + '/' + name + '.json', manifestUrl).href; }

  // Doc number → score for one query word (title over text, whole word over prefix), and the
  // docs where it is in the text (flag 2): only those may need their further text.
  function scores(shards, q) {
    var best = new Map(), text = new Set();
    shards.forEach(function (shard) {
      for (var term in shard) {
        if (term.indexOf(q) !== 0) continue;
        var list = shard[term], id = 0, whole = term === q ? 2 : 1;
        for (var i = 0; i < list.length; i += 2) {
          id += list[i];
          var w = ((list[i + 1] & 1) ? 4 : 1) * whole;
          if (!(best.get(id) >= w)) best.set(id, w);
          if (list[i + 1] & 2) text.add(id);
        }
      }
    });
    return { best: best, text: text };
  }

  function search(manifest, words) {
    var keys = Object.keys(manifest.shards);
    return Promise.all(words.map(function (q) {
      var need = keys.filter(function (k) { return k.indexOf(q) === 0 || q.indexOf(k) === 0; });
      return Promise.all(need.map(function (k) { return load(file('s', manifest.shards[k])); }))
        .then(function (shards) { return scores(shards, q); });
    })).then(function (per) {
      var hits = [];
      per[0].best.forEach(function (score, id) {
        var text = per[0].text.has(id);
        for (var i = 1; i < per.length; i++) {
          var s = per[i].best.get(id);
          if (s === undefined) return;
          score += s;
          text = text || per[i].text.has(id);
        }
        hits.push({ id: id, score: score, text: text });
      });
      // Newer first on ties: dated pages are numbered oldest first.
      hits.sort(function (a, b) { return b.score - a.score || b.id - a.id; });
      return hits;
    });
  }

  // ---------- the page ----------
  var form = document.getElementById('search-form');
  var input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var t = function (k) { return results.getAttribute('data-t-' + k) || ''; };
  var PAGE = 10;
  var run = 0;

  function marked(parent, text, words) {
    var pos = 0;
    tokens(text).forEach(function (parts) {
      parts.forEach(function (p) {
        if (!words.some(function (q) { return matches(p.t, q); })) return;
        parent.appendChild(document.createTextNode(text.slice(pos, p.s)));
        var m = document.createElement('mark');
        m.textContent = text.slice(p.s, p.e);
        parent.appendChild(m);
        pos = p.e;
      });
    });
    parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  // Where the first word of `text` that a query word matches starts, or -1.
  function firstMatch(text, words) {
    var first = -1;
    tokens(text).some(function (parts) {
      return parts.some(function (p) {
        if (words.some(function (q) { return matches(p.t, q); })) { first = p.s; return true; }
        return false;
      });
    });
    return first;
  }

  // About 180 characters of `text` around its first match.
  function excerpt(text, words) {
    var first = firstMatch(text, words);
    var from = first < 60 ? 0 : text.lastIndexOf(' ', first - 50) + 1;
    var to = Math.min(text.length, from + 180);
    if (to < text.length) { var sp = text.lastIndexOf(' ', to); if (sp > from + 100) to = sp; }
    return (from > 0 ? '… ' : '') + text.slice(from, to) + (to < text.length ? ' …' : '');
  }

  function item(doc, text, words) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.className = 'search-hit';
    a.href = doc.u;
    var h = document.createElement('h2');
    h.className = 'search-hit-title';
    h.setAttribute('dir', 'auto');
    marked(h, doc.t, words);
    a.appendChild(h);
    var meta = document.createElement('span');
    meta.className = 'search-hit-meta';
    meta.textContent = t('kind-' + doc.k) || doc.k;
    if (doc.d) {
      meta.appendChild(document.createTextNode(' · '));
      var time = document.createElement('time');
      time.dateTime = doc.d[0];
      time.textContent = doc.d[1];
      meta.appendChild(time);
    }
    a.appendChild(meta);
    if (text) {
      var p = document.createElement('p');
      p.className = 'search-hit-excerpt';
      p.setAttribute('dir', 'auto');
      marked(p, excerpt(text, words), words);
      a.appendChild(p);
    }
    li.appendChild(a);
    return li;
  }

  // A page's text, for a result whose match lies past the excerpt its group holds: read from
  // the page itself (same site; opening the result is then instant), from the content blocks
  // (`.prose`) of its main landmark. The HTML is parsed inert: nothing in it runs, and only its
  // text reaches the results.
  var pages = {};
  var BLOCK = /^(ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|BR|DD|DIV|DL|DT|FIGCAPTION|FIGURE|H[1-6]|HR|LI|OL|P|PRE|SECTION|TABLE|TD|TH|TR|UL)$/;
  function textOf(node) {
    var out = '';
    (function walk(n) {
      for (var c = n.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) out += c.data;
        else if (c.nodeType === 1 && !/^(SCRIPT|STYLE|TEMPLATE|NOSCRIPT)$/.test(c.tagName)) {
          var block = BLOCK.test(c.tagName);
          if (block) out += ' ';
          walk(c);
          if (block) out += ' ';
        }
      }
    })(node);
    return out.replace(/\s+/g, ' ').trim();
  }
  function pageText(url) {
    if (!pages[url]) {
      pages[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
        return r.text();
      }).then(function (html) {
        var page = new DOMParser().parseFromString(html, 'text/html');
        var main = page.querySelector('main') || page.body;
        var blocks = Array.prototype.filter.call(main.querySelectorAll('.prose'), function (b) {
          return !b.parentElement.closest('.prose');
        });
        return (blocks.length ? blocks : [main]).map(textOf).join(' ');
      });
      pages[url].catch(function () { delete pages[url]; });
    }
    return pages[url];
  }

  // Renders results from..from+PAGE into `list` (putting `list` on the page in place of the
  // loading text) once their groups, and the pages of those whose match lies past the excerpt
  // a group holds, have downloaded.
  function show(manifest, hits, words, from, list, mine) {
    var page = hits.slice(from, from + PAGE);
    var groups = {};
    function doc(h) { return groups[Math.floor(h.id / manifest.group)][h.id % manifest.group]; }
    page.forEach(function (h) { groups[Math.floor(h.id / manifest.group)] = true; });
    return Promise.all(Object.keys(groups).map(function (g) {
      return load(file('g', manifest.groups[g])).then(function (docs) { groups[g] = docs; });
    })).then(function () {
      return Promise.all(page.map(function (h) {
        var d = doc(h);
        if (!d.r || !h.text || firstMatch(d.x, words) >= 0) return d.x;
        return pageText(d.u).then(function (text) {
          return firstMatch(text, words) >= 0 ? text : d.x;
        }, function () { return d.x; });
      }));
    }).then(function (texts) {
      if (mine !== run) return;
      page.forEach(function (h, i) { list.appendChild(item(doc(h), texts[i], words)); });
      if (!list.isConnected) results.replaceChildren(list);
      var old = document.getElementById('search-more');
      if (old) old.remove();
      if (from + PAGE < hits.length) {
        var more = document.createElement('button');
        more.type = 'button';
        more.id = 'search-more';
        more.className = 'search-more';
        more.textContent = t('more');
        more.addEventListener('click', function () {
          var next = list.children.length;
          more.textContent = t('loading');
          results.setAttribute('aria-busy', 'true');
          show(manifest, hits, words, from + PAGE, list, mine).then(function () {
            results.removeAttribute('aria-busy');
            var a = list.children[next] && list.children[next].querySelector('a');
            if (a) a.focus();
          }, function () {
            results.removeAttribute('aria-busy');
            more.textContent = t('more');
          });
        });
        results.appendChild(more);
      }
    });
  }

  function count(n) {
    return (n === 0 ? t('none') : n === 1 ? t('one') : t('many')).replace('{n}', String(n));
  }

  // The live region says nothing until the results are on the page: a loading text shows
  // while the index downloads, then the list (or "no results") replaces it and the count is
  // announced.
  function query(text) {
    var mine = ++run;
    var words = queryWords(text).filter(function (w, i, all) { return all.indexOf(w) === i; });
    status.textContent = '';
    if (!words.length) { results.replaceChildren(); return Promise.resolve(); }
    var loading = document.createElement('p');
    loading.className = 'search-loading';
    loading.textContent = t('loading');
    results.replaceChildren(loading);
    results.setAttribute('aria-busy', 'true');
    return load(manifestUrl.href).then(function (manifest) {
      return search(manifest, words).then(function (hits) {
        if (mine !== run) return;
        if (!hits.length) {
          var p = document.createElement('p');
          p.className = 'search-empty';
          p.textContent = t('no-results').replace('{q}', text.trim());
          results.replaceChildren(p);
          status.textContent = count(0);
          return;
        }
        var list = document.createElement('ol');
        list.className = 'search-list';
        return show(manifest, hits, words, 0, list, mine).then(function () {
          if (mine === run) status.textContent = count(hits.length);
        });
      });
    }).catch(function () {
      if (mine !== run) return;
      results.replaceChildren();
      status.textContent = t('error');
    }).then(function () {
      if (mine === run) results.removeAttribute('aria-busy');
    });
  }

  var timer = 0;
  function fromInput() {
    var q = input.value;
    var url = new URL(location.href);
    if (q.trim()) url.searchParams.set('q', q); else url.searchParams.delete('q');
    history.replaceState(null, '', url.href);
    // `done` is always the latest search's promise: the browser test awaits it after typing,
    // and read the first search's (long settled) before this, racing the new results.
    window.kehilaSearch.done = query(q);
    return window.kehilaSearch.done;
  }
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(fromInput, 200);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    fromInput();
  });
  var initial = new URLSearchParams(location.search).get('q') || '';
  input.value = initial;
  window.kehilaSearch.done = query(initial);
})();
