// One question's responses, drawn as the browser's own radio buttons inside a named fieldset.
//
// Radios that share a `name` already behave as the WAI-ARIA radio group pattern asks, with no
// script of ours: Tab enters the group at one stop (the chosen response, else the first) and
// leaves it with the next Tab; arrow keys move to the next or previous response and choose it;
// Space chooses the focused response. The fieldset's role is radiogroup and its legend (the
// question) is the group's accessible name.
//
// Model: label (the question), options ([text shown, value saved] pairs), value, horizontal.

function uniqueName() {
  // Every view needs its own `name`, or the browser would join two questions into one group.
  return `course-choice-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
}

function render({ model, el }) {
  const name = uniqueName();
  const group = document.createElement("fieldset");
  group.className = "course-choice-group";
  group.setAttribute("role", "radiogroup");
  const legend = document.createElement("legend");
  const list = document.createElement("div");
  list.className = "course-options";
  group.append(legend, list);
  el.append(group);

  let inputs = [];

  function showChosen() {
    const chosen = model.get("value");
    for (const input of inputs) input.checked = input.course_value === chosen;
  }

  function choose(input) {
    if (!input.checked) return;
    model.set("value", input.course_value);
    model.save_changes();
  }

  function option([text, value]) {
    const label = document.createElement("label");
    label.className = "course-option";
    const input = document.createElement("input");
    input.type = "radio";
    input.name = name;
    // JupyterLab binds the arrow keys and Enter to moving between cells; on a response they
    // belong to the group. Lumino runs no shortcut for a key pressed on an element marked so.
    input.setAttribute("data-lm-suppress-shortcuts", "true");
    input.course_value = value;
    input.addEventListener("change", () => choose(input));
    const words = document.createElement("span");
    words.textContent = text;
    label.append(input, words);
    inputs.push(input);
    return label;
  }

  function draw() {
    legend.textContent = model.get("label");
    group.classList.toggle("course-choice-row", Boolean(model.get("horizontal")));
    inputs = [];
    list.replaceChildren(...model.get("options").map(option));
    showChosen();
  }

  draw();
  model.on("change:value", showChosen);
  model.on("change:options change:label change:horizontal", draw);
  return () => {
    model.off("change:value", showChosen);
    model.off("change:options change:label change:horizontal", draw);
  };
}

export default { render };
