/* phoihop's article editor: turns a <textarea data-editor> into a formatted editor with a toolbar
   (headings, lists, bold, italic, links, tables). Without JavaScript the textarea stays as it is;
   with it, the textarea is kept in step and sent with the form, and the server sanitises it. */
(function () {
  "use strict";
  var BUTTONS = [
    ["h2", "Tiêu đề mục", function () { block("h2"); }],
    ["h3", "Tiêu đề nhỏ", function () { block("h3"); }],
    ["p", "Đoạn văn", function () { block("p"); }],
    ["b", "Đậm", function () { document.execCommand("bold"); }],
    ["i", "Nghiêng", function () { document.execCommand("italic"); }],
    ["ul", "Danh sách", function () { document.execCommand("insertUnorderedList"); }],
    ["ol", "Danh sách đánh số", function () { document.execCommand("insertOrderedList"); }],
    ["a", "Liên kết", link],
    ["table", "Bảng", table]
  ];

  function block(tag) { document.execCommand("formatBlock", false, "<" + tag + ">"); }

  function link() {
    var url = window.prompt("Địa chỉ liên kết (https://…)", "https://");
    if (url && /^(https?:\/\/|\/|mailto:)/.test(url)) { document.execCommand("createLink", false, url); }
  }

  function table() {
    var rows = parseInt(window.prompt("Số hàng", "3"), 10);
    var cols = parseInt(window.prompt("Số cột", "3"), 10);
    if (!(rows > 0 && rows <= 50 && cols > 0 && cols <= 10)) { return; }
    var html = "<table><thead><tr>";
    for (var c = 0; c < cols; c++) { html += "<th>Cột " + (c + 1) + "</th>"; }
    html += "</tr></thead><tbody>";
    for (var r = 1; r < rows; r++) {
      html += "<tr>";
      for (var d = 0; d < cols; d++) { html += "<td>&nbsp;</td>"; }
      html += "</tr>";
    }
    document.execCommand("insertHTML", false, html + "</tbody></table><p><br></p>");
  }

  function enhance(area) {
    var wrap = document.createElement("div");
    wrap.className = "editor";
    var bar = document.createElement("div");
    bar.className = "editor-bar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Định dạng nội dung");
    var surface = document.createElement("div");
    surface.className = "editor-surface";
    surface.contentEditable = "true";
    surface.setAttribute("role", "textbox");
    surface.setAttribute("aria-multiline", "true");
    surface.setAttribute("aria-labelledby", area.id + "-nhan");
    surface.innerHTML = area.value;
    BUTTONS.forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = b[1];
      button.setAttribute("data-command", b[0]);
      button.addEventListener("mousedown", function (e) { e.preventDefault(); });
      button.addEventListener("click", function () { surface.focus(); b[2](); sync(); });
      bar.appendChild(button);
    });
    function sync() { area.value = surface.innerHTML; }
    surface.addEventListener("input", sync);
    area.form.addEventListener("submit", sync);
    var label = document.querySelector("label[for='" + area.id + "']");
    if (label) { label.id = area.id + "-nhan"; label.removeAttribute("for"); }
    area.hidden = true;
    wrap.appendChild(bar);
    wrap.appendChild(surface);
    area.parentNode.insertBefore(wrap, area);
  }

  document.querySelectorAll("textarea[data-editor]").forEach(enhance);
})();
