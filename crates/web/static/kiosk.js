// A counter tablet (/kiosk). Answers never wait on the network: a submitted form is put in a
// queue in localStorage with its own id and the time it was given, the citizen is thanked at
// once, and a sender hands the queue to the server one answer at a time, keeping an answer
// until the server has stored it (or refused it for good). The server counts an id once, so
// sending again after a lost reply is safe. The form starts again after each answer and after
// a while without a touch; a heartbeat tells the staff page the tablet is alive, and brings
// the form of a new campaign. Settings are read from #kiosk's data attributes each time they
// are used, so a test can shorten them (data-thanks-ms, data-retry-ms, data-idle-seconds, data-heartbeat-ms) or
// turn off the guard against leaving the page (data-guard="off").
(function () {
  "use strict";
  var root = document.getElementById("kiosk");
  if (!root || !window.fetch) return;
  var form = document.getElementById("kiosk-form");
  var thanks = document.getElementById("kiosk-thanks");
  var status = document.getElementById("kiosk-status");
  var revokedBox = document.getElementById("kiosk-revoked");
  var langLink = document.getElementById("kiosk-lang");
  var QUEUE = "hailong.kiosk.queue";
  var HEADERS = { "Content-Type": "application/x-www-form-urlencoded", "X-Kiosk": "1" };
  var queue = load();
  var sending = false, failures = 0, revoked = false, leaving = false, touched = false, reloadWanted = false;
  var retryTimer = null, idleTimer = null, thanksTimer = null;

  function setting(name, fallback) {
    var value = parseInt(root.getAttribute("data-" + name), 10);
    return isFinite(value) && value >= 0 ? value : fallback;
  }

  // --- the queue: kept in memory, mirrored to localStorage so a reload or power cut loses nothing
  function load() {
    try {
      var saved = JSON.parse(localStorage.getItem(QUEUE) || "[]");
      return Array.isArray(saved) ? saved : [];
    } catch (e) { return []; }
  }
  function save() {
    try { localStorage.setItem(QUEUE, JSON.stringify(queue)); } catch (e) { /* full or disabled: memory still holds it */ }
    show();
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    if (window.crypto && crypto.getRandomValues) crypto.getRandomValues(bytes);
    else for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  // The form's fields as the browser would post them.
  function answers() {
    var body = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled) return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      body.append(el.name, el.value);
    });
    return body;
  }

  // --- the sender
  function send() {
    if (sending || revoked || !queue.length) { show(); return; }
    sending = true;
    clearTimeout(retryTimer);
    var item = queue[0];
    fetch("/kiosk/answers", { method: "POST", credentials: "same-origin", headers: HEADERS, body: item.body })
      .then(function (r) {
        if (r.status === 401) return "revoked";
        if (r.ok) {
          // Only our server's word counts: a captive portal's page is not a receipt.
          return r.json().then(function (j) {
            return j && (j.status === "stored" || j.status === "already_stored") ? "done" : "retry";
          }, function () { return "retry"; });
        }
        var permanent = r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429;
        return permanent ? "done" : "retry";
      }, function () { return "retry"; })
      .then(function (outcome) {
        sending = false;
        if (outcome === "revoked") { showRevoked(); return; }
        if (outcome === "done") {
          queue = queue.filter(function (q) { return q.id !== item.id; });
          failures = 0;
          save();
          send();
          return;
        }
        failures += 1;
        var wait = Math.min(setting("retry-ms", 5000) * Math.pow(2, Math.min(failures - 1, 10)), 300000);
        retryTimer = setTimeout(send, wait);
        show();
      });
  }

  function show() {
    if (!status || revoked) return;
    var offline = failures > 0 || navigator.onLine === false;
    var text = "";
    if (offline && queue.length) text = root.getAttribute("data-t-queued").replace("{n}", queue.length);
    else if (offline) text = root.getAttribute("data-t-offline");
    status.textContent = text;
  }

  function showRevoked() {
    revoked = true;
    clearTimeout(retryTimer);
    if (form) form.hidden = true;
    if (thanks) thanks.hidden = true;
    revokedBox.hidden = false;
    status.textContent = "";
  }

  // --- leaving the page only on purpose, and only when the server answers (a failed load
  // would leave the tablet on the browser's error page)
  function navigate(url) {
    fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (r.ok && !r.redirected) { leaving = true; window.location.replace(url); }
    }, function () { failures = Math.max(failures, 1); show(); });
  }

  // --- the form
  function startAgain() {
    clearTimeout(thanksTimer);
    if (thanks) thanks.hidden = true;
    if (form) { form.reset(); form.hidden = revoked; }
    touched = false;
    if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
    window.scrollTo(0, 0);
    if (reloadWanted || root.getAttribute("data-lang") !== "vi") navigate(root.getAttribute("data-home"));
  }

  function idleLater() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(function () {
      if (touched || window.scrollY > 0 || root.getAttribute("data-lang") !== "vi") startAgain();
      idleLater();
    }, setting("idle-seconds", 30) * 1000);
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      // The browser has checked the required questions before this event fires.
      event.preventDefault();
      var body = answers();
      var id = newId();
      body.set("_id", id);
      body.set("_at", String(Date.now()));
      queue.push({ id: id, body: body.toString() });
      save();
      form.hidden = true;
      thanks.hidden = false;
      window.scrollTo(0, 0);
      thanksTimer = setTimeout(startAgain, setting("thanks-ms", 4000));
      send();
    });
    form.addEventListener("input", function () { touched = true; });
  }

  ["pointerdown", "keydown", "input", "touchstart", "scroll"].forEach(function (name) {
    window.addEventListener(name, idleLater, { passive: true });
  });
  idleLater();

  if (langLink) {
    langLink.addEventListener("click", function (event) {
      event.preventDefault();
      navigate(langLink.getAttribute("href"));
    });
  }

  // --- the heartbeat: alive, with how many answers wait here; and which campaign runs now
  function beat() {
    if (revoked) return;
    fetch("/kiosk/heartbeat", { method: "POST", credentials: "same-origin", headers: HEADERS, body: "queued=" + queue.length })
      .then(function (r) {
        if (r.status === 401) { showRevoked(); return null; }
        return r.ok ? r.json() : null;
      })
      .then(function (data) {
        if (!data) return;
        var running = data.campaign === null || data.campaign === undefined ? "" : String(data.campaign);
        if (running !== root.getAttribute("data-campaign")) {
          reloadWanted = true;
          if (!touched && (!thanks || thanks.hidden)) navigate(root.getAttribute("data-home"));
        }
        failures = 0;
        if (queue.length) send();
        else show();
      })
      .catch(function () { /* offline: the next beat tries again */ });
  }
  function beatLater() {
    setTimeout(function () { beat(); beatLater(); }, setting("heartbeat-ms", 60000));
  }
  beat();
  beatLater();

  window.addEventListener("online", function () { failures = 0; send(); beat(); });
  window.addEventListener("offline", show);

  // --- nothing leads off the page by accident
  document.addEventListener("contextmenu", function (event) { event.preventDefault(); });
  window.addEventListener("beforeunload", function (event) {
    if (leaving || root.getAttribute("data-guard") === "off") return;
    event.preventDefault();
    event.returnValue = "";
  });
  document.addEventListener("pointerdown", function () {
    var el = document.documentElement;
    if (!document.fullscreenElement && el.requestFullscreen) el.requestFullscreen().catch(function () {});
  }, { once: true });

  send();
})();
