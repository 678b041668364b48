// Light up the whole sentence a figure came from when a link lands on it (#f12 -> .s12).
// The page works without this; it only adds the highlight. No document text is ever read here.
function lightSentence() {
  document.querySelectorAll(".lit").forEach((el) => el.classList.remove("lit"));
  const m = /^#f(\d+)$/.exec(location.hash);
  if (!m) return;
  const pieces = document.getElementsByClassName("s" + m[1]);
  for (const el of pieces) el.classList.add("lit");
  if (pieces.length) pieces[0].scrollIntoView({block: "center"});
}
window.addEventListener("hashchange", lightSentence);
document.addEventListener("DOMContentLoaded", lightSentence);
