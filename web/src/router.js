import { createRouter, createWebHashHistory } from 'vue-router';
import Overview from './views/Overview.vue';

const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'overview', component: Overview },
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
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
  scrollBehavior() {
    return { top: 0 };
  },
});

export default router;
