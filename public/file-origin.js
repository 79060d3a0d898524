// Opened from disk (file://), browsers refuse the app's module scripts and workers, and the page
// would stay blank: say why and what to do instead (docs/hosting.md). A classic script, the only
// kind a browser runs from file://.
if (location.protocol === 'file:') {
  document.addEventListener('DOMContentLoaded', function () {
    var p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.setAttribute('data-testid', 'file-origin');
    p.style.cssText = 'max-width:40em;margin:3em auto;padding:0 16px;font:16px/1.5 system-ui,sans-serif;color:#e8eaed';
    p.textContent = 'liqmap does not run from a file opened on disk (file://): browsers refuse its scripts and workers there. '
      + 'Serve this folder with any static web server and open its address, for example run "python3 -m http.server 8000" in it '
      + 'and open http://localhost:8000/ (docs/hosting.md in liqmap\'s repository).';
    (document.getElementById('app') || document.body).appendChild(p);
  });
}
