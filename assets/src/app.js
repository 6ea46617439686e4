// Progressive enhancement only: every page works without JavaScript.
import DS from "@scottish-government/design-system/dist/scripts/design-system.js";

DS.initAll();

// Answer pages: save as the person goes, and keep a copy of what they typed
// in this browser until the server has it, so that nothing typed is lost if
// the sign-in runs out or the connection drops.
function setUpAutosave(form) {
  var status = form.querySelector(".sa_autosave-status");
  var storageKey = form.getAttribute("data-storage-key");
  var timer = null;
  var saving = false;
  var again = false;
  var submitting = false;
  var versions = form.querySelector('input[name="versions"]');

  function say(text) {
    if (status) status.textContent = text;
  }

  // The version of each answer the page shows moves on with each save, so
  // that the server can tell this page's own saves from another tab's.
  function noteVersions(json) {
    if (versions && json && typeof json.versions === "string") versions.value = json.versions;
  }

  function snapshot() {
    var data = {};
    new FormData(form).forEach(function (value, key) {
      if (key !== "csrf_token") data[key] = value;
    });
    return data;
  }

  function keepLocally() {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify({ at: Date.now(), data: snapshot() }));
    } catch (e) {
      /* private browsing: nothing to keep */
    }
  }

  function restoreLocally() {
    var stored;
    try {
      stored = JSON.parse(window.localStorage.getItem(storageKey) || "null");
    } catch (e) {
      stored = null;
    }
    // Only what was typed after the server last saved this response.
    var savedAt = Number(form.getAttribute("data-saved-at") || 0);
    if (!stored || !stored.data || stored.at <= savedAt) return;
    var kept = stored.data;
    var restored = false;
    Object.keys(kept).forEach(function (name) {
      var fields = form.querySelectorAll('[name="' + name + '"]');
      fields.forEach(function (field) {
        if (field.type === "radio") {
          if (field.value === kept[name] && !field.checked) {
            field.checked = true;
            restored = true;
          }
        } else if (field.tagName === "TEXTAREA" && field.value !== kept[name]) {
          field.value = kept[name];
          restored = true;
        }
      });
    });
    if (restored) {
      say("We restored answers you typed on this page earlier that had not been saved. Check them, then select Save and continue.");
    }
  }

  function save() {
    if (saving) {
      again = true;
      return;
    }
    saving = true;
    var body = new FormData(form);
    fetch(form.action || window.location.href, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Autosave": "1" },
    })
      .then(function (response) {
        return response.json().then(function (json) {
          return { status: response.status, json: json };
        });
      })
      .then(function (result) {
        noteVersions(result.json);
        if (result.json.saved) {
          var now = new Date();
          say("Saved at " + now.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" }) + ".");
          try {
            window.localStorage.removeItem(storageKey);
          } catch (e) {}
        } else if (result.json.conflict) {
          say(result.json.problem);
        } else if (result.json.signed_out) {
          say("You have been signed out, so this page is not being saved. What you type is kept in this browser: sign in again in a new tab, then select Save and continue.");
        } else if (result.json.problem) {
          say("Not saved: " + result.json.problem);
        }
      })
      .catch(function () {
        say("Not saved: the connection was lost. What you typed is kept in this browser; select Save and continue when you are back online.");
      })
      .then(function () {
        saving = false;
        if (submitting) {
          // Saved (or not): now send the page, with the versions this save returned.
          submitting = false;
          again = false;
          form.submit();
        } else if (again) {
          again = false;
          save();
        }
      });
  }

  function changed(event) {
    keepLocally();
    window.clearTimeout(timer);
    timer = window.setTimeout(save, event.type === "change" ? 300 : 1500);
  }

  if (form.getAttribute("data-kept") !== "true") restoreLocally();
  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    keepLocally();
    if (saving) {
      // A save is on its way: send the page once it is back.
      event.preventDefault();
      submitting = true;
    }
  });
}

document.querySelectorAll("form[data-autosave]").forEach(setUpAutosave);

// The adviser's ZIP of reports: show progress without reloading by hand.
document.querySelectorAll("[data-job-status]").forEach(function (box) {
  var progress = box.querySelector(".sa_job__progress");
  var url = box.getAttribute("data-job-status");
  function poll() {
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        return response.json();
      })
      .then(function (job) {
        if (job.status === "queued" || job.status === "running") {
          progress.textContent = "Building report " + job.done + " of " + job.total + ".";
          window.setTimeout(poll, 2000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  if (/Building report/.test(progress.textContent)) window.setTimeout(poll, 2000);
});
