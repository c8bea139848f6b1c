// A message that screen readers read out when it changes (the saved status, practice feedback).
//
// Assistive technology announces changes inside a live region that is already in the page;
// a region that is itself new is often missed. So the region is made once and only its
// content is replaced. The content is HTML made (and escaped) by the course in the kernel.

function render({ model, el }) {
  const region = document.createElement("div");
  region.className = "course-live";
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  const show = () => { region.innerHTML = model.get("value"); };
  show();
  el.append(region);
  model.on("change:value", show);
  return () => model.off("change:value", show);
}

export default { render };
