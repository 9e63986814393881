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

  // Keep several open tabs in sync.
  window.addEventListener('storage', function (event) {
    if (event.key === STORAGE_KEY) {
      input.value = normalize(event.newValue);
      applyToken(event.newValue);
    }
  });

  render();
})();
