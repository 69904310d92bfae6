import { render } from 'preact';
import { App } from './app.js';
import { loadSiteConfig } from './config/index.js';
import { installFavicon } from './favicon.js';
import './styles.css';

installFavicon(document);
const root = document.getElementById('app');
if (root) {
  void loadSiteConfig().then((loaded) => render(<App loaded={loaded} />, root));
}
