/*
 * The Jupyter widget's module (anywidget): tconv.js and explorer.js come first in
 * the same module (tconv_lib.widgets joins the three files), then this adapter keeps
 * the explorer and the widget's traits in step, both ways.
 */
const TRAITS = ["ndim", "transposed", "i", "k", "stride", "padding", "output_padding",
  "dilation", "view", "numbers", "step"];

function settingsOf(model) {
  const settings = {};
  for (const name of TRAITS) settings[name] = model.get(name);
  return settings;
}

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "tconv-explorer";
  el.appendChild(root);
  let applying = false;
  const explorer = globalThis.tconvExplorer.mount(root, {
    data: model.get("_data"),
    settings: settingsOf(model),
    urlState: false,
    onChange(state) {
      if (applying) return;
      for (const name of TRAITS) {
        if (JSON.stringify(model.get(name)) !== JSON.stringify(state[name])) {
          model.set(name, state[name]);
        }
      }
      model.save_changes();
    },
  });
  const update = () => {
    applying = true;
    try {
      explorer.set(settingsOf(model));
    } finally {
      applying = false;
    }
  };
  for (const name of TRAITS) model.on("change:" + name, update);
  return () => {
    for (const name of TRAITS) model.off("change:" + name, update);
    explorer.destroy();
  };
}

export default { render };
