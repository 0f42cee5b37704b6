// Saves the report draft while the user types (progressive enhancement: without this script
// the "Lagre utkast" button does the same). Each save sends the revision the page was loaded
// with; if someone else saved in between, the server answers 409 and nothing is overwritten.
(function () {
  'use strict';
  var form = document.querySelector('form[data-autosave]');
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var url = form.getAttribute('data-autosave');
  var status = document.getElementById('autosave-status');
  var revision = form.querySelector('input[name="revision"]');
  var timer = null;
  var saving = false;
  var pending = false;
  var stopped = false;
  // A submit made while a save is on its way waits for it (and its new revision), then goes.
  var resubmit = null;

  function say(text) {
    if (status) status.textContent = text;
  }

  function body() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (typeof value === 'string' && key !== 'action') params.append(key, value);
    });
    return params;
  }

  function save() {
    if (stopped) return;
    if (saving) { pending = true; return; }
    saving = true;
    say('Lagrer utkastet …');
    fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json' },
      body: body().toString()
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, status: response.status, data: data }; });
    }).then(function (r) {
      saving = false;
      if (r.ok) {
        revision.value = r.data.revision;
        if (resubmit) { resubmit(); return; }
        var time = new Date().toLocaleTimeString('nb-NO', { hour: '2-digit', minute: '2-digit' });
        say('Utkastet er lagret automatisk kl. ' + time + '.');
        if (pending) { pending = false; save(); }
      } else if (r.status === 422) {
        // An answer is too long: nothing was saved; the next change tries again.
        say(r.data && r.data.error ? r.data.error : 'Utkastet kunne ikke lagres automatisk.');
      } else {
        stopped = true;
        say(r.data && r.data.error ? r.data.error : 'Utkastet kunne ikke lagres automatisk. Velg «Lagre utkast».');
      }
      if (resubmit) resubmit();
    }).catch(function () {
      saving = false;
      say('Utkastet kunne ikke lagres automatisk (ingen forbindelse). Det du skriver står fortsatt i skjemaet; prøv «Lagre utkast».');
      if (resubmit) resubmit();
    });
  }

  function changed(event) {
    if (event.target && event.target.type === 'file') return;
    clearTimeout(timer);
    timer = setTimeout(save, 1500);
  }

  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('submit', function (event) {
    stopped = true;
    clearTimeout(timer);
    if (saving && !resubmit) {
      // Sent now, it would carry the revision from before that save and be refused as
      // changed by someone else: wait for the save, then send with the revision it gave.
      event.preventDefault();
      var submitter = event.submitter;
      resubmit = function () {
        var go = resubmit;
        resubmit = function () {};
        if (go && form.requestSubmit) form.requestSubmit(submitter || undefined);
        else form.submit();
      };
    }
  });
})();
