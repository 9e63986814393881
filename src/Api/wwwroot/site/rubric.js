// The rubric editor in place: "Add a criterion" and "Remove" change the rows without a round trip, and the weights'
// sum is kept as you type, with the error at the weights while they do not add up to 1. Without this script the same
// buttons post the form and the server answers with the rows changed; the server checks the sum either way.
(() => {
  const rubric = document.querySelector('[data-rubric]');
  if (!rubric) return;
  const rows = rubric.querySelector('[data-rows]');
  const add = rubric.querySelector('[data-add]');
  const sum = rubric.querySelector('#weight-sum');
  const error = rubric.querySelector('#weight-error');
  const max = Number(rubric.dataset.max || 10);

  const number = (text) => (text.trim() === '' ? 0 : Number(text.trim().replace(',', '.')));
  const weights = () => [...rows.querySelectorAll('[data-part="weight"]')];

  // Names, ids and labels follow the rows' order, as the server renders them.
  function renumber() {
    [...rows.children].forEach((row, i) => {
      row.querySelectorAll('[data-part]').forEach((input) => {
        input.name = `criteria[${i}].${input.dataset.part}`;
        input.id = `criteria-${i}-${input.dataset.part}`;
      });
      row.querySelectorAll('label[data-for]').forEach((label) => { label.htmlFor = `criteria-${i}-${label.dataset.for}`; });
      row.querySelectorAll('[data-ordinal]').forEach((ordinal) => { ordinal.textContent = String(i + 1); });
      row.querySelector('[data-remove]').value = `remove-${i}`;
    });
    add.disabled = rows.children.length >= max;
  }

  function check() {
    const values = weights().map((input) => number(input.value));
    const readable = values.every(Number.isFinite);
    const total = values.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
    const shown = String(Math.round(total * 1000) / 1000);
    sum.textContent = `The weights add up to ${shown}.`;
    const problem = !readable ? 'Each weight is a number such as 0.25.'
      : Math.abs(total - 1) > 0.0001 ? `The weights must add up to 1; they add up to ${shown} now.` : '';
    error.textContent = problem;
    error.hidden = problem === '';
    weights().forEach((input) => {
      if (problem) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
      input.setCustomValidity(problem);
    });
  }

  rows.addEventListener('input', (event) => { if (event.target.dataset.part === 'weight') check(); });

  rows.addEventListener('click', (event) => {
    const remove = event.target.closest('[data-remove]');
    if (!remove) return;
    event.preventDefault();
    const row = remove.closest('[data-row]');
    const next = row.nextElementSibling || row.previousElementSibling;
    if (rows.children.length > 1) row.remove();
    else row.querySelectorAll('input').forEach((input) => { input.value = ''; });
    renumber();
    check();
    (next || row).querySelector('[data-part="key"]').focus();
  });

  add.addEventListener('click', (event) => {
    event.preventDefault();
    if (rows.children.length >= max) return;
    const row = rows.lastElementChild.cloneNode(true);
    row.querySelectorAll('input').forEach((input) => { input.value = ''; input.removeAttribute('aria-invalid'); });
    rows.append(row);
    renumber();
    check();
    row.querySelector('[data-part="key"]').focus();
  });
})();
