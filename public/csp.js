// Content-Security-Policy for static hosts that cannot set headers. It runs first, before any
// other script, so that connect-src can name the Binance API and archive base URLs, Bybit's dump
// archive and API base URLs (the importer's), the exchanges' WebSocket bases, the build's default
// profile source, the profile hosts this browser was configured with and a ?source= host the
// user confirmed; everything else is fixed. Scripts: our own files only, plus
// 'wasm-unsafe-eval' for DuckDB; no 'unsafe-inline', no 'unsafe-eval'.
(function () {
  var connect = ["'self'", 'https://fapi.binance.com', 'https://data.binance.vision', 'wss://fstream.binance.com', 'wss://stream.bybit.com',
    'https://public.bybit.com', 'https://api.bybit.com'];
  function add(url) {
    try {
      var u = new URL(url, location.href);
      if (/^(https?|wss?):$/.test(u.protocol)) connect.push(u.protocol + '//' + u.host);
    } catch (e) { /* not a URL: not allowed */ }
  }
  // The build's default profile source (vite.config.ts writes it into index.html).
  var defaultSource = document.querySelector('meta[name="liqmap-default-source"]');
  if (defaultSource) add(defaultSource.getAttribute('content') || '');
  try {
    var settings = JSON.parse(localStorage.getItem('liqmap.settings') || '{}');
    ['binanceBase', 'binanceStreamBase', 'bybitStreamBase', 'archiveBase', 'bybitArchiveBase', 'bybitApiBase'].forEach(function (k) {
      if (typeof settings[k] === 'string') add(settings[k]);
    });
    (Array.isArray(settings.allowedHosts) ? settings.allowedHosts : []).forEach(function (h) {
      if (/^[a-z0-9.-]+(:\d+)?$/.test(h)) add('https://' + h);
    });
    // A ?source= from a link only once the user confirmed its origin (src/lib/state/link-source.ts).
    var source = new URLSearchParams(location.search).get('source');
    var confirmed = Array.isArray(settings.confirmedSources) ? settings.confirmedSources : [];
    if (source) {
      try {
        if (confirmed.indexOf(new URL(source).origin) >= 0) add(source);
      } catch (e) { /* not a URL: not allowed */ }
    }
  } catch (e) { /* storage unavailable: defaults */ }
  var policy = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    'connect-src ' + connect.join(' '),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
  var meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = policy;
  document.head.appendChild(meta);
})();
