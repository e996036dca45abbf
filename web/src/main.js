import { createApp } from 'vue';
import 'element-plus/dist/index.css';
import './style.css';
import { components } from './element.js';
import App from './App.vue';
import router from './router.js';

const app = createApp(App);
for (const c of components) app.use(c);
app.use(router);
app.mount('#app');
