import { createRouter, createWebHashHistory } from 'vue-router';
import Overview from './views/Overview.vue';
import { auth, loadAuth } from './auth.js';

const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'overview', component: Overview },
    { path: '/login', name: 'login', component: () => import('./views/Login.vue') },
    { path: '/accounts', name: 'accounts', component: () => import('./views/Accounts.vue') },
    { path: '/county/:code', name: 'county', component: () => import('./views/County.vue') },
    { path: '/school/:code', name: 'school', component: () => import('./views/School.vue') },
    { path: '/import', name: 'import', component: () => import('./views/Import.vue') },
    { path: '/imports', name: 'imports', component: () => import('./views/Imports.vue') },
    { path: '/standard', name: 'standard', component: () => import('./views/Standard.vue') },
    { path: '/fitness', name: 'fitness', component: () => import('./views/FitnessOverview.vue') },
    { path: '/fitness/import', name: 'fitness-import', component: () => import('./views/FitnessImport.vue') },
    { path: '/fitness/student/:id', name: 'fitness-student', component: () => import('./views/FitnessStudent.vue') },
    { path: '/plans', name: 'plans', component: () => import('./views/Plans.vue') },
    { path: '/plans/:id', name: 'plan', component: () => import('./views/PlanDetail.vue') },
    { path: '/tasks', name: 'tasks', component: () => import('./views/Tasks.vue') },
    { path: '/tasks/:id', name: 'task', component: () => import('./views/TaskDetail.vue') },
    { path: '/rotation', name: 'rotation', component: () => import('./views/Rotation.vue') },
    { path: '/quality', name: 'quality', component: () => import('./views/Quality.vue') },
    { path: '/quality/import', name: 'quality-import', component: () => import('./views/QualityImport.vue') },
    { path: '/planning', name: 'planning', component: () => import('./views/Planning.vue') },
    { path: '/review', name: 'review', component: () => import('./views/Review.vue') },
    { path: '/school-eval', name: 'school-eval', component: () => import('./views/SchoolEval.vue') },
    { path: '/school-eval/import', name: 'school-eval-import', component: () => import('./views/SchoolEvalImport.vue') },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
  scrollBehavior() {
    return { top: 0 };
  },
});

// With login on (an account exists on the server), every page but /login
// needs a session; without it nothing changes (docs/access.md A14).
router.beforeEach(async (to) => {
  try {
    await loadAuth();
  } catch (e) {
    return true; // the server unreachable: the page shows its own error
  }
  if (to.name === 'login') return auth.required && auth.me ? { path: '/' } : true;
  if (auth.required && !auth.me) return { name: 'login', query: { redirect: to.fullPath } };
  // The start page fits the account's area (docs/access.md): the city
  // overview shows every county, which only city-wide roles may see.
  const me = auth.me;
  if (me && to.name === 'overview') {
    if (me.role === 'admin') return { name: 'accounts' }; // no school data (A1)
    if (me.county && !me.schools?.length) return { name: 'county', params: { code: me.county }, query: to.query };
    if (me.schools?.length) return { name: 'school', params: { code: me.schools[0] }, query: to.query };
  }
  return true;
});

export default router;
