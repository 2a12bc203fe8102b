// The monitor page: the controls, the charts (vega-embed with the specs of charts.js),
// their tables and the CSV downloads, all from the page's inline data (#monitor-data,
// made by helpers.monitor.data, which also gives every word the script shows: D.words).
// window.monitorReady is false while charts are drawn, true when the page is complete.
(function () {
  "use strict";
  const D = JSON.parse(document.getElementById("monitor-data").textContent);
  const C = window.MONITOR_CHARTS;
  const W = D.words;
  const $ = (id) => document.getElementById(id);
  const year = $("jaar");
  const theme = $("thema");
  const question = $("vraag");
  const onlyChanged = $("alleen-veranderd");
  const themes = Object.fromEntries(D.themes.map((t) => [t.id, t]));
  const questionOf = {};
  D.questions.forEach((q) => q.units.forEach((u) => (questionOf[u] = q)));
  const csv = {}; // section -> {name, header, rows} of the table it shows
  const views = {}; // chart element id -> its vega-embed result (finalized before redrawing)
  let drawing = 0; // the latest update(); an older one finishing late does not count

  // a group's name heads a column or a legend: "Vergelijkbare gemeenten (...)"
  const cap = (text) => text.charAt(0).toUpperCase() + text.slice(1);
  const fill = (text, values) =>
    text.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));

  function element(tag, text, attributes) {
    const el = document.createElement(tag);
    if (text !== undefined) el.textContent = text;
    Object.entries(attributes || {}).forEach(([k, v]) => el.setAttribute(k, v));
    return el;
  }

  // A table: header cells, then rows of cells; a row {cells, strong} is set in bold.
  function table(el, caption, header, rows) {
    el.replaceChildren();
    el.append(element("caption", caption));
    const head = element("tr");
    header.forEach((h) => head.append(element("th", h, { scope: "col" })));
    el.append(element("thead"));
    el.tHead.append(head);
    const body = element("tbody");
    rows.forEach((row) => {
      const tr = element("tr", undefined, row.strong ? { class: "own" } : {});
      row.cells.forEach((c, i) => tr.append(element(i === 0 ? "th" : "td", c, i === 0 ? { scope: "row" } : {})));
      body.append(tr);
    });
    el.append(body);
  }

  // A box (.scroll) whose table or chart is wider than the screen scrolls by itself: then
  // it takes the keyboard's focus, to be scrolled with the arrow keys, and is named by
  // its section's heading (a table's box; a chart's has its own role and name).
  function scrollers() {
    document.querySelectorAll(".scroll").forEach((box) => {
      const table = !box.classList.contains("chart");
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
        if (table) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-labelledby", box.dataset.labelledby);
        }
      } else {
        box.removeAttribute("tabindex");
        if (table) ["role", "aria-labelledby"].forEach((a) => box.removeAttribute(a));
      }
    });
  }

  function unitTitle(u) {
    const q = questionOf[u];
    return D.units[u].label ? `${q.text} – ${D.units[u].label}` : q.text;
  }

  function fillQuestions() {
    const keep = question.value;
    question.replaceChildren();
    D.questions
      .filter((q) => q.topic === theme.value)
      .forEach((q) => q.units.forEach((u) => question.append(element("option", unitTitle(u), { value: u }))));
    if ([...question.options].some((o) => o.value === keep)) question.value = keep;
  }

  // The figures of unit `u` in year `y` (undefined: not asked that year).
  const entry = (u, y) => D.by_year[y].units[u];

  // `text` in lines of at most `chars` characters, broken at spaces (a longer word stays whole)
  function wrap(text, chars) {
    const lines = [];
    text.split(" ").forEach((word) => {
      const last = lines.length - 1;
      if (last >= 0 && lines[last].length + 1 + word.length <= chars) lines[last] += ` ${word}`;
      else lines.push(word);
    });
    return lines;
  }

  // Draw chart `name` into element `id` (hidden from screen readers, with vega-embed's
  // English roles); its wrapper (role img) says in Dutch what it shows. The answers'
  // labels are broken in lines for the room the chart has (a bar chart's answers get
  // the room their lines need). On a screen narrower than the chart, the plot is drawn
  // again as much narrower as it stuck out, down to C.min_plot pixels; below that its box
  // scrolls.
  const drawn = {}; // chart element id -> the arguments it was last drawn with
  function draw(id, name, rows, label) {
    drawn[id] = [name, rows, label];
    const box = $(id).parentElement;
    box.setAttribute("aria-label", label);
    if (views[id]) views[id].finalize();
    const spec = structuredClone(C.specs[name]);
    spec.datasets = { [C.dataset]: rows };
    box.dataset.width = box.clientWidth; // the room it was drawn for (see "resize")
    const chars = Math.floor((box.clientWidth - spec.usermeta.beside) / C.char);
    const lines = Object.fromEntries(rows.map((r) => [r.answer, wrap(r.answer, chars)]));
    spec.params.find((p) => p.name === C.lines).value = lines;
    if (spec.height?.step) {
      const most = Math.max(...Object.values(lines).map((l) => l.length));
      const bars = new Set(rows.map((r) => r.scope)).size; // beside one label
      spec.height.step = Math.max(spec.height.step, Math.ceil((most * C.line) / bars));
    }
    const embed = () => vegaEmbed($(id), spec, { actions: false, renderer: "svg", formatLocale: C.locale });
    const fit = (result, tries) => {
      const over = box.scrollWidth - box.clientWidth;
      if (over <= 0 || !tries || spec.width <= C.min_plot) return (views[id] = result);
      result.finalize();
      // 2 px to spare for rounding; the axis may take a little more once narrower: then again
      spec.width = Math.max(C.min_plot, spec.width - over - 2);
      return embed().then((narrower) => fit(narrower, tries - 1));
    };
    return embed().then((result) => fit(result, 4));
  }

  function showAnswers(u, y) {
    const e = entry(u, y);
    $("antwoord-kop").textContent = fill(W.answers_heading, { year: y });
    $("vraagtekst").textContent = unitTitle(u);
    $("eigen-antwoord").textContent = e ? e.own_label : fill(W.not_asked_year, { year: y });
    const answers = D.units[u].answers;
    // the groups beside the country, in the overview's order: the class where that year
    // has one, and the province
    const klasse = D.by_year[y].klasse;
    const names = { class: klasse && cap(klasse), province: D.provincie };
    const scopes = D.scopes.filter((s) => names[s]).map((s) => [s, names[s]]);
    const header = [W.answer, ...scopes.map(([s, name]) => (!e || e[s] ? name : `${name} ${W.not_shown}`)), W.nation];
    const rows = [];
    const chartRows = [];
    if (e) {
      answers.forEach(([code, label], i) => {
        const own = e.own === code;
        const answer = own ? `${label} ${W.own_marker}` : label;
        const nation = e.nation ? e.nation[i] : null;
        const groups = scopes.map(([s]) => (e[s] ? e[s][i] : null));
        rows.push({ cells: [answer, ...groups.map((g) => (g ? g[1] : W.missing)), nation ? nation[1] : W.missing], strong: own });
        scopes.forEach(([scope, name], k) => {
          const g = groups[k];
          if (g) chartRows.push({ answer, order: i, scope, scope_label: name, pct: g[0], text: g[1] });
        });
        if (nation) chartRows.push({ answer, order: i, scope: "nation", scope_label: W.nation, pct: nation[0], text: nation[1] });
      });
      const base = (n) => (n === null ? W.missing : String(n));
      rows.push({ cells: [W.base, ...scopes.map(([s]) => base(e[`n_${s}`])), String(e.n_nation)] });
    }
    table($("tabel-antwoord"), `${unitTitle(u)} (${y})`, header, rows);
    csv.antwoord = { name: `${u}-${y}`, header: [W.year, W.question, ...header], rows: rows.map((r) => [y, unitTitle(u), ...r.cells]) };
    // a question not asked that year: its message alone
    ["figuur-antwoord", "eigen-label", "legenda", "csv-antwoord", "blok-antwoord"].forEach((id) => ($(id).hidden = !e));
    $("legenda-provincie").hidden = !(e && e.province);
    $("legenda-klasse").hidden = !(e && e.class);
    $("legenda-klasse-naam").textContent = klasse ? cap(klasse) : "";
    // a year without classes beside one with them: say why that column is missing
    const classesElsewhere = Object.values(D.by_year).some((b) => b.klasse);
    $("geen-klasse").hidden = !(e && !klasse && classesElsewhere);
    $("geen-klasse").textContent = fill(W.no_classes, { year: y });
    return e ? draw("grafiek-antwoord", "answers", chartRows, fill(W.chart_answers, { year: y })) : Promise.resolve();
  }

  function showTrend(u) {
    const answers = D.units[u].answers;
    const rows = [];
    const chartRows = [];
    // a line runs through consecutive years only: one the municipality skipped (or the
    // question was not asked) breaks it, so no line stands for a year without figures
    let segment = 0;
    let last = null;
    D.years.forEach((y) => {
      const e = entry(u, y);
      if (!e) return;
      rows.push({ cells: [String(y), e.own_label, ...answers.map((_, i) => (e.nation ? e.nation[i][1] : W.missing)), String(e.n_nation)] });
      if (!e.nation) return;
      if (last !== null && y !== last + 1) segment += 1;
      last = y;
      answers.forEach(([code, label], i) =>
        chartRows.push({ year: y, segment, answer: label, order: i, pct: e.nation[i][0], text: e.nation[i][1], own: e.own === code })
      );
    });
    const header = [W.year, W.own_answer, ...answers.map(([, label]) => `${label} (${W.nation})`), `${W.n} (${W.nation})`];
    table($("tabel-trend"), unitTitle(u), header, rows);
    csv.trend = { name: `${u}-${W.csv_trend}`, header: [W.question, ...header], rows: rows.map((r) => [unitTitle(u), ...r.cells]) };
    return draw("grafiek-trend", "trend", chartRows, W.chart_trend);
  }

  function showChanges(y) {
    const e = D.by_year[y];
    const empty = $("veranderingen-leeg");
    const rows = [];
    let header = [];
    if (e.previous === null || !e.in_panel) {
      $("veranderingen-kop").textContent = e.previous === null ? W.changes_heading_first : fill(W.changes_heading, { previous: e.previous });
      empty.textContent = e.previous === null ? W.first_year : fill(W.no_previous, { previous: e.previous });
    } else {
      $("veranderingen-kop").textContent = fill(W.changes_heading, { previous: e.previous });
      header = [W.theme, W.question, W.part, String(e.previous), String(y), W.changed];
      D.questions.forEach((q) =>
        q.units.forEach((u) => {
          const x = e.units[u];
          if (!x || (onlyChanged.checked && !x.changed)) return;
          const t = themes[q.topic];
          rows.push({ cells: [t.label, q.text, D.units[u].label, x.previous_label, x.own_label, x.changed === null ? W.missing : x.changed ? W.yes : W.no] });
        })
      );
      empty.textContent = rows.length || !onlyChanged.checked ? "" : W.none_changed;
    }
    table($("tabel-veranderingen"), $("veranderingen-kop").textContent, header, rows);
    $("tabel-veranderingen").hidden = rows.length === 0;
    $("csv-veranderingen").hidden = rows.length === 0;
    $("filter-veranderd").hidden = header.length === 0;
    csv.veranderingen = { name: `${W.csv_changes}-${y}`, header, rows: rows.map((r) => r.cells) };
  }

  // window.monitorReady is false until the charts `draws()` starts are drawn (the latest
  // call counts: one finishing late does not)
  function whileDrawing(draws) {
    window.monitorReady = false;
    const mine = ++drawing;
    return Promise.all(draws())
      .catch((error) => console.error(error))
      .finally(() => {
        scrollers();
        if (mine === drawing) window.monitorReady = true;
      });
  }

  function update() {
    const y = year.value;
    const u = question.value;
    showChanges(y);
    whileDrawing(() => [showAnswers(u, y), showTrend(u)]);
  }

  // From the overview or a tip to the question view: the monitor's year, the unit's theme
  // and question, and the focus on the view's heading (a screen reader reads it next).
  function goTo(u) {
    year.value = String(D.year);
    theme.value = questionOf[u].topic;
    fillQuestions();
    question.value = u;
    update();
    $("antwoord-kop").focus();
  }

  function viewButton(u, context) {
    const button = element("button", W.view, { type: "button", class: "view" });
    button.append(element("span", ` ${context}`, { class: "visually-hidden" }));
    button.addEventListener("click", () => goTo(u));
    return button;
  }

  // The overview of D.year: a row per actielijn and pijler, which opens (a disclosure
  // button) to a row per practice; each row leads to its question.
  function showOverview() {
    const O = D.overview;
    const el = $("tabel-overzicht");
    el.append(element("caption", fill(W.overview_caption, { year: O.year })));
    const header = [W.pillar, W.own_municipality, ...O.scopes.map(cap), W.stands_out];
    if (O.previous !== null) header.push(fill(W.since, { previous: O.previous }));
    header.push(W.to_question);
    const head = element("tr");
    header.forEach((h) => head.append(element("th", h, { scope: "col" })));
    el.append(element("thead"));
    el.tHead.append(head);
    // a cell that wraps only between the parts of its figure: "63%" "(5 van 8)",
    // "2 van 4 →" "3 van 4", "1 kans ·" "1 sterk punt"
    const cell = (text, attributes) => {
      const td = element("td", undefined, attributes);
      text.split(/(?<= [·→]) | (?=\()/).forEach((part, i) => td.append(i ? " " : "", element("span", part, { class: "part" })));
      return td;
    };
    const cells = (tr, x) => {
      [x.own, ...x.groups].forEach((c) => tr.append(cell(c)));
      tr.append(cell(x.flag, { class: "text flag" }));
      if (O.previous !== null) tr.append(cell(x.change || W.missing, { class: "text" }));
    };
    O.pillars.forEach((p) => {
      const id = `praktijken-${p.topic}`;
      const body = element("tbody", undefined, { class: "pillar" });
      const tr = element("tr");
      const th = element("th", undefined, { scope: "row" });
      const toggle = element("button", p.heading, { type: "button", class: "toggle", "aria-expanded": "false", "aria-controls": id });
      th.append(toggle);
      tr.append(th);
      cells(tr, p);
      tr.append(element("td", undefined, { class: "text" }));
      tr.lastChild.append(viewButton(p.unit, fill(W.view_pillar, { heading: p.heading })));
      body.append(tr);
      const rows = element("tbody", undefined, { id, class: "practices", hidden: "" });
      p.practices.forEach((x) => {
        const row = element("tr", undefined, x.flag ? { class: "flagged" } : {});
        row.append(element("th", x.name, { scope: "row" }));
        cells(row, x);
        row.append(element("td", undefined, { class: "text" }));
        row.lastChild.append(viewButton(x.unit, fill(W.view_practice, { name: x.name })));
        rows.append(row);
      });
      toggle.addEventListener("click", () => {
        const open = toggle.getAttribute("aria-expanded") === "true";
        toggle.setAttribute("aria-expanded", String(!open));
        rows.hidden = open;
        scrollers();
      });
      el.append(body, rows);
    });
  }

  // "Wat uw gemeente nog meer kan doen": the tips, most common first, and the strong points.
  function showAdvice() {
    const A = D.advice;
    A.tips.forEach((t) => {
      const li = element("li");
      li.append(element("strong", t.action), " ", t.reason, " ", element("span", `${W.support}: ${t.support}.`), " ");
      li.append(viewButton(t.unit, fill(W.view_practice, { name: t.action })));
      $("tips").append(li);
    });
    A.strong_points.forEach((s) => {
      const li = element("li");
      li.append(element("strong", s.name), ". ", s.reason, " ");
      li.append(viewButton(s.unit, fill(W.view_practice, { name: s.name })));
      $("sterke-punten").append(li);
    });
  }

  // CSV as Dutch spreadsheets read it: ";" between fields, UTF-8 with a byte-order mark.
  function download(section) {
    const { name, header, rows } = csv[section];
    const quote = (v) => `"${String(v).replace(/"/g, '""')}"`;
    const lines = [[W.municipality, ...header], ...rows.map((r) => [`${D.naam} (${D.gemeente})`, ...r])];
    const text = "\ufeff" + lines.map((r) => r.map(quote).join(";")).join("\r\n") + "\r\n";
    const a = element("a", undefined, {
      href: URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" })),
      download: `${W.csv_name}-${D.gemeente}-${name}.csv`,
    });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000); // once the download has started
  }

  theme.addEventListener("change", () => {
    fillQuestions();
    update();
  });
  question.addEventListener("change", update);
  year.addEventListener("change", update);
  onlyChanged.addEventListener("change", () => {
    showChanges(year.value);
    scrollers();
  });
  // a window made wider or narrower (a phone turned): once it settles, the charts are
  // drawn again for their new room
  let resizing;
  window.addEventListener("resize", () => {
    scrollers();
    clearTimeout(resizing);
    resizing = setTimeout(() => {
      // the charts only: the texts and tables (some read aloud when they change) stay
      const stale = Object.keys(drawn).filter((id) => {
        const box = $(id).parentElement;
        return !box.hidden && String(box.clientWidth) !== box.dataset.width;
      });
      if (stale.length) whileDrawing(() => stale.map((id) => draw(id, ...drawn[id])));
    }, 200);
  });
  // A link within the page moves the focus to its heading, and leaves the address as it
  // is: on the municipality's encrypted page the part after # is the key.
  document.querySelectorAll('a[href^="#"]').forEach((a) =>
    a.addEventListener("click", (event) => {
      event.preventDefault();
      $(a.getAttribute("href").slice(1)).focus();
    })
  );
  ["antwoord", "trend", "veranderingen"].forEach((s) => $(`csv-${s}`).addEventListener("click", () => download(s)));
  showOverview();
  showAdvice();
  fillQuestions();
  update();
})();
