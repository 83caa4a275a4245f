// The agenda's print button: a script file, because the Content Security Policy refuses inline
// handlers such as onclick.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
