// An import page's upload and job: the chosen files, the user, the upload
// (POST api/<endpoint> as multipart form) and the polling of the job it
// starts until it is done or failed. Shared by 数据导入 and 体测数据导入;
// pollJob() alone also follows export jobs (体质健康 → 导出 Excel).
//
// options:
//   endpoint:   the upload path under api/ (e.g. 'imports'), or a function giving it
//   check():    a message that stops the upload (after the files check), or null
//   fields(form): appends the page's own fields (after the files, before the user)
//   clearJob:   forget the shown job when a new upload starts
//   onDone():   after a job that succeeded
import { ref, computed, onBeforeUnmount } from 'vue';
import { api } from './api.js';
import { t } from './i18n.js';
import { userName, rememberUser } from './store.js';

/**
 * Polls GET api/jobs/<id> every `interval` ms until the job is done or
 * failed (imports and exports alike). onUpdate(job) after every answer.
 * Resolves to the finished job, or to null once stopped() is true (the
 * page was left); rejects with the ApiError of a failed poll.
 */
export async function pollJob(id, { onUpdate = null, stopped = () => false, interval = 500 } = {}) {
  for (;;) {
    if (stopped()) return null;
    const j = await api.get(`jobs/${id}`);
    if (stopped()) return null;
    if (onUpdate) onUpdate(j);
    if (j.state === 'done' || j.state === 'failed') return j;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

export function useImportJob({ endpoint, check = null, fields = null, clearJob = false, onDone = null }) {
  const files = ref([]);
  const user = ref(userName.value);
  const busy = ref(false);
  const error = ref(null);
  const job = ref(null);
  let stopped = false;

  const finished = computed(() => job.value && (job.value.state === 'done' || job.value.state === 'failed'));
  const ok = computed(() => finished.value && job.value.state === 'done' && job.value.result?.ok !== false);
  const failed = computed(() => finished.value && !ok.value);
  const errors = computed(() => job.value?.result?.errors || []);
  const summary = computed(() => job.value?.result?.summary || {});
  const errorsUrl = computed(() => api.url(`jobs/${job.value?.id}/errors.xlsx`));

  function reset() {
    job.value = null;
    files.value = [];
    error.value = null;
  }

  async function poll(id) {
    try {
      const j = await pollJob(id, { onUpdate: (x) => { job.value = x; }, stopped: () => stopped });
      if (!j) return;
      busy.value = false;
      files.value = []; // the next upload starts from a clean list (a corrected file replaces the refused one)
      if (ok.value && onDone) onDone();
    } catch (e) {
      error.value = e;
      busy.value = false;
    }
  }

  async function start() {
    if (!files.value.length) {
      error.value = { message: t('imp.no_files') };
      return;
    }
    const stop = check ? check() : null;
    if (stop) {
      error.value = { message: stop };
      return;
    }
    error.value = null;
    if (clearJob) job.value = null;
    busy.value = true;
    rememberUser(user.value);
    const form = new FormData();
    for (const f of files.value) form.append('files', f.raw, f.name);
    if (fields) fields(form);
    if (user.value) form.append('user', user.value);
    try {
      const res = await api.upload(typeof endpoint === 'function' ? endpoint() : endpoint, form);
      const j = res?.job;
      const id = typeof j === 'object' && j !== null ? j.id : j ?? res?.id;
      job.value = typeof j === 'object' && j !== null ? j : { id, state: 'queued', progress: 0 };
      poll(id);
    } catch (e) {
      error.value = e;
      busy.value = false;
    }
  }

  onBeforeUnmount(() => {
    stopped = true;
  });

  return { files, user, busy, error, job, finished, ok, failed, errors, summary, errorsUrl, reset, start };
}
