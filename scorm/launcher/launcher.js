/*
 * Cadre's SCORM launcher: the only content of a Cadre SCORM package (the test itself runs on the
 * Cadre server, the way SCORM Dispatch works). Plain ES2017, no build step.
 *
 * 1. Finds the LMS run-time API (API for SCORM 1.2, API_1484_11 for 2004) in window.parent, its
 *    parents, then window.opener and its parents; initialises it; reads the learner's id and name.
 * 2. POSTs { key, learnerId, learnerName, locale } to Cadre's /scorm/launch (CORS, no cookies):
 *    Cadre maps the package key and learner to a Cadre user and activity and answers with the
 *    candidate's status, texts in their language, a one-time start URL, and the exact data-model
 *    writes for where the certification stands (scores and statuses once results are released).
 * 3. Shows the candidate home; "Start" opens the exam top-level (a new tab): camera, full screen
 *    and cookies work there, not inside an LMS frame. On return (focus), on "Refresh" and every
 *    minute it asks again, and writes the data model again whenever it changed.
 * 4. On unload: session time, exit (suspend until the result is final), commit, finish. Once.
 */
/* global window, document, navigator, fetch, TextEncoder, setInterval */
(function () {
  'use strict';

  var config = window.CADRE_PACKAGE || {};
  var root = document.getElementById('cadre');
  var REFRESH_MS = 60000;
  var started = Date.now();

  /* Texts shown before Cadre answers (afterwards Cadre sends them in the learner's language). */
  var BOOT_TEXTS = {
    fr: {
      noLms: 'Ce module doit être ouvert depuis votre plateforme de formation : l’interface SCORM est introuvable.',
      noInit: 'La plateforme de formation a refusé l’ouverture du module (erreur SCORM {code}).',
      unreachable: 'Cadre ne répond pas. Vérifiez votre connexion puis rechargez la page.',
      noCrypto: 'Ce navigateur ne peut pas protéger votre identifiant (page non sécurisée) : ouvrez la plateforme en HTTPS.',
    },
    en: {
      noLms: 'This module must be opened from your learning platform: the SCORM interface cannot be found.',
      noInit: 'The learning platform refused to open the module (SCORM error {code}).',
      unreachable: 'Cadre does not answer. Check your connection, then reload the page.',
      noCrypto: 'This browser cannot protect your learner id (page not secure): open the platform over HTTPS.',
    },
  };

  function locale() {
    var lang = (session && session.language) || config.locale || navigator.language || 'fr';
    return /^en/i.test(lang) ? 'en' : 'fr';
  }
  function bootText(id, params) {
    var text = BOOT_TEXTS[locale()][id];
    Object.keys(params || {}).forEach(function (k) {
      text = text.replace('{' + k + '}', params[k]);
    });
    return text;
  }

  /* ---- the LMS API ---------------------------------------------------------------------- */

  function apiIn(win, name) {
    try {
      return win && win[name] ? win[name] : null;
    } catch {
      return null; /* cross-origin frame */
    }
  }

  /** SCORM's search: up the parents (at most 500), then the opener and its parents. */
  function findApi(name) {
    var tries = 0;
    var win = window;
    while (win && tries++ < 500) {
      var found = apiIn(win, name);
      if (found) return found;
      var parent;
      try {
        parent = win.parent;
      } catch {
        parent = null;
      }
      if (!parent || parent === win) break;
      win = parent;
    }
    var opener;
    try {
      opener = window.opener;
    } catch {
      opener = null;
    }
    tries = 0;
    while (opener && tries++ < 500) {
      var inOpener = apiIn(opener, name);
      if (inOpener) return inOpener;
      var up;
      try {
        up = opener.parent;
      } catch {
        up = null;
      }
      if (!up || up === opener) break;
      opener = up;
    }
    return null;
  }

  function scorm12(api) {
    return {
      version: '1.2',
      init: function () {
        return String(api.LMSInitialize('')) === 'true';
      },
      get: function (el) {
        return String(api.LMSGetValue(el) || '');
      },
      set: function (el, v) {
        return String(api.LMSSetValue(el, v)) === 'true';
      },
      commit: function () {
        return String(api.LMSCommit('')) === 'true';
      },
      finish: function () {
        return String(api.LMSFinish('')) === 'true';
      },
      error: function () {
        return String(api.LMSGetLastError());
      },
      learnerId: 'cmi.core.student_id',
      learnerName: 'cmi.core.student_name',
      language: 'cmi.student_preference.language',
      sessionTime: function (ms) {
        var s = Math.round(ms / 1000);
        var pad = function (n, w) {
          n = String(n);
          while (n.length < w) n = '0' + n;
          return n;
        };
        return pad(Math.min(9999, Math.floor(s / 3600)), 2) + ':' + pad(Math.floor(s / 60) % 60, 2) + ':' + pad(s % 60, 2);
      },
      sessionTimeElement: 'cmi.core.session_time',
      exitElement: 'cmi.core.exit',
      exitValue: function (final) {
        return final ? '' : 'suspend';
      },
    };
  }

  function scorm2004(api) {
    return {
      version: '2004',
      init: function () {
        return String(api.Initialize('')) === 'true';
      },
      get: function (el) {
        return String(api.GetValue(el) || '');
      },
      set: function (el, v) {
        return String(api.SetValue(el, v)) === 'true';
      },
      commit: function () {
        return String(api.Commit('')) === 'true';
      },
      finish: function () {
        return String(api.Terminate('')) === 'true';
      },
      error: function () {
        return String(api.GetLastError());
      },
      learnerId: 'cmi.learner_id',
      learnerName: 'cmi.learner_name',
      language: 'cmi.learner_preference.language',
      sessionTime: function (ms) {
        return 'PT' + Math.round(ms / 1000) + 'S';
      },
      sessionTimeElement: 'cmi.session_time',
      exitElement: 'cmi.exit',
      exitValue: function (final) {
        return final ? 'normal' : 'suspend';
      },
    };
  }

  /* ---- Cadre ------------------------------------------------------------------------------ */

  async function hashed(learnerId) {
    if (!config.hashLearnerIds) return learnerId;
    if (!window.crypto || !window.crypto.subtle) throw new Error('noCrypto');
    var bytes = new TextEncoder().encode(config.learnerIdSalt + ':' + learnerId);
    var digest = await window.crypto.subtle.digest('SHA-256', bytes);
    return (
      'sha256:' +
      Array.prototype.map
        .call(new Uint8Array(digest), function (b) {
          return ('0' + b.toString(16)).slice(-2);
        })
        .join('')
    );
  }

  async function launch() {
    var body = {
      key: config.key,
      learnerId: await hashed(session.learnerId),
      learnerName: config.hashLearnerIds ? null : session.learnerName || null,
      locale: locale(),
      // Later calls of the same session only refresh the status: Cadre does not count them as launches.
      refresh: current !== null,
    };
    var res;
    try {
      res = await fetch(config.cadreUrl + '/scorm/launch', {
        method: 'POST',
        mode: 'cors',
        credentials: 'omit',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': locale() },
        body: JSON.stringify(body),
      });
    } catch {
      throw new Error('unreachable');
    }
    var answer = await res.json().catch(function () {
      return null;
    });
    if (!res.ok) {
      var error = new Error((answer && answer.error && answer.error.message) || bootText('unreachable'));
      error.fromCadre = true;
      throw error;
    }
    return answer;
  }

  /* ---- the page --------------------------------------------------------------------------- */

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, attrs[k]);
    });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function showError(message) {
    root.replaceChildren(el('p', { role: 'alert', id: 'cadre-error' }, message));
  }

  function render(answer) {
    var t = answer.texts;
    document.documentElement.lang = answer.locale;
    document.title = t.title;
    var nodes = [el('h1', {}, t.title)];
    var dl = el('dl');
    dl.append(el('dt', {}, t.targetLabel), el('dd', { id: 'cadre-target' }, t.target));
    dl.append(el('dt', {}, t.statusLabel), el('dd', { id: 'cadre-state', 'data-state': answer.state }, t.status));
    if (t.result) dl.append(el('dt', {}, t.resultLabel), el('dd', { id: 'cadre-result' }, t.result));
    nodes.push(dl);
    var actions = el('p');
    var start = el('button', { type: 'button', id: 'cadre-start' }, t.start);
    start.addEventListener('click', function () {
      // Opened in the click itself (popup blockers); the ticket is single-use, so fetch the next one.
      window.open(current.startUrl, '_blank');
      refresh();
    });
    var again = el('button', { type: 'button', id: 'cadre-refresh', class: 'secondary' }, t.refresh);
    again.addEventListener('click', function () {
      refresh();
    });
    actions.append(start, document.createTextNode(' '), again);
    nodes.push(actions, el('p', { class: 'hint' }, t.hint));
    if (!lms.ok) nodes.push(el('p', { role: 'alert' }, t.lmsNotSaved));
    nodes.push(el('p', { role: 'status', id: 'cadre-status', class: 'hint' }, t.saved));
    root.replaceChildren.apply(root, nodes);
  }

  /* ---- state ------------------------------------------------------------------------------ */

  var api;
  var session = null;
  var current = null;
  var lastWritten = '';
  var finished = false;
  var lms = { ok: true };

  function writeData(answer) {
    var signature = JSON.stringify(answer.cmi);
    if (signature === lastWritten) return;
    var ok = true;
    answer.cmi.forEach(function (pair) {
      ok = api.set(pair[0], pair[1]) && ok;
    });
    ok = api.commit() && ok;
    lms.ok = ok;
    if (ok) lastWritten = signature;
  }

  async function refresh() {
    try {
      var answer = await launch();
      current = answer;
      writeData(answer);
      render(answer);
    } catch (e) {
      showError(e.fromCadre ? e.message : bootText(e.message === 'noCrypto' ? 'noCrypto' : 'unreachable'));
    }
  }

  function finish() {
    if (finished || !api) return;
    finished = true;
    api.set(api.sessionTimeElement, api.sessionTime(Date.now() - started));
    api.set(api.exitElement, api.exitValue(Boolean(current && current.final)));
    api.commit();
    api.finish();
  }

  async function main() {
    var found2004 = config.version === '2004' ? findApi('API_1484_11') : null;
    var found12 = config.version === '2004' ? null : findApi('API');
    if (!found2004 && !found12) return showError(bootText('noLms'));
    api = found2004 ? scorm2004(found2004) : scorm12(found12);
    if (!api.init()) return showError(bootText('noInit', { code: api.error() }));
    session = { learnerId: api.get(api.learnerId), learnerName: api.get(api.learnerName), language: api.get(api.language) };
    window.addEventListener('pagehide', finish);
    window.addEventListener('beforeunload', finish);
    window.addEventListener('unload', finish);
    await refresh();
    window.addEventListener('focus', function () {
      if (!finished) refresh();
    });
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible' && !finished) refresh();
    });
    setInterval(function () {
      if (!finished && !(current && current.final)) refresh();
    }, REFRESH_MS);
  }

  main();
})();
