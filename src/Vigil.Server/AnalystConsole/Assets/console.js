// The console works without this script; it only asks before an action that cannot be taken back.
// Loaded from the service itself (Content-Security-Policy: script-src 'self'), no inline handlers.
document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-confirm]');
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});
