/* phoihop's article editor: turns a <textarea data-editor> into a formatted editor with a toolbar
   (headings, lists, bold, italic, links, tables, pictures). Without JavaScript the textarea stays as
   it is; with it, the textarea is kept in step and sent with the form, and the server sanitises it.
   Every line typed is a paragraph (<p>), after a list, a link, a table or a picture too; a picture
   is uploaded from the toolbar and placed where the writer is, with its description and caption. */
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
  /* What may stand at the top level of an article as it is; anything else is put in a paragraph. */
  var BLOCKS = /^(P|H2|H3|H4|UL|OL|TABLE|FIGURE|BLOCKQUOTE)$/;

  function block(tag) { document.execCommand("formatBlock", false, "<" + tag + ">"); }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  /* A link on the words chosen; with none chosen, the address itself becomes the link's words. */
  function link() {
    var url = window.prompt("Địa chỉ liên kết (https://…)", "https://");
    if (!(url && /^(https?:\/\/|\/|mailto:)/.test(url))) { return; }
    if (window.getSelection().isCollapsed) {
      document.execCommand("insertHTML", false, '<a href="' + escapeHtml(url) + '">' + escapeHtml(url) + "</a>");
    } else {
      document.execCommand("createLink", false, url);
    }
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

  /* Every top-level line a paragraph: a <div> a browser made becomes a <p>, and text or inline
     elements standing alone between blocks are gathered into one. */
  function paragraphs(surface) {
    var run = null;
    Array.prototype.slice.call(surface.childNodes).forEach(function (node) {
      if (node.nodeType === 1 && node.tagName === "DIV") {
        var p = document.createElement("p");
        while (node.firstChild) { p.appendChild(node.firstChild); }
        surface.replaceChild(p, node);
        run = null;
      } else if (node.nodeType === 1 && BLOCKS.test(node.tagName)) {
        run = null;
      } else if (node.nodeType === 3 && !node.nodeValue.trim() && !run) {
        surface.removeChild(node);
      } else if (node.nodeType === 1 || node.nodeType === 3) {
        if (node.nodeType === 1 && node.tagName === "BR" && !run) { surface.removeChild(node); return; }
        if (!run) { run = document.createElement("p"); surface.insertBefore(run, node); }
        run.appendChild(node);
      }
    });
  }

  /* The picture panel: a file, what it shows, a caption; sent to the unit's picture address and
     placed where the caret was when the button was pressed. */
  function picturePanel(area, surface, sync) {
    var url = area.getAttribute("data-picture-upload");
    if (!url) { return null; }
    var saved = null;
    var panel = document.createElement("fieldset");
    panel.className = "editor-picture";
    panel.hidden = true;
    var id = area.id + "-anh";
    panel.innerHTML =
      '<legend>Chèn ảnh vào vị trí đang viết</legend>' +
      '<p><label for="' + id + '-tep">Ảnh (JPEG, PNG hoặc WebP; tối đa 10 MB)</label><br>' +
      '<input id="' + id + '-tep" type="file" accept="image/jpeg,image/png,image/webp"></p>' +
      '<p><label for="' + id + '-mo-ta">Mô tả ảnh cho người không nhìn thấy ảnh (bắt buộc)</label><br>' +
      '<input id="' + id + '-mo-ta" class="wide" maxlength="300"></p>' +
      '<p><label for="' + id + '-chu-thich">Chú thích dưới ảnh</label><br>' +
      '<input id="' + id + '-chu-thich" class="wide" maxlength="500"></p>' +
      '<p class="field-error" role="alert"></p>' +
      '<p><button type="button" data-picture="chen">Chèn ảnh</button> ' +
      '<button type="button" data-picture="huy">Hủy</button></p>';
    var file = panel.querySelector("input[type=file]");
    var alt = panel.querySelector("#" + id + "-mo-ta");
    var caption = panel.querySelector("#" + id + "-chu-thich");
    var message = panel.querySelector(".field-error");
    function close() { panel.hidden = true; message.textContent = ""; }
    panel.querySelector("[data-picture=huy]").addEventListener("click", close);
    // Enter in the panel inserts the picture; it must not send the article's form.
    panel.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && e.target.tagName === "INPUT") {
        e.preventDefault();
        panel.querySelector("[data-picture=chen]").click();
      }
    });
    panel.querySelector("[data-picture=chen]").addEventListener("click", function () {
      if (!file.files.length) { message.textContent = "Hãy chọn ảnh."; return; }
      if (!alt.value.trim()) { message.textContent = "Hãy mô tả nội dung ảnh."; alt.focus(); return; }
      var data = new FormData();
      data.append("csrf", area.form.querySelector("input[name=csrf]").value);
      data.append("alt", alt.value);
      data.append("caption", caption.value);
      data.append("file", file.files[0]);
      message.textContent = "Đang tải ảnh lên…";
      fetch(url, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (answer) {
          if (!answer.ok) {
            var fields = answer.body.fields || [];
            message.textContent = fields.length ? fields.map(function (f) { return f.message; }).join(" ") : answer.body.error;
            return;
          }
          surface.focus();
          var selection = window.getSelection();
          if (saved) { selection.removeAllRanges(); selection.addRange(saved); }
          document.execCommand("insertHTML", false, answer.body.html + "<p><br></p>");
          paragraphs(surface);
          sync();
          file.value = ""; alt.value = ""; caption.value = "";
          close();
        })
        .catch(function () { message.textContent = "Không tải được ảnh lên; hãy thử lại."; });
    });
    return {
      element: panel,
      open: function () {
        var selection = window.getSelection();
        saved = selection.rangeCount && surface.contains(selection.anchorNode) ? selection.getRangeAt(0).cloneRange() : null;
        panel.hidden = false;
        file.focus();
      }
    };
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
    surface.innerHTML = area.value.trim() || "<p><br></p>";
    // A new line is a paragraph, not the <div> some browsers make by default.
    document.execCommand("defaultParagraphSeparator", false, "p");
    function sync() { area.value = surface.innerHTML; }
    var buttons = BUTTONS.slice();
    var picture = picturePanel(area, surface, sync);
    if (picture) { buttons.push(["img", "Ảnh", picture.open]); }
    buttons.forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = b[1];
      button.setAttribute("data-command", b[0]);
      button.addEventListener("mousedown", function (e) { e.preventDefault(); });
      button.addEventListener("click", function () {
        if (b[0] !== "img") { surface.focus(); }
        b[2]();
        sync();
      });
      bar.appendChild(button);
    });
    surface.addEventListener("input", sync);
    area.form.addEventListener("submit", function () { paragraphs(surface); sync(); });
    var label = document.querySelector("label[for='" + area.id + "']");
    if (label) { label.id = area.id + "-nhan"; label.removeAttribute("for"); }
    area.hidden = true;
    wrap.appendChild(bar);
    if (picture) { wrap.appendChild(picture.element); }
    wrap.appendChild(surface);
    area.parentNode.insertBefore(wrap, area);
  }

  document.querySelectorAll("textarea[data-editor]").forEach(enhance);
})();
