// Building the page from server data. Everything the server sends is set as
// text (textContent, text nodes), never parsed as HTML.

export const byId = (id) => document.getElementById(id);

// el("td", {class: "mono", title: id}, "text", childNode): attributes are set
// as plain values; event handler and style attributes are refused (the page
// runs under a CSP without 'unsafe-inline').
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (/^on|^style$/i.test(name)) throw new Error(`el: attribute ${name} is not allowed`);
    if (name === "class") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// Table rows, or one row saying the table is empty.
export function rowsOrEmpty(rows, columns, emptyText) {
  return rows.length ? rows : [el("tr", {}, el("td", { colspan: columns, class: "empty" }, emptyText))];
}

// A status line: state is "saving", "saved", "failed" or "" (cleared).
export function setStatus(node, state, text) {
  node.dataset.state = state;
  node.textContent = text;
}

export const timeOfDay = (date = new Date()) => date.toLocaleTimeString([], { hour12: false });

export function formatDateTime(value) {
  const date = typeof value === "number" ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleString([], { year: "numeric", month: "short", day: "numeric", hour: "2-digit",
                                   minute: "2-digit", second: "2-digit", hour12: false });
}

export function formatDate(unixSeconds) {
  return new Date(unixSeconds * 1000).toLocaleDateString([], { year: "numeric", month: "short", day: "numeric" });
}

// A delete button that asks for a second click within a few seconds instead
// of a modal dialog.
export function confirmButton(label, onConfirm, { disabled = false } = {}) {
  const button = el("button", { type: "button", class: "small danger write", disabled }, label);
  let timer = null;
  button.addEventListener("click", async () => {
    if (!button.classList.contains("armed")) {
      button.classList.add("armed");
      button.textContent = "Click again to confirm";
      timer = setTimeout(() => { button.classList.remove("armed"); button.textContent = label; }, 4000);
      return;
    }
    clearTimeout(timer);
    button.disabled = true;
    try {
      await onConfirm();
    } finally {
      button.classList.remove("armed");
      button.textContent = label;
      button.disabled = disabled;
    }
  });
  return button;
}

// Shows a new principal's one-time credentials in `panel` until dismissed.
export function showSecretOnce(panel, title, clientId, clientSecret) {
  const secret = el("code", { id: `${panel.id}-value` }, clientSecret);
  const copy = el("button", { type: "button", class: "small" }, "Copy secret");
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(clientSecret);
      copy.textContent = "Copied";
    } catch {
      copy.textContent = "Copy failed: select the text instead";
    }
  });
  const done = el("button", { type: "button", class: "small" }, "I have stored it");
  done.addEventListener("click", () => hideSecret(panel));
  panel.replaceChildren(
      el("strong", {}, title),
      el("p", {}, "Store the client secret now. Control Hub keeps only a hash of it: it is shown this once and " +
                      "never again."),
      el("dl", {}, el("dt", {}, "Client ID"), el("dd", {}, el("code", { id: `${panel.id}-client-id` }, clientId)),
         el("dt", {}, "Client secret"), el("dd", {}, secret)),
      copy, done);
  panel.hidden = false;
}

export function hideSecret(panel) {
  panel.replaceChildren();
  panel.hidden = true;
}
