// Marketplace GraphiQL bootstrap. Served from /graphiql/app.js so the page works
// under a strict CSP (script-src 'self'); no inline scripts or event-handler attributes.
(function () {
  'use strict';

  var ENDPOINT = '/graphql';
  var STORAGE_KEY = 'marketplace.graphiql.bearerToken';

  var input = document.getElementById('mp-token');
  var clearButton = document.getElementById('mp-token-clear');
  var status = document.getElementById('mp-token-status');
  var container = document.getElementById('graphiql');

  function readToken() {
    try {
      return window.localStorage.getItem(STORAGE_KEY) || '';
    } catch (e) {
      return '';
    }
  }

  function writeToken(token) {
    try {
      if (token) {
        window.localStorage.setItem(STORAGE_KEY, token);
      } else {
        window.localStorage.removeItem(STORAGE_KEY);
      }
    } catch (e) {
      // localStorage unavailable (e.g. disabled); the token still applies to this page view.
    }
  }

  // Accept either the raw token or a pasted "Bearer <token>" value.
  function normalize(value) {
    return String(value || '').trim().replace(/^bearer\s+/i, '').trim();
  }

  function createFetcher(token) {
    var options = { url: ENDPOINT };
    if (token) {
      options.headers = { Authorization: 'Bearer ' + token };
    }
    return GraphiQL.createFetcher(options);
  }

  var currentToken = normalize(readToken());
  input.value = currentToken;

  container.textContent = '';
  var root = ReactDOM.createRoot(container);

  function render() {
    status.textContent = currentToken ? 'token set' : 'no token';
    // A new fetcher instance makes GraphiQL re-run schema introspection with the new headers.
    root.render(
      React.createElement(GraphiQL, { fetcher: createFetcher(currentToken) })
    );
  }

  function applyToken(value) {
    var token = normalize(value);
    if (token === currentToken) {
      return;
    }
    currentToken = token;
    writeToken(token);
    render();
  }

  // 'change' fires on blur or Enter after editing (and after paste + blur), so the
  // fetcher is not rebuilt on every keystroke.
  input.addEventListener('change', function () {
    applyToken(input.value);
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter') {
      applyToken(input.value);
    }
  });
  clearButton.addEventListener('click', function () {
    input.value = '';
    applyToken('');
    input.focus();
  });

  // "Sign in": the built-in provider's authorization code flow with PKCE, as the public client "graphiql" whose
  // redirect address is this page. The verifier waits in sessionStorage while the browser is away; the code that comes
  // back is traded for an access token, which then goes where a pasted one would.
  var CLIENT = 'graphiql';
  var PENDING = 'marketplace.graphiql.pkce';
  var signInButton = document.getElementById('mp-sign-in');

  function base64Url(bytes) {
    var text = '';
    bytes.forEach(function (b) { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function redirectUri() {
    return window.location.origin + ENDPOINT;
  }

  signInButton.addEventListener('click', function () {
    var verifier = base64Url(window.crypto.getRandomValues(new Uint8Array(32)));
    var state = base64Url(window.crypto.getRandomValues(new Uint8Array(16)));
    window.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then(function (digest) {
      window.sessionStorage.setItem(PENDING, JSON.stringify({ verifier: verifier, state: state }));
      window.location.assign('/connect/authorize?' + new URLSearchParams({
        client_id: CLIENT, response_type: 'code', redirect_uri: redirectUri(), scope: 'openid marketplace',
        code_challenge: base64Url(new Uint8Array(digest)), code_challenge_method: 'S256', state: state
      }).toString());
    });
  });

  (function finishSignIn() {
    var query = new URLSearchParams(window.location.search);
    if (!query.has('code') && !query.has('error')) return;
    var pending = JSON.parse(window.sessionStorage.getItem(PENDING) || 'null');
    window.sessionStorage.removeItem(PENDING);
    window.history.replaceState(null, '', ENDPOINT);
    if (!pending || query.get('state') !== pending.state || !query.has('code')) {
      status.textContent = 'sign-in failed';
      return;
    }
    fetch('/connect/token', {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code', code: query.get('code'), redirect_uri: redirectUri(),
        client_id: CLIENT, code_verifier: pending.verifier
      })
    }).then(function (response) { return response.json(); }).then(function (tokens) {
      if (!tokens.access_token) throw new Error(tokens.error || 'no token');
      input.value = tokens.access_token;
      applyToken(tokens.access_token);
      status.textContent = 'signed in';
    }).catch(function () { status.textContent = 'sign-in failed'; });
  })();

  // Keep several open tabs in sync.
  window.addEventListener('storage', function (event) {
    if (event.key === STORAGE_KEY) {
      input.value = normalize(event.newValue);
      applyToken(event.newValue);
    }
  });

  // GraphiQL's editors leave gaps that screen readers and keyboards meet (axe finds them): CodeMirror's input areas
  // have no label, its scrolling regions cannot take focus, and each tab nests its buttons inside the tab. They
  // are mended as GraphiQL renders them.
  var EDITOR_LABELS = [
    ['.graphiql-query-editor', 'Query editor'],
    ['.graphiql-response', 'Response'],
    ['.graphiql-editor-tool', 'Variables or headers'],
  ];

  function labelFor(textarea) {
    for (var i = 0; i < EDITOR_LABELS.length; i++) {
      if (textarea.closest(EDITOR_LABELS[i][0])) {
        return EDITOR_LABELS[i][1];
      }
    }
    return 'Editor';
  }

  function mend() {
    container.querySelectorAll('.CodeMirror textarea:not([aria-label])').forEach(function (textarea) {
      textarea.setAttribute('aria-label', labelFor(textarea));
    });
    container.querySelectorAll('.CodeMirror-scroll[tabindex="-1"]').forEach(function (region) {
      region.setAttribute('tabindex', '0');
    });
    // The tab role moves from the list item to its label button, so the close button beside it is no longer nested.
    container.querySelectorAll('li.graphiql-tab[role="tab"], li.graphiql-tab[aria-selected]').forEach(function (tab) {
      var label = tab.querySelector('.graphiql-tab-button');
      if (!label) {
        return;
      }
      label.setAttribute('role', 'tab');
      label.setAttribute('aria-selected', tab.getAttribute('aria-selected') || 'false');
      tab.setAttribute('role', 'presentation');
      tab.removeAttribute('aria-selected');
    });
  }

  // Once a frame at most: CodeMirror changes the page at every keystroke, and the mending looks over all of GraphiQL.
  var mendPending = false;
  function mendSoon() {
    if (mendPending) {
      return;
    }
    mendPending = true;
    window.requestAnimationFrame(function () {
      mendPending = false;
      mend();
    });
  }

  new MutationObserver(mendSoon).observe(container, {
    childList: true, subtree: true, attributes: true, attributeFilter: ['aria-selected', 'role'],
  });

  render();
})();
