// The convene dialog (issue 12): a subject, a selection by tags made on the spot (replacing or
// extending the configured roster), and a preview of exactly whom the gateway will call — with
// counts and who is busy in another live conference — before anyone's phone rings.
import { el } from './render.js';

const PREVIEW_DELAY_MS = 150;

/**
 * `api(method, path, body)` calls the gateway; `participants()` lists the ParticipantViews (for
 * the tag vocabulary); `onConvened(snapshot)` applies the answer; `say(text, kind)` reports.
 */
export function createConveneDialog({ api, participants, onConvened, say }) {
  const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);
  const dialog = $('convene-dialog');
  const form = $('convene-form');
  let conferenceId = null;
  /** Participants the host unticked in the preview: sent as `exclude`. */
  let excluded = new Set();
  let timer = null;
  let sequence = 0;

  function request() {
    const tags = {};
    for (const box of dialog.querySelectorAll('input[data-tag-key]:checked')) {
      const key = box.dataset.tagKey;
      tags[key] = [...(tags[key] ?? []), box.value];
    }
    const selection = {};
    if (Object.keys(tags).length > 0) selection.tags = tags;
    if (excluded.size > 0) selection.exclude = [...excluded];
    const body = {
      skipBusy: $('convene-skip-busy').checked,
      callUp: $('convene-call-up').checked,
    };
    const subject = $('convene-subject').value.trim();
    if (subject) body.subject = subject;
    // Without a tag the configured roster is the base, whatever the mode.
    if (Object.keys(selection).length > 0) {
      body.selection = selection;
      body.mode = selection.tags ? form.elements.mode.value : 'extend';
    }
    return body;
  }

  function renderTags() {
    const vocabulary = new Map();
    for (const view of participants()) {
      for (const [key, values] of Object.entries(view.participant.tags ?? {})) {
        const seen = vocabulary.get(key) ?? new Set();
        for (const v of values) seen.add(v);
        vocabulary.set(key, seen);
      }
    }
    $('convene-tags').replaceChildren(
      ...[...vocabulary.entries()].map(([key, values]) =>
        el(
          'fieldset',
          { class: 'tag-group' },
          el('legend', { text: key }),
          ...[...values].sort().map((value) =>
            el(
              'label',
              { class: 'check' },
              el('input', {
                type: 'checkbox',
                value,
                'data-tag-key': key,
                testid: `convene-tag-${key}-${value}`,
              }),
              ` ${value}`,
            ),
          ),
        ),
      ),
    );
  }

  function renderPreview(preview) {
    const { counts } = preview;
    $('convene-counts').textContent =
      `${counts.selected} valda · ${counts.busy} upptagna i annan konferens · ${counts.toCall} rings upp`;
    $('convene-submit').disabled =
      counts.toCall === 0 || (counts.busy > 0 && !$('convene-skip-busy').checked);
    const rows = preview.selected.map((entry) =>
      el(
        'li',
        { testid: `convene-preview-${entry.participantId}`, 'data-busy': entry.busyIn ?? '' },
        el(
          'label',
          { class: 'check' },
          el('input', { type: 'checkbox', checked: true, 'data-exclude': entry.participantId }),
          ' ',
          el('strong', { text: entry.organisation || entry.name }),
          ' ',
          el('small', { text: entry.name }),
        ),
        entry.busyIn ? el('span', { class: 'flag flag-busy', text: `upptagen i ${entry.busyIn}` }) : '',
      ),
    );
    // Unticked ones stay listed (struck through) so a slip of the finger is easy to undo.
    const gone = [...excluded].map((pid) =>
      el(
        'li',
        { class: 'excluded', testid: `convene-preview-${pid}`, 'data-excluded': 'true' },
        el(
          'label',
          { class: 'check' },
          el('input', { type: 'checkbox', 'data-exclude': pid }),
          ' ',
          el('s', {
            text: participants().find((v) => v.participant.id === pid)?.participant.organisation ?? pid,
          }),
        ),
      ),
    );
    $('convene-preview').replaceChildren(...rows, ...gone);
  }

  async function refresh() {
    const mine = ++sequence;
    try {
      const preview = await api(
        'POST',
        `/api/conferences/${encodeURIComponent(conferenceId)}/convene/preview`,
        request(),
      );
      if (mine === sequence) renderPreview(preview);
    } catch (error) {
      if (mine !== sequence) return;
      $('convene-counts').textContent = error.message;
      $('convene-submit').disabled = true;
    }
  }

  function scheduleRefresh() {
    clearTimeout(timer);
    timer = setTimeout(refresh, PREVIEW_DELAY_MS);
  }

  form.addEventListener('change', (event) => {
    const pid = event.target.dataset?.exclude;
    if (pid) {
      if (event.target.checked) excluded.delete(pid);
      else excluded.add(pid);
    }
    scheduleRefresh();
  });
  $('convene-cancel').addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = $('convene-submit');
    submit.disabled = true;
    try {
      const snapshot = await api(
        'POST',
        `/api/conferences/${encodeURIComponent(conferenceId)}/convene`,
        request(),
      );
      dialog.close();
      onConvened(snapshot);
      say(`Kallar in ${snapshot.name}: ${snapshot.roster.length} organisationer rings upp`);
    } catch (error) {
      $('convene-counts').textContent = error.message;
    } finally {
      submit.disabled = false;
    }
  });

  return {
    open(id, name) {
      conferenceId = id;
      excluded = new Set();
      form.reset();
      $('convene-title').textContent = name;
      $('convene-counts').textContent = '';
      $('convene-preview').replaceChildren();
      renderTags();
      dialog.showModal();
      $('convene-subject').focus();
      return refresh();
    },
  };
}
