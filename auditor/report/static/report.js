(function(){
  "use strict";
  var forms = document.querySelectorAll("form.filters:not([data-ready])");
  Array.prototype.forEach.call(forms, function(form){
    form.setAttribute("data-ready", "1");
    var section = document.getElementById(form.getAttribute("data-report"));
    if (!section) { return; }
    var rank = {critical: 3, major: 2, minor: 1};
    function checked(kind){
      var on = {};
      Array.prototype.forEach.call(form.querySelectorAll('input[data-filter="' + kind + '"]'), function(box){
        on[box.value] = box.checked;
      });
      return on;
    }
    function update(){
      var sev = checked("sev"), typ = checked("type");
      var only = form.querySelector('input[data-filter="only"]');
      var visible = {}, shown = 0, total = 0;
      Array.prototype.forEach.call(section.querySelectorAll("li.finding"), function(li){
        var on = sev[li.getAttribute("data-sev")] !== false && typ[li.getAttribute("data-type")] !== false;
        li.hidden = !on; total += 1;
        if (on) { visible[li.id] = li.getAttribute("data-sev"); shown += 1; }
      });
      Array.prototype.forEach.call(section.querySelectorAll("mark.hl"), function(m){
        var best = "", ids = (m.getAttribute("data-f") || "").split(" ");
        ids.forEach(function(id){ var s = visible[id]; if (s && (!best || rank[s] > rank[best])) { best = s; } });
        m.classList.remove("sev-critical", "sev-major", "sev-minor", "off");
        if (best) { m.classList.add("sev-" + best); } else { m.classList.add("off"); }
      });
      Array.prototype.forEach.call(section.querySelectorAll("table.beads tr.row"), function(tr){
        tr.hidden = !!(only && only.checked) && !tr.querySelector("mark.hl:not(.off)");
      });
      var note = form.querySelector(".shown");
      if (note) { note.textContent = "showing " + shown + " of " + total + " findings"; }
    }
    form.addEventListener("change", update);
    form.addEventListener("submit", function(e){ e.preventDefault(); });
    section.addEventListener("click", function(e){
      var m = e.target.closest ? e.target.closest("mark.hl") : null;
      if (!m || m.classList.contains("off")) { return; }
      var ids = (m.getAttribute("data-f") || "").split(" ");
      for (var i = 0; i < ids.length; i++) {
        var li = document.getElementById(ids[i]);
        if (li && !li.hidden) {
          li.scrollIntoView({block: "center"});
          li.classList.add("flash");
          setTimeout(function(el){ return function(){ el.classList.remove("flash"); }; }(li), 1500);
          break;
        }
      }
    });
    update();
  });
})();
