// Small progressive enhancements shared by every page. Everything works without this file.
document.addEventListener("change", (event) => {
  // The language switch submits itself; its button stays for keyboard and no-JS users.
  if (event.target.matches(".lang-switch__select")) {
    event.target.form.requestSubmit();
  }
});
