// Who acts on the 督办 pages: a role (督查科, 局领导, 督学, 责任单位), a name
// and, for a 责任单位, which unit. Kept in localStorage. Until accounts exist
// (issue 8) the role is declared here and sent with each request; the
// server checks each step against the role's rights.
import { reactive, watch } from 'vue';
import { userName, rememberUser } from './store.js';

const KEY = 'jiaodu.taskActor';
let saved = {};
try {
  saved = JSON.parse(localStorage.getItem(KEY) || '{}') || {};
} catch (e) {
  saved = {};
}

export const actor = reactive({
  role: saved.role || 'supervisor',
  unit: saved.unit || '',
  name: saved.name || userName.value || '',
});

watch(actor, (a) => {
  localStorage.setItem(KEY, JSON.stringify({ role: a.role, unit: a.unit, name: a.name }));
  if (a.name) rememberUser(a.name);
});

/** The name recorded in the log: the person, and the unit for a 责任单位. */
export function actorName() {
  if (actor.role === 'owner' && actor.unit) return actor.name ? `${actor.unit} ${actor.name}` : actor.unit;
  return actor.name || '网页用户';
}
