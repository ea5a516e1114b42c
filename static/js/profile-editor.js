/* The profile editor, improved when scripts run; the form works without it.
 *
 * - Entry sections: "Add another" copies the formset's empty form in place
 *   (bumping TOTAL_FORMS) instead of "Save and add another".
 * - Photo: a chosen file shows in the preview before saving, and a file the
 *   server would refuse is flagged at once.
 * - Skills and interests: chips with remove buttons and suggestions from the
 *   site's skill vocabulary; the comma-separated value is still what is sent.
 */
(function () {
  "use strict";

  var MAX_PHOTO_BYTES = 5 * 1024 * 1024;
  var PHOTO_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"];

  function parseNames(text) {
    var seen = {};
    var names = [];
    text.split(/[,\n]/).forEach(function (part) {
      var name = part.replace(/"/g, "").replace(/\s+/g, " ").trim();
      var key = name.toLowerCase();
      if (name && !seen[key]) {
        seen[key] = true;
        names.push(name);
      }
    });
    return names;
  }

  /* --- Entry sections ---------------------------------------------------- */

  function initEntries(section) {
    var prefix = section.getAttribute("data-entries");
    var total = section.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var list = section.querySelector("[data-entries-list]");
    var template = section.querySelector("template[data-empty-entry]");
    var addButton = section.querySelector("[data-add-entry]");
    if (!total || !list || !template || !addButton) return;

    section.querySelectorAll("[data-no-script]").forEach(function (el) {
      el.hidden = true;
    });
    addButton.hidden = false;

    // The folded spare blank entry is the last form; "Add another" replaces it.
    var spare = list.querySelector("[data-spare-entry]");
    if (spare && spare === list.lastElementChild) {
      spare.remove();
      total.value = String(Number(total.value) - 1);
    }

    addButton.addEventListener("click", function () {
      var index = Number(total.value);
      var wrapper = document.createElement("div");
      wrapper.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var entry = wrapper.firstElementChild;
      list.appendChild(entry);
      total.value = String(index + 1);
      var first = entry.querySelector("input:not([type=hidden]), textarea, select");
      if (first) first.focus();
    });

    list.addEventListener("click", function (event) {
      var discard = event.target.closest("[data-discard-entry]");
      if (!discard) return;
      // Emptied, an extra form counts as unchanged and is skipped on save;
      // removing it would leave a gap in the form numbering.
      var entry = discard.closest(".entry");
      entry.querySelectorAll("input:not([type=hidden]), textarea").forEach(function (el) {
        el.value = "";
      });
      entry.hidden = true;
      addButton.focus();
    });
  }

  /* --- Photo ------------------------------------------------------------- */

  function initPhoto(field) {
    var input = field.querySelector('input[type="file"]');
    var preview = field.querySelector("[data-photo-preview]");
    var status = field.querySelector("[data-photo-status]");
    var clear = field.querySelector("[data-photo-clear]");
    if (!input || !preview || !status) return;
    var original = preview.innerHTML;
    var objectUrl = null;

    input.addEventListener("change", function () {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      objectUrl = null;
      var file = input.files && input.files[0];
      if (!file) {
        preview.innerHTML = original;
        status.textContent = "";
        return;
      }
      if (PHOTO_TYPES.indexOf(file.type) === -1) {
        status.textContent = "That file is not a JPEG, PNG, GIF or WebP image; choose another.";
        preview.innerHTML = original;
        return;
      }
      if (file.size > MAX_PHOTO_BYTES) {
        status.textContent = "That image is larger than 5 MB; choose a smaller one.";
        preview.innerHTML = original;
        return;
      }
      if (clear) clear.checked = false;
      objectUrl = URL.createObjectURL(file);
      var img = document.createElement("img");
      img.className = "avatar avatar--large";
      img.width = 160;
      img.height = 160;
      img.alt = "Preview of your new photo";
      img.src = objectUrl;
      preview.replaceChildren(img);
      status.textContent = "New photo chosen: " + file.name + ". It is saved when you save your profile.";
    });

    if (clear) {
      clear.addEventListener("change", function () {
        if (clear.checked && input.value) {
          input.value = "";
          input.dispatchEvent(new Event("change"));
        }
      });
    }
  }

  /* --- Skills and interests ---------------------------------------------- */

  var suggestionsId = 0;

  function initTags(input, vocabulary) {
    suggestionsId += 1;
    var name = input.name;
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = name;
    input.removeAttribute("name");
    var names = parseNames(input.value);
    input.value = "";

    var wrap = document.createElement("div");
    wrap.className = "tags suggest";
    var chips = document.createElement("ul");
    chips.className = "tags__chips";
    var label = document.querySelector('label[for="' + input.id + '"]');
    chips.setAttribute("aria-label", "Chosen " + (label ? label.textContent.trim().toLowerCase() : ""));
    var listbox = document.createElement("ul");
    listbox.className = "suggest__list";
    listbox.id = input.id + "_suggestions";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Suggestions");
    listbox.hidden = true;
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");

    input.parentNode.insertBefore(wrap, input);
    wrap.append(chips, input, listbox, hidden, live);
    input.classList.add("tags__input");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("enterkeyhint", "enter");

    var options = [];
    var active = -1;

    function sync() {
      hidden.value = names.concat(parseNames(input.value)).join(", ");
    }

    function has(candidate) {
      var key = candidate.toLowerCase();
      return names.some(function (n) { return n.toLowerCase() === key; });
    }

    function render() {
      chips.replaceChildren();
      names.forEach(function (n, i) {
        var li = document.createElement("li");
        li.className = "tags__chip";
        var text = document.createElement("span");
        text.textContent = n;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "tags__remove";
        remove.setAttribute("aria-label", "Remove " + n);
        remove.textContent = "×";
        remove.addEventListener("click", function () {
          names.splice(i, 1);
          render();
          live.textContent = "Removed " + n + ".";
          input.focus();
        });
        li.append(text, remove);
        chips.appendChild(li);
      });
      chips.hidden = names.length === 0;
      sync();
    }

    function add(text) {
      var added = parseNames(text).filter(function (n) { return !has(n); });
      added = added.map(function (n) {
        // Prefer the vocabulary's spelling, so "sql" joins "SQL".
        var match = vocabulary.find(function (v) { return v.toLowerCase() === n.toLowerCase(); });
        return match || n;
      });
      names = names.concat(added);
      input.value = "";
      close();
      render();
      if (added.length) live.textContent = "Added " + added.join(", ") + ".";
    }

    function close() {
      listbox.hidden = true;
      listbox.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      options = [];
      active = -1;
    }

    function setActive(i) {
      options.forEach(function (o, j) {
        o.classList.toggle("suggest__option--active", j === i);
        o.setAttribute("aria-selected", j === i ? "true" : "false");
      });
      active = i;
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function suggest() {
      var query = input.value.trim().toLowerCase();
      if (!query) return close();
      var starts = [];
      var contains = [];
      vocabulary.forEach(function (v) {
        var lower = v.toLowerCase();
        if (has(v)) return;
        if (lower.indexOf(query) === 0) starts.push(v);
        else if (lower.indexOf(query) > 0) contains.push(v);
      });
      var found = starts.concat(contains).slice(0, 8);
      listbox.replaceChildren();
      options = found.map(function (v, i) {
        var li = document.createElement("li");
        li.className = "suggest__option";
        li.id = listbox.id + "_" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = v;
        // mousedown, not click: it runs before the input loses focus.
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          add(v);
        });
        listbox.appendChild(li);
        return li;
      });
      active = -1;
      listbox.hidden = options.length === 0;
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
    }

    input.addEventListener("input", function () {
      if (input.value.indexOf(",") !== -1) {
        add(input.value);
        return;
      }
      suggest();
      sync();
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && options.length) {
        event.preventDefault();
        setActive((active + 1) % options.length);
      } else if (event.key === "ArrowUp" && options.length) {
        event.preventDefault();
        setActive(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (active >= 0) {
          event.preventDefault();
          add(options[active].textContent);
        } else if (input.value.trim()) {
          // Enter adds the skill instead of submitting half a profile.
          event.preventDefault();
          add(input.value);
        }
      } else if (event.key === "Escape" && !listbox.hidden) {
        event.preventDefault();
        close();
      } else if (event.key === "Backspace" && !input.value && names.length) {
        var removed = names.pop();
        render();
        live.textContent = "Removed " + removed + ".";
      }
    });

    input.addEventListener("blur", function () {
      close();
    });

    render();
  }

  /* --- Error summary ------------------------------------------------------ */

  function initErrorSummary(summary) {
    // Read first after a failed save; its links move focus into the field,
    // not just the view to it.
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      var details = target.closest("details");
      if (details) details.open = true;
      target.focus();
    });
  }

  function init() {
    var summary = document.getElementById("form-errors");
    if (summary) initErrorSummary(summary);
    document.querySelectorAll("[data-entries]").forEach(initEntries);
    document.querySelectorAll("[data-photo-field]").forEach(initPhoto);
    var data = document.getElementById("skill-suggestions");
    var vocabulary = data ? JSON.parse(data.textContent) : [];
    document.querySelectorAll("input[data-tag-input]").forEach(function (input) {
      initTags(input, vocabulary);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
