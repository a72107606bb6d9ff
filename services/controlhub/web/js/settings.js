// The Calling E2EE toggle and the meeting settings. Each change is one PUT
// with If-Match (the ETag of the last read), and says whether it was saved.
import { explain, orgPath, request } from "./api.js";
import { byId, setStatus, timeOfDay } from "./dom.js";

let app = null;
const etags = { calling: null, meetings: null };
const shown = { calling: null, meetings: null };  // what the server last said

function render(which, value) {
  shown[which] = value;
  if (which === "calling") {
    byId("calling-e2ee").checked = value.e2eeEnabled;
    byId("calling-e2ee-label").textContent = value.e2eeEnabled ? "On" : "Off";
  } else {
    byId("meeting-type").value = value.defaultMeetingType;
    byId("personal-room-e2ee").checked = value.personalRoomE2ee;
    byId("personal-room-e2ee-label").textContent = value.personalRoomE2ee ? "On" : "Off";
  }
}

async function load(which) {
  const r = await request("GET", orgPath(app.orgId, "settings", which));
  etags[which] = r.etag;
  render(which, r.json);
}

const controls = { calling: ["calling-e2ee"], meetings: ["meeting-type", "personal-room-e2ee"] };

function setBusy(which, busy) {
  for (const id of controls[which]) byId(id).disabled = busy || app.readOnly;
}

async function save(which, value) {
  const status = byId(`${which}-status`);
  setBusy(which, true);
  setStatus(status, "saving", "Saving…");
  try {
    const r = await request("PUT", orgPath(app.orgId, "settings", which), { json: value, etag: etags[which] });
    etags[which] = r.etag;
    render(which, r.json);
    setStatus(status, "saved", `Saved ${which} settings at ${timeOfDay()}.`);
    app.changed();
  } catch (err) {
    if (err.status === 412) {
      await load(which).catch(() => render(which, shown[which]));
      setStatus(status, "failed", `Not saved: ${explain(err)} The current values are shown; make your change again.`);
    } else {
      render(which, shown[which]);
      setStatus(status, "failed", `Not saved: ${explain(err)}`);
    }
  } finally {
    setBusy(which, false);
  }
}

export function mountSettings(context) {
  app = context;
  byId("calling-e2ee").addEventListener("change", (e) => save("calling", { e2eeEnabled: e.target.checked }));
  const saveMeetings = () => save("meetings", { defaultMeetingType: byId("meeting-type").value,
                                                personalRoomE2ee: byId("personal-room-e2ee").checked });
  byId("meeting-type").addEventListener("change", saveMeetings);
  byId("personal-room-e2ee").addEventListener("change", saveMeetings);
}

export async function loadSettings() {
  for (const which of ["calling", "meetings"]) setStatus(byId(`${which}-status`), "", "");
  await Promise.all([load("calling"), load("meetings")]);
}
