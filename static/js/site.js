// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  // Move focus to the error summary so screen-reader users hear what went wrong.
  var summary = document.querySelector('.error-summary');
  if (summary) { summary.focus(); }
  // Live news: a banner appears when a new item is published while the list is open.
  var list = document.querySelector('.news-list');
  if (list && window.EventSource) {
    var source = new EventSource('/events/news');
    source.addEventListener('news', function () {
      var note = document.getElementById('news-live');
      if (!note) {
        note = document.createElement('p');
        note.id = 'news-live';
        note.className = 'notice';
        note.setAttribute('role', 'status');
        // The text comes translated from the server, like every other string.
        note.textContent = list.getAttribute('data-live-message');
        list.parentNode.insertBefore(note, list);
      }
    });
  }
  // Feedback: the contact fields show only once "contact me" is ticked (always shown without JS
  // and when they hold an error).
  document.querySelectorAll('[data-contact-fields]').forEach(function (set) {
    var box = document.querySelector('input[type="checkbox"][aria-controls="' + set.id + '"]');
    if (!box) { return; }
    var sync = function () {
      var show = box.checked || set.querySelector('.field-has-error');
      set.hidden = !show;
      box.setAttribute('aria-expanded', show ? 'true' : 'false');
    };
    box.addEventListener('change', sync);
    sync();
  });
})();
