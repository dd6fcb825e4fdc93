// Cookie banner and the chat launcher. Nothing on the page depends on this script.
(function () {
  var banner = document.getElementById('cookie-banner');
  if (banner && window.localStorage && localStorage.getItem('tf-cookies')) banner.setAttribute('data-dismissed', '');
  document.addEventListener('click', function (event) {
    var choice = event.target && event.target.getAttribute && event.target.getAttribute('data-cookie-choice');
    if (!choice || !banner) return;
    localStorage.setItem('tf-cookies', choice);
    banner.setAttribute('data-dismissed', '');
  });
  window.tfChat = { greeting: 'Hi! Our agents reply in seconds, 24/7.', open: function () {} };
})();
