// "Where did it happen?" suggests addresses of the City's list as the resident types: an ARIA 1.2
// combobox (a text input that controls a list box of options) in the box the field's template
// draws (reporting/templates/reporting/widgets/address_input.html), which gives the address to
// ask, after how many characters, and the words to say, translated.
//
// What was typed is sent by POST, so it is in no address or log line, a quarter of a second
// after the last key. Down and Up move through the suggestions, Enter uses the one chosen (and
// does not send the form while the list is open), Escape closes the list, Tab leaves the field;
// a click uses a suggestion too. Using one puts the list's own address in the field, which the
// server then finds exactly and so skips the step that checks it. A polite live region says how
// many suggestions there are. Without this script the field is a plain text input.
(function () {
  "use strict";
  var DELAY = 250;

  function setUp(box) {
    var input = box.querySelector("input");
    var token = input.form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var suggestions = [];
    var active = -1;
    var timer = null;
    // Each request is numbered; an answer to any but the last one asked is out of date.
    var asked = 0;

    list.id = input.id + "_suggestions";
    list.className = "site-combobox__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", box.getAttribute("data-list-label"));
    list.hidden = true;
    status.className = "usa-sr-only";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    box.appendChild(list);
    box.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    // The browser's own list of past entries would cover this one.
    input.setAttribute("autocomplete", "off");

    function isOpen() {
      return !list.hidden;
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function say(words) {
      status.textContent = words;
    }

    function show(found) {
      var wasOpen = isOpen();
      suggestions = found;
      list.textContent = "";
      found.forEach(function (suggestion, index) {
        var option = document.createElement("li");
        option.id = list.id + "_" + index;
        option.className = "site-combobox__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = suggestion.label;
        // Pressing the mouse on an option must not take the focus from the field first.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
        });
        option.addEventListener("click", function () {
          use(index);
        });
        list.appendChild(option);
      });
      if (found.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        input.removeAttribute("aria-activedescendant");
        active = -1;
        say(box.getAttribute("data-found").replace("{count}", found.length));
      } else {
        close();
        say(wasOpen ? box.getAttribute("data-none") : "");
      }
    }

    function move(index) {
      var options = list.querySelectorAll("[role=option]");
      active = (index + options.length) % options.length;
      options.forEach(function (option, position) {
        option.setAttribute("aria-selected", position === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function use(index) {
      clearTimeout(timer);
      asked += 1;
      input.value = suggestions[index].address;
      suggestions = [];
      close();
      say("");
      input.focus();
    }

    function ask() {
      var number = ++asked;
      var body = new URLSearchParams({ address: input.value });
      fetch(box.getAttribute("data-suggestions-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token },
        body: body,
      })
        .then(function (response) {
          // Over the limit (429) or no draft (403), the answer is an empty list like any other.
          return response.json();
        })
        .catch(function () {
          return { suggestions: [] };
        })
        .then(function (answer) {
          if (number === asked && document.activeElement === input) {
            show(answer.suggestions || []);
          }
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      if (input.value.trim().length < Number(box.getAttribute("data-suggest-after"))) {
        asked += 1;
        show([]);
        return;
      }
      timer = setTimeout(ask, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!isOpen() && !suggestions.length) {
          return;
        }
        event.preventDefault();
        if (!isOpen()) {
          // Closed with Escape or by leaving the field: the same suggestions open again.
          show(suggestions);
        }
        if (event.key === "ArrowDown") {
          move(active + 1);
        } else {
          move(active < 0 ? -1 : active - 1);
        }
      } else if (event.key === "Enter" && isOpen()) {
        event.preventDefault();
        if (active >= 0) {
          use(active);
        } else {
          close();
        }
      } else if (event.key === "Escape" && isOpen()) {
        event.preventDefault();
        close();
        say("");
      }
    });

    input.addEventListener("blur", close);
  }

  document.querySelectorAll("[data-suggestions-url]").forEach(setUp);
})();
