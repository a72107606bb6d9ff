// One change through the API with its outcome on a status line: "Saving…",
// then what was saved, or why nothing was.
import { explain } from "./api.js";
import { setStatus } from "./dom.js";

// Runs `work` (a request); on success shows `saved` (text, or a function of
// the result) and runs `refresh`. Answers the result, or null on failure.
export async function applyChange(statusNode, work, saved, refresh) {
  setStatus(statusNode, "saving", "Saving…");
  let result;
  try {
    result = await work();
  } catch (err) {
    setStatus(statusNode, "failed", `Not saved: ${explain(err)}`);
    return null;
  }
  const text = typeof saved === "function" ? saved(result) : saved;
  setStatus(statusNode, "saved", text);
  try {
    await refresh();
  } catch (err) {
    setStatus(statusNode, "saved", `${text} (The list could not be read again: ${explain(err)})`);
  }
  return result;
}

// Runs `work` with the form's fieldset disabled, so one click is one request.
// (A form can only be submitted by a writer, so it is enabled again after.)
async function whileBusy(form, work) {
  const fieldset = form.querySelector("fieldset");
  fieldset.disabled = true;
  try {
    return await work();
  } finally {
    fieldset.disabled = false;
  }
}

// Submitting `form` runs work(form) once at a time, without a page load.
export function onSubmit(form, work) {
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    whileBusy(form, () => work(form));
  });
}
