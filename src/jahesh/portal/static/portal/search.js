// Client-side search of the static export: the index holds each entry's search key (made by
// jahesh.persian.search_key at export time); the query is keyed here by the same main rules
// (letters, marks, joiners, digits, detached plural suffixes), and every word must match as a
// prefix of a word of the entry. The live site's search is the reference; this is its mirror.
// Keys hold stems (بوستان‌ها is keyed بوستان), but the lexicon that decides them stays on the
// server: a query word with a plural suffix that no key holds is read as its stem when some key
// holds that stem. The index comes gzip-compressed and is inflated here.
(function () {
  "use strict";
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!list || !status || !window.fetch) { return; }
  var input = document.getElementById("q");
  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query.slice(0, 200);
  var LETTERS = { "ي": "ی", "ى": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "ٱ": "ا", "آ": "ا",
    "ؤ": "و", "ئ": "ی", "ة": "ه", "ۀ": "ه" };
  var SUFFIXES = ["هایشان", "هایتان", "هایمان", "هاشان", "هاتان", "هامان", "هایی", "هایم",
    "هایت", "هایش", "های", "ها"];
  function key(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i), code = text.charCodeAt(i);
      if (LETTERS[c]) { c = LETTERS[c]; }
      else if (code >= 0x06F0 && code <= 0x06F9) { c = String(code - 0x06F0); }
      else if (code >= 0x0660 && code <= 0x0669) { c = String(code - 0x0660); }
      else if ((code >= 0x064B && code <= 0x065F) || code === 0x0670 || code === 0x0640 ||
               (code >= 0x200B && code <= 0x200F) || code === 0x00AD || code === 0xFEFF) { c = ""; }
      out += c;
    }
    out = out.toLowerCase().replace(/[^\p{L}\p{N}\s]+|_+/gu, " ").split(/\s+/).filter(Boolean);
    var words = [];
    for (var j = 0; j < out.length; j++) {
      if (words.length && SUFFIXES.indexOf(out[j]) >= 0) { words[words.length - 1] += out[j]; }
      else { words.push(out[j]); }
    }
    return words;
  }
  var words = key(query).slice(0, 8);
  if (!words.length) { return; }
  status.textContent = "در حال جست‌وجو …";
  function load(response) {
    return response.arrayBuffer().then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      // A host that sends the file with Content-Encoding: gzip has inflated it already.
      if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) { return new TextDecoder().decode(bytes); }
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).text();
    }).then(JSON.parse);
  }
  function stemmed(index) {
    var known = Object.create(null);
    index.forEach(function (entry) {
      entry[3].split(" ").forEach(function (w) { known[w] = true; });
    });
    return words.map(function (w) {
      if (known[w]) { return w; }
      for (var i = 0; i < SUFFIXES.length; i++) {
        var s = SUFFIXES[i];
        if (w.length > s.length + 1 && w.slice(-s.length) === s && known[w.slice(0, -s.length)]) {
          return w.slice(0, -s.length);
        }
      }
      return w;
    });
  }
  if (!window.DecompressionStream) {
    status.textContent = "این مرورگر نمایه فشرده جست‌وجو را باز نمی‌کند؛ مرورگری تازه‌تر را بیازمایید.";
    return;
  }
  fetch(list.getAttribute("data-index")).then(load).then(function (index) {
    words = stemmed(index);
    var hits = index.filter(function (entry) {
      var entryWords = entry[3].split(" ");
      return words.every(function (w) {
        return entryWords.some(function (ew) { return ew.indexOf(w) === 0; });
      });
    }).slice(0, 100);
    list.textContent = "";
    hits.forEach(function (entry) {
      var item = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = entry[0] === "project" ? "پروژه" : "خبر";
      var link = document.createElement("a");
      link.href = entry[2];
      link.textContent = entry[1];
      item.appendChild(kind);
      item.appendChild(link);
      list.appendChild(item);
    });
    var count = hits.length.toLocaleString("fa-IR");
    status.textContent = hits.length ? count + " نتیجه" : "چیزی پیدا نشد. واژه‌های دیگری را بیازمایید.";
  });
})();
